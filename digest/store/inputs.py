"""Inputs of a build: every file it reads, stamped, so a build can tell cheaply what changed.

A stamp is a file's size, modification and change times and inode, read with one stat() and
no reading of the file. File systems keep times at a coarse grain (a clock tick, or a whole
second on some), so a file changed twice within one grain can keep its stamp: a stamp taken
less than RACY_NS after the file's last change is "racy" and never taken as proof that the
file is unchanged, as git does with its index: its bytes are hashed when it is stamped, and
the next build compares the bytes too. So a file a build wrote or an editor saved just
before (the ledger, a story, a template) does not make the next build with nothing changed
do a build's work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

import orjson

from digest.paths import (
    ARTICLES_DIR,
    BUILTIN_THEMES,
    CONFIG_FILE,
    CONTENT_DIR,
    LEDGER,
    RAW_DIR,
    THEME_ROOTS,
    inside,
)
from digest.store.cache import Stamp, checksum, file_checksum, stamp_of
from digest.store.code import CodeFiles, code_key
from digest.tree import walk_names, warn_misnamed_stories, within_project

RACY_NS = 2_500_000_000  # covers the two-second grain of FAT, the coarsest in common use
RACY_CHECKSUMS = 256  # racy files checksummed at most, at a scan (some 10 ms)
BUILTIN = "builtin:"
KINDS = ("config", "ledger", "dumps", "articles", "theme", "resources")  # ProjectInputs' files
MANY = ("dumps", "articles", "theme", "resources")  # the kinds that are folders of files
RECORDED = ("config", "ledger", *MANY, "code", "settings")  # what `record()` holds, in order
SETTLED = "settled:"  # a folder whose stamps all settled, recorded as their digest
CONTENT_KINDS = (
    "ledger",
    "articles",
    "resources",
)  # what ingest may write  # how the built-in themes' files are named among the theme's inputs


def is_racy(stamp: Stamp, taken_ns: int) -> bool:
    """Tell whether the file may change again without its stamp changing."""
    _, mtime, ctime, _ = stamp
    return taken_ns - max(mtime, ctime) < RACY_NS


def scan_tree(
    folder: Path, *, hidden: bool = False, suffix: str = "", leftovers: list[str] | None = None
) -> dict[str, Stamp]:
    """Return the stamp of every file under *folder* by its relative path, sorted.

    Names starting with "." (editor lock and swap files) are left out unless *hidden*.
    Hidden "*.tmp" files (what a killed write leaves) are listed in *leftovers* if given.
    Links out of *folder*, loops and special files are skipped (see `tree.walk`).
    """
    found: dict[str, Stamp] = {}
    for relative, _, status in walk_names(folder, hidden=hidden, leftovers=leftovers):
        if relative.endswith(suffix):
            found[relative] = stamp_of(status)
    return dict(sorted(found.items()))


def file_stamp(path: Path) -> Stamp | None:
    """Return the stamp of one file, or None when it is missing."""
    try:
        return stamp_of(path.stat())
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class ProjectInputs:
    """Stamps of everything a build of one project reads, taken at *taken_ns*."""

    taken_ns: int
    config: Stamp | None
    ledger: Stamp | None
    dumps: Mapping[str, Stamp]
    articles: Mapping[str, Stamp]  # every *.md, hidden ones too (ingest reads their ids)
    theme: Mapping[str, Stamp]
    code: str
    settings: Mapping[str, str]  # what the command line and environment add
    leftovers: tuple[str, ...] = ()  # temporary files of killed writes, under content/
    # Every other file under content/articles/: pictures beside stories, page bundles' files.
    resources: Mapping[str, Stamp] = field(default_factory=dict)
    # The files whose stamps were racy when taken, by source ("articles/<path>", "ledger"):
    # the checksum of their bytes then (None when they could not be read).
    racy: Mapping[str, str | None] = field(default_factory=dict)
    # digest's own files as `code` was made from them (`code.code_key`), for the next scan.
    code_files: CodeFiles = field(default_factory=dict)

    def record(self) -> dict[str, object]:
        """Return the stamps as JSON; a racy one with its bytes' checksum (or as "racy").

        A folder's stamps all settled (the usual case) are recorded as one digest of them
        (`SETTLED`): a build with nothing to do then compares one string, not 100 000 stamps.
        """
        return {kind: self._kind(kind) for kind in RECORDED}

    def part(self, kinds: Collection[str]) -> dict[str, object]:
        """Return `record()`'s values of *kinds* alone: a fresh clone's 100 000 racy article
        stamps are not made into entries for a check that reads only the settings'."""
        return {kind: self._kind(kind) for kind in RECORDED if kind in kinds}

    def _kind(self, kind: str) -> object:
        if kind in ("config", "ledger"):
            return self._one(kind, getattr(self, kind))
        if kind == "code":
            return self.code
        if kind == "settings":
            return dict(self.settings)
        return self._many(kind)

    def _one(self, source: str, stamp: Stamp | None) -> object:
        if stamp is None:
            return None
        if max(stamp[1], stamp[2]) <= self.taken_ns - RACY_NS and source not in self.racy:
            return list(stamp)
        digest = self.racy.get(source)
        return "racy" if digest is None else {"racy": list(stamp), "sha": digest}

    def _many(self, kind: str) -> str | dict[str, object]:
        settled = self._settled(kind)
        return self._entries(kind) if settled is None else settled

    def _settled(self, kind: str) -> str | None:
        """Return the digest of a folder's stamps when they all settled (None: some racy)."""
        stamps: Mapping[str, Stamp] = getattr(self, kind)
        settled, prefix = self.taken_ns - RACY_NS, f"{kind}/"
        if not any(source.startswith(prefix) for source in self.racy) and all(
            max(s[1], s[2]) <= settled for s in stamps.values()
        ):
            return SETTLED + checksum(orjson.dumps(stamps))  # stamps in scan (sorted) order
        return None

    def _entries(self, kind: str) -> dict[str, object]:
        stamps: Mapping[str, Stamp] = getattr(self, kind)
        return {name: self._one(f"{kind}/{name}", stamp) for name, stamp in stamps.items()}

    def matches(self, record: object, project: Path, kinds: Collection[str] | None = None) -> bool:
        """Tell whether *record* (from `record()` of an earlier build) says nothing changed
        (of *kinds* alone, when given: "config", "ledger", "dumps", "code", ...).

        A file racy then is the same when its stamp and the checksum of its bytes are.
        """
        if not isinstance(record, dict) or record.keys() != set(RECORDED):
            return False
        # Kind by kind, each made only when it is compared: a fresh clone's racy stamps
        # (100 000 articles) are not made into entries to be found unlike a settled digest.
        for kind in RECORDED if kinds is None else [kind for kind in RECORDED if kind in kinds]:
            earlier = record[kind]
            if kind in MANY and not isinstance(earlier, dict):
                # Settled then: a stamp now racy or different is a file changed since.
                same = self._settled(kind) == earlier
            elif kind in MANY:  # racy files then: compared one by one, by their bytes
                same = _same_entries(self._entries(kind), earlier, project, kind)
            elif kind in ("code", "settings"):
                same = self._kind(kind) == earlier
            else:
                same = _same(self._kind(kind), earlier, project, kind)
            if not same:
                return False
        return True


def _same_entries(
    now: Mapping[str, object], then: Mapping[str, object], project: Path, kind: str
) -> bool:
    """Tell whether every file of a folder is as recorded when some were racy then."""
    if now == then:  # racy entries equal hold equal checksums: the same bytes
        return "racy" not in then.values()
    return now.keys() == then.keys() and all(
        _same(now[name], then[name], project, f"{kind}/{name}") for name in now
    )


def _same(now: object, then: object, project: Path, source: str) -> bool:
    """Tell whether a file's entry now says it is as it was when *then* was recorded."""
    if then == "racy":  # racy, and its bytes could not be read: never proof
        return False
    if not isinstance(then, dict) or source in ("code", "settings"):
        return now == then
    stamp = now.get("racy") if isinstance(now, dict) else now
    if stamp != then.get("racy"):
        return False
    # Racy now too, the file's bytes were checksummed by this scan; else they are now.
    digest = now.get("sha") if isinstance(now, dict) else file_digest(source_path(project, source))
    return digest is not None and digest == then.get("sha")


def source_path(project: Path, source: str) -> tuple[Path, Path]:
    """Return the file an input's source name stands for ("theme/builtin:x", "ledger"), and
    the folder it must lie in."""
    kind, _, name = source.partition("/")
    if kind == "config":
        return project, project / CONFIG_FILE
    if kind == "ledger":
        return project, project / LEDGER
    if kind == "dumps":
        return project, project / RAW_DIR / name
    if kind in ("articles", "resources"):
        return project, project / ARTICLES_DIR / name
    if name.startswith(BUILTIN):
        return BUILTIN_THEMES, BUILTIN_THEMES / name.removeprefix(BUILTIN)
    return project, project / name


def file_digest(found: tuple[Path, Path]) -> str | None:
    """Return the checksum of a file's bytes (*found*: its folder and path from `source_path`).

    None, and nothing read, when it is not a regular file inside its folder: a FIFO (opened
    without waiting for a writer), a device, a link out of the project. Loading the settings or
    the ledger refuses those with their error.
    """
    root, path = found
    if not inside(root, path):
        return None
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not S_ISREG(os.fstat(handle).st_mode):
            return None
        with os.fdopen(handle, "rb", closefd=False) as file:
            # In chunks: a file of gigabytes is stamped in bounded memory, and the reader of
            # its kind refuses it (digest.bounded_read). The same digest as `checksum`.
            return file_checksum(file)
    except OSError:
        return None
    finally:
        os.close(handle)


def _with_racy(inputs: ProjectInputs, project: Path, kinds: tuple[str, ...]) -> ProjectInputs:
    """Return *inputs* with the bytes of each racy file of *kinds* checksummed (see module).

    Beyond RACY_CHECKSUMS racy files (a fresh clone, a large ingest just written) none is:
    they are recorded "racy", and the next build does a build's work, as a build reading them
    all would cost as much.
    """
    racy = {
        source: digest
        for source, digest in inputs.racy.items()
        if source.partition("/")[0] not in kinds
    }
    settled = inputs.taken_ns - RACY_NS
    found: list[str] = []
    for kind in kinds:
        value = getattr(inputs, kind)
        stamps = value.items() if isinstance(value, Mapping) else [("", value)]
        found.extend(
            f"{kind}/{name}" if name else kind
            for name, stamp in stamps
            if stamp is not None and max(stamp[1], stamp[2]) > settled
        )
    for source in found:
        hashed = len(found) <= RACY_CHECKSUMS
        racy[source] = file_digest(source_path(project, source)) if hashed else None
    return replace(inputs, racy=racy)


def scan_project(
    project: Path, settings: Mapping[str, str], code_files: object = None
) -> ProjectInputs:
    """Stamp every input of *project*: settings, dumps, articles, ledger, themes, code.

    *code_files*: the record of digest's files the last build kept (`code.code_key`)."""
    taken = time.time_ns()
    theme: dict[str, Stamp] = {}
    for root in THEME_ROOTS:
        if not within_project(project, project / root):
            continue
        for name, stamp in scan_tree(project / root, hidden=True).items():
            theme[f"{root}/{name}"] = stamp
    for name, stamp in scan_tree(BUILTIN_THEMES, hidden=True).items():
        theme[f"{BUILTIN}{name}"] = stamp
    leftovers: list[str] = []
    articles, resources = _articles(project, leftovers)
    code, files = code_key(code_files, taken - RACY_NS)
    inputs = ProjectInputs(
        taken_ns=taken,
        config=file_stamp(project / CONFIG_FILE),
        ledger=file_stamp(project / LEDGER),
        dumps=scan_tree(project / RAW_DIR) if within_project(project, project / RAW_DIR) else {},
        articles=articles,
        theme=theme,
        code=code,
        settings=dict(settings),
        leftovers=tuple(leftovers) + _content_leftovers(project),
        resources=resources,
        code_files=files,
    )
    return _with_racy(inputs, project, KINDS)


def file_record(project: Path, relative: Path) -> list[object] | None:
    """Return the stamp of a file a build writes and the next one reads (content/.urls.json),
    with the checksum of its bytes when the stamp is racy; None when it is missing."""
    try:
        stamp = stamp_of(os.lstat(project / relative))
    except OSError:
        return None
    if is_racy(stamp, time.time_ns()):
        return [*stamp, file_digest((project, project / relative))]
    return list(stamp)


def same_file(project: Path, relative: Path, then: object) -> bool:
    """Tell whether the file is as `file_record` recorded it *then*."""
    now = file_record(project, relative)
    if now is None or not isinstance(then, list):
        return now is None and then is None
    if now[:4] != then[:4]:
        return False
    if len(then) == 4:  # settled when recorded: a stamp unchanged is the same file
        return True
    digest = now[4] if len(now) > 4 else file_digest((project, project / relative))
    return then[4] is not None and digest == then[4]


def _content_leftovers(project: Path) -> tuple[str, ...]:
    try:
        names = [entry.name for entry in os.scandir(project / CONTENT_DIR)]
    except OSError:
        return ()
    return tuple(name for name in names if name.startswith(".") and name.endswith(".tmp"))


def rescan_content(inputs: ProjectInputs, project: Path, *, wrote: bool = True) -> ProjectInputs:
    """Return *inputs* with the articles and the ledger stamped again (after ingest wrote).

    *wrote* False (ingest wrote no story file and found no temporary file to remove):
    only the ledger is stamped again. The articles' stamps stay those taken before ingest,
    with their time: a file changed since is at worst read again by the next build, while
    listing 100 000 stories twice costs a deploy (every stamp new) two seconds.
    """
    if not wrote and not inputs.leftovers:
        return _with_racy(
            replace(inputs, ledger=file_stamp(project / LEDGER)), project, ("ledger",)
        )
    leftovers: list[str] = []
    articles, resources = _articles(project, leftovers)
    again = replace(
        inputs,
        taken_ns=time.time_ns(),
        ledger=file_stamp(project / LEDGER),
        articles=articles,
        leftovers=tuple(leftovers) + _content_leftovers(project),
        resources=resources,
    )
    return _with_racy(again, project, CONTENT_KINDS)


def _articles(project: Path, leftovers: list[str]) -> tuple[dict[str, Stamp], dict[str, Stamp]]:
    """Return the stamps of the Markdown files under content/articles/, and of the others."""
    folder = project / ARTICLES_DIR
    if not within_project(project, folder):
        return {}, {}
    found = scan_tree(folder, hidden=True, leftovers=leftovers)
    articles = {name: stamp for name, stamp in found.items() if name.endswith(".md")}
    others = {name: stamp for name, stamp in found.items() if not name.endswith(".md")}
    warn_misnamed_stories(others)  # on every build, a no-op one too: a story is not lost quietly
    return articles, others


def build_settings(*, drafts: bool, environ: Mapping[str, str]) -> dict[str, str]:
    """Return what, besides files, decides a build's output (command line, environment)."""
    return {"drafts": str(drafts), "SOURCE_DATE_EPOCH": environ.get("SOURCE_DATE_EPOCH", "")}


def visible(articles: Mapping[str, Stamp]) -> dict[str, Stamp]:
    """Return the article files the site is built from (editors' hidden files left out:
    a part of the path starting with "."; looked for without splitting each path, ~10 times
    faster: an edit build asks before Pagefind can start, and again before it plans)."""
    return {
        name: stamp
        for name, stamp in articles.items()
        if not (name.startswith(".") or "/." in name)
    }

"""Inputs of a build: every file it reads, stamped, so a build can tell cheaply what changed.

A stamp is a file's size, modification and change times and inode, read with one stat() and
no reading of the file. File systems keep times at a coarse grain (a clock tick, or a whole
second on some), so a file changed twice within one grain can keep its stamp: a stamp taken
less than RACY_NS after the file's last change is "racy" and never taken as proof that the
file is unchanged (the next build reads the file instead), as git does with its index.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.paths import (
    ARTICLES_DIR,
    BUILTIN_THEMES,
    CONFIG_FILE,
    CONTENT_DIR,
    LEDGER,
    RAW_DIR,
    THEME_ROOTS,
)
from digest.store.cache import Stamp, stamp_of
from digest.store.code import code_stamp
from digest.tree import walk_names, within_project

RACY_NS = 2_500_000_000  # covers the two-second grain of FAT, the coarsest in common use


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

    def record(self) -> dict[str, object]:
        """Return the stamps as JSON; racy ones are recorded as never matching."""

        def one(stamp: Stamp | None) -> object:
            if stamp is None:
                return None
            return "racy" if is_racy(stamp, self.taken_ns) else list(stamp)

        return {
            "config": one(self.config),
            "ledger": one(self.ledger),
            "dumps": {name: one(stamp) for name, stamp in self.dumps.items()},
            "articles": {name: one(stamp) for name, stamp in self.articles.items()},
            "theme": {name: one(stamp) for name, stamp in self.theme.items()},
            "resources": {name: one(stamp) for name, stamp in self.resources.items()},
            "code": self.code,
            "settings": dict(self.settings),
        }

    def matches(self, record: object) -> bool:
        """Tell whether *record* (from `record()` of an earlier build) says nothing changed."""
        return isinstance(record, dict) and self.record() == record and not _has_racy(record)


def _has_racy(record: Mapping[str, object]) -> bool:
    for value in record.values():
        if value == "racy":
            return True
        if isinstance(value, Mapping) and _has_racy(value):
            return True
    return False


def scan_project(project: Path, settings: Mapping[str, str]) -> ProjectInputs:
    """Stamp every input of *project*: settings, dumps, articles, ledger, themes, code."""
    taken = time.time_ns()
    theme: dict[str, Stamp] = {}
    for root in THEME_ROOTS:
        if not within_project(project, project / root):
            continue
        for name, stamp in scan_tree(project / root, hidden=True).items():
            theme[f"{root}/{name}"] = stamp
    for name, stamp in scan_tree(BUILTIN_THEMES, hidden=True).items():
        theme[f"builtin:{name}"] = stamp
    leftovers: list[str] = []
    articles, resources = _articles(project, leftovers)
    return ProjectInputs(
        taken_ns=taken,
        config=file_stamp(project / CONFIG_FILE),
        ledger=file_stamp(project / LEDGER),
        dumps=scan_tree(project / RAW_DIR) if within_project(project, project / RAW_DIR) else {},
        articles=articles,
        theme=theme,
        code=code_stamp(),
        settings=dict(settings),
        leftovers=tuple(leftovers) + _content_leftovers(project),
        resources=resources,
    )


def _content_leftovers(project: Path) -> tuple[str, ...]:
    try:
        names = [entry.name for entry in os.scandir(project / CONTENT_DIR)]
    except OSError:
        return ()
    return tuple(name for name in names if name.startswith(".") and name.endswith(".tmp"))


def rescan_content(inputs: ProjectInputs, project: Path) -> ProjectInputs:
    """Return *inputs* with the articles and the ledger stamped again (after ingest wrote)."""
    leftovers: list[str] = []
    articles, resources = _articles(project, leftovers)
    return replace(
        inputs,
        taken_ns=time.time_ns(),
        ledger=file_stamp(project / LEDGER),
        articles=articles,
        leftovers=tuple(leftovers) + _content_leftovers(project),
        resources=resources,
    )


def _articles(project: Path, leftovers: list[str]) -> tuple[dict[str, Stamp], dict[str, Stamp]]:
    """Return the stamps of the Markdown files under content/articles/, and of the others."""
    folder = project / ARTICLES_DIR
    if not within_project(project, folder):
        return {}, {}
    found = scan_tree(folder, hidden=True, leftovers=leftovers)
    articles = {name: stamp for name, stamp in found.items() if name.endswith(".md")}
    others = {name: stamp for name, stamp in found.items() if not name.endswith(".md")}
    return articles, others


def build_settings(*, drafts: bool, environ: Mapping[str, str]) -> dict[str, str]:
    """Return what, besides files, decides a build's output (command line, environment)."""
    return {"drafts": str(drafts), "SOURCE_DATE_EPOCH": environ.get("SOURCE_DATE_EPOCH", "")}


def visible(articles: Mapping[str, Stamp]) -> dict[str, Stamp]:
    """Return the article files the site is built from (editors' hidden files left out)."""
    return {
        name: stamp
        for name, stamp in articles.items()
        if not any(part.startswith(".") for part in name.split("/"))
    }

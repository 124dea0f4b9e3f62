"""Pagefind kept: the last index's files of a story edit's shard, kept in its run's output.

Pagefind names every file of an index but its entry and scripts by a hash of the bytes it
holds (a fragment a page, the index chunks, the filters), and writes such a file only when
none of that name is in its output folder yet (as when it runs into the folder of an earlier
run). Writing is most of what it does once it has read the last page: each file compressed
at gzip's best level, one after the other (~0.13 of the ~0.39 s of CPU of a run on a month
of 183 pages, at 4 000 stories). A story edit changes a page or two of its shard: the other
pages' fragments and the index chunks that hold none of the words the edit moved are the
bytes the last index has. So a run started for an edit (`pagefind_early`) finds the last
index's files of its shard in its output folder, hard-linked from the build cache
(`keep_last`), and compresses only what changed; once it ends, the kept files its new meta
file does not name are removed (`settle`), and the folder is what a run from nothing writes.

A file is taken from the last index only under the name Pagefind gives it, which is a hash
of its bytes. `settle` checks that each kept fragment the new index names is at the place
of the same page as before and that every edited page's fragment was written anew (a
fragment whose short hash met an old one would be caught there), and that each kept file
still holds the bytes the cache's manifest records; any doubt indexes the shard as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from digest.paths import SEARCH_DIR
from digest.site.last_site import listing
from digest.site.pagefind_entry import ENTRY
from digest.site.pagefind_meta import PARTS, Meta, read_meta
from digest.site.search import MANIFEST, SHARDS_DIR
from digest.store.write import digest_of

META_SUFFIX = ".pf_meta"
MAX_MANIFEST_BYTES = 50_000_000
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True, slots=True)
class Kept:
    """The last index's files put into a run's output folder, and what the build expects."""

    output: Path  # the run's output folder
    digests: Mapping[str, str]  # file (as in the output folder) -> its digest, by the manifest
    meta: bytes  # the last index's meta file: its fragments in page order (`vouch`)
    edited: int  # the shard's pages rendered anew: each has a fragment of its own now


def keep_last(site: Path, store: Path, shard: str, output: Path, edited: int) -> Kept | None:
    """Hard-link the files of *shard*'s last index (the build cache's, found by the meta
    file site/ holds for it) into *output*, Pagefind's output folder of a new run; None
    (nothing kept) when that index is not at hand. *edited*: the shard's pages rendered
    anew. No link is followed, and only plain files are kept."""
    found = _last_index(site, store, shard)
    if found is None:
        return None
    folder, meta = found
    try:
        files = json.loads(_read(folder, MANIFEST, MAX_MANIFEST_BYTES) or b"")
    except ValueError:
        return None
    last = _read(folder, meta, MAX_MANIFEST_BYTES)
    if not isinstance(files, dict) or last is None:
        return None
    digests: dict[str, str] = {}
    for part in PARTS:
        digests.update(_link_part(folder, part, output, files))
    return Kept(output, digests, last, edited) if digests else None


def _last_index(site: Path, store: Path, shard: str) -> tuple[str, str] | None:
    """Return the cached index folder of *shard* as site/ shows it, and its meta file's
    name: site/'s shard folder (the newest shard's is pagefind/ itself) holds one meta file,
    and the cached index holding a file of that name (a hash of the meta's bytes) is it."""
    names: list[str] = []
    try:
        root = os.open(site, _FOLDER)
    except OSError:
        return None
    try:
        for folder in (f"{SEARCH_DIR}/{SHARDS_DIR}/{shard}", SEARCH_DIR):
            if names := listing(root, folder):
                break
    finally:
        os.close(root)
    metas = [name for name in names if name.endswith(META_SUFFIX)]
    if len(metas) != 1:  # none, or one a language: kept only for a shard of one
        return None
    with contextlib.suppress(OSError), os.scandir(store) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if stat.S_ISREG(os.lstat(os.path.join(entry.path, metas[0])).st_mode):
                        return entry.path, metas[0]
    return None


def _read(folder: str, name: str, limit: int) -> bytes | None:
    """Return the bytes of the plain file *name* in *folder*; None if it is none or larger
    than *limit*."""
    try:
        descriptor = os.open(os.path.join(folder, name), _FILE)
    except OSError:
        return None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > limit:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(limit + 1)
    finally:
        os.close(descriptor)


def _link_part(
    folder: str, part: str, output: Path, files: Mapping[object, object]
) -> dict[str, str]:
    """Hard-link the plain files of *folder*'s *part* ("fragment") that the cached index's
    manifest (*files*) lists into *output*; return them (as output paths) and their digests."""
    linked: dict[str, str] = {}
    try:
        source = os.open(os.path.join(folder, part), _FOLDER)
    except OSError:
        return linked
    try:
        target = output / part
        target.mkdir(parents=True, exist_ok=True)
        with os.scandir(source) as entries:
            for entry in entries:
                name = f"{part}/{entry.name}"
                digest = files.get(name)
                if isinstance(digest, str) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.link(entry.name, target / entry.name, src_dir_fd=source)
                        linked[name] = digest
    except OSError:
        pass
    finally:
        os.close(source)
    return linked


def vouch(kept: Kept) -> tuple[str, ...] | None:
    """Return the fragments of the last index in page order, once each *kept* file is found
    to hold the bytes the cache's manifest records; None when one does not (damaged in the
    cache: a disk error) or the last meta file cannot be read. Done while Pagefind runs: it
    never writes a file whose name is there."""
    last = read_meta(kept.meta)
    if last is None:
        return None
    for name, digest in kept.digests.items():
        data = _read(str(kept.output), name, MAX_MANIFEST_BYTES)
        if data is None or digest_of(data) != digest:
            return None
    return last.pages


def settle(kept: Kept, pages: tuple[str, ...] | None) -> dict[str, str] | None:
    """Remove from a finished run's output the *kept* files its index does not name;
    return the digests of those it does, or None when the output cannot be trusted (the
    shard is then indexed as usual). *pages*: `vouch`'s answer."""
    output = kept.output
    if pages is None:
        return None
    try:
        languages = json.loads((output / ENTRY).read_bytes())["languages"]
        hashes = [str(language["hash"]) for language in languages.values()]
        if not all(name.replace("_", "").isalnum() for name in hashes):
            return None
        metas = [
            read_meta((output / f"pagefind.{name}{META_SUFFIX}").read_bytes()) for name in hashes
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not metas or any(meta is None for meta in metas):
        return None
    named = set().union(*(meta.files() for meta in metas if meta is not None))
    left = {name: digest for name, digest in kept.digests.items() if name in named}
    if left and (len(metas) != 1 or not _same_places(metas[0], pages, kept.edited, left)):
        return None
    for name in kept.digests.keys() - left.keys():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output / name)
    return left


def _same_places(
    meta: Meta | None, old: tuple[str, ...], edited: int, left: Mapping[str, str]
) -> bool:
    """Tell whether each kept fragment *meta* names stands for the page it stood for in
    the last index (the same place in page order), and whether as many pages' fragments
    changed as pages were rendered anew: the other pages' parts are the last index's."""
    if meta is None:
        return False
    for place, name in enumerate(meta.pages):
        if f"fragment/{name}.pf_fragment" in left and (place >= len(old) or old[place] != name):
            return False
    changed = sum(
        1 for place, name in enumerate(meta.pages) if place >= len(old) or old[place] != name
    )
    return len(meta.pages) == len(old) and changed >= edited

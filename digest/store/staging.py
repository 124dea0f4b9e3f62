"""Staging: the files of a build -> site/, atomically and incrementally (stage 8).

This is the only stage that writes the site. The new site is assembled in a staging folder
and only then put in place of site/ with one atomic exchange (renameat2 on Linux), so a build
that fails or is killed at any moment leaves the previous site/ exactly as it was.

The staging folder is the build before the current one, kept by the last exchange (the
"spare"). Assembling the next site therefore touches only what differs: a file whose bytes
are already right stays, one that site/ has is hard-linked from there (not written again),
and only new bytes are written (write.py). The spare is trusted only while the cache says
that no build was interrupted while changing it, and only when it is this machine's own
folder, and only when it holds nothing but files and folders (`_only_plain`, or the child's
walk, `spare_scan`): writes into it follow the folders of each path, and a link among them
would lead outside (restored from elsewhere, or put into site/ or the spare since).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from digest.store.spare_scan import Scanned
from digest.store.write import (
    Entry,
    Manifest,
    OutStamp,
    digest_of,
    intact,
    link_file,
    put_file,
    remove_file,
)

SPARE = "spare"
STAGE_PREFIX = "stage-"  # a folder a build works in: one a killed build left is removed
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass(frozen=True, slots=True)
class Staging:
    """Where the next site is assembled, and what it and site/ hold right now."""

    root: Path
    site: Path
    held: Manifest  # files already in root that are known to be intact
    published: Manifest  # files of site/ as the last build recorded them

    def reusable(self, path: str, key: str) -> str | None:
        """Return "held" or "site" when a file made from *key* is already at hand."""
        held = self.held.get(path)
        if held is not None and held.key == key:
            return "held"
        published = self.published.get(path)
        if published is not None and published.key == key and intact(self.site, path, published):
            return "site"
        return None

    def place(
        self, path: str, key: str, data: bytes, digest: str | None = None
    ) -> tuple[Entry, str]:
        """Put *data* at *path* unless identical bytes are at hand; say what was done.

        *digest*: *data*'s, when the caller has it (a search file's, digested already)."""
        digest = digest_of(data) if digest is None else digest
        held = self.held.get(path)
        if held is not None and held.digest == digest:
            return Entry(key, digest, held.stamp), "kept"
        published = self.published.get(path)
        if (
            published is not None
            and published.digest == digest
            and intact(self.site, path, published)
        ):
            stamp = link_file(self.site, self.root, path)
            if stamp is not None:
                return Entry(key, digest, stamp), "linked"
        return Entry(key, digest, put_file(self.root, path, data)), "written"

    def reuse(self, path: str, key: str, how: str) -> tuple[Entry, str]:
        """Keep or link a file that `reusable` found; say what was done."""
        if how == "held":
            return self.held[path], "kept"
        published = self.published[path]
        stamp = link_file(self.site, self.root, path)
        if stamp is None:
            stamp = put_file(self.root, path, (self.site / path).read_bytes())
            return Entry(key, published.digest, stamp, published.search), "written"
        return Entry(key, published.digest, stamp, published.search), "linked"


def open_staging(
    cache_dir: Path,
    site: Path,
    spare: Manifest | None,
    published: Manifest,
    *,
    recorded_inode: object = None,
    scanned: Scanned | None = None,
) -> Staging:
    """Return the staging folder: the spare when it can be trusted, else a new empty folder.

    The spare is first renamed to a name of this build's own, so that nothing a killed
    build left running can write into the folder of a later build. The caller must record
    that the spare is being changed before changing it. *recorded_inode*: the spare folder's
    inode as the cache recorded it; another one means a copy (a deploy's restored cache,
    see `_restored_entry`), which is checked for links first. *scanned*: the spare as a child
    walked it before (`spare_scan`): its files' stamps, taken when it walked this folder.
    """
    kept = cache_dir / SPARE
    root = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=cache_dir))
    held: dict[str, Entry] = {}
    restored = _restored(kept, recorded_inode) if spare is not None else None
    if spare is not None and restored is not None:
        root.rmdir()
        kept.rename(root)
        # The child's walk is this folder's (the rename kept its inode), or it is not used.
        found = scanned if scanned is not None and _inode(root) == scanned.inode else None
        # A link among its folders would lead a write, and what is published, outside: a
        # restored copy, or this machine's own spare or site/ (which becomes the spare) with
        # a link put in since (review19 S19). rmtree never follows one.
        if found is None and not _only_plain(root):
            # rmtree never follows a link: only the links themselves go. What it could not
            # remove is a leftover the next build removes (`remove_leftovers`).
            shutil.rmtree(root, ignore_errors=True)
            root = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=cache_dir))
        else:
            held = _held(root, spare, restored, None if found is None else found.stamps)
    else:
        _discard(kept)
    root.chmod(0o755)  # a web server must be able to read it once it is site/
    return Staging(root, site, held, published)


def _restored(kept: Path, recorded: object) -> bool | None:
    """Say whether the spare *kept* is a copy (True) or this machine's own (False); None
    when it is not to be staged into: no folder (a link, even to one), or no inode recorded.
    """
    try:
        found = os.lstat(kept)
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or type(recorded) is not int:
        return None
    return recorded != found.st_ino


def _only_plain(root: Path) -> bool:
    """Tell whether everything under *root* is a plain file or a folder (no link, no FIFO).

    One `scandir` a folder, no `stat` a file: the type comes with each name (d_type). Every
    spare a child did not walk (`spare_scan`) is: 0.03 s of CPU at 4 000 stories, 0.9 s at
    100 000 (136 000 folders, 243 000 files, on tmpfs), nearly all of it the kernel reading folders
    (`find` takes as long); opening each folder by its descriptor saved under a tenth.
    """
    folders = [os.fspath(root)]
    try:
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif not entry.is_file(follow_symlinks=False):
                        return False
    except OSError:
        return False
    return True


def _discard(kept: Path) -> None:
    """Remove the spare, or the link or file standing in its place (never what a link names)."""
    if kept.is_symlink() or (os.path.lexists(kept) and not kept.is_dir()):
        with contextlib.suppress(OSError):
            kept.unlink()
    else:
        shutil.rmtree(kept, ignore_errors=True)


def _held(
    root: Path, spare: Manifest, restored: bool, stamps: Mapping[str, OutStamp] | None = None
) -> dict[str, Entry]:
    """Return the files of the spare (renamed to *root*) that are still as recorded.

    One `stat` a file, relative to the folder's descriptor (the kernel walks only the part
    of the path under it: 243 000 files at 100 000 stories), unless *stamps* (the child's
    walk, `spare_scan`) holds every plain file's already.
    """
    if stamps is None:
        stamps = _stamps(root, spare)
    held: dict[str, Entry] = {}
    for path, entry in spare.items():
        stamp = stamps.get(path)
        if stamp is None:
            continue  # gone, or a link (or a FIFO) where a file was: it is made again
        if stamp == entry.stamp:
            held[path] = entry
            continue
        same = _restored_entry(entry, stamp) if restored else None
        same = same or _same_bytes(root, path, entry)
        if same is not None:
            held[path] = same
    return held


def _stamps(root: Path, spare: Manifest) -> dict[str, OutStamp]:
    """Return the stamp of each plain file of *spare* found under *root*."""
    stamps: dict[str, OutStamp] = {}
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    stat_at, regular = os.stat, stat.S_ISREG
    try:
        for path in spare:
            try:
                found = stat_at(path, dir_fd=folder, follow_symlinks=False)
            except OSError:
                continue
            if regular(found.st_mode):
                stamps[path] = (found.st_size, found.st_mtime_ns, found.st_ino)
    finally:
        os.close(folder)
    return stamps


def _inode(folder: Path) -> int | None:
    try:
        return os.lstat(folder).st_ino
    except OSError:
        return None


def _restored_entry(entry: Entry, stamp: OutStamp) -> Entry | None:
    """Return *entry* with its new stamp when a restored spare's file has the recorded size.

    A restored cache (a deploy's fresh clone) has every file with a new time and inode, so
    no stamp matches; reading and hashing every file again (some 500 MB at 100 000 stories)
    would cost a deploy more than all else. The folder is a copy of the spare digest wrote
    (its own folder, whose files digest replaces and never edits in place), so the recorded
    digest is taken for the file's bytes once its size agrees: a file cut short or swapped
    for another is still seen.
    """
    # The Entry made directly: `dataclasses.replace` costs twice as much, 243 000 times.
    return (
        Entry(entry.key, entry.digest, stamp, entry.search) if stamp[0] == entry.stamp[0] else None
    )


def _same_bytes(root: Path, path: str, entry: Entry) -> Entry | None:
    """Return *entry* with the file's new stamp when its bytes are still the recorded ones.

    What a changed stamp of the spare's file costs outside a restore: the file was written
    since the build that recorded it (in site/, whose files the spare shares).
    """
    target = os.path.join(root, path)
    try:
        with open(target, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size != entry.stamp[0] or digest_of(handle.read()) != entry.digest:
                return None
    except OSError:
        return None
    return Entry(
        entry.key, entry.digest, (stat.st_size, stat.st_mtime_ns, stat.st_ino), entry.search
    )


def keep_copy(site: Path, cache_dir: Path, paths: Iterable[str]) -> bool:
    """Hard-link the files *paths* of site/ into a new spare; False when that failed.

    A build with no site/ before it (a first build, or a deploy's fresh clone) has no old
    site to keep as the spare: this copy, sharing site/'s inodes (and so their stamps), is
    what the next build (or the next deploy, from its restored cache) stages into. One
    `mkdir` a folder and one `link` a file: a deploy of 100 000 stories links 243 000. In one
    thread: two, each linking its own folders, took 3.6-4.0 s of wall time against 4.0-4.4 s
    on a quiet machine, for half as much CPU again (5.9-6.5 s against 4.0-4.4 s).
    """
    spare = cache_dir / SPARE
    shutil.rmtree(spare, ignore_errors=True)
    source, target = os.path.join(site, ""), os.path.join(spare, "")
    paths = list(paths)
    try:
        os.mkdir(spare)
        # Every folder once, a parent before its children (it sorts first): one `mkdir`
        # each, without `makedirs`' checks (1.5 s of 140 000 folders at 100 000 stories).
        for folder in sorted(_folders(paths)):
            os.mkdir(target + folder)
        for path in paths:
            os.link(source + path, target + path)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
        return False
    return True


def _folders(paths: Iterable[str]) -> set[str]:
    """Return every folder that holds one of *paths*, and every folder above those."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def remove_listed(staging: Staging, paths: Iterable[str]) -> int:
    """Remove the files *paths* from the staging root (and folders left empty)."""
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            removed += remove_file(staging.root, path)
    return removed


# Held around the swap of site/ by whoever serves it (`digest serve`: requests wait).
Guard = Callable[[], AbstractContextManager[object]]


def publish(staging: Staging, guard: Guard | None = None) -> bool:
    """Put the staging folder in place of site/; return True when the old site is the spare."""
    with guard() if guard is not None else contextlib.nullcontext():
        return _swap(staging)


def _swap(staging: Staging) -> bool:
    site, root = staging.site, staging.root
    spare = root.parent / SPARE
    if not site.exists():
        root.rename(site)
        return False
    if not _exchange(root, site):
        # Without an atomic exchange, the old site is moved aside first: for a moment there
        # is no site/, but never a half-written one.
        old = Path(tempfile.mkdtemp(prefix="old-", dir=root.parent))
        old.rmdir()
        site.rename(old)
        try:
            root.rename(site)
        except OSError:
            old.rename(site)  # the previous site goes back: never no site/ after a failure
            raise
        root = old
    shutil.rmtree(spare, ignore_errors=True)
    root.rename(spare)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); return False where that is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def remove_leftovers(cache_dir: Path) -> None:
    """Remove staging folders that a killed build left behind."""
    with contextlib.suppress(OSError):
        for entry in cache_dir.iterdir():
            if entry.name.startswith((STAGE_PREFIX, "old-")):
                shutil.rmtree(entry, ignore_errors=True)

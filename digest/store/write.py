"""Write: the files of a build -> site/, atomically and incrementally (stage 8).

This is the only stage that writes the site. The new site is assembled in a staging folder
and only then put in place of site/ with one atomic exchange (renameat2 on Linux), so a build
that fails or is killed at any moment leaves the previous site/ exactly as it was.

The staging folder is the build before the current one, kept by the last exchange (the
"spare"). Assembling the next site therefore touches only what differs: a file whose bytes
are already right stays, one that site/ has is hard-linked from there (not written again),
and only new bytes are written. Files are always replaced by a new inode (unlink, then
create), never rewritten in place, because the spare and site/ share the inodes of the files
they have in common. A manifest of each folder (path -> key, digest, stamp) is kept in the
build cache; a file is trusted only while its stamp matches, and the spare only while the
cache says that no build was interrupted while changing it.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

SPARE = "spare"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

OutStamp = tuple[int, int, int]  # size, mtime_ns, inode


def digest_of(data: bytes) -> str:
    """Return the content digest recorded for a file of the site."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a written folder: what produced it, its bytes' digest and its stamp.

    *search* is, for a story page, the digest of what the search index reads of it.
    """

    key: str
    digest: str
    stamp: OutStamp
    search: str = ""

    def line(self, path: str) -> str:
        size, mtime, inode = self.stamp
        return f"{path}\t{self.key}\t{self.digest}\t{size}\t{mtime}\t{inode}\t{self.search}"


Manifest = Mapping[str, Entry]


def manifest_bytes(manifest: Manifest) -> bytes:
    """Return a manifest as text, one file a line: tens of thousands of lines stay cheap."""
    return "\n".join(entry.line(path) for path, entry in manifest.items()).encode("utf-8")


def manifest_from_bytes(data: bytes | None) -> dict[str, Entry]:
    """Return a manifest from `manifest_bytes`; anything malformed gives an empty one."""
    if not data:
        return {}
    manifest: dict[str, Entry] = {}
    try:
        for line in data.decode("utf-8").split("\n"):
            path, key, digest, size, mtime, inode, search = line.split("\t")
            manifest[path] = Entry(key, digest, (int(size), int(mtime), int(inode)), search)
    except (UnicodeDecodeError, ValueError):
        return {}
    return manifest


def digest_or_none(entry: Entry | None) -> str | None:
    """Return the digest a manifest records for a file, None for a file it does not know."""
    return None if entry is None else entry.digest


def stamp_file(path: str) -> OutStamp | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def intact(root: Path, path: str, entry: Entry | None) -> bool:
    """Tell whether the file *path* under *root* is still as *entry* recorded it."""
    return entry is not None and stamp_file(os.path.join(root, path)) == entry.stamp


def _clear(target: str) -> None:
    """Remove whatever is at *target* (a file, a link or a folder)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        return
    except (IsADirectoryError, PermissionError):
        shutil.rmtree(target, ignore_errors=True)


def _make_parent(target: str) -> None:
    parent = os.path.dirname(target)
    try:
        os.makedirs(parent, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        # A file stands where a folder must now be (a page that became a section).
        probe = parent
        while probe and not os.path.isdir(probe):
            if os.path.lexists(probe):
                _clear(probe)
                break
            probe = os.path.dirname(probe)
        os.makedirs(parent, exist_ok=True)


def put_file(root: Path, path: str, data: bytes) -> OutStamp:
    """Write *data* as the file *path* under *root*, as a new inode; return its stamp.

    The bytes go to a temporary name first and replace the file in one rename, so a reader
    of the folder (`digest serve` writes into the published site) sees the old file or the
    new one, never a missing or half-written one.
    """
    target = os.path.join(root, path)
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        handle = os.open(temporary, flags, 0o644)
    except (FileNotFoundError, NotADirectoryError):
        _make_parent(target)
        handle = os.open(temporary, flags, 0o644)
    closed = False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        stat = os.fstat(handle)
        closed = True  # even when close fails: the descriptor is gone, never close it twice
        os.close(handle)
    except OSError as error:  # a full disk: say which file could not be written
        if not closed:
            os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OSError(error.errno, error.strerror, target) from error
    try:
        os.replace(temporary, target)
    except IsADirectoryError:  # a section now stands where a page was, or the other way
        _clear(target)
        os.replace(temporary, target)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def remove_file(root: Path, path: str) -> bool:
    """Remove the file *path* under *root* and the empty folders above it.

    Return False when there was no such file.
    """
    removed = True
    try:
        os.unlink(os.path.join(root, path))
    except FileNotFoundError:
        removed = False
    folder = os.path.dirname(path)
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:
            break
        folder = os.path.dirname(folder)
    return removed


def link_file(source_root: Path, root: Path, path: str) -> OutStamp | None:
    """Hard-link *path* from *source_root* into *root*; None when the file system refuses."""
    source = os.path.join(source_root, path)
    target = os.path.join(root, path)
    _clear(target)
    try:
        os.link(source, target)
    except (FileNotFoundError, NotADirectoryError):
        _make_parent(target)
        try:
            os.link(source, target)
        except OSError:
            return None
    except OSError:
        return None
    return stamp_file(target)


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

    def place(self, path: str, key: str, data: bytes) -> tuple[Entry, str]:
        """Put *data* at *path* unless identical bytes are at hand; say what was done."""
        digest = digest_of(data)
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
    cache_dir: Path, site: Path, spare: Manifest | None, published: Manifest
) -> Staging:
    """Return the staging folder: the spare when it can be trusted, else a new empty folder.

    The spare is first renamed to a name of this build's own, so that nothing a killed
    build left running can write into the folder of a later build. The caller must record
    that the spare is being changed before changing it.
    """
    kept = cache_dir / SPARE
    root = Path(tempfile.mkdtemp(prefix="stage-", dir=cache_dir))
    held: dict[str, Entry] = {}
    if spare is not None and kept.is_dir():
        root.rmdir()
        kept.rename(root)
        for path, entry in spare.items():
            if intact(root, path, entry):
                held[path] = entry
    else:
        shutil.rmtree(kept, ignore_errors=True)
    root.chmod(0o755)  # a web server must be able to read it once it is site/
    return Staging(root, site, held, published)


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
            if entry.name.startswith(("stage-", "old-")):
                shutil.rmtree(entry, ignore_errors=True)

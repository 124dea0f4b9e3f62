"""The build cache's folder: what it may hold, and its own files made without following links.

`.digest-cache/` comes with the project, and a project may come from anyone (a zip, a CI
cache restored, a clone: git keeps symbolic links). Every later step writes, removes and
reads below this folder by name (the database, the picture and search caches, the compiled
templates, the spare), so before any of them runs every symbolic link among its entries is
removed (the link only, never what it names), and so is whatever stands where a file or a
folder of digest's own should be but is not one. A cache is only a cache: what was removed
is made afresh, with a warning naming it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

from digest.paths import (
    CACHE_DIR,
    CACHE_TAG_FILE,
    DRAFTS_PREVIEW_DIR,
    GITIGNORE_FILE,
    PICTURE_CACHE,
    SEARCH_CACHE,
    temporary_beside,
)
from digest.store.state import TEMPLATE_CODE
from digest.tree import plain_file

DATABASE = "cache.sqlite"
DATABASE_FILES = tuple(DATABASE + suffix for suffix in ("", "-journal", "-wal", "-shm"))
# What digest keeps in the folder: these names are plain files, those folders.
_FILES = frozenset({*DATABASE_FILES, CACHE_TAG_FILE, GITIGNORE_FILE})
_FOLDERS = frozenset({PICTURE_CACHE, SEARCH_CACHE, TEMPLATE_CODE, DRAFTS_PREVIEW_DIR})
# Folders whose entries are looked at too: a few hundred at most (shards, compiled templates).
# The pictures' folder is not (an entry a picture, thousands): `picture_cache` opens each
# without following a link.
_LOOKED_INTO = (SEARCH_CACHE, TEMPLATE_CODE)
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is digest's build cache; it is safe to delete.\n"
)


def cache_folder(project: Path, folder: Path | None = None) -> Path:
    """Return the cache *folder* (None: the project's) as a folder of the resolved project.

    Raises ValueError when *folder* is not inside the project as its path is written.
    """
    resolved = project.resolve()
    if folder is None:
        return resolved / CACHE_DIR
    for base in (project, resolved):
        with contextlib.suppress(ValueError):
            return resolved / Path(os.path.abspath(folder)).relative_to(os.path.abspath(base))
    raise ValueError(f"{folder}: not a folder of the project {project}")


def clear_links(folder: Path) -> list[str]:
    """Remove what in the cache *folder* is a link or no plain file or folder; return warnings.

    One `scandir` of the folder and of the few small folders in `_LOOKED_INTO`: the type of
    each entry comes with its name (d_type), no `stat` is made.
    """
    warnings: list[str] = []
    for entry in _entries(folder):
        if not _fits(entry, entry.name in _FILES, entry.name in _FOLDERS):
            warnings.append(_remove(entry))
    for name in _LOOKED_INTO:
        inner = folder / name
        for entry in _entries(inner) if inner.is_dir() and not inner.is_symlink() else []:
            if not _fits(entry, False, False):
                warnings.append(_remove(entry))
    return warnings


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _fits(entry: os.DirEntry[str], file: bool, folder: bool) -> bool:
    """Tell whether *entry* is a plain file or a real folder, of the kind its name wants."""
    try:
        if entry.is_symlink():
            return False
        if entry.is_dir(follow_symlinks=False):
            return not file
        return entry.is_file(follow_symlinks=False) and not folder
    except OSError:
        return False


def _remove(entry: os.DirEntry[str]) -> str:
    """Remove *entry* (a link: the link only; `rmtree` never follows one); say so."""
    what = "a symbolic link" if entry.is_symlink() else "not what digest keeps there"
    try:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    except OSError as error:
        return f"{entry.path}: {what} in the build cache, and it cannot be removed ({error})"
    return f"{entry.path}: {what} in the build cache; removed, never followed (made afresh)"


def mark_ignorable(folder: Path) -> None:
    """Tell backup tools and git that the folder is a cache (each file made only if missing)."""
    _create(folder / CACHE_TAG_FILE, _TAG)
    _create(folder / GITIGNORE_FILE, "*\n")


def _create(path: Path, text: str) -> None:
    # O_EXCL: an existing name, a link even, is never opened; O_NOFOLLOW says it twice.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def database_plain(folder: Path) -> bool:
    """Tell whether the database's files in *folder* are plain files where they exist."""
    for name in DATABASE_FILES:
        path = folder / name
        if os.path.lexists(path) and not plain_file(path):
            return False
    return True


def remove_database(folder: Path) -> None:
    for name in DATABASE_FILES:
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def read_plain(path: Path) -> tuple[bytes, os.stat_result] | None:
    """Return the bytes and stat of the regular file at *path*; None for anything else.

    A link there (to a file outside, say) is never followed, a FIFO never waited on.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(descriptor, "rb") as handle:
            found = os.fstat(handle.fileno())
            return (handle.read(), found) if stat.S_ISREG(found.st_mode) else None
    except OSError:
        return None


def put_plain(path: Path, data: bytes) -> None:
    """Write *data* as *path* in one rename: a reader never finds half a file, and a link at
    either name is replaced, never written through. Raises OSError."""
    temporary = temporary_beside(path)
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()  # a killed run's, or a link planted there
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with open(os.open(temporary, flags, 0o644), "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)

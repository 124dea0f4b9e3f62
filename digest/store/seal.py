"""Seal: a cheap proof that a written folder still holds the files a build left in it.

A build with nothing to do must still notice a file of site/ deleted, replaced or edited
in place since the last build, so it stats every file the last build wrote. What it
compares them with is this seal, not the folder's manifest: the manifest (path, key,
digests and stamp of each file: some 50 MB at 100 000 stories) is decoded line by line
only by a build that has work to do. The seal is the list of paths and one digest of
every file's (size, modification time, inode), in the list's order: one stat per file,
three numbers packed, one hash, and nothing made per file that outlives the loop.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Mapping
from pathlib import Path

from digest.store.write import Entry

_DIGEST_SIZE = 16
_HEAD = _DIGEST_SIZE * 2 + 1  # the hex digest and its newline


def _digest(numbers: list[int]) -> bytes:
    """Return the hex digest of the stamps' numbers, packed (as text past 64 bits)."""
    try:
        packed = array("q", numbers).tobytes()
    except OverflowError:  # an inode number of some network file systems
        packed = repr(numbers).encode("ascii")
    return hashlib.blake2b(packed, digest_size=_DIGEST_SIZE).hexdigest().encode("ascii")


def seal_bytes(manifest: Mapping[str, Entry]) -> bytes:
    """Return the seal of a folder whose files are as *manifest* records them."""
    numbers: list[int] = []
    for entry in manifest.values():
        numbers.extend(entry.stamp)
    return _digest(numbers) + b"\n" + "\n".join(manifest).encode("utf-8")


def sealed(root: Path, data: bytes | None) -> bool:
    """Tell whether every file the seal *data* lists is under *root* with its recorded stamp.

    A file deleted, replaced (a new inode) or written in place (a new time) breaks it.
    """
    if not data or len(data) < _HEAD or data[_HEAD - 1 : _HEAD] != b"\n":
        return False
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    numbers: list[int] = []
    extend, stat = numbers.extend, os.stat
    listed = data[_HEAD:]
    try:
        # Paths relative to the folder's descriptor: the kernel walks only the part under it.
        for path in listed.decode("utf-8").split("\n") if listed else ():
            found = stat(path, dir_fd=folder, follow_symlinks=False)
            extend((found.st_size, found.st_mtime_ns, found.st_ino))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    finally:
        os.close(folder)
    return _digest(numbers) == data[: _HEAD - 1]

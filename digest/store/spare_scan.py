"""Spare scan: the spare's files and stamps, found by a child process while the build works.

A deploy's fresh clone stages its site in the restored spare, which must first be walked
(nothing but plain files and folders: writes into it follow its folders) and have every
file stamped (a restored file's stamp is new): at 100 000 stories 136 000 folders and
243 000 files, 0.8 s of walking and 1.1 s of stamping in the build's own process. A child
(`python -I -S`, nothing imported: the build's memory is not forked) does both in one walk,
each folder opened by its descriptor and each file stamped relative to it, while the build
loads its cards on the other core; the build then only looks its manifest's paths up in the
answer. The child walks the spare where it lies, before the build renames it to stage into
it: the answer names the folder's inode, and is taken only for the folder renamed. The child
keeps the folder open until the build has renamed it and compared the inodes (`stop`), so
that no other folder can have that inode meanwhile. Any failure of the child leaves the
build to walk and stamp the spare itself, as without it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import weakref
from array import array
from dataclasses import dataclass
from pathlib import Path

from digest.store.write import OutStamp

# The child: walk the folder it is given without following a link, each folder opened by its
# descriptor (O_NOFOLLOW) and each file stamped relative to it; print the folder's inode and
# each plain file's path and stamp (size, mtime, inode; `_scanned` reads them). Anything but
# a plain file or a folder ends it with status 2 and no answer: the spare is not to be
# staged into. It then keeps the folder open until its input ends.
_SCANNER = """
import os, sys
from array import array
flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
paths, sizes, times, inodes = [], array("Q"), array("q"), array("Q")
def walk(fd, prefix):
    with os.scandir(fd) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                inner = os.open(entry.name, flags, dir_fd=fd)
                try:
                    walk(inner, prefix + entry.name + "/")
                finally:
                    os.close(inner)
            elif entry.is_file(follow_symlinks=False):
                s = entry.stat(follow_symlinks=False)
                paths.append(prefix + entry.name)
                sizes.append(s.st_size)
                times.append(s.st_mtime_ns)
                inodes.append(s.st_ino)
            else:
                sys.exit(2)
top = os.open(sys.argv[1], flags)
walk(top, "")
listing = "\\0".join(paths).encode("utf-8", "surrogateescape")
head = f"{os.fstat(top).st_ino} {len(paths)} {len(listing)}\\n".encode("ascii")
out = sys.stdout.buffer
for part in (head, listing, sizes.tobytes(), times.tobytes(), inodes.tobytes()):
    out.write(part)
out.flush()
os.close(1)  # the answer is whole (sys.stdout never closes its descriptor)
sys.stdin.buffer.read()  # the folder stays open till the build has renamed it (see module)
"""


@dataclass(frozen=True, slots=True)
class Scanned:
    """What the child found: the folder's inode and each plain file's stamp, by path."""

    inode: int
    stamps: dict[str, OutStamp]


@dataclass(frozen=True, slots=True, weakref_slot=True)
class SpareScan:
    """The child walking the spare; `result` waits for it."""

    process: subprocess.Popen[bytes]

    def result(self) -> Scanned | None:
        """Return what the child found; None when it failed or found anything but plain
        files and folders (the build then walks the spare itself). The child keeps the
        folder open until `stop`."""
        try:
            if self.process.stdout is None:  # made with stdout=PIPE: never
                return None
            data = self.process.stdout.read()
            return _scanned(data) if data else None
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """Let the child end (the folder it holds open is compared with, or not wanted)."""
        _stop(self.process)


def _scanned(data: bytes) -> Scanned | None:
    """Read the child's answer: a line (inode, files, bytes of paths), the paths, then
    their sizes, times and inodes as 8-byte integers (a few C-level passes, not 243 000)."""
    end = data.index(b"\n")
    inode, count, length = (int(part) for part in data[:end].split(b" "))
    start = end + 1
    listing = data[start : start + length].decode("utf-8", "surrogateescape")
    paths = listing.split("\0") if count else []
    columns = []
    start += length
    for code in ("Q", "q", "Q"):
        column = array(code)
        column.frombytes(data[start : start + 8 * count])
        columns.append(column)
        start += 8 * count
    if len(paths) != count or start != len(data) or any(len(c) != count for c in columns):
        return None
    return Scanned(inode, dict(zip(paths, zip(*columns, strict=True), strict=True)))


def _stop(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()  # its input ends: the child ends
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()


def start_scan(spare: Path) -> SpareScan | None:
    """Start walking the folder *spare* in a child; None when there is no folder there (a
    link, even to one, is none) or no child could be started."""
    try:
        if not os.path.isdir(spare) or os.path.islink(spare):
            return None
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _SCANNER, os.fspath(spare)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    scan = SpareScan(process)
    # A build that never asks (it failed, or staged elsewhere) stops the child once it lets
    # go of it (or when the process ends).
    weakref.finalize(scan, _stop, process)
    return scan

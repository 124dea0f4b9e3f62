"""File hashes: the sha256 of many files, taken by a child process while the build works.

A deploy's fresh clone has every article file under a new stamp, so each one is read and
hashed to prove that its bytes are the ones its card record names: 1.6-1.9 s of one core
for 100 000 files, which threads cannot share (the reads and hashes are too short to gain
from letting go of the GIL). A child process (`python -I -S`, nothing imported: the build's
memory is not forked) reads and hashes them while the build decodes the card records on the
other core. Each answer comes with the file's stamp as the child found it after reading it:
the build takes an answer only when that is the stamp it scanned, so a file changed since is
read again by the build itself, as without the child.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.store.cache import Stamp

# The child: read the paths (NUL-separated, on its input, relative to the folder it is
# given), then print one line a path: its sha256 and its stamp after reading (size, mtime,
# ctime, inode, as `cache.stamp_of`), or "-" for a file it could not read.
_HASHER = """
import hashlib, os, sys
base = os.path.join(sys.argv[1], "")
paths = sys.stdin.buffer.read().decode("utf-8").split("\\0")
lines = []
for path in paths:
    try:
        with open(base + path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size < 1 << 20:
                digest = hashlib.sha256(handle.read()).hexdigest()
            else:  # in chunks: memory bounded whatever the file's size
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            s = os.fstat(handle.fileno())
    except OSError:
        lines.append("-")
        continue
    lines.append(f"{digest} {s.st_size} {s.st_mtime_ns} {s.st_ctime_ns} {s.st_ino}")
sys.stdout.buffer.write("\\n".join(lines).encode("ascii"))
"""

Hashes = Mapping[str, tuple[str, Stamp]]  # path -> sha256 (hex) and the stamp it was read at


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Hashing:
    """The child hashing *paths*; `result` waits for it."""

    process: subprocess.Popen[bytes]
    paths: Sequence[str]

    def result(self) -> dict[str, tuple[str, Stamp]]:
        """Return the answers the child gave (none at all when it failed in any way)."""
        process = self.process
        try:
            if process.stdout is None:  # made with stdout=PIPE: never
                return {}
            data = process.stdout.read()
            if process.wait() != 0:
                return {}
            return _answers(self.paths, data)
        except (OSError, ValueError):
            return {}
        finally:
            _stop(process)

    def stop(self) -> None:
        """Stop the child (its answers are not wanted, or were taken)."""
        _stop(self.process)


def _answers(paths: Sequence[str], data: bytes) -> dict[str, tuple[str, Stamp]]:
    lines = data.decode("ascii").split("\n")
    if len(lines) != len(paths):
        return {}
    found: dict[str, tuple[str, Stamp]] = {}
    for path, line in zip(paths, lines, strict=True):
        if line != "-":
            digest, size, mtime, ctime, inode = line.split(" ")
            found[path] = (digest, (int(size), int(mtime), int(ctime), int(inode)))
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def start_hashing(folder: Path, paths: Sequence[str]) -> Hashing | None:
    """Start hashing the files *paths* (relative to *folder*) in a child; None if it could
    not be started (the build then reads them itself)."""
    if not paths:
        return None
    command = [sys.executable, "-I", "-S", "-c", _HASHER, os.fspath(folder)]
    try:
        listing = "\0".join(paths).encode("utf-8")
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except (OSError, UnicodeEncodeError):
        return None
    hashing = Hashing(process, list(paths))
    # A build that fails before asking never waits for it: the child is stopped once the
    # build lets go of it (or when the process ends).
    weakref.finalize(hashing, _stop, process)
    try:
        if process.stdin is None:  # made with stdin=PIPE: never
            raise OSError("no input for the child")
        with process.stdin:
            process.stdin.write(listing)  # the child reads it all at once, at its start
    except OSError:
        _stop(process)
        return None
    return hashing


class HashError(Exception):
    """A file that `sha_of_each` could not read: its path and the OSError."""

    def __init__(self, path: str, error: OSError) -> None:
        super().__init__(path)
        self.path = path
        self.error = error


def sha_of_each(folder: Path, wanted: Iterable[tuple[str, Stamp]], hashes: Hashes) -> Iterator[str]:
    """Yield the sha256 (hex) of each file of *wanted* (its path under *folder* and its stamp
    as scanned): the child's answer when it read the file under that stamp, else read here.

    Raise HashError for a file that cannot be read. One thread: in two (reading and hashing
    let go of the GIL) 100 000 files of ~5 KB took 3.3-3.6 s instead of 1.8-1.9 s, the
    threads waiting on each other for the GIL between such short calls.
    """
    base = os.path.join(folder, "")  # str joins: pathlib's cost a deploy 0.1 s of 4 000 files
    for path, stamp in wanted:
        answer = hashes.get(path)
        if answer is not None and answer[1] == stamp:
            yield answer[0]
            continue
        try:
            with open(base + path, "rb") as handle:
                # A big file in chunks (memory bounded whatever its size); a story file at
                # once: file_digest's buffer cost 100 000 small files ~1 s.
                if os.fstat(handle.fileno()).st_size < 1 << 20:
                    sha = hashlib.sha256(handle.read()).hexdigest()
                else:
                    sha = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as error:
            raise HashError(path, error) from error
        yield sha

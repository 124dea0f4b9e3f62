"""Template code: compiled templates kept between builds, loaded only when written here.

Compiling a theme costs about a tenth of a second in every process that renders, so the
compiled code is kept in the build cache. But compiled code is code: Jinja2 loads it with
`pickle` and `marshal` and runs it, and the cache is the project's, which a crafted project
may ship. So each file is loaded only when its stamp (inode, change time in nanoseconds,
size) is the one recorded when this machine wrote it. Those the kernel gives a file when it
is made: a file copied, unpacked or restored from elsewhere has others, which nobody can
choose in advance, and is compiled again (a deploy's restored cache compiles once).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import jinja2
import jinja2.bccache

_CODE = ".code"
_STAMP = ".stamp"
_READ = os.O_RDONLY | os.O_NOFOLLOW
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW


def _stamp(found: os.stat_result) -> bytes:
    return f"{found.st_ino} {found.st_ctime_ns} {found.st_size}".encode("ascii")


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """Return a regular file's bytes and stat (never through a symbolic link)."""
    handle = os.open(path, _READ)
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(os.dup(handle), "rb") as reader:
            return reader.read(), found
    finally:
        os.close(handle)


def _put(path: Path, data: bytes) -> None:
    """Write *data* as *path* in one rename (a reader never finds half a file)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    handle = os.open(temporary, _WRITE, 0o644)
    with os.fdopen(handle, "wb") as writer:
        writer.write(data)
    os.replace(temporary, path)


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates in *folder*, each trusted only with the stamp written beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}{_CODE}"
        try:
            stamp, _ = _read(path.with_suffix(_STAMP))
            code, found = _read(path)
        except OSError:
            return  # none kept, or not one this machine wrote: compiled again
        if _stamp(found) == stamp:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}{_CODE}"
        with contextlib.suppress(OSError):  # a cache that cannot be written costs only time
            _put(path, bucket.bytecode_to_string())
            _put(path.with_suffix(_STAMP), _stamp(os.stat(path, follow_symlinks=False)))

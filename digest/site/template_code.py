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
from pathlib import Path

import jinja2
import jinja2.bccache

from digest.store.cache_folder import put_plain, read_plain

_CODE = ".code"
_STAMP = ".stamp"


def _stamp(found: os.stat_result) -> bytes:
    return f"{found.st_ino} {found.st_ctime_ns} {found.st_size}".encode("ascii")


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates in *folder*, each trusted only with the stamp written beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}{_CODE}"
        stamp, code = read_plain(path.with_suffix(_STAMP)), read_plain(path)
        # None kept, or a link, or not one this machine wrote: compiled again.
        if stamp is not None and code is not None and _stamp(code[1]) == stamp[0]:
            bucket.bytecode_from_string(code[0])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.folder / f"{bucket.key}{_CODE}"
        with contextlib.suppress(OSError):  # a cache that cannot be written costs only time
            put_plain(path, bucket.bytecode_to_string())
            put_plain(path.with_suffix(_STAMP), _stamp(os.stat(path, follow_symlinks=False)))

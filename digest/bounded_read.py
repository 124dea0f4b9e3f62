"""Story files read whole only up to a size no real one comes near.

A file in content/ may be anything: a video saved as `.md` by mistake, a runaway script's
output, a hostile pull request's 3 GB. Read whole, it would take the build's memory before
any check ran (a 600 MB story file cost 6.8 GB and a minute, then a traceback under a
memory limit). A story file is read up to its size, stated by the open file before a byte is
read, and refused past it with a message giving the size; the readers turn it into the
file's error as for any file that cannot be read. (Dumps are refused by their stamp's size:
ingest/dump_results.MOST_DUMP_BYTES; every input is stamped in chunks: store/inputs.)
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

# A long story's Markdown is some 100 kB; its pictures are files of their own.
MAX_STORY_BYTES = 16 * 1024 * 1024


class TooLarge(OSError):
    """A file past its kind's size; its `strerror` says so in words."""


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    """Return the bytes of *path*, a *what* ("a story file"); raise TooLarge past *limit*."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        more = ""
        if size <= limit:
            data = file.read(limit + 1)  # a file that grows while read stops here too
            if len(data) <= limit:
                return data
            size, more = len(data), " or more"
    raise TooLarge(errno.EFBIG, f"{what} of {size:,} bytes{more}; at most {limit:,} are read")

"""Last site: pages of the last site/ read where they stand, never through a link.

A story edit's Pagefind run reads the other pages of its shard from the last site
(`pagefind_early`), and the last index of its shard from where site/ shows it
(`pagefind_kept`). site/ is digest's output, but a page of it may have been replaced behind
digest's back by a link out: every folder and file is opened without following one, and
only plain files are read.
"""

from __future__ import annotations

import os
import stat

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# No page digest renders is near this; a larger file in site/ was put there by hand.
MAX_PAGE_BYTES = 50_000_000


def read_page(site: int, page: str, folders: Folders | None = None) -> bytes | None:
    """Return the bytes of the regular file *page* under the folder open as *site*; None
    when it is missing or anything else. No link is followed, a folder's or the file's: a
    page of the last site may have been replaced behind digest's back by a link out.
    *folders*: the folders of *site* opened so far, kept open for the next page."""
    *parts, name = page.split("/")
    own = folders is None
    folders = Folders(site) if folders is None else folders
    try:
        descriptor = os.open(name, _FLAGS, dir_fd=folders.open("/".join(parts)))
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_PAGE_BYTES:
                return None  # a page put there by hand: the build indexes the shard itself
            return _read_all(descriptor, found.st_size)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    finally:
        if own:
            folders.close()


def _read_all(descriptor: int, size: int) -> bytes | None:
    """Return the bytes of the file open as *descriptor* (*size* by its stat); None past
    MAX_PAGE_BYTES. Read with os.read: a buffered read of up to MAX_PAGE_BYTES made a
    buffer that size for every page, half the time of reading a month's pages."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(descriptor, max(size - total, 65_536) + 1):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_PAGE_BYTES:
            return None  # it grew meanwhile
    return b"".join(chunks)


class Folders:
    """The folders under the folder open as *root*, each opened once (never through a
    link) and kept open till `close`: a month's pages share their year, month and day
    folders, which were opened again for every page (a third of reading them)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.opened: dict[str, int] = {}

    def open(self, folder: str) -> int:
        """Return the descriptor of *folder* ("a/b", "" for the root); OSError when it is
        missing, a link or no folder."""
        if not folder:
            return self.root
        found = self.opened.get(folder)
        if found is None:
            parent, _, name = folder.rpartition("/")
            found = os.open(name, _FLAGS | os.O_DIRECTORY, dir_fd=self.open(parent))
            self.opened[folder] = found
        return found

    def close(self) -> None:
        for descriptor in self.opened.values():
            os.close(descriptor)
        self.opened.clear()


def listing(root: int, folder: str) -> list[str]:
    """Return the names in *folder* ("a/b") of the folder open as *root*; [] when it is
    missing, a link or no folder."""
    folders = Folders(root)
    try:
        return os.listdir(folders.open(folder))
    except OSError:
        return []
    finally:
        folders.close()

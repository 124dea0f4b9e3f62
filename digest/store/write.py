"""Write: the files of a site folder, each replaced atomically, and their manifest.

Files are always replaced by a new inode (unlink, then create), never rewritten in place,
because the spare and site/ share the inodes of the files they have in common (see
staging.py). A manifest of each folder (path -> key, digest, stamp) is kept in the build
cache; a file is trusted only while its stamp matches.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from digest.errors import DigestError
from digest.paths import site_path, site_path_lines, site_paths, temporary_name

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


Manifest = Mapping[str, Entry]


class OutsideSite(DigestError):
    """A record of the build cache names a file outside the folder it describes."""


def write_all(handle: int, data: bytes) -> None:
    """Write every byte of *data* to the open file *handle* (`os.write` may take a part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def checked(path: str) -> str:
    """Return *path*, a file of a site folder; raise OutsideSite if it would lie outside it.

    Every path a write, link or removal takes is planned from the project's content or read
    from a record of the build cache, which a crafted project may ship: whatever it says, no
    file outside the site folder is written or removed.
    """
    if not site_path(path):
        raise OutsideSite(
            f"{path!r}: not a file of the site; a record of the build cache (.digest-cache/) "
            "is damaged or crafted: delete that folder and build again"
        )
    return path


# A manifest in columns: this line, the byte lengths of the sections, then the paths, keys,
# digests and search digests (text, one a line) and the sizes, times and inodes (8-byte
# integers). 243 000 files decode in a few C-level splits, not a split and 3 ints a line.
COLUMNS = b"digest-manifest columns 1\n"
_TEXT_COLUMNS = 4
_INTEGERS = ("Q", "q", "Q")  # size, mtime_ns (before 1970: negative), inode


def manifest_bytes(manifest: Manifest) -> bytes:
    """Return a manifest in columns (`COLUMNS`): 243 000 files stay cheap to read back."""
    entries = manifest.values()
    text = [
        "\n".join(manifest).encode("utf-8"),
        "\n".join(entry.key for entry in entries).encode("utf-8"),
        "\n".join(entry.digest for entry in entries).encode("utf-8"),
        "\n".join(entry.search for entry in entries).encode("utf-8"),
    ]
    numbers = [
        array(code, [entry.stamp[column] for entry in entries]).tobytes()
        for column, code in enumerate(_INTEGERS)
    ]
    sections = [*text, *numbers]
    lengths = " ".join(str(len(section)) for section in sections)
    head = f"{len(manifest)} {lengths}\n".encode("ascii")
    return b"".join([COLUMNS, head, *sections])


def manifest_from_bytes(data: bytes | None) -> dict[str, Entry]:
    """Return a manifest from `manifest_bytes` (or from the lines that older builds wrote).

    Anything malformed gives an empty one: nothing of the folder is trusted. So does a path
    that would lie outside the folder (`site_paths`): a build removes the files of its last
    manifest that it no longer makes, and the manifest is a record a project may ship.
    """
    if not data:
        return {}
    try:
        if not data.startswith(COLUMNS):
            return _from_lines(data)
        (paths, keys, digests, searches), numbers = _columns(data)
    except (UnicodeDecodeError, ValueError, OverflowError):
        return {}
    stamps = zip(*numbers, strict=True)
    return dict(zip(paths, map(Entry, keys, digests, stamps, searches), strict=True))


def manifest_view(data: bytes | None) -> Mapping[str, Entry]:
    """Return `manifest_from_bytes(data)`, each entry made only when it is asked for (`Rows`)."""
    if not data or not data.startswith(COLUMNS):
        return manifest_from_bytes(data)
    try:
        texts, numbers = _columns(data)
    except (UnicodeDecodeError, ValueError, OverflowError):
        return {}
    return Rows(texts, numbers)


class Rows(Mapping[str, Entry]):
    """A manifest kept as its columns, an entry made when it is asked for: site/'s, of which
    a story edit asks a few files and the set of all paths (`Staging.published`), not 10 413
    entries made (~0.005 s of its 0.013 s read at 4 000 stories, after the page)."""

    __slots__ = ("_numbers", "_rows", "_texts")

    def __init__(self, texts: list[list[str]], numbers: list[array[int]]) -> None:
        self._rows = dict(zip(texts[0], range(len(texts[0])), strict=True))
        self._texts = texts
        self._numbers = numbers

    def __getitem__(self, path: str) -> Entry:
        row = self._rows[path]
        _, keys, digests, searches = self._texts
        sizes, times, inodes = self._numbers
        return Entry(keys[row], digests[row], (sizes[row], times[row], inodes[row]), searches[row])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, path: object) -> bool:
        return path in self._rows


def _columns(data: bytes) -> tuple[list[list[str]], list[array[int]]]:
    """Return the text columns and the integer columns of a manifest in columns; raise
    ValueError when it is malformed or names a path outside the folder."""
    end = data.index(b"\n", len(COLUMNS))
    count, *lengths = (int(part) for part in data[len(COLUMNS) : end].split(b" "))
    start, sections = end + 1, []
    if any(length < 0 for length in lengths):
        raise ValueError("not a manifest")
    for length in lengths:
        sections.append(data[start : start + length])
        start += length
    if start != len(data) or len(sections) != _TEXT_COLUMNS + len(_INTEGERS) or count == 0:
        raise ValueError("not a manifest")
    texts = [section.decode("utf-8") for section in sections[:_TEXT_COLUMNS]]
    if not site_path_lines(texts[0]):  # the paths, scanned as they are stored
        raise ValueError("a path outside the folder")
    text = [words.split("\n") for words in texts]
    numbers = []
    for section, code in zip(sections[_TEXT_COLUMNS:], _INTEGERS, strict=True):
        column = array(code)
        column.frombytes(section)  # ValueError when not a whole number of integers
        numbers.append(column)
    if any(len(words) != count for words in text) or any(len(n) != count for n in numbers):
        raise ValueError("columns of different lengths")
    return text, numbers


def _from_lines(data: bytes) -> dict[str, Entry]:
    manifest: dict[str, Entry] = {}
    for line in data.decode("utf-8").split("\n"):
        path, key, digest, size, mtime, inode, search = line.split("\t")
        manifest[path] = Entry(key, digest, (int(size), int(mtime), int(inode)), search)
    if not site_paths(list(manifest)):
        raise ValueError("a path outside the folder")
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
    target = os.path.join(root, checked(path))
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, temporary_name(name))
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        handle = os.open(temporary, flags, 0o644)
    except (FileNotFoundError, NotADirectoryError):
        _make_parent(target)
        handle = os.open(temporary, flags, 0o644)
    closed = False
    try:
        write_all(handle, data)
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
        os.unlink(os.path.join(root, checked(path)))
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
    source = os.path.join(source_root, checked(path))
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

"""Sources: a project file a site publishes -> what it is (content hash, picture size), once.

Pictures and a page bundle's files are published from the project's own files. What a build
needs of each (the hash of its bytes, which keys the files made from it, and for a picture
its format and size, which the page's width and height attributes show) is remembered in the
build cache by the file's stamp, so that an unchanged file is not read again: a rebuild of
thousands of stories with pictures stats them and reads none.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from digest.pictures import decoded
from digest.store.cache import Stamp, dump_json, stamp_of
from digest.store.inputs import is_racy
from digest.tree import readable

CACHE_KIND = "source"  # the build cache's kind for facts, by path relative to the project


@dataclass(frozen=True, slots=True)
class Fact:
    """What a published file is: the hash of its bytes and, for a picture, its format and size.

    *width* and *height* are as the picture is shown (its EXIF orientation applied); a file
    that Pillow cannot read as a picture has format "" and size 0 x 0.
    """

    sha: str
    format: str = ""
    width: int = 0
    height: int = 0


class Unreadable(Exception):
    """A source file is missing, not a regular file, or lies outside its folder."""


def read_fact(path: Path, root: Path) -> Fact:
    """Read the file at *path* (which must lie inside *root*) and return what it is."""
    if not readable(path, root):  # a link out of the project, a FIFO, a folder, nothing
        raise Unreadable(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(str(path)) from error
    sha = hashlib.blake2b(data, digest_size=16).hexdigest()
    return _picture_fact(sha, data)


def _picture_fact(sha: str, data: bytes) -> Fact:
    found = decoded(data)  # the decoder ingest checks a saved page's photo with
    return Fact(sha) if found is None else Fact(sha, found.format, found.width, found.height)


class SourceFacts:
    """Facts of source files, from the build cache while their stamps are as recorded.

    A memo over one build (or one `digest serve`): it holds what it read, to be stored again.
    """

    def __init__(self, project: Path, known: Mapping[str, bytes] | None = None) -> None:
        self.project = project
        self._known = dict(known or {})
        self.read: dict[str, bytes] = {}  # records of files read now, by relative path
        self.used: set[str] = set()  # every file asked about (what the cache keeps)

    def fact(self, path: Path, root: Path) -> Fact:
        """Return the fact of the file at *path* (inside *root*); raise Unreadable if none."""
        relative = os.path.relpath(path, self.project)
        self.used.add(relative)
        try:
            stamp = stamp_of(os.stat(path))
        except OSError as error:
            raise Unreadable(str(path)) from error
        known = self._remembered(relative, stamp)
        if known is not None and readable(path, root):
            return known
        fact = read_fact(path, root)
        # A file changed just now may change again without a new stamp: read it next time.
        trusted = None if is_racy(stamp, time.time_ns()) else list(stamp)
        record = {"stamp": trusted, **asdict(fact)}
        self.read[relative] = self._known[relative] = dump_json(record)
        return fact

    def _remembered(self, relative: str, stamp: Stamp) -> Fact | None:
        saved = self._known.get(relative)
        if saved is None:
            return None
        try:
            record = json.loads(saved)
            if record.pop("stamp") != list(stamp):
                return None
            return Fact(**record)
        except (KeyError, TypeError, ValueError):
            return None

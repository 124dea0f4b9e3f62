"""Term history: every URL each tag's and region's page has had (the `terms` of content/.urls.json).

A term's page lives at a slug of its name (urls.term_slug), so its URL moves only when the
way names become slugs changes: "C++" was /tags/c/ and is /tags/c-plus-plus/. The history
keeps, per page path, the name it was published under, its earlier paths (redirected like a
story's: site/redirects.py) and the path its feed was first published at, whose URL stays
the feed's Atom <id> (feed readers know a feed by it). How entries move from build to build
is site/term_urls.py; this module reads and writes them, with the same checks as stories'.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.errors import DigestError, clip
from digest.paths import CACHE_DIR, INDEX_FILE, SITE_DIR
from digest.tree import real_folder
from digest.urls import PLAIN_PAGE, page_path_problem


class TermHistoryError(DigestError):
    """The `terms` of content/.urls.json are not a term history."""


@dataclass(frozen=True, slots=True)
class TermUrls:
    """What the history keeps of one tag's or region's page, known by its path now."""

    name: str  # the name the page was last published under (its most used spelling)
    old: tuple[str, ...] = ()  # every earlier path of the page, sorted
    first: str = ""  # the path whose feed URL is the feed's <id>; "" for the page's own
    gone: bool = False  # no story names it now: its URLs are dead (as a deleted story's)


def terms_record(terms: Mapping[str, TermUrls]) -> dict[str, dict[str, Any]]:
    """Return *terms* as the history file's JSON value, sorted by path."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(terms):
        entry = terms[path]
        record: dict[str, Any] = {"name": entry.name}
        if entry.old:
            record["old"] = list(entry.old)
        if entry.first:
            record["first"] = entry.first
        if entry.gone:
            record["gone"] = True
        found[path] = record
    return found


def read_terms(path: Path, data: object) -> dict[str, TermUrls]:
    """Return the term entries of *data* (the file's `terms`); raise TermHistoryError if broken."""
    if not isinstance(data, dict):
        raise TermHistoryError(f"{path}: terms: expected a mapping of page paths")
    found: dict[str, TermUrls] = {}
    plain = PLAIN_PAGE.match
    for key, value in data.items():
        # What nearly every entry is, a page that never moved ({"name": "Iran"}), checked
        # in one expression: a big site's history holds thousands, read by every build.
        if type(value) is dict and len(value) == 1 and type(key) is str and plain(key):
            name = value.get("name")
            if type(name) is str and name:
                found[key] = TermUrls(name)
                continue
        found[_page(path, f"terms.{clip(key, bare=True)}", key)] = _entry(path, key, value)
    return found


def _entry(path: Path, key: str, value: object) -> TermUrls:
    where = f"terms.{clip(key, bare=True)}"
    if not isinstance(value, dict):
        raise TermHistoryError(f"{path}: {where}: expected a mapping")
    name, old = value.get("name"), value.get("old", [])
    first, gone = value.get("first", ""), value.get("gone", False)
    if not isinstance(name, str) or not name:
        raise TermHistoryError(f"{path}: {where}.name: expected the name of a tag or region")
    if not isinstance(old, list):
        raise TermHistoryError(f"{path}: {where}.old: expected a list of site paths")
    if not isinstance(gone, bool):
        raise TermHistoryError(f"{path}: {where}.gone: expected true or false")
    earlier = tuple(sorted(_page(path, f"{where}.old[{n}]", item) for n, item in enumerate(old)))
    origin = _page(path, f"{where}.first", first) if first else ""
    return TermUrls(name, earlier, origin, gone)


def _page(path: Path, where: str, item: object) -> str:
    if isinstance(item, str) and PLAIN_PAGE.match(item):
        return item  # what `page_path_problem` takes ("tags/iran/"), in one regex match
    problem = page_path_problem(item)
    if problem is not None:
        raise TermHistoryError(f"{path}: {where}: {clip(item)}: {problem}")
    return str(item)


def published_pages(project: Path) -> frozenset[str] | None:
    """Return the pages two folders deep ("tags/c-plus-plus/") of the last site; None when
    there is no site to read (no site/, and no spare in the build cache: a fresh clone).

    What a version 1 history, which kept no term page, is converted by: the pages the site
    had are the term pages' paths then, whatever the slugs of the digest that built it
    were. Folders and files are read where they stand, never through a link.
    """
    from digest.store.staging import SPARE  # only for a version 1 file: read once, ever

    for folder in (project / SITE_DIR, project / CACHE_DIR / SPARE):
        if real_folder(folder) is not None:
            return frozenset(_pages_in(folder))
    return None


def _pages_in(folder: Path) -> list[str]:
    found: list[str] = []
    for top in _folders(folder):
        for page in _folders(folder / top):
            try:
                index = os.lstat(folder / top / page / INDEX_FILE)
            except OSError:
                continue
            if stat.S_ISREG(index.st_mode):
                found.append(f"{top}/{page}/")
    return found


def _folders(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []

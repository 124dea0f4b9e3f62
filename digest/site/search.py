"""Search: story pages -> a Pagefind search index in shards, each built once per content.

Pagefind reads HTML pages (story pages carry data-pagefind-body) and writes an index. It
cannot update an index, and indexing costs about two milliseconds a story, so the index is
split into shards by calendar period (`shard_plan.plan_shards`: a sparse decade, year,
half-year or quarter is one shard, else months; a busy month is split further, by days): a
build runs Pagefind only for shards whose pages changed, several at a time, and
takes every other shard from the build cache, where each is kept under a hash of the pages
it indexes. The newest shard is the primary index at pagefind/ (with Pagefind's scripts);
the others live in pagefind/shards/<name>/ and are listed in pagefind/shards.json, which the
search page merges into the primary with Pagefind's mergeIndex.

Shards depend only on the pages, so a build from a cache writes the same index as a build
from nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest.errors import DigestError
from digest.paths import (
    SEARCH_DIR,
)

SHARDS_DIR = "shards"
SHARD_LIST = "shards.json"
_INDEX_PARTS = ("index", "fragment", "filter")
MANIFEST = "digest-manifest.json"  # what a cached shard index holds, with digests
INPUT_PREFIX = "input-"  # a build's folder of parts in the search cache (`SearchInput`)


class SearchIndexError(DigestError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True, slots=True)
class Shard:
    """A part of the search index: a name and the pages (files of the site) it indexes."""

    name: str
    pages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShardIndex:
    """A shard's Pagefind output in the cache: its folder and each file's digest."""

    shard: Shard
    folder: Path
    files: Mapping[str, str]


_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_FINGERPRINT = re.compile(rb"(/assets/[^\"'>\s]*?)\.[0-9a-f]{10}(\.[A-Za-z0-9]+)")


_BODY = re.compile(rb"<(\w+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_TAG = re.compile(rb"<[^>]*>")
# Text outside the tags: the first character after a tag's end that is neither white space
# nor another tag (found near the start of any story, where removing every tag scans it all).
_TEXT = re.compile(rb">\s*[^<\s]")
_TITLE = re.compile(rb"<(\w+)\b[^>]*\sdata-pagefind-meta=\"title\"[^>]*>(.*?)</\1\s*>", re.DOTALL)


# Pagefind names index files after the page's <html lang>: "../../x" would put them outside
# its output folder, and a theme may come from anyone. A tag that is no language tag (BCP
# 47's shape, at most 35 characters) is left empty, which Pagefind indexes as "unknown".
_HTML_LANG = re.compile(rb"<html\b[^>]*?\slang\s*=\s*([\"']?)([^\"'\s>]*)\1", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(rb"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,5}")


def safe_language(page: bytes) -> bytes:
    """Return *page* with an <html lang> that is no language tag made empty."""
    found = _HTML_LANG.search(page, 0, 4096)
    if found is None or (len(found[2]) <= 35 and _LANGUAGE_TAG.fullmatch(found[2])):
        return page
    return page[: found.start(2)] + page[found.end(2) :]


_BODY_LANG = re.compile(rb"\slang\s*=\s*([\"']?)([^\"'\s>]*)\1", re.IGNORECASE)


def _told_language(page: bytes, body: re.Match[bytes] | None) -> bytes:
    """Return *page* with its <html lang> made its data-pagefind-body element's `lang`, when
    that element has one: a story in another language than the site's says so on its
    <article> (the page's labels and links keep the site's), and Pagefind indexes a page in
    the language of its <html lang> alone: it splits Chinese and Japanese text into words
    only for a page in those languages, and stems each language's words its own way."""
    if body is None:
        return page
    told = _BODY_LANG.search(body.group(0))
    html = _HTML_LANG.search(page, 0, 4096)
    if told is None or html is None or told[2] == html[2]:
        return page
    if not (len(told[2]) <= 35 and _LANGUAGE_TAG.fullmatch(told[2])):
        return page
    return page[: html.start(2)] + told[2] + page[html.end(2) :]


def indexed_part(page: bytes) -> bytes:
    """Return what Pagefind reads of *page*: its head and its data-pagefind-body element,
    in the body element's language (`_told_language`).

    With a data-pagefind-body element on the page, Pagefind indexes only that element (and
    reads the head); so the related stories, the masthead and the footer of a story page are
    left out, and Pagefind is given this part alone, with the data-pagefind-meta elements
    before the body (it reads those anywhere). A page with other data-pagefind attributes
    outside the body, or several body elements, or none, is given whole: nothing is guessed.
    """
    page = safe_language(page)
    found = _first(_BODY, page, b"data-pagefind-body", 0, len(page))
    told = _told_language(page, found)
    if told is not page:  # the body element moved with the <html lang>'s length
        page = told
        found = _first(_BODY, page, b"data-pagefind-body", 0, len(page))
    head = _HEAD_END.search(page)
    if found is None or head is None or head.end() > found.start():
        return page
    end = _element_end(page, found.group(1), found.end())
    if end is None:
        return page
    kept = _meta_elements(page, head.end(), found.start())
    if kept is None or b"data-pagefind" in page[end:]:
        return page
    metas = b"\n".join(kept)
    body = page[found.start() : end]
    if _TEXT.search(page, found.end() - 1, end) is None:  # the body element holds no text
        body = _titled(page, found, end, head.end())
    return b"%s\n<body>\n%s\n%s\n</body>\n</html>\n" % (_read_head(page, head), metas, body)


_HEAD_START = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_TITLE_END = re.compile(rb"</title\s*>", re.IGNORECASE)
_TITLE_TAG = re.compile(rb"</?title\b", re.IGNORECASE)
# What makes a "</title>" after it no end of a title: a comment, an element of raw text.
_NOT_MARKUP = re.compile(
    rb"<!--|<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|template"
    rb"|plaintext)\b",
    re.IGNORECASE,
)
_PAGEFIND_NAME = re.compile(rb"data-pagefind", re.IGNORECASE)


def _read_head(page: bytes, end: re.Match[bytes]) -> bytes:
    """Return *page* up to its head's end (*end*, the </head> tag), less what Pagefind does
    not read there.

    Pagefind indexes no text of the head; it reads there the <html lang>, the first <title>
    (the page's title when neither an h1 nor data-pagefind-meta gives one) and data-pagefind
    attributes. So the head is cut after its <title> (after its start tag, with none), and
    its metadata, links and JSON-LD (a third of a story page's indexed part) are left out,
    when what is cut holds no data-pagefind attribute and nothing before the cut could make
    the </title> text (a comment, a script...): else the head is given whole. Pagefind
    writes the same index either way (tests/test_search_part.py), for less work: ~2.6 %
    of its instructions on a month of the bench's story pages."""
    start = _HEAD_START.search(page, 0, end.start())
    if start is None:
        return page[: end.end()]
    cut = start.end()
    opened = _NOT_MARKUP.search(page, cut, end.start())
    if opened is not None and opened.group(0).lower() == b"<title":
        title = _TITLE_END.search(page, opened.end(), end.start())
        if title is None or _NOT_MARKUP.search(page, opened.end(), title.start()):
            return page[: end.end()]
        cut = title.end()
    elif _TITLE_TAG.search(page, cut, end.start()) is not None:  # a title hidden, or unclosed
        return page[: end.end()]
    if _PAGEFIND_NAME.search(page, cut, end.start()) is not None:
        return page[: end.end()]
    return page[:cut] + b"\n" + page[end.start() : end.end()]


def _titled(page: bytes, body: re.Match[bytes], end: int, start: int) -> bytes:
    """Return the body element ending at *end*, empty of text, with the page's title (the
    element marked data-pagefind-meta="title") as its text: Pagefind skips a page with
    nothing to index, and fails on a shard of such pages (a month whose one story is a
    title alone). The page keeps its empty body; its search entry is found by its title."""
    title = _TITLE.search(page, start, body.start())
    if title is None:
        return page[body.start() : end]
    words = _TAG.sub(b"", title.group(2)).strip() or b"-"
    return page[body.start() : body.end()] + b"<p>%s</p>" % words + page[body.end() : end]


def _meta_elements(page: bytes, start: int, stop: int) -> list[bytes] | None:
    """Return the whole elements between *start* and *stop* that carry data-pagefind-meta
    (Pagefind reads them anywhere on the page); None when another data-pagefind attribute
    is there, or an element cannot be delimited: then the page is given whole."""
    kept: list[bytes] = []
    position = start
    while (tag := _first(_ATTRIBUTED, page, b"data-pagefind-", position, stop)) is not None:
        if not re.search(rb"\sdata-pagefind-meta=", tag.group(0)) or re.search(
            rb"\sdata-pagefind-(?!meta=)", tag.group(0)
        ):
            return None
        end = _element_end(page, tag.group(1), tag.end())
        if end is None or end > stop:
            return None
        kept.append(page[tag.start() : end])
        position = end  # the next element starts after this one
    return kept


def _first(
    tag: re.Pattern[bytes], page: bytes, marker: bytes, start: int, stop: int
) -> re.Match[bytes] | None:
    """Return ``tag.search(page, start, stop)``, where every match of *tag* holds *marker*
    inside one tag (no ">" before it): the search starts just after the last ">" before the
    marker's first place, as no match can start earlier; the pages are scanned at C speed."""
    found = page.find(marker, start, stop)
    if found < 0:
        return None
    return tag.search(page, max(start, page.rfind(b">", start, found) + 1), stop)


_ATTRIBUTED = re.compile(rb"<([A-Za-z][A-Za-z0-9]*)\b[^>]*\sdata-pagefind-[^>]*>")


@functools.lru_cache(maxsize=64)
def _tags_named(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"\b[^>]*>", re.IGNORECASE)


def _element_end(page: bytes, name: bytes, start: int) -> int | None:
    """Return where the element opened just before *start* closes (nesting counted)."""
    tags = _tags_named(name)
    depth = 1
    for tag in tags.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


def search_digest(page: bytes) -> str:
    """Return a digest of what Pagefind reads of *page* (`indexed_part`).

    Pagefind reads the text, attributes and metadata of a page, never the address of a
    stylesheet or icon in a <link> element; so fingerprints there are left out, and a CSS
    edit (which renames style.<hash>.css on every page) re-indexes nothing. Nor does it read
    what lies outside the data-pagefind-body element: a base.html edit there, or a story's
    related stories, re-index nothing.
    """
    return part_digest(indexed_part(page))


def part_digest(part: bytes) -> str:
    """Return `search_digest` of the page whose `indexed_part` is *part*."""

    def plain(link: re.Match[bytes]) -> bytes:
        tag = link.group(0)
        if b"data-pagefind" in tag:
            return tag
        return _FINGERPRINT.sub(rb"\1\2", tag)

    return hashlib.blake2b(_LINK.sub(plain, part), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class SearchInput:
    """Where render workers put what Pagefind reads of the story pages they render.

    Each part waits at <root>/<shard name>/<hash of the page's path> until its shard's Pagefind run
    moves it into the run's folder (pagefind.py), in the shard's page order: Pagefind's
    output follows the order in which the folder's files were made.
    """

    root: Path
    shard_of: Mapping[str, str]  # story page -> the name of its shard
    # The shards' folders made by this process: a worker writes 2 000 parts into 24.
    made: set[str] = field(default_factory=set, compare=False)

    def write(self, page: str, part: bytes) -> None:
        """Write the indexed part of *page*, when it belongs to a shard."""
        target = self._held(page)
        if target is None:
            return
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        try:
            with open(target, "wb") as handle:
                handle.write(part)
        except OSError as error:  # a full disk names no file by itself: name it
            raise OSError(error.errno, error.strerror, target) from error

    def move(self, page: str, target: str) -> bool:
        """Move the part written of *page* to *target*; False when none was written."""
        held = self._held(page)
        if held is None:
            return False
        try:
            os.rename(held, target)
        except FileNotFoundError:
            return False
        return True

    def _held(self, page: str) -> str | None:
        shard = self.shard_of.get(page)
        if shard is None:
            return None
        # A name of its own, never the page's path flattened: a page's path may be near the
        # longest a file name can be, and its flattened form longer.
        name = hashlib.blake2b(page.encode(), digest_size=16).hexdigest()
        return os.path.join(self.root, shard, name)


def layout(indexes: Sequence[ShardIndex]) -> dict[str, tuple[str, str]]:
    """Return the search files of the site: path in site/ -> (file in the cache, digest).

    The newest shard is the primary index at pagefind/, with Pagefind's scripts; every
    other shard's index files go to pagefind/shards/<name>/, listed in shards.json.
    """
    files: dict[str, tuple[str, str]] = {}
    if not indexes:
        return files
    *others, primary = indexes
    files.update(shard_layout(primary, primary=True))
    for index in others:
        files.update(shard_layout(index, primary=False))
    return files


def shard_layout(index: ShardIndex, *, primary: bool) -> dict[str, tuple[str, str]]:
    """Return the search files of the site that one shard's index gives (see `layout`)."""
    folder = f"{index.folder}/"
    if primary:
        return {
            f"{SEARCH_DIR}/{name}": (folder + name, digest)
            for name, digest in index.files.items()
            if name != MANIFEST
        }
    files: dict[str, tuple[str, str]] = {}
    prefix = f"{SEARCH_DIR}/{SHARDS_DIR}/{index.shard.name}/"
    for name, digest in index.files.items():
        top = name.split("/", 1)[0]
        if top in _INDEX_PARTS or top == "pagefind-entry.json" or top.endswith(".pf_meta"):
            files[prefix + name] = (folder + name, digest)
    return files


def folder_holding(indexes: Sequence[ShardIndex], file: Path) -> Path:
    """Return the folder of the cached shard index that *file* belongs to."""
    return next(index.folder for index in indexes if file.is_relative_to(index.folder))


# Pagefind's index of each language a bundle holds: pagefind.<language>_<hash>.pf_meta.
_LANGUAGE_META = re.compile(r"pagefind\.(.+)_[0-9a-f]+\.pf_meta")
# Languages written without spaces between words: Pagefind splits a query into words (with
# the browser's Intl.Segmenter) only when it searches an index of one of these.
_UNSPACED = frozenset({"zh", "ja", "th"})


def index_languages(index: ShardIndex) -> list[str]:
    """Return the languages a shard's index holds pages of, as Pagefind names them."""
    found = (_LANGUAGE_META.fullmatch(name) for name in index.files if "/" not in name)
    return sorted({match[1] for match in found if match is not None})


def shard_list(indexes: Sequence[ShardIndex]) -> bytes:
    """Return pagefind/shards.json: the folders (relative to pagefind/) to merge, and the
    languages each bundle holds ("" the primary), when there is more than one or its one is
    written without spaces: Pagefind builds an index per language (by each page's
    <html lang>) and searches one; the search page merges in the others (search.js)."""
    names = [f"{SHARDS_DIR}/{index.shard.name}/" for index in indexes[:-1]]
    listing: dict[str, object] = {"shards": names}
    languages = {
        name: index_languages(index)
        for name, index in zip([*names, ""] if indexes else [], indexes, strict=True)
    }
    every = {language for held in languages.values() for language in held}
    if len(every) > 1 or any(language.split("-")[0] in _UNSPACED for language in every):
        listing["languages"] = languages
    return (json.dumps(listing, indent=1) + "\n").encode("utf-8")

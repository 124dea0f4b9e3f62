"""Link check: every internal href/src of the rendered site must name a file of the site.

Runs on the rendered files in memory, before anything is written, so a broken
link fails the build and leaves the previous site/ in place. A link to an old URL (a
redirect, site/redirects.py) is followed within the site: it is broken when the redirects
go round in a loop or lead to no file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digest.errors import DigestError
from digest.urls import UrlScheme, output_file

_ATTRIBUTE = re.compile(rb"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_LOC = re.compile(rb"<loc>([^<]*)</loc>")
_ID = re.compile(rb"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CHECKED_SUFFIXES = (".html", ".xml")
# A path from the site's root with nothing urlsplit reads (no scheme, host, query or
# fragment) and nothing to unquote: most links a page holds (teasers' stories, terms).
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~/-]*")
# The same after the site's own base_url: a page's canonical address, once a page.
_PLAIN_REST = re.compile(r"[A-Za-z0-9._~/-]*")
_PLAIN_REST_BYTES = re.compile(rb"[A-Za-z0-9._~/-]*")
_ENTITIES = {"&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">"}


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link on *page* (its path in site/) that resolves to no file."""

    page: str
    link: str
    reason: str
    source: str | None = None  # the story file (and line) that wrote it, for a story page
    also: int = 0  # other files with the same broken link (feeds, lists showing the story)

    def __str__(self) -> str:
        if self.source is None:
            return f"{self.page}: broken link {self.link!r} ({self.reason})"
        others = f" and {self.also} other file(s)" if self.also else ""
        return f"{self.source}: broken link {self.link!r} ({self.reason}), on {self.page}{others}"


class BrokenLinksError(DigestError):
    """The built site links to files it does not have."""

    def __init__(self, broken: list[BrokenLink]) -> None:
        self.broken = broken
        lines = [str(link) for link in broken[:50]]
        if len(broken) > 50:
            lines.append(f"... and {len(broken) - 50} more")
        super().__init__(f"{len(broken)} broken link(s) in the built site:\n" + "\n".join(lines))


def broken_links(
    files: Mapping[str, bytes],
    urls: UrlScheme,
    extra: Collection[str] = (),
    redirects: Mapping[str, str] | None = None,
) -> list[BrokenLink]:
    """Return every internal link in the HTML and XML of *files* that names no file.

    *extra* lists files that exist in the site without being in *files*; *redirects* maps
    the file of each old URL to the site path it leads to.
    """
    checker = LinkChecker(urls, set(files) | set(extra), redirects)
    broken: list[BrokenLink] = []
    for page, data in files.items():
        broken.extend(checker.check(page, data))
    return broken


class LinkChecker:
    """Checks pages against the site's set of files, resolving each distinct link once.

    Most links (navigation, assets, stories in lists) repeat on many pages, so a verdict is
    kept per link text and folder; a page costs one regular-expression scan.
    """

    def __init__(
        self,
        urls: UrlScheme,
        existing: Collection[str],
        redirects: Mapping[str, str] | None = None,
    ) -> None:
        self.urls = urls
        self.existing = existing
        self.redirects = redirects or {}
        self._verdicts: dict[tuple[bytes, str], str | None] = {}
        # Links found whole (absolute) and not broken: most of every page (its navigation,
        # assets, the stories its teasers name), passed over by a set lookup each.
        self._sound: set[bytes] = set()
        self._own = urls.base_url.encode("utf-8")

    def check(self, page: str, data: bytes) -> list[BrokenLink]:
        """Return the broken links of one file of the site (none unless HTML or XML)."""
        if not page.endswith(_CHECKED_SUFFIXES):
            return []
        broken: list[BrokenLink] = []
        ids: set[str] | None = None
        folder = posixpath.dirname(page)
        links = _attribute_links(data) + (_LOC.findall(data) if page.endswith(".xml") else [])
        sound = self._sound
        for raw in [raw for raw in links if raw not in sound]:
            if raw.startswith(b"#"):
                if b' id="' + raw[1:] + b'"' in data:
                    continue  # the usual case (a skip link), found without scanning every id
                link = _unescape(raw.decode("utf-8", "replace"))
                if ids is None:
                    ids = {(a or b).decode("utf-8", "replace") for a, b in _ID.findall(data)}
                if link[1:] and unquote(link[1:]) not in ids:
                    broken.append(BrokenLink(page, link, "no element has this id"))
                continue
            if raw.startswith(self._own) and _PLAIN_REST_BYTES.fullmatch(raw, len(self._own)):
                # A plain address of the site's own, once a file (a page's canonical link;
                # the sitemap's every page, 133 666 at 100 000 stories): what `_problem` and
                # `follow` answer for a file of the site no redirect leaves, with one lookup
                # and nothing kept. Any other answer is theirs to give, below.
                file = output_file(raw[len(self._own) :].decode("ascii"))
                if file in self.existing and file not in self.redirects:
                    continue
            absolute = raw.startswith(b"/") or b":" in raw
            if not absolute and page.endswith(".xml"):
                # A feed's entry resolves its story's relative links (a bundle's photo.jpg)
                # against its xml:base, the story's page, where they are checked.
                continue
            key = (raw, "" if absolute else folder)
            if key not in self._verdicts:
                link = _unescape(raw.decode("utf-8", "replace"))
                found = _problem(page, link, self.urls, self.existing)
                if isinstance(found, tuple):
                    found = follow(found[0], self.existing, self.redirects)
                self._verdicts[key] = found
                if found is None and absolute:
                    sound.add(raw)
            reason = self._verdicts[key]
            if reason is not None:
                broken.append(BrokenLink(page, _unescape(raw.decode("utf-8", "replace")), reason))
        return broken


def _attribute_links(data: bytes) -> list[bytes]:
    """Return every href and src value of a page (what _ATTRIBUTE finds).

    Pages as digest writes them spell these attributes one way, ` href="..."`: read at the
    places a split of the lower-cased page finds (C speed; the regular expression is most
    of a link check). Only when every "href" and "src" of the page, in any case, is spelt
    that way is the answer taken; otherwise the regular expression reads the page.
    """
    lowered = data.lower()
    hrefs = _spelt_one_way(data, lowered, b"href")
    sources = None if hrefs is None else _spelt_one_way(data, lowered, b"src")
    if hrefs is not None and sources is not None:
        return hrefs + sources
    return [a or b for a, b in _ATTRIBUTE.findall(data)]


def _spelt_one_way(data: bytes, lowered: bytes, name: bytes) -> list[bytes] | None:
    """Return the value of each *name* in *data* (*lowered* is data.lower(), the same places)
    when every one, in any case, is ` name="value"` with no space in the value; else None."""
    marker = b" " + name + b'="'
    values = []
    parts = lowered.split(name)
    position = len(parts[0])  # where the next *name* starts
    for part in parts[1:]:
        # At position 0, start -1 reads the last byte alone: never the marker.
        if not data.startswith(marker, position - 1):
            return None
        start = position + len(marker) - 1
        end = data.find(b'"', start)
        value = data[start:end]
        if end < 0 or b" " in value:  # a value with a space may hold the next marker
            return None
        values.append(value)
        position += len(name) + len(part)
    return values


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def follow(file: str, existing: Collection[str], redirects: Mapping[str, str]) -> str | None:
    """Follow the redirects from *file* of the site; say why they fail, None if they lead on."""
    seen: set[str] = set()
    while file in redirects:
        if file in seen:
            return "a redirect loop"
        seen.add(file)
        target = redirects[file]
        file = output_file(target)
        if file not in existing:
            return f"redirects to /{target}, which is no page of the site"
    return None


def _problem(
    page: str, link: str, urls: UrlScheme, existing: Collection[str]
) -> str | tuple[str] | None:
    """Return why *link* on *page* is broken, None if not internal, or (the file it names,)."""
    if _PLAIN_PATH.fullmatch(link):  # what urlsplit and unquote would leave as it is
        if not link.startswith(urls.base_path):
            return f"outside the site's base path {urls.base_path}"
        return _named(link[len(urls.base_path) :], existing)
    base = urls.base_url
    if link.startswith(base) and _PLAIN_REST.fullmatch(link, len(base)):
        return _named(link[len(base) :], existing)  # as below: no query, fragment or escape
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        if not link.startswith(urls.base_url):
            return None  # another site, mailto:, data: ...
        path = link[len(urls.base_url) :].split("#")[0].split("?")[0]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(urls.base_path):
            return f"outside the site's base path {urls.base_path}"
        path = parts.path[len(urls.base_path) :]
    else:
        folder = posixpath.dirname(page)
        joined = posixpath.normpath(posixpath.join(folder, parts.path)) if parts.path else page
        if joined.startswith("../") or joined == "..":
            return "points above the site's root"
        path = "" if joined == "." else joined
        if parts.path.endswith("/") and path:
            path += "/"
    return _named(unquote(path), existing)


def _named(path: str, existing: Collection[str]) -> tuple[str] | str:
    """Return (the file of the site that *path* names,), or why there is none."""
    for file in (output_file(path), path):
        if file in existing:
            return (file,)
    if not path.endswith("/") and output_file(path + "/") in existing:
        return (output_file(path + "/"),)
    return "no such file in the site"


def told_by_stories(
    broken: Sequence[BrokenLink], sources: Mapping[str, str], project: Path
) -> list[BrokenLink]:
    """Return *broken* as the editor fixes it: a story page's link named by the story file
    and the line that holds it (*sources*: story page -> its file, from the project), and
    told once, with the number of other files that repeat it (the feeds carry the story's
    text too: one mistake was counted as two problems)."""
    told: dict[str, BrokenLink] = {}
    for link in broken:
        source = sources.get(link.page)
        if source is not None and link.link not in told:
            # Only a link the story's file holds is the story's: one the theme puts on every
            # page is told by page, as before.
            line = _line_holding(project / source, link.link)
            if line is not None:
                told[link.link] = replace(link, source=f"{source}:{line}")
    found: list[BrokenLink] = []
    for link in broken:
        first = told.get(link.link)
        if first is None:
            found.append(link)
        elif first.page != link.page:
            told[link.link] = replace(first, also=first.also + 1)
    return sorted([*found, *told.values()], key=lambda link: (link.page, link.link))


def _line_holding(path: Path, link: str) -> int | None:
    """Return the first line of *path* holding *link*, or its last part (a link written
    from the site's root is published under base_url's path); None when none does."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    last = link.rstrip("/").rsplit("/", 1)[-1]
    for wanted in (link, f"/{last}", f"({last}", f'"{last}'):
        for number, line in enumerate(lines, start=1):
            if last and wanted in line:
                return number
    return None

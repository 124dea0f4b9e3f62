"""Feeds and crawler files: Atom feeds, sitemap.xml and robots.txt, as bytes.

Written in Python rather than templates: they are protocols, not design, and
escaping XML by hand in a template is how feeds break.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.moments import utc_text
from digest.urls import UrlScheme

# xml.sax.saxutils' escape and quoteattr, spelled out: importing that module pulls in
# urllib.request and http.client, a sixtieth of a second of every build.
_ATTRIBUTE_ENTITIES = (("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def escape(text: str) -> str:
    """Return *text* with &, < and > escaped for XML character data."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """Return *text* escaped and quoted as an XML attribute value (as saxutils does)."""
    text = escape(text)
    for char, entity in _ATTRIBUTE_ENTITIES:
        text = text.replace(char, entity)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MEDIA_NS = "http://search.yahoo.com/mrss/"  # Media RSS: the picture feed readers show
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class EntryIdentity:
    """What keeps a story the same entry to feed readers, wherever it moves (feed_ids.py)."""

    id: str  # a tag: URI made of the site's host and the story's id, never its URL
    updated: dt.datetime  # when its text last changed (timezone-aware)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One story as a feed shows it; *content_html* is the full story as HTML."""

    title: str
    path: str
    identity: EntryIdentity
    published: dt.datetime  # timezone-aware: when the story happened
    summary: str
    content_html: str
    categories: tuple[str, ...]
    image: FeedImage | None = None
    language: str | None = None  # a story's not in the site's language (`xml:lang`)


@dataclass(frozen=True, slots=True)
class FeedImage:
    """A story's picture as a feed gives it: an absolute URL and its size."""

    url: str
    media_type: str
    width: int
    height: int
    alt: str

    @property
    def html(self) -> str:
        """Return the picture as the first thing of the entry's content."""
        return (
            f"<p><img src={quoteattr(self.url)} alt={quoteattr(self.alt)}"
            f' width="{self.width}" height="{self.height}"></p>'
        )

    def elements(self) -> str:
        """Return the entry's enclosure link and Media RSS element (feed readers use either)."""
        url, kind = quoteattr(self.url), quoteattr(self.media_type)
        return (
            f'<link rel="enclosure" type={kind} href={url}/>'
            f'<media:content xmlns:media="{MEDIA_NS}" url={url} medium="image" type={kind}'
            f' width="{self.width}" height="{self.height}"/>'
        )


@dataclass(frozen=True, slots=True)
class Feed:
    """An Atom feed of the list at *page_path*, served at *path*."""

    title: str
    subtitle: str
    path: str
    page_path: str
    language: str
    author: str
    # The path whose URL is the feed's <id> when not its own: a moved tag's or region's feed
    # keeps the id it was first published with (site/term_urls.py).
    id_path: str = ""


def story_time(date: dt.date, moment: dt.datetime | None) -> dt.datetime:
    """Return when a story happened, timezone-aware (midnight UTC when only the day is known)."""
    if moment is None:
        return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def published_time(date: dt.date, moment: dt.datetime | None, printed: object) -> dt.datetime:
    """Return when a story was published as a feed says it: the time its page printed
    (*printed*, the `published` key) when that is on its day or the next or last (the day is
    the site zone's), else `story_time`: an editor who moved the date moved the story."""
    if (
        isinstance(printed, dt.datetime)
        and printed.tzinfo is not None
        and abs(printed.date() - date) <= dt.timedelta(days=1)
    ):
        return printed
    return story_time(date, moment)


def entry_updated(identity: EntryIdentity, published: dt.datetime) -> dt.datetime:
    """Return an entry's <updated>: when its text last changed, but never earlier on the
    day it was published than the hour it was. The URL history first records a story at its
    day's start (it knows no hour), and a page that printed 18:00 read as updated at
    midnight, before it was published (RFC 4287); readers sorting by <updated> showed it
    then. A story the editor moved to another day keeps its time: a move is no update."""
    updated = identity.updated
    if updated < published and updated.date() == published.astimezone(dt.UTC).date():
        return published
    return updated


def render_entry(entry: FeedEntry, urls: UrlScheme) -> str:
    """Return one <entry> element; rendered once per story and shared by every feed it is in."""
    link = urls.absolute(entry.path)
    categories = "".join(f"<category term={quoteattr(name)}/>" for name in entry.categories)
    language = "" if entry.language is None else f" xml:lang={quoteattr(entry.language)}"
    return (
        f"<entry{language}>"
        f"<title>{escape(entry.title)}</title>"
        f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>'
        f"<id>{escape(entry.identity.id)}</id>"
        f"<published>{utc_text(entry.published)}</published>"
        f"<updated>{utc_text(entry_updated(entry.identity, entry.published))}</updated>"
        f"{categories}"
        f"{'' if entry.image is None else entry.image.elements()}"
        f"<summary>{escape(entry.summary)}</summary>"
        f'<content type="html" xml:base={quoteattr(link)}>{escape(entry.content_html)}</content>'
        "</entry>\n"
    )


def render_feed(
    feed: Feed,
    entries: Sequence[tuple[dt.datetime, str]],
    urls: UrlScheme,
    updated: dt.datetime | None,
    changed: Iterable[dt.datetime] = (),
) -> bytes:
    """Return an Atom feed of pre-rendered *entries* (newest first, with their times).

    *updated* is the feed's own time (SOURCE_DATE_EPOCH); without it, the newest
    entry's time keeps the output the same for the same input. Either way it is never
    before the latest of *changed* (each entry's <updated>): the feed changed then.
    """
    if updated is None:
        updated = max((moment for moment, _ in entries), default=EPOCH)
    updated = max([updated, *changed])
    self_link = quoteattr(urls.absolute(feed.path))
    page_link = quoteattr(urls.absolute(feed.page_path))
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="{ATOM_NS}" xml:lang={quoteattr(feed.language)}>\n'
        f"<title>{escape(feed.title)}</title>\n"
        f"<subtitle>{escape(feed.subtitle)}</subtitle>\n"
        f'<link rel="self" type="application/atom+xml" href={self_link}/>\n'
        f'<link rel="alternate" type="text/html" href={page_link}/>\n'
        f"<id>{escape(urls.absolute(feed.id_path or feed.path))}</id>\n"
        f"<updated>{utc_text(updated)}</updated>\n"
        f"<author><name>{escape(feed.author)}</name></author>\n"
        "<generator>digest</generator>\n"
    )
    body = "".join(entry for _, entry in entries)
    return (head + body + "</feed>\n").encode("utf-8")


def render_sitemap(pages: Iterable[tuple[str, dt.date | None]], urls: UrlScheme) -> bytes:
    """Return sitemap.xml listing *pages* (path, last change) by absolute URL."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for path, changed in pages:
        lastmod = f"<lastmod>{changed.isoformat()}</lastmod>" if changed else ""
        lines.append(f"<url><loc>{escape(urls.absolute(path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(urls: UrlScheme) -> bytes:
    """Return robots.txt: everything may be crawled; here is the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(urls.sitemap())}\n".encode()

"""What a saved page's markup says of itself: its headline, and whether it is an article at all.

A home page, a section front or a search result is a list of other pages' headlines, each a
link, with little running text of its own: extraction still finds "something" there, so the
page is judged by that shape (and by its own `og:type` and address) before it becomes a story.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from digest.ingest.chrome import date_line, unspaced
from digest.ingest.date_lines import signed_publication
from digest.ingest.printed_dates import iso_moment, read_printed
from digest.ingest.scripts import southeast_words
from digest.models import Block

_MIN_WORDS = 50  # an article has at least a few sentences of its own
_MIN_CHARACTERS = 300
# ... or, on a page that says it is an article and when it was published, a brief's.
_BRIEF_WORDS = 15
_BRIEF_CHARACTERS = 60  # (Chinese and Japanese: characters, not words)
# Chinese and Japanese are written without spaces: a word is about this many characters, as
# chrome.is_sentence counts them (an NHK brief of 180 characters is some 90 words).
_CHARS_PER_WORD = 2
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022:/-]{1,2}\s+|\s+::\s+")
_LISTING_PATHS = re.compile(r"(^|/)(search|tag|tags|category|categories|topics?|section)(/|$)")
_TEASER_LINKS = 8  # headline links on a page that lists other pages
_LONG_PARAGRAPH = 25  # words of a paragraph of running text


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_of(document: Any, headlines: list[str]) -> str:
    """Return the page's headline: its `<h1>` (the one its title holds when there are
    several), else its title without the site's name ("Story - Site", "Site | Story")."""
    title = " ".join((getattr(document, "title", None) or "").split())
    site = _norm(getattr(document, "sitename", None) or "")
    wanted = _norm(title)
    shown = [h for h in dict.fromkeys(headlines) if len(_norm(h)) >= 8]
    shown = [h for h in shown if not site or _norm(h) not in site]  # a logo in an <h1>
    held = [h for h in shown if _norm(h) in wanted]
    if held:
        return max(held, key=len)
    if len(shown) == 1:
        return shown[0]
    words = set(wanted.split())
    shared = [(len(words & set(_norm(h).split())) / len(_norm(h).split()), h) for h in shown]
    best = max(shared, default=(0.0, ""))
    if best[0] >= 0.5:
        return best[1]
    parts = [part for part in _SEPARATORS.split(title) if part.strip()]
    if len(parts) > 1:
        kept = [p for p in parts if _norm(p) != site and not (site and _norm(p) in site)]
        if kept and len(kept) < len(parts):
            return max(kept, key=len).strip()
    return title


def line_words(line: str) -> int:
    """Return a line's words; in a script written without spaces, its characters a word."""
    count = len(line.split())
    if unspaced(line):
        return max(count, len(line) // _CHARS_PER_WORD)
    return max(count, southeast_words(line))  # Thai, Lao, Burmese, Khmer


def not_an_article(
    tree: Any, document: Any, blocks: list[Block], title: str, gallery: bool = False
) -> str | None:
    """Say why a saved page is not an article (a home page, a list of links); None if it is.
    A *gallery*'s captions are its story however short (saved_gallery)."""
    text = [line for block in blocks for line in block.lines]
    words = sum(map(line_words, text))
    characters = sum(map(len, text))
    # og:type "article", "newsarticle", "blogposting": the page says it is one.
    told = (getattr(document, "pagetype", None) or "").casefold()
    kind = "article" if "article" in told or "posting" in told else told
    short = words < _MIN_WORDS and characters < _MIN_CHARACTERS
    if not title or (short and not gallery and not _brief(tree, kind, words, characters)):
        return f"not an article page (no story text found: {words} words)"
    url = getattr(document, "url", None) or ""
    path = urlsplit(url).path.strip("/")
    if url and not path and kind != "article":
        return "not an article page (a site's home page)"
    if url and _LISTING_PATHS.search(path.casefold()) and kind != "article":
        return "not an article page (a search result, tag or section page)"
    teasers = len(tree.xpath("//*[self::h2 or self::h3 or self::h4][.//a[@href]]"))
    running = sum(
        1
        for block in blocks
        if block.kind == "paragraph" and len(" ".join(block.lines).split()) >= _LONG_PARAGRAPH
    )
    if teasers >= _TEASER_LINKS and teasers > 3 * running and kind != "article":
        return (
            f"not an article page ({teasers} headlines linking elsewhere, "
            f"{running} paragraph(s) of its own)"
        )
    return None


def _brief(tree: Any, kind: str, words: int, characters: int) -> bool:
    """Tell whether a short page is a brief: an article however short when the page says so
    and when it was published, as a text copy of it is (review19 S32), with a sentence or two
    of its own. Asked of short pages only (its markup is looked up then)."""
    if words < _BRIEF_WORDS and characters < _BRIEF_CHARACTERS:
        return False
    marked = kind == "article" or len(tree.xpath("//article")) == 1
    return marked and stated_time(tree) is not None


_TIME_KEYS = (
    "article:published_time", "og:published_time", "datePublished", "pubdate",
    "publishdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "date",
)  # fmt: skip
_ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')


def stated_time(tree: Any) -> dt.datetime | None:
    """Return the publication time, with its zone, that the page's metadata states, if any
    (`article:published_time`, `datePublished` in microdata or JSON-LD), surest name first."""
    rank = {key.casefold(): number for number, key in enumerate(_TIME_KEYS)}
    found: list[tuple[int, str]] = []
    for element in tree.xpath("//meta[@content] | //*[@itemprop and @datetime]"):
        named = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if named.casefold() in rank:
            text = element.get("content") or element.get("datetime") or ""
            found.append((rank[named.casefold()], text))
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        found.extend(
            (rank["datepublished"], text) for text in _LD_PUBLISHED.findall(script.text_content())
        )
    for _, text in sorted(found, key=lambda item: item[0]):  # stable: the page's first
        text = text.strip()
        if _ISO_TIME.match(text):
            moment = iso_moment(text.replace(" ", "T"))
            if moment is not None and moment.tzinfo is not None:
                return moment
    return None


_MODIFIED_KEYS = frozenset(
    ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "modified")
)
_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{10,40})"')
# Where a page prints dates that are not its story's: its readers' comments, its menus,
# its sidebars and footer (recent posts, an archive's months).
_ELSEWHERE = re.compile(r"comment|respon|repl|sidebar|widget|related|footer|nav", re.I)
_ELSEWHERE_TAGS = frozenset(("nav", "aside", "footer", "script", "style"))
_LINE_WORDS = 20  # a publication line is short: "Posted on March 2, 2025 by Ana Ruiz"
_LOOKED_AT = 60  # elements after the headline a publication line stands among


def modified_days(tree: Any) -> set[dt.date]:
    """Return the days the page's metadata gives as its last change (`article:modified_time`,
    `dateModified`): a change's time, not the publication's (a blog's is bumped by every
    comment approved)."""
    found: set[dt.date] = set()
    texts = [
        element.get("content") or element.get("datetime") or ""
        for element in tree.xpath("//meta[@content] | //*[@itemprop and @datetime]")
        if (element.get("property") or element.get("name") or element.get("itemprop") or "")
        .casefold()
        .strip()
        in _MODIFIED_KEYS
    ]
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        texts.extend(_LD_MODIFIED.findall(script.text_content()))
    for text in texts:
        moment = iso_moment(text.strip().replace(" ", "T"))
        if moment is not None:
            found.add(moment.date())
    return found


def printed_line(tree: Any) -> str | None:
    """Return the publication line the page prints under its headline ("Posted on March 2,
    2025 by Ana Ruiz"), if any: the first that prints a publication's time, else an
    update's; never one in its comments, menus, sidebars or footer."""
    headline = next(iter(tree.xpath("//h1")), None)
    found: list[tuple[bool, str]] = []
    for count, element in enumerate(_after(headline), start=1):
        if count > _LOOKED_AT or len(found) > 1:
            break
        text = " ".join(element.text_content().split())
        if not text or len(text.split()) > _LINE_WORDS or _elsewhere(element):
            continue
        if date_line(text) or signed_publication(text) is not None:
            printed = read_printed(text)
            if printed is not None:
                found.append((printed.updated, text))
    first = next((text for updated, text in found if not updated), None)
    return first or next((text for _, text in found), None)


def _after(headline: Any) -> Any:
    """The elements after the headline in the page's order (none without a headline)."""
    if headline is None:
        return
    seen = False
    for element in headline.getroottree().iter():
        if element is headline:
            seen = True
        elif (
            seen
            and isinstance(element.tag, str)
            and element.tag not in _ELSEWHERE_TAGS
            and headline not in element.iterancestors()
        ):
            yield element


def _elsewhere(element: Any) -> bool:
    """Tell whether an element stands in comments, menus, sidebars or the footer."""
    for node in (element, *element.iterancestors()):
        if node.tag in _ELSEWHERE_TAGS:
            return True
        names = f"{node.get('id') or ''} {node.get('class') or ''}"
        if names.strip() and _ELSEWHERE.search(names):
            return True
    return False


# A standfirst stands among the first elements after the headline.
_STANDFIRST_AT = 8


def standfirst(tree: Any, description: str | None, blocks_text: set[str]) -> str | None:
    """Return the standfirst the page prints under its headline: the line there that its
    description (meta `description`, `og:description`) repeats, set apart from the story's
    text (*blocks_text*, as `_norm` keys: a description that repeats the lead is none)."""
    wanted = _norm(description or "")
    if not wanted or wanted in blocks_text:
        return None
    headline = next(iter(tree.xpath("//h1")), None)
    for count, element in enumerate(_after(headline), start=1):
        if count > _STANDFIRST_AT:
            break
        text = " ".join(element.text_content().split())
        if _norm(text) == wanted and not _elsewhere(element):
            return text
    return None


def site_name(tree: Any) -> str | None:
    """Return the name the page gives its site for readers (`og:site_name`: "El País"),
    which the metadata's publisher may give as its company's ("Ediciones EL PAÍS")."""
    for value in tree.xpath('//meta[@property="og:site_name"]/@content'):
        name = " ".join(str(value).split())
        if any(char.isalpha() for char in name):
            return name
    return None

"""Extract stage for saved web pages: a page's markup -> one story (trafilatura), or a warning.

trafilatura finds the article in the markup and reads the page's metadata (htmldate for the
publication time). Its settings here are those that score best on real article pages:
comments left out and precision favoured, with its own fallback extractors kept; a page
where that keeps next to nothing is read again favouring recall. The body comes back as a
tree of paragraphs, sub-headings, lists, quotes and tables, turned here into blocks of plain
text (export escapes it: no markup, link or script of the page reaches the site).
Nothing here touches the network: trafilatura and htmldate are handed a parsed tree, never
an address, and lxml's parser is told not to load anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from digest.ingest.chrome import date_line, shapes_for
from digest.ingest.chrome import shape as chrome_shape
from digest.ingest.date_lines import signed_publication
from digest.ingest.photos import lead_photo
from digest.ingest.printed_dates import read_printed
from digest.ingest.saved_gallery import gallery_blocks
from digest.ingest.saved_pages import SavedPage
from digest.ingest.saved_signs import (
    line_words,
    modified_days,
    not_an_article,
    printed_line,
    site_name,
    standfirst,
    stated_time,
    title_of,
)
from digest.ingest.tables import CELL
from digest.ingest.wire_marks import wire_version, without_wire_marks
from digest.models import Block, PageFacts, RawStory, Source, Told
from digest.urls import home_page, web_address

_MAX_LINE = 100_000  # as for dumps: a longer "line" is not story text
_RECALL_BELOW = 40  # words: a precise extraction this short is tried again favouring recall
_PARTICLE_LETTERS = 3  # "el", "le", "the", "du": a site's name holds its article or not


def _parse(html: str) -> Any:
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(html, parser=parser)


def _extract(html: str, precise: bool, saved: dt.datetime | None) -> Any:
    from trafilatura import bare_extraction

    # trafilatura and htmldate log what they discard; page_story says what matters.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)

    dates: dict[str, Any] = {
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        "original_date": True,
        "extensive_search": False,  # guessed from any date in the text: too often wrong
    }
    if saved is not None:
        dates["max_date"] = saved.date().isoformat()  # strftime("%Y") leaves a year < 1000 short
    return bare_extraction(
        _parse(html),
        with_metadata=True,
        include_comments=False,
        favor_precision=precise,
        favor_recall=not precise,
        include_tables=True,
        date_extraction_params=dates,
    )


def page_story(page: SavedPage, raw_dir: Path) -> tuple[RawStory | None, list[str]]:
    """Return the story of a saved page (None when it is not an article) and warnings."""
    try:
        tree = _parse(page.html)
    except Exception as error:  # lxml says what it could not parse in its own words
        return None, [f"{page.name}: not readable as HTML ({error}); skipped"]
    headlines = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    stated = stated_time(tree)
    photo, image_url, damaged = lead_photo(tree, page, raw_dir)
    document = _extract(page.html, True, page.saved)
    blocks = _blocks(document)
    gallery = gallery_blocks(tree) if _words(blocks) < _RECALL_BELOW else []
    if gallery:
        blocks += gallery  # its captions tell the story: no reading glues them together
    elif _words(blocks) < _RECALL_BELOW:
        again = _extract(page.html, False, page.saved)
        if _words(_blocks(again)) > _words(blocks):
            document, blocks = again, _blocks(again)
    title = title_of(document, headlines)
    if blocks and blocks[0].kind == "heading" and _same(blocks[0].text, title):
        blocks = blocks[1:]  # the headline, printed above the story already
    while blocks and blocks[0].kind == "paragraph" and date_line(blocks[0].text):
        blocks = blocks[1:]  # the publication line under it (the metadata's date is read)
    reason = not_an_article(tree, document, blocks, title, bool(gallery))
    if reason is not None:
        return None, [f"{page.name}: {reason}; no story"]
    line = printed_line(tree)
    published = _published(document, stated, page.saved, line, modified_days(tree))
    blocks = _without_pitches(blocks)
    keys = {_key(text) for block in blocks for text in block.lines}
    summary = standfirst(tree, getattr(document, "description", None), keys)
    outlet = _outlet(tree, document)
    told = Told(_authors(document, line, outlet), outlet, None, published, summary)
    address = web_address(getattr(document, "url", None))
    # (a page whose canonical address is its site's home page names no story's)
    facts = PageFacts(None if address is None or home_page(address) else address, photo, image_url)
    told = dataclasses.replace(told, version=wire_version(title))
    title = without_wire_marks(title)  # a syndicated wire story's "UPDATE 2-" (after _same)
    story = RawStory(Source(page.name, 1), 1, title, (), tuple(blocks), told, facts)
    return story, [note for note in (page.note, damaged) if note]


def _words(blocks: list[Block]) -> int:
    return sum(line_words(line) for block in blocks for line in block.lines)  # (Chinese too)


def _blocks(document: Any) -> list[Block]:
    body = None if document is None else getattr(document, "body", None)
    return [] if body is None else list(_blocks_of(body))


def _blocks_of(body: Any) -> Iterator[Block]:
    for element in body:
        tag = element.tag
        if tag == "head":
            text = " ".join(_text(element).split())
            if text:
                yield Block("heading", (text,))
        elif tag == "list":
            for item in element.iter("item"):
                text = " ".join(_text(item, nested=False).split())
                if text:
                    yield Block("item", (text,))
        elif tag == "table":
            yield from _table(element)
        elif tag != "graphic":
            lines = _lines(element)
            if lines:
                yield Block("quote" if tag == "quote" else "paragraph", lines)


def _table(element: Any) -> Iterator[Block]:
    """A table's rows as a table block (`tables`: cells apart by tabs), as a copied one's;
    a table of one column or one row (a layout's box) as its lines."""
    rows = [
        [" ".join(_text(cell).split()) for cell in row.iter("cell")] for row in element.iter("row")
    ]
    rows = [row for row in rows if any(row)]
    if len(rows) >= 2 and max(map(len, rows)) >= 2:
        yield Block("table", tuple(CELL.join(row) for row in rows))
        return
    for row in rows:
        yield Block("paragraph", (" | ".join(cell for cell in row if cell),))


def _text(element: Any, nested: bool = True) -> str:
    """Return the text of *element*, line breaks as newlines (*nested*: with inner lists)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif nested or child.tag not in ("list", "item"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(element: Any) -> tuple[str, ...]:
    found = (" ".join(line.split()) for line in _text(element).split("\n"))
    return tuple(line[:_MAX_LINE] for line in found if line)


def _authors(document: Any, line: str | None, outlet: str | None) -> tuple[str, ...]:
    """The writers the metadata names, else those the publication line does ("Posted on
    March 2, 2025 by Ana Ruiz"); never the *outlet* ("DER SPIEGEL" as the page's author)."""
    named = getattr(document, "author", None) or ""
    found = (" ".join(name.split()) for name in named.split(";"))
    authors = tuple(
        dict.fromkeys(n for n in found if 1 < len(n) <= 80 and not _same(n, outlet or ""))
    )
    signing = signed_publication(line) if line is not None and not authors else None
    return signing[1].names if signing is not None else authors


def _without_pitches(blocks: list[Block]) -> list[Block]:
    """Return *blocks* without the promotions that close them ("Suscríbete aquí a la
    newsletter de ... y recibe ...", "Sign up to our newsletter ..."), as a copy's are
    dropped: a paragraph of one line that the chrome's shapes call a promotion."""
    shapes = shapes_for((), ())
    while (
        len(blocks) > 1
        and blocks[-1].kind == "paragraph"
        and len(blocks[-1].lines) == 1
        and chrome_shape(blocks[-1].lines[0], shapes) == "promotion"
    ):
        blocks = blocks[:-1]
    return blocks


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _outlet(tree: Any, document: Any) -> str | None:
    """The metadata's name of the site; the name readers know it by (`og:site_name`, "El
    País") where that is all the metadata has, or where the metadata's name is it with its
    company's words around it (a publisher's "Ediciones EL PAÍS")."""
    name = " ".join((getattr(document, "sitename", None) or "").split())
    known = site_name(tree)
    if known is not None and (not name or _within(_key(known), _key(name))):
        name = known
    # "LinkNaija | Nigeria's popular news platform": the site's name, not its motto.
    name = name.split(" | ")[0].strip()
    return name[:120] or None


def _within(short: str, long: str) -> bool:
    """Tell whether the words of *short* (its particles aside: "El", "Le", "the") stand in
    *long* among more words of its own."""
    words = {word for word in short.split() if len(word) > _PARTICLE_LETTERS}
    return bool(words) and len(long.split()) > len(short.split()) and words <= set(long.split())


def _same(one: str, other: str) -> bool:
    return one.casefold().split() == other.casefold().split()


def _published(
    document: Any,
    stated: dt.datetime | None,
    saved: dt.datetime | None,
    line: str | None,
    modified: set[dt.date],
) -> str | None:
    """Return the page's publication time (with its zone) or day, never after it was saved.

    The time its metadata states, else the publication line it prints under its headline
    (as a dump's: the resolver reads it), else htmldate's (a time of 00:00 is a day without
    a time). A change is no publication: htmldate's time on the day the metadata gives as
    the page's last change is no evidence, unless the page's address prints that day
    (".../2019/11/18/..."): then the day is. A time after the page was saved is wrong, and so
    is anything else it says then.
    """
    printed = read_printed(line) if line is not None and stated is None else None
    if printed is not None and (saved is None or printed.day <= saved.date()):
        return line
    moment = stated if stated is not None else _htmldate(document)
    if moment is not None and stated is None and moment.date() in modified:
        if moment.date() not in _address_days(getattr(document, "url", None) or ""):
            return None
        moment = moment.replace(hour=0, minute=0, second=0)  # the day, not the change's time
    if moment is None:
        return None
    if saved is not None and (moment.date() if moment.tzinfo is None else moment) > (
        saved.date() if moment.tzinfo is None else saved
    ):
        return None  # a date after the page was saved is not its own
    if moment.tzinfo is None or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()


_ADDRESS_DAY = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?=[/-])")


def _address_days(address: str) -> set[dt.date]:
    """Return the days a page's address prints ("/2019/11/18/", "/2019-11-18-")."""
    found = set()
    for year, month, day in _ADDRESS_DAY.findall(address):
        try:
            found.add(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


def _htmldate(document: Any) -> dt.datetime | None:
    found = getattr(document, "date", None)
    for shape in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):  # no zone: only the day is sure
        try:
            return dt.datetime.strptime(found or "", shape)
        except ValueError:
            continue
    return None

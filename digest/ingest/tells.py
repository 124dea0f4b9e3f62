"""Tells: what a story's chrome told before it was removed, kept in front matter.

From the lines trimming dropped and from the lead, by shapes any site prints: who wrote it
("By NAME", "NAME and NAME" with a role, the outlet, a date or "in PLACE" beside it,
"Reporting by ...", "NAME, Staff"; `bylines`), the outlet ("(Reuters)" in a dateline, a
byline's outlet, "Daily News Staff", "Source: X", "Copyright 2020 X."), the dateline's place
("LONDON, March 5 (Reuters) -": the lead keeps it as printed), the publication line (with the
time a page prints on the line under its day) and the standfirst.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from digest.ingest.byline_shapes import button, dotted, known_place, labelled, under_names
from digest.ingest.bylines import (
    Signed,
    generic_source,
    masthead_name,
    names_line,
    outlet,
    outlet_name,
    person,
    role,
    signed,
)
from digest.ingest.chrome import SOURCE_LABEL, date_line, words_of
from digest.ingest.chrome_words import chrome_words
from digest.ingest.cjk_credits import lead_credit
from digest.ingest.date_lines import dated, signed_publication
from digest.ingest.dates import parse_dateline, standing_dateline
from digest.ingest.issuers import ISSUER, issuer_name
from digest.ingest.page_address import printed_address
from digest.ingest.photo_credits import over_caption
from digest.ingest.photo_lines import credit_line
from digest.ingest.pieces import Dropped, Piece
from digest.ingest.printed_dates import parse_published, read_printed
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.rights_holders import holder, undotted
from digest.ingest.tails import REPUBLISHED, republished_by
from digest.models import Told

_SOURCE = re.compile(rf"^{SOURCE_LABEL}(?P<names>.{{2,80}})$", re.IGNORECASE)
# ... and after the date on a publication line ("2026-12-05 18:32:10 \u6765\u6e90\uff1aNAME").
_SOURCE_AFTER = re.compile(rf"\s{SOURCE_LABEL}(?P<names>.{{2,80}})$", re.IGNORECASE)
_SOURCE_SPLIT = re.compile(r"\s*(?:,|;|/|\+|\u060c|\band\b|&)\s*", re.IGNORECASE)
# "Copyright 2020 NAME.", "\u00a9 2020 NAME", "Copyright \u24d2 NAME. All rights reserved."
_COPYRIGHT = re.compile(
    r"^(?:(?:copyright|[\u00a9\u24d2]|\(c\))\s*(?:[\u00a9\u24d2]\s*)?\d{4}"
    # no year: only a rights line's ("Copyright \u24d2 NAME. All rights reserved."), never a
    # photo's credit ("\u00a9 Ann Lee")
    r"(?:\s*[-\u2013]\s*\d{4})?|(?:copyright\s*)?[\u00a9\u24d2](?=.*all rights reserved))\s*,?\s*"
    r"(?P<name>[^\W\d_][^.|]{1,60}?)\s*(?:\.|\||,?\s+all rights reserved|$)",
    re.IGNORECASE,
)
# The outlet's evidence, surest first: the dateline, a credit line, "Source:", copyright.
_RANKS = ("dateline", "signed", "source", "copyright", "masthead")
# A whole page's masthead is its first line, or its second under a link to skip to the text.
_MASTHEAD_LINES = 2
_NAME_WORDS = 5
# A line of names is dropped for where it stands, or as one the dump repeats (a writer of
# several of its stories); a line dropped for its shape is a label, a button, a link's words.
_PLACED_ONLY = ("before the lead", "list of links", DUMP_REPEAT)
# Reasons a line may be dropped for that a date line has too ("Last updated: 31 December
# 2025" is a label's, "31/12/2025 23:59" a count's).
_DATE_TOO = ("label", "count")
# Past the story's last line, these end it: text that is not the story's (a comment, a
# related story's headline), a section's label ("Comments", "Related"), a list of links.
_CLOSING = ("after the story", "after the article", "label", "list of links")
# The lines that may name who issued the page: under its label, or opening with it.
_ISSUED = (ISSUER, "label", "before the lead")
# The line under a line of names that shows they are writers is a short one.
_BESIDE_WORDS = 8
_LABEL_WORDS = 3  # "Avatar for author"


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the dropped lines told so far, the outlet with the rank of its evidence."""

    authors: tuple[str, ...] = ()
    outlet: str | None = None
    rank: int = len(_RANKS)
    place: str | None = None  # where the writers filed from, printed under their names

    def named(self, names: Sequence[str]) -> _Seen:
        added = tuple(name for name in names if name not in self.authors)
        return replace(self, authors=self.authors + added)

    def outlet_by(self, name: str | None, evidence: str) -> _Seen:
        rank = _RANKS.index(evidence)
        if not name or rank >= self.rank:
            return self
        return replace(self, outlet=name.strip(" ,."), rank=rank)


def told_of(
    pieces: Sequence[Piece],
    dropped: Sequence[Dropped],
    lead: int | None,
    title: int | None,
    foot: Sequence[Dropped] = (),
) -> Told:
    """Return what the *dropped* lines of a story's *pieces* told, and its lead (an index of
    *pieces*, or None) with its dateline; a line of names counts between *title* and lead.
    The page's *foot*, past the article, tells only its outlet ("Source: ...", a rights line):
    the names there are commenters' and other stories' writers."""
    index = {piece.number: at for at, piece in enumerate(pieces)}
    lines = sorted(dropped, key=lambda drop: drop.line)
    gone = {drop.line for drop in (*lines, *foot)}
    # "Source:" is the outlet's under the story's last line; between paragraphs, a chart's.
    end = max((at for at, piece in enumerate(pieces) if piece.number not in gone), default=-1)
    unlabelled = gone - {d.line for d in lines if d.reason == "label"}  # ("Sign In": no name)
    tops = [p.text for p in pieces[: min(title or 0, _MASTHEAD_LINES)] if p.number in unlabelled]
    seen, opening = _lead_tells(pieces, lead, _rights(pieces, unlabelled, tops, _Seen()))
    head = range(title + 1, lead) if title is not None and lead is not None else range(0)
    seen = _masthead(pieces, unlabelled, title, seen)
    summary = None
    for drop in lines:
        text = " ".join(drop.text.split())
        at = index.get(drop.line, -1)
        credit = _credit(text) if drop.reason != "contributors" else None
        if credit is not None and _counts(credit, at, lead, seen):
            seen = seen.named(credit.names).outlet_by(credit.outlet, "signed")
        elif credit is None and at in head and drop.reason in _PLACED_ONLY:
            seen = _head_line(pieces, at, seen)
        seen = _issuer(pieces, drop, at, lead, seen)  # "From:" over "Department for X"
        if at > end:
            seen = _foot_line(drop, text, seen)
        elif drop.reason == "date" and (lead is None or at < lead):
            seen = _source(text, seen, after_date=True)  # "2026-12-05 18:32 \u6765\u6e90\uff1aNAME"
        if drop.reason == "standfirst" and summary is None:
            # Dropped from the body, as the page sets it apart from the story's text, but it
            # is the outlet's own summary of the story: the teaser and description keep it.
            summary = text
    for drop in foot:
        seen = _foot_line(drop, " ".join(drop.text.split()), seen)
    place = opening[0] if opening is not None else seen.place
    # A dateline with its day on its own line above the lead ("CAIRO, Jan 5"): dropped as a
    # date line, or kept as the first line of the story's text. A word in capitals alone
    # there may be a photo's credit ("GETTY") or a kicker: classify weighs it as a place.
    for at in (lead - 1, lead) if place is None and lead is not None else ():
        standing = standing_dateline(pieces[at].text) if 0 <= at < len(pieces) else None
        if standing is not None and standing.month is not None:
            place = f"{standing.place}, {standing.area}" if standing.area else standing.place
            break
    whole = max((piece.number for piece in pieces), default=0)  # (a part with no lead)
    last = pieces[end].number if end >= 0 and lead is not None else whole
    url = printed_address([(drop.line, drop.text) for drop in (*lines, *foot)], index, lead, end)
    return Told(seen.authors, seen.outlet, place, _published(lines, last), summary, url=url)


def _lead_tells(
    pieces: Sequence[Piece], lead: int | None, seen: _Seen
) -> tuple[_Seen, tuple[str | None, str | None] | None]:
    """Return what the lead's opening tells (its dateline's outlet, an agency's credit with
    its writers) and the opening's place and outlet."""
    opening = _opening(pieces[lead].text) if lead is not None else None
    if opening is not None:
        seen = seen.outlet_by(opening[1], "dateline")
    opened = lead_credit(pieces[lead].text) if lead is not None else None
    if opened is not None:  # "(부산=연합뉴스) 홍길동 기자 =", "...电(记者 王明)"
        seen = seen.named(opened.names).outlet_by(opened.outlet, "dateline")
        if opened.place and (opening is None or opening[0] is None):
            opening = (opened.place, opened.outlet)
    return seen, opening


def _masthead(pieces: Sequence[Piece], gone: set[int], title: int | None, seen: _Seen) -> _Seen:
    """The outlet a whole page's masthead names: one of its first lines, dropped, above the
    section's name over the headline; a name (its words capitalised, particles aside) with
    an outlet's word in any language and a word of its own ("Diario de Sevilla", "Frankfurter
    Allgemeine Zeitung"): never a section's "Local News", nor a menu's "UK", nor a label
    dropped as one ("PRESS RELEASE": not in *gone*)."""
    above = min(title - 1, _MASTHEAD_LINES) if title is not None else 0
    for piece in pieces[: max(above, 0)]:
        text = " ".join(piece.text.split())
        if piece.number in gone and masthead_name(text):
            return seen.outlet_by(text, "masthead")
    return seen


def _counts(credit: Signed, at: int, lead: int | None, seen: _Seen) -> bool:
    """Tell whether a credit line names the story's writers: above the lead, a closing
    "Reporting by ...", or the first byline under it (a list of other stories under the
    text may sign each of them)."""
    return lead is None or at < lead or credit.closing or not seen.authors


def _credit(text: str) -> Signed | None:
    """What a credit line tells, or a publication line signed by its writers ("Posted on
    March 2, 2025 by Ana Ruiz"); None when the line is neither."""
    if credit_line(text):
        return None  # a photo's credit, "NAME \u2014 THE PAPER": its photographer, no writer
    credit = signed(text) or labelled(text)  # "By ...", "Penulis NAME"
    if credit is None and (shaped := dotted(text)) is not None:
        credit = shaped[0]  # "Kate Porter \u00b7 CBC News \u00b7 Posted: ..."
    if credit is None:
        found = signed_publication(text)
        credit = found[1] if found is not None and (found[1].names or found[1].outlet) else None
    return credit


def _head_line(pieces: Sequence[Piece], at: int, seen: _Seen) -> _Seen:
    """What a line between the headline and the lead tells: names beside a role, an outlet
    or a date ("Ann Lee" over "Business reporter"), or an outlet under a credit's names."""
    text = pieces[at].text.strip()
    above = pieces[at - 1].text.strip() if at > 0 else ""
    found = names_line(text)
    if found is not None and known_place(text):
        # "São Paulo" under the writer's name: where the story was filed, its dateline
        writer = seen.authors and names_line(above) is not None and seen.place is None
        return replace(seen, place=text) if writer else seen
    if found is not None and (_provider_label(above) or button(text)):
        # "News provided by" over the company: who sent it, not who wrote it; a button's
        # words ("READ LATER") shaped as names
        return seen
    if found is not None:
        names, clear = found
        # Names beside a role, under the date line, or a columnist's name printed over the
        # headline and again under it ("Zoe Williams"): the writers.
        if (
            clear
            or _beside_names(under_names(piece.text for piece in pieces[at + 1 :]))
            or dated(above)
            or _author_label(above)  # "Author", "Avatar for author" over it
            or any(" ".join(piece.text.split()) == text for piece in pieces[:at])
        ):
            seen = seen.named(names)
        return seen
    if names_line(above) is None and (_credit(above) or Signed()).names == ():
        return seen  # an outlet's name counts only under the writers' names
    if over_caption(pieces, at):
        return seen  # a photo's credit ("PA Media") over its caption
    first, _, rest = text.partition(",")
    if len(text.split()) > _BESIDE_WORDS:
        return seen
    if _named_outlet(first):
        return seen.outlet_by(first, "signed")  # "BBC News, Rio de Janeiro"
    if role(first) and outlet(rest.strip()):
        return seen.outlet_by(rest, "signed")  # "Business reporter, BBC News"
    return seen


def _author_label(text: str) -> bool:
    """Tell whether a line over a writer's name labels it: "Author", or a picture's words
    ending with it ("Avatar for author", "Photo of the author")."""
    words = words_of(text)
    labels = chrome_words("author_labels")
    return " ".join(words) in labels or (len(words) <= _LABEL_WORDS and words[-1:] == ["author"])


def _issuer(
    pieces: Sequence[Piece], drop: Dropped, at: int, lead: int | None, seen: _Seen
) -> _Seen:
    """The outlet a line over the lead names as the page's issuer: under its label
    ("From:"), or after it ("From: Department for X and The Rt Hon NAME MP")."""
    if drop.reason not in _ISSUED or (lead is not None and at >= lead):
        return seen
    above = pieces[at - 1].text if at > 0 else ""
    return seen.outlet_by(issuer_name(" ".join(drop.text.split()), above), "signed")


def _provider_label(text: str) -> bool:
    """Tell whether a line ends with a provider's label ("News provided by", "Sponsored by")."""
    words = " ".join(words_of(text))
    return any(
        words == label or words.endswith(f" {label}") for label in chrome_words("provider_labels")
    )


def _beside_names(text: str) -> bool:
    """Tell whether the line under a line of names shows they are writers: a role, an
    outlet, or the publication line."""
    if dated(text):
        return True  # a date line, however long its place ("Santiago de Chile - 05 dic ...")
    if " ".join(words_of(text)) in chrome_words("follow_calls"):
        return True  # "Follow" under the writer's name, a button to follow the writer
    if len(text.split()) > _BESIDE_WORDS:
        return False  # the lead ("SYDNEY, March 17 (Reuters) - ..."), a standfirst
    first = text.partition(",")[0].strip()
    return role(first) or _named_outlet(first) or parse_published(text) is not None


def _named_outlet(text: str) -> bool:
    """Tell whether a line under a writer's name names the outlet: by its words ("BBC
    News"), or a name of another shape than a person's ("Le Monde diplomatique"); "Rio de
    Janeiro" or a second writer's name under the first is none."""
    return outlet(text) or (outlet_name(text) and not person(text))


def _opening(lead: str) -> tuple[str | None, str | None] | None:
    """Return the place and the outlet of a lead's dateline: "LONDON, March 5 (Reuters) -"
    (LONDON, Reuters), "(AP) - ...", "Jan 5 (Reuters) - ...", "MOSCOW, January 5. /TASS/.",
    "Kyiv, Ukraine, Jan 5 -" (a place in any case or script, with its date)."""
    parsed = parse_dateline(lead)
    if parsed is None:
        return None
    line = parsed[0]
    place = f"{line.place}, {line.area}" if line.area else line.place
    return place if place and (line.month or line.agency) else None, line.agency or None


def _source(text: str, seen: _Seen, *, after_date: bool = False) -> _Seen:
    """The outlet of "Source: Daily News and agencies" (not of "Source: News Agencies"), in
    any language ("Quelle: NAME", Arabic's "NAME + agencies"); *after_date*: printed after
    the date on a publication line."""
    source = (_SOURCE_AFTER.search if after_date else _SOURCE.match)(text)
    if source is not None:
        names = source["names"].strip(" .")
        if "://" in names or names.lower().startswith("www."):
            return seen  # "Source: https://...": the page's address, no outlet's name
        first = _SOURCE_SPLIT.split(names)[0].strip()
        if first and not generic_source(first) and len(first.split()) <= _NAME_WORDS:
            return seen.outlet_by(first, "source")
    return seen


def _foot_line(drop: Dropped, text: str, seen: _Seen) -> _Seen:
    """The outlet a line under the story names: "Source: NAME", or the one a republication
    note says published it first ("This article is republished from NAME under ...")."""
    republished = republished_by(text) if drop.reason == REPUBLISHED else None
    return seen.outlet_by(republished, "source") if republished else _source(text, seen)


def _rights(pieces: Sequence[Piece], gone: set[int], tops: list[str], seen: _Seen) -> _Seen:
    """The outlet of the first rights line ("Copyright 2020 Daily News."), the story's own
    before the page footer's; its holder as the masthead, a first line *gone*, prints it
    ("POLITICO" over "© 2026 POLITICO LLC"), or the masthead over the headline (*tops*)."""
    mastheads = [piece.text for piece in pieces[:_MASTHEAD_LINES] if piece.number in gone]
    for piece in pieces:
        rights = _COPYRIGHT.match(piece.text.strip())
        if rights is not None and holder(rights["name"]) is None:  # "PT. Kompas Cyber Media"
            rights = _COPYRIGHT.match(undotted(piece.text.strip()))
        name = holder(rights["name"], mastheads, tops) if rights is not None else None
        if name is not None and len(name.split()) <= _NAME_WORDS:
            return seen.outlet_by(name, "copyright")
    return seen


def _published(lines: Sequence[Dropped], last: int) -> str | None:
    """The publication line, with the time a page prints on its own line under the day
    ("March 5, 2020" over "3:14 PM GMT"): the first that prints a publication's time, else
    the first of an update's ("Updated ... / Published ...": the publication wins wherever
    each stands). Past the story's *last* line, only the dates just under it count: one
    after other text (a reader's comment under its writer's name, related stories) or a
    section's label ("Comments") is not the story's."""
    found: list[tuple[bool, str]] = []
    for number, drop in enumerate(lines):
        if drop.line > last and drop.reason in _CLOSING and not date_line(drop.text):
            break
        text = _date_of(drop, lines[number + 1] if number + 1 < len(lines) else None)
        if text is not None and number > 0:
            text = _labelled(lines[number - 1], drop, text)
        if text is not None:
            printed = read_printed(text)
            found.append((printed is None or printed.updated, text))
    # (a line that prints no day that can be read, "5/12/2026", comes after those that do)
    first = next((text for later, text in found if not later), None)
    return first or next(
        (text for _, text in found if read_printed(text)), found[0][1] if found else None
    )


def _labelled(label: Dropped, drop: Dropped, text: str) -> str:
    """A date line under its own label's line ("Updated" over "Dec 07, 2026, 01:15 AM", as
    the Straits Times prints both times): the update's when the label says so."""
    words = label.text.split()
    if label.line != drop.line - 1 or not 0 < len(words) <= 3:
        return text
    if not all(word.rstrip(":").isalpha() for word in words):
        return text  # a label is words ("Last updated:"), never a bar or a figure
    joined = f"{' '.join(words)} {text}"
    printed = read_printed(joined)
    return joined if printed is not None and printed.updated else text


def _date_of(drop: Dropped, after: Dropped | None) -> str | None:
    """The publication line a dropped line is, if any: a date line (with the time the line
    under it prints), or a byline that prints the date ("By Ann Lee | March 3, 2025")."""
    text = " ".join(drop.text.split())
    shaped = dotted(text)  # "Kate Porter · CBC News · Posted: ...": its parts from the date
    text = (shaped[1] or text) if shaped is not None else text
    if drop.reason == "byline":
        return text if parse_published(text) is not None else None
    if drop.reason != "date" and not (drop.reason in _DATE_TOO and date_line(drop.text)):
        return None
    signed_after = signed_publication(text)
    if signed_after is not None:
        text = signed_after[0]  # "Posted on March 2, 2025 by Ann Lee": its date
    if after is not None and after.reason == "date" and after.line <= drop.line + 3:
        joined = f"{text} {' '.join(after.text.split())}"
        if isinstance(parse_published(joined), dt.datetime) and not isinstance(
            parse_published(text), dt.datetime
        ):
            return joined
    return text

"""Page find: the lines of a whole page copied (select-all) -> where its article stands.

A page copied whole is mostly not its story: menus, other headlines, teasers, footers and
comment boxes surround it. As jusText and Body Text Extraction do it for HTML, each line is
given a value: a line of story text (a sentence rich in its language's stop words, from
jusText's stoplists) is worth its words, every other line (a menu item, a label, a date, a
headline of a list) costs a little. The article is the run of lines with the greatest sum: the
densest run of story text, which short lines inside it do not break and long menus around it
do not join. Its headline is the title-shaped line standing above the lead, the one the page
prints again elsewhere (its top line, a breadcrumb, a list of the most read) when there is one.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.ingest.bylines import names_line
from digest.ingest.chrome import (
    abbreviation_end,
    is_sentence,
    unspaced,
    words_of,
)
from digest.ingest.date_lines import has_date
from digest.ingest.photo_lines import describes_photo
from digest.ingest.trim import Piece
from digest.paths import JUSTEXT_STOPLISTS

# jusText's thresholds: story text has at least this share of stop words ...
_STOP_SHARE = 0.30
# ... or half of it, when the line is long (a list of names and figures in a long sentence).
_STOP_SHARE_LONG = 0.15
_LONG_WORDS = 40
# What a line that is no story text costs (in words of story text); a chrome-shaped one more.
_SHORT_COST = 4.0
_CHROME_COST = 6.0
# A paragraph of this many lines is a list; its lines of fewer words are its items.
_LIST_LINES = 3
_ITEM_WORDS = 20
# A long line in a paragraph made mostly of other lines (menus) counts this share of its words.
_AMONG_LINKS = 0.25
# A date or a byline after story text starts something else: a comment, another story.
_BOUNDARY_REASONS = frozenset({"date", "byline"})
# A run of text goes on after a boundary this many lines long, made of these lines only.
_GAP_LINES = 3
_CONTINUING = frozenset({"date", "symbols", None})
# A line with this many ellipses is a ticker of teasers cut short.
_TEASERS = 2
# A headline and its teaser copied as one line: "... pool openThe council voted on ...".
_GLUED_TEASER = re.compile(r"[a-z]{3}[A-Z][a-z]*(?:\s+\S+){8,}$")
# A breadcrumb: a few short items with arrows between ("Home \u00bb World \u203a Asia").
_BREADCRUMB = re.compile(r"^[^\u00bb\u203a>]{1,40}(?:\s[\u00bb\u203a>]\s[^\u00bb\u203a>]{1,40})+$")
# A person's name, with the outlet after a comma: "Ann Lee", "ANN B. LEE, THE TIMES".
_NAME = re.compile(
    r"^@?[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){1,2}(?:,(?: [A-Z][\w.&-]*){1,3})?$"
)
_OPENING = ("'", '"', "\u2018", "\u201c", "[", "(", "\u00ab", "\u300c")
# The language is known when this share of a page's words are its stop words.
_KNOWN_SHARE = 0.12
# How many of a page's most frequent words are enough to tell its language.
_SAMPLE_WORDS = 300
# Scripts written without spaces: a word is worth about this many characters.
_CHARS_PER_WORD = 3
# The headline stands among this many lines above the lead, and has this many words.
_TITLE_WINDOW = 12
_TITLE_MIN_WORDS = 2
_TITLE_MAX_WORDS = 30
# A line the page prints again elsewhere counts this many words longer as a headline.
_AGAIN_WORDS = 2
_AGAIN_CHARS = 20  # a shorter line printed again is a menu item
# ... and this many longer when a byline or a date stands between it and the lead (a
# headline's own, under it), so that no line under them (a photo's, a video's title) is it ...
_SIGNED_WORDS = 30
_BETWEEN_META = frozenset({"share", "label", "symbols", "reading time"})
# ... and this many words shorter for each line other than chrome between it and the lead.
_BETWEEN_WORDS = 3
_OTHER_HEADLINE_WORDS = 4  # a name or an outlet ("Ann Lee", "Associated Press") is shorter
# A headline stands at most this many lines above its standfirst (a kicker between).
_STANDFIRST_GAP = 2
_TAG_COMMAS = 3
_STANDFIRST_RATIO = 1.5  # ... and has half as many words again at least
_SIGNED_STANDFIRST_RATIO = 1.2  # (over its byline or date: a fifth more)
# A caption and its credit copied as one line: "... in New York.Reuters", "...2019.Getty".
_GLUED_CREDIT = re.compile(r"[a-z\d)][.!?]\s?[A-Z][\w.\- ]{0,40}(?:/[\w .\-]+)?$")


@dataclass(frozen=True, slots=True)
class Found:
    """Where a page's article stands: its headline (if found), first and last line indexes."""

    title: int | None
    lead: int
    last: int
    value: float


@functools.cache
def stoplists() -> dict[str, frozenset[str]]:
    """Return jusText's stop words of every language it knows (read once per process)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return {}
    # Read the word lists only: importing justext would import lxml, which ingest never needs.
    folder = Path(next(iter(spec.submodule_search_locations))) / JUSTEXT_STOPLISTS
    return {
        path.stem: frozenset(path.read_text("utf-8").casefold().split())
        for path in sorted(folder.glob("*.txt"))
    }


def stoplist_for(texts: Sequence[str]) -> frozenset[str]:
    """Return the stop words of the language *texts* are written in; empty when no list
    fits (a script written without spaces, a language jusText has no list for)."""
    counts = Counter(word for text in texts for word in words_of(text))
    total = sum(counts.values())
    if not total:
        return frozenset()
    common = dict(counts.most_common(_SAMPLE_WORDS))
    best, hits = frozenset[str](), 0
    for words in stoplists().values():
        # (the sample's words in the list, found by a set intersection in C: a page's
        # language was a Python loop over the sample for each of jusText's hundred lists)
        found = sum(map(common.__getitem__, words.intersection(common)))
        if found > hits:
            best, hits = words, found
    share = sum(count for word, count in counts.items() if word in best) / total
    return best if share >= _KNOWN_SHARE else frozenset()


def line_values(
    pieces: Sequence[Piece], reasons: Sequence[str | None], stops: frozenset[str]
) -> list[float]:
    """Return what each line adds to a run of story text (its words) or costs (below zero).

    A page's paragraphs stand apart (blank lines between them); a short line packed among
    others with no blank line between is an item of a list: other headlines, teasers."""
    plain = [_line_value(p.text, r, stops) for p, r in zip(pieces, reasons, strict=True)]
    sizes = Counter(piece.paragraph for piece in pieces)
    texts = Counter(p.paragraph for p, value in zip(pieces, plain, strict=True) if value > 0)
    values = []
    for piece, value in zip(pieces, plain, strict=True):
        size = sizes[piece.paragraph]
        if value > 0 and size >= _LIST_LINES:
            if _words(piece.text) < _ITEM_WORDS:
                value = -_SHORT_COST
            elif texts[piece.paragraph] * 2 < size:
                value *= _AMONG_LINKS  # a teaser among menu items
        values.append(value)
    return values


def _line_value(text: str, reason: str | None, stops: frozenset[str]) -> float:
    if reason is not None:
        return -_CHROME_COST
    if not is_sentence(text) or text.count("...") + text.count("\u2026") >= _TEASERS:
        return -_SHORT_COST  # no sentence, or teasers cut short one after another
    words = words_of(text)
    count = max(len(words), len(text) // _CHARS_PER_WORD if unspaced(text) else 0)
    if not stops or not words:
        return float(count)  # no stoplist fits: every sentence counts, in any language
    share = sum(word in stops for word in words) / len(words)
    if share >= _STOP_SHARE or (len(words) >= _LONG_WORDS and share >= _STOP_SHARE_LONG):
        return float(count)
    return -_SHORT_COST


def article_run(
    texts: Sequence[str], values: Sequence[float], reasons: Sequence[str | None]
) -> Found | None:
    """Return the densest run of story text that crosses no boundary: a date or byline
    between two stretches of text starts something else (a comment, another story)."""
    ends = (*_boundaries(values, reasons), len(values))
    runs = [densest_run(values, start, end) for start, end in zip((0, *ends), ends, strict=False)]
    found = [run for run in runs if run is not None]
    if not found:
        return None
    at = max(range(len(found)), key=lambda index: found[index].value)
    best = found[at]
    for run in found[at + 1 :]:
        if not _continues(best, run, texts, values, reasons):
            break
        best = Found(None, best.lead, run.last, best.value + run.value)
    for run in reversed(found[:at]):
        # A time stamp or a video's date line may stand inside the article's first part too.
        if not _continues(run, best, texts, values, reasons):
            break
        best = Found(None, run.lead, best.last, best.value + run.value)
    return best


def _continues(
    run: Found,
    after: Found,
    texts: Sequence[str],
    values: Sequence[float],
    reasons: Sequence[str | None],
) -> bool:
    """Tell whether the text *after* a boundary goes on with *run* (a live report's next
    time stamp): a short gap of dates and rules, no label, no "NAME says:" line."""
    gap = range(run.last + 1, after.lead)
    return len(gap) <= _GAP_LINES and all(
        values[index] > 0
        or (reasons[index] in _CONTINUING and not texts[index].rstrip().endswith(":"))
        for index in gap
    )


def _boundaries(values: Sequence[float], reasons: Sequence[str | None]) -> list[int]:
    """Return the indexes of date and byline lines that stand between lines of text."""
    text = [index for index, value in enumerate(values) if value > 0]
    if not text:
        return []
    return [index for index in range(text[0], text[-1]) if reasons[index] in _BOUNDARY_REASONS]


def densest_run(values: Sequence[float], start: int = 0, end: int | None = None) -> Found | None:
    """Return the run of lines in [start, end) with the greatest sum of values (Kadane)."""
    best: tuple[float, int, int] | None = None
    total, first = 0.0, start
    for index in range(start, len(values) if end is None else end):
        if total <= 0:
            total, first = 0.0, index
        total += values[index]
        if total > 0 and (best is None or total > best[0]):
            best = (total, first, index)
    if best is None:
        return None
    return Found(None, best[1], best[2], best[0])


def _key(text: str) -> str:
    return " ".join(words_of(text))


def _title_shaped(text: str) -> bool:
    count = _words(text)
    stopped = text.rstrip().endswith(".") and not abbreviation_end(text)
    return _TITLE_MIN_WORDS <= count <= _TITLE_MAX_WORDS and not stopped


def headline(
    pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int, stops: frozenset[str]
) -> int | None:
    """Return the index of the article's headline above the *lead*: the longest title-shaped
    line near it (bylines, kickers, section names and menu items are shorter), one the page
    prints again elsewhere (top line, breadcrumb, a list) counting a little longer, one with
    more than chrome between it and the lead (other headlines above it) shorter."""
    shaped = [reasons[i] is None and _headline_shaped(pieces[i].text, stops) for i in range(lead)]
    listed = _listed(pieces, shaped, reasons)
    near = [index for index in range(lead - 1, -1, -1) if index not in listed][:_TITLE_WINDOW]
    headline_like = {index: shaped[index] for index in near}
    window = [index for index in near if headline_like[index]]
    if not window:
        return None
    keys = [_key(piece.text) for piece in pieces]

    def weight(index: int) -> float:
        key = keys[index]
        again = len(key) > _AGAIN_CHARS and any(
            other != index and key in keys[other] for other in range(len(pieces))
        )
        # Only chrome (bylines, names, dates, captions) stands between a headline and its
        # lead; another headline-shaped line there is the page's.
        between = sum(
            headline_like.get(other, False)
            and _OTHER_HEADLINE_WORDS <= _words(pieces[other].text) <= _ITEM_WORDS
            for other in range(index + 1, lead)
        )
        # The article's byline or date stands under its headline, above the lead.
        signed = _signed(pieces, reasons, index, lead)
        return (
            _words(pieces[index].text)
            + (_AGAIN_WORDS if again else 0)
            + (_SIGNED_WORDS if signed else 0)
            - _BETWEEN_WORDS * between
        )

    best = max(window, key=weight)
    # A standfirst is longer than its headline, which stands just above it; a standfirst
    # over the byline and date may be only a little longer (one with no full stop, as
    # Spanish and Italian papers print it), when the headline is made of words, not a menu.
    signed = _signed(pieces, reasons, best, lead)
    longer = _words(pieces[best].text)
    above = [
        index
        for index in window
        if best - _STANDFIRST_GAP <= index < best
        and _words(pieces[index].text) > _OTHER_HEADLINE_WORDS
        and (
            _words(pieces[index].text) * _STANDFIRST_RATIO <= longer
            or (
                signed
                and _words(pieces[index].text) * _SIGNED_STANDFIRST_RATIO <= longer
                and _spoken(pieces[index].text, stops)
            )
        )
        and not any(headline_like.get(other, False) for other in range(index + 1, best))
    ]
    if not above and signed and _heads_paragraph(pieces, headline_like, best - 1, best):
        return best - 1  # a headline over a standfirst of its length, atop their paragraph
    return above[0] if above else best


def _heads_paragraph(
    pieces: Sequence[Piece], headline_like: dict[int, bool], index: int, best: int
) -> bool:
    """Tell whether the line above a signed standfirst is its headline though of its length
    (a live report's): shorter, in the standfirst's paragraph and the first headline-shaped
    line of it (a kicker, "Live", may stand above), both made of words, not a list's items."""
    if index < 0 or not headline_like.get(index, False):
        return False
    paragraph = pieces[best].paragraph
    return (
        pieces[index].paragraph == paragraph
        and _words(pieces[index].text) > _OTHER_HEADLINE_WORDS
        and len(pieces[index].text) < len(pieces[best].text)
        and not any(
            headline_like.get(other, True)
            for other in range(index - 1, -1, -1)
            if pieces[other].paragraph == paragraph
        )
    )


def _signed(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int, lead: int) -> bool:
    """Tell whether a headline of several words has its byline or date just under it (only
    share buttons and labels between), or stands under a breadcrumb: the article's header."""
    if index > 0 and _BREADCRUMB.match(pieces[index - 1].text.strip()):
        return True  # "Home » Sport": the page's headline comes next
    if _words(pieces[index].text) < _OTHER_HEADLINE_WORDS:
        return False  # a section's name over the date ("Business News")
    for other in range(index + 1, lead):
        if reasons[other] in _BOUNDARY_REASONS:
            return True
        if reasons[other] not in _BETWEEN_META and not _writer(pieces[other].text, reasons[other]):
            return False
    return False


def _writer(text: str, reason: str | None) -> bool:
    """Tell whether a line is a writer's name without its "By" ("Ann Lee", "Mar\u00eda Jos\u00e9
    Fern\u00e1ndez"), over the date: the article's signature as much as a byline is."""
    return reason is None and (_NAME.match(text.strip()) is not None or _names(text))


def _names(text: str) -> bool:
    """Tell whether a line says itself that it is writers' names ("Ann Lee and Bo Ng in
    Paris", "Ann Lee (now) and Bo Ng (earlier)"): a byline without its "By"."""
    found = names_line(text)
    return found is not None and found[1]


def _spoken(text: str, stops: frozenset[str]) -> bool:
    """Tell whether a line is made of a language's words (a stop word among them), not a
    menu's items; every line is, when the page's language is not known."""
    return not stops or any(word in stops for word in words_of(text))


def _listed(
    pieces: Sequence[Piece], shaped: Sequence[bool], reasons: Sequence[str | None]
) -> frozenset[int]:
    """Return the indexes of lines in a list of other stories: three or more headlines of
    several words in a row (chrome such as their dates between them), but for a last one
    that its byline or date follows."""
    found: set[int] = set()
    run: list[int] = []
    for index in range(len(shaped) + 1):
        if index < len(shaped) and reasons[index] == "byline" and run and run[-1] == index - 1:
            run.pop()  # a headline with its own byline: the article's, however many above it
            if len(run) >= _LIST_LINES:
                found.update(run)
            run = []
        if index < len(shaped) and reasons[index] is not None:
            continue
        if (
            index < len(shaped)
            and shaped[index]
            and _words(pieces[index].text) >= _OTHER_HEADLINE_WORDS
        ):
            run.append(index)
            continue
        if run and run[-1] + 1 < len(reasons) and reasons[run[-1] + 1] in _BOUNDARY_REASONS:
            run.pop()  # the last line has its own byline or date: the article's headline
        if len(run) >= _LIST_LINES:
            found.update(run)
        run = []
    return frozenset(found)


def _headline_shaped(text: str, stops: frozenset[str]) -> bool:
    """Tell whether a line may be a headline: a few words, no full stop at the end, starting
    with a capital or a figure, no date in it (a line of metadata), no credit, no person's
    name alone (a few capitalised words, none of them a stop word)."""
    stripped = text.strip()
    if not (_title_shaped(stripped) and (stripped[:1].isalnum() or stripped[:1] in _OPENING)):
        return False
    if stripped[:1].islower() or describes_photo(stripped) or has_date(stripped):
        return False
    if stripped.count(",") >= _TAG_COMMAS:
        return False  # a list of tags or names
    if _NAME.match(stripped) and not any(word in stops for word in words_of(stripped)):
        return False
    if _names(stripped):
        return False
    return not (_GLUED_CREDIT.search(stripped) or _GLUED_TEASER.search(stripped))


def _words(text: str) -> int:
    count = len(text.split())
    if unspaced(text):
        count = max(count, len(text) // _CHARS_PER_WORD)  # a script written without spaces
    return count

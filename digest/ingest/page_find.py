"""Page find: the lines of a whole page copied (select-all) -> where its article stands.

A page copied whole is mostly not its story: menus, other headlines, teasers, footers and
comment boxes surround it. As jusText and Body Text Extraction do it for HTML, each line is
given a value: a line of story text (a sentence rich in its language's stop words, from
jusText's stoplists) is worth its words, every other line (a menu item, a label, a date, a
headline of a list) costs a little. The article is the run of lines with the greatest sum: the
densest run of story text, which short lines inside it do not break and long menus around it
do not join. Its headline is page_headline's to find.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.ingest.chrome import closing, is_sentence, unspaced, words_of
from digest.ingest.scripts import SCRIPT_STOPS, southeast_words, stopless
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
# Lines of story text this many one after another are a story's paragraphs, however short
# and whatever stands around them: a list's items (other headlines, teasers) alternate with
# lines of no story text, or are none. In such a run a short sentence counts too (a wire's
# last line, Korean's few words a sentence) when it has this many words.
_TEXT_RUN = 2
_RUN_SENTENCE_WORDS = 4
_SENTENCE_END = re.compile(f"[.!?{SCRIPT_STOPS}][\"'\u201d\u2019\u00bb)]*$")
# Lines a page prints between two paragraphs of its story (an advertisement's slot, a
# newsletter's pitch, a "Related:" or "Read also |" link, a box of key points): the article
# goes on under this many of them, one a line of chrome at least, to a paragraph of prose.
_INSERT_LINES = 5
_INSERTS = frozenset({"label", "advertisement", "promotion", "box", None})
# A date or a byline after story text starts something else: a comment, another story.
_BOUNDARY_REASONS = frozenset({"date", "byline"})
# A run of text goes on after a boundary this many lines long, made of these lines only.
_GAP_LINES = 3
_CONTINUING = frozenset({"date", "symbols", None})
# A line with this many ellipses is a ticker of teasers cut short.
_TEASERS = 2
# The language is known when this share of a page's words are its stop words.
_KNOWN_SHARE = 0.12
# How many of a page's most frequent words are enough to tell its language.
_SAMPLE_WORDS = 300
# Scripts written without spaces: a word is worth about this many characters.
_CHARS_PER_WORD = 3


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
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    stops: frozenset[str],
    runs: bool = False,
) -> list[float]:
    """Return what each line adds to a run of story text (its words) or costs (below zero).

    A page's paragraphs stand apart (blank lines between them); a short line packed among
    others with no blank line between is an item of a list: other headlines, teasers. With
    *runs* (asked when that finds no story on the page, or one line) a run of sentences one
    under the other is no list: a page's menus and its story's short paragraphs (wire copy,
    Japanese, Korean, Russian) may stand in one block. A page with no blank line at all is
    judged line by line, a short sentence in a run of them counting."""
    plain = [_line_value(p.text, r, stops) for p, r in zip(pieces, reasons, strict=True)]
    sizes = Counter(piece.paragraph for piece in pieces)
    # A page copied with no blank line at all: no blank line tells a list from the story's
    # paragraphs; each line stands alone, as in a copy with a blank line between all.
    unspaced_page = len(sizes) == 1
    running = (
        _in_text_runs(pieces, reasons, plain) if runs or unspaced_page else [False] * len(pieces)
    )
    plain = [
        float(page_words(piece.text)) if run and value <= 0 else value
        for piece, value, run in zip(pieces, plain, running, strict=True)
    ]
    if unspaced_page:
        return plain
    texts = Counter(p.paragraph for p, value in zip(pieces, plain, strict=True) if value > 0)
    values = []
    for piece, value, run in zip(pieces, plain, running, strict=True):
        size = sizes[piece.paragraph]
        if value > 0 and size >= _LIST_LINES and not run:
            if page_words(piece.text) < _ITEM_WORDS:
                value = -_SHORT_COST
            elif texts[piece.paragraph] * 2 < size:
                value *= _AMONG_LINKS  # a teaser among menu items
        values.append(value)
    return values


def _in_text_runs(
    pieces: Sequence[Piece], reasons: Sequence[str | None], plain: Sequence[float]
) -> list[bool]:
    """Tell for each line whether it stands in a run of _TEXT_RUN lines or more, one under
    the other in one paragraph, each story text or a short sentence, one story text at least."""
    member = [
        value > 0 or _short_sentence(piece.text, reason)
        for piece, reason, value in zip(pieces, reasons, plain, strict=True)
    ]
    running = [False] * len(pieces)
    start = 0
    for index in range(1, len(pieces) + 1):
        if (
            index < len(pieces)
            and member[index]
            and member[index - 1]
            and pieces[index].paragraph == pieces[index - 1].paragraph
            # (a line printed twice, one under the other, is a photo's caption)
            and pieces[index].text.strip() != pieces[index - 1].text.strip()
        ):
            continue
        if index - start >= _TEXT_RUN and any(value > 0 for value in plain[start:index]):
            running[start:index] = [True] * (index - start)
        start = index
    return running


def _short_sentence(text: str, reason: str | None) -> bool:
    """Tell whether a line no chrome shape names ends like a sentence, with a few words."""
    return (
        reason is None
        and page_words(text) >= _RUN_SENTENCE_WORDS
        and (_SENTENCE_END.search(text.rstrip()) is not None or stopless(text))
    )


def _line_value(text: str, reason: str | None, stops: frozenset[str]) -> float:
    if reason is not None:
        return -_CHROME_COST
    if not is_sentence(text) or text.count("...") + text.count("\u2026") >= _TEASERS:
        return -_SHORT_COST  # no sentence, or teasers cut short one after another
    words = words_of(text)
    count = max(len(words), len(text) // _CHARS_PER_WORD if unspaced(text) else 0)
    count = max(count, southeast_words(text))  # Thai, Lao, Burmese, Khmer
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


def past_inserts(
    texts: Sequence[str], values: Sequence[float], reasons: Sequence[str | None], last: int
) -> int:
    """Return the article's last line: *last*, or a later paragraph of prose under the
    chrome a page prints between its story's paragraphs (no share row, date or byline:
    those stand under the story), which costs more than a short paragraph is worth. Lines
    of no chrome are crossed only under a line ending with a colon ("Key points:"), as its
    items: under "Related stories" stand other stories' headlines and teasers."""
    end = index = last
    while True:
        gap = index = index + 1
        listed = False  # under a line that opens a list
        while (
            index < len(values)
            and index - gap < _INSERT_LINES
            and values[index] <= 0
            and reasons[index] in _INSERTS
            and (reasons[index] is not None or listed or _opens(texts[index]))
        ):
            listed = listed or _opens(texts[index])
            index += 1
        if not (
            gap < index < len(values)
            and values[index] > 0
            and _prose(texts[index])
            and any(reasons[between] is not None for between in range(gap, index))
        ):
            return end
        end = index


def _opens(text: str) -> bool:
    return text.rstrip().endswith((":", "\uff1a"))


def _prose(text: str) -> bool:
    return is_sentence(text) and (
        _SENTENCE_END.search(closing(text)[0]) is not None or stopless(text)
    )


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


def page_words(text: str) -> int:
    count = len(text.split())
    if unspaced(text):
        count = max(count, len(text) // _CHARS_PER_WORD)  # a script written without spaces
    return max(count, southeast_words(text))

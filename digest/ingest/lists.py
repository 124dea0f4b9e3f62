"""Lists: runs of short lines that are no sentences, told apart as links or story text.

A run of short lines in one paragraph, several words each, is most often a list of links to
other stories (related, most read, a menu of headlines). But a story has lists of its own:
features of a product, steps of a recipe, a show's dates and prices. Those stand after the
story's prose began, with no label ("Related", "Most read") or other chrome above them and
no photo gallery's words in them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from digest.ingest.blocks import line_key, table_rows
from digest.ingest.chrome import (
    abbreviation_end,
    closing,
    is_sentence,
    rights_line,
    shipped_shapes,
    words_of,
)
from digest.ingest.chrome_words import box_label
from digest.ingest.photo_lines import describes_photo
from digest.ingest.pieces import Piece
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.scripts import SCRIPT_STOPS

_STOPS = (".", "!", "?", *SCRIPT_STOPS)
# A list of links is made of headlines of this many words at least, on average.
_LINK_WORDS = 4
# The reasons of lines that a list of the story's own may hold: none, figures, prices, rules.
FIGURES = (None, "count", "symbols")
_GALLERY = re.compile(r"\b(?:photos?|images?|gallery|\d+ of \d+)\b|credit\b", re.IGNORECASE)
# A line of this many words printed this many times in one story is no story text.
_RECURRING_WORDS = 6
_RECURRING_TIMES = 3
# ... and a line this long, wherever it stands (a list's items are shorter).
_RECURRING_LONG = 10
REPEATED = "repeated in the story"
# A headline of a list ending with an abbreviation ("U.S.") has this many words at most.
_ABBREVIATED_WORDS = 10
# An article's closing notes under its last paragraph: this many lines at most, in
# paragraphs of this many lines at most.
_TAIL_LINES = 20
_TAIL_PARAGRAPH = 3
# The chrome a list prints between its items: counters ("list 2 of 3"), numbers, rules.
_LIST_COUNTERS = ("gallery", "count", "symbols")
_SIGNATURE = ("byline", "date")
# A sentence ending so announces what follows: the items of a list ("the main measures:").
_OPENING = (":", "\uff1a")
_PROSE_END = re.compile(rf"[.!?\u2026{SCRIPT_STOPS}][\"'\u201d\u2019)\]]*$")


def link_runs(
    pieces: Sequence[Piece], reasons: Sequence[str | None], length: int
) -> frozenset[int]:
    """Return the indexes of lines in runs of *length* or more short non-sentence lines of
    one paragraph; a sentence between two of them (a headline with a full stop) is in the run."""
    # A link is a headline: it never ends with a full stop, as a sentence does.
    stops = [piece.text.rstrip().endswith(_STOPS) for piece in pieces]
    linky = [not stops[i] and not is_sentence(piece.text) for i, piece in enumerate(pieces)]
    for index in range(1, len(pieces) - 1):
        same = pieces[index - 1].paragraph == pieces[index].paragraph == pieces[index + 1].paragraph
        if same and linky[index - 1] and linky[index + 1] and not stops[index]:
            linky[index] = True
    found: set[int] = set()
    run: list[int] = []
    for index, piece in enumerate(pieces):
        if linky[index] and run and pieces[run[-1]].paragraph == piece.paragraph:
            run.append(index)
            continue
        if _is_link_run(pieces, run, length):
            found.update(run)
        run = [index] if linky[index] else []
    if _is_link_run(pieces, run, length):
        found.update(run)
    return frozenset(found)


def labelled_lists(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> frozenset[int]:
    """Return the lines of lists of other stories set apart from the text by chrome: two or
    more short lines that are no sentences, each a paragraph of its own, with only chrome
    lines between them (counters, dates, "1 of 3") and a chrome line (a label such as
    "Related") just above or between them; a headline the dump prints again under another
    story, dropped as repeated, counts as one of them. A story's sub-heading is followed by
    its prose; a list of its own (features, prices) has its items in one paragraph."""
    sizes = Counter(piece.paragraph for piece in pieces)
    found: set[int] = set()
    group: list[int] = []
    labelled = pending = False
    repeated = 0
    for index in [*range(len(pieces)), -1]:
        text = pieces[index].text.rstrip() if index >= 0 else ""
        if index >= 0 and reasons[index] in FIGURES[1:]:
            continue  # a rule or a figure ("---", "$12") labels no list
        if index >= 0 and reasons[index] is not None:
            pending = bool(group)  # chrome after a line of the list: between two, or after it
            # A headline the dump prints again (under other stories too) was one of the list.
            repeated += reasons[index] == DUMP_REPEAT and _headline_shaped(pieces, index, sizes)
            continue
        alone = index >= 0 and sizes[pieces[index].paragraph] == 1
        # A headline may end with an abbreviation's full stop ("... Out Of U.S.").
        shortened = abbreviation_end(text) and len(text.split()) <= _ABBREVIATED_WORDS
        stopped = text.endswith(_STOPS) and not shortened
        if alone and not stopped and (shortened or not is_sentence(text)):
            if not group:
                labelled = index > 0 and reasons[index - 1] not in FIGURES
            labelled = labelled or pending
            pending = False
            group.append(index)
            continue
        if len(group) + repeated >= 2 and group and labelled:
            found.update(group)
        group = []
        labelled = pending = False
        repeated = 0
    return frozenset(found)


def headed_lists(
    pieces: Sequence[Piece], reasons: Sequence[str | None]
) -> tuple[frozenset[int], frozenset[int]]:
    """Return the lines of lists printed under a label in the label's own paragraph (a
    "Read also" box and its headlines, "Key points" and its points), with their labels:
    short lines that are no sentences, with no stop at their end. Such a box stands inside
    the story, and ends no part of it. The second set holds those of boxes that sum the
    story up."""
    found: set[int] = set()
    summed: set[int] = set()
    social = shipped_shapes()[1]
    for index, reason in enumerate(reasons):
        if reason != "label":
            continue
        words = words_of(pieces[index].text)
        if all(word in social for word in words):
            continue  # a button ("Share", "Save") heads no list
        items = []
        for other in range(index + 1, len(pieces)):
            text = pieces[other].text.rstrip()
            if (
                pieces[other].paragraph != pieces[index].paragraph
                or reasons[other] is not None
                or text.endswith(_STOPS)
                or is_sentence(text)
            ):
                break
            items.append(other)
        if items:
            found.update((index, *items))
        if items and box_label(words):
            summed.update((index, *items))
    return frozenset(found), frozenset(summed)


def listed_headlines(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> frozenset[int]:
    """Return the lines of lists of other stories' headlines under a label ("Related
    coverage", "Most read"): two or more headline-shaped lines, each a paragraph of its own,
    just under the label (a list's counters between them), evenly spaced (a wider gap is
    the next page's), none with a byline or a date under it. Above a story's lead such a
    list holds no headline of the story's own."""
    sizes = Counter(piece.paragraph for piece in pieces)
    found: set[int] = set()
    social = shipped_shapes()[1]
    for index, reason in enumerate(reasons):
        if reason != "label" or all(word in social for word in words_of(pieces[index].text)):
            continue  # a button ("Share", "Save") heads no list
        items = []
        for other in range(index + 1, len(pieces)):
            gap = pieces[other].number - pieces[other - 1].number
            if gap != pieces[index + 1].number - pieces[index].number:
                break
            if reasons[other] in _LIST_COUNTERS:
                continue
            if _signed(pieces, reasons, other) or reasons[other] not in (None, DUMP_REPEAT):
                break  # (a headline with its byline or date under it is a story's own)
            if not _headline_shaped(pieces, other, sizes) or describes_photo(pieces[other].text):
                break
            items.append(other)
        if len(items) >= 2:
            found.update(items)
    return frozenset(found)


def _signed(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a byline or a date stands just under a line, or under the photo's
    caption under it."""
    after = index + 1
    if after < len(pieces) and describes_photo(pieces[after].text):
        after += 1
    return after < len(pieces) and reasons[after] in _SIGNATURE


def _headline_shaped(pieces: Sequence[Piece], index: int, sizes: Counter[int]) -> bool:
    """Tell whether a line reads as another story's headline: a paragraph of its own, of
    several words, with no stop at its end."""
    text = pieces[index].text.rstrip()
    return (
        sizes[pieces[index].paragraph] == 1
        and len(text.split()) >= _LINK_WORDS
        and not text.endswith(_STOPS)
    )


def _is_link_run(pieces: Sequence[Piece], run: Sequence[int], length: int) -> bool:
    """A list of links is made of headlines, several words each; a table's rows of names
    and figures, or a list of items, are story text."""
    if len(run) < length:
        return False
    words = sum(len(words_of(pieces[i].text)) for i in run)
    return words >= _LINK_WORDS * len(run) and not table_rows([pieces[i].text for i in run])


def inner_lists(
    pieces: Sequence[Piece], reasons: Sequence[str | None], runs: frozenset[int]
) -> frozenset[int]:
    """Return the lines of runs that stand inside the story text: prose stands before
    them, and no chrome (a label such as "Related", a credit, a gallery's counter) is in
    them or just above them: a list of features, of steps, of dates, a show's prices. A
    sentence ending with a colon is prose too: it opens the list under it ("Here are the
    main measures:"), and is often the story's lead itself."""
    if not runs:
        return frozenset()
    prose = [
        r is None and (_prose(p.text) or _opens_list(p.text))
        for p, r in zip(pieces, reasons, strict=True)
    ]
    first = prose.index(True) if any(prose) else len(pieces)
    inner: set[int] = set()
    group: list[int] = []
    for index in [*sorted(runs), -2]:
        if group and (index == group[-1] + 1 or (index == group[-1] + 2 and not prose[index - 1])):
            group.append(index)  # one line between two runs (a headline in quotes) joins them
            continue
        opened = bool(group) and (first < group[0] or _opened(pieces, reasons, group[0]))
        if opened and _plain(pieces, reasons, group):
            inner.update(group)
        group = [index]
    return frozenset(inner)


def _opened(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether the line above a run is a sentence of the story that opens it with a
    colon ("... Here are the main measures:"): the run is the story's list."""
    above = index - 1
    if above < 0 or reasons[above] is not None:
        return False
    text = pieces[above].text.rstrip()
    return text.endswith((":", "\uff1a")) and is_sentence(text)


def _plain(pieces: Sequence[Piece], reasons: Sequence[str | None], group: Sequence[int]) -> bool:
    """Tell whether a run and the line above it hold no chrome but figures (a price, a
    number) and no word of a photo gallery ("1 of 6", "Submitted photo")."""
    lines = range(max(0, group[0] - 1), group[-1] + 1)
    allowed = (*FIGURES, REPEATED)  # a caption printed under every photo is no label
    return all(reasons[i] in allowed for i in lines) and not any(
        _GALLERY.search(pieces[i].text) for i in lines
    )


def _opens_list(text: str) -> bool:
    """A sentence that ends with a colon opens a list of the story's own under it."""
    return text.rstrip().endswith(_OPENING) and is_sentence(text)


def _prose(text: str) -> bool:
    """A line of prose is a sentence that ends as one, not a headline in quotation marks."""
    if not is_sentence(text):
        return False
    ending, pictured = closing(text)
    return pictured or _PROSE_END.search(ending) is not None


def story_end(
    pieces: Sequence[Piece], reasons: Sequence[str | None], values: Sequence[float], last: int
) -> int:
    """Return the index of a page's article's last line: the densest run's *last* line, or
    a later line of prose (worth words in *values*) when only the story's own lines stand
    between (lists, figures, short lines: no label, share row, byline, date, credit or
    gallery): a list of products, a recipe, a show's times end many articles. A rights
    notice just under its last paragraph closes it too."""
    end = last
    for index in range(last + 1, len(pieces)):
        if reasons[index] not in FIGURES or _GALLERY.search(pieces[index].text):
            break
        if (values[index] > 0 or index == end + 1) and _prose(pieces[index].text):
            end = index
    end = _short_tail(pieces, reasons, end)
    after = end + 1
    closing_notice = (
        after < len(pieces) and reasons[after] != DUMP_REPEAT and rights_line(pieces[after].text)
    )
    return end + 1 if closing_notice and _prose(pieces[end].text) else end


def _short_tail(pieces: Sequence[Piece], reasons: Sequence[str | None], end: int) -> int:
    """Return the last line of the short paragraphs (a few lines each, no chrome) that stand
    between an article's last line and the page's first chrome line under it (a label, a
    share row, a byline): the article's closing notes, its show's times and prices. A list
    of links is a longer paragraph; a page with no chrome under the tail keeps it out."""
    sizes = Counter(piece.paragraph for piece in pieces[end + 1 : end + _TAIL_LINES + 2])
    for index in range(end + 1, min(len(pieces), end + _TAIL_LINES + 2)):
        if reasons[index] not in FIGURES or _GALLERY.search(pieces[index].text):
            return index - 1
        if sizes[pieces[index].paragraph] > _TAIL_PARAGRAPH:
            return end
    return end


def recurring_lines(pieces: Sequence[Piece]) -> frozenset[int]:
    """Return the indexes of lines of several words that stand alone as a paragraph (or
    are long) and recur in the story three times or more: a photo's caption printed under
    every photo of a gallery, a banner; and the second copy of a long line printed twice.
    A list's items (a product's features) may recur; they are short and stand among other
    lines."""
    sizes = Counter(piece.paragraph for piece in pieces)
    alone = [
        index
        for index, piece in enumerate(pieces)
        # (counted as far as the tests look: a paragraph is not split whole, twice)
        if (words := len(piece.text.split(None, _RECURRING_LONG))) >= _RECURRING_WORDS
        and (sizes[piece.paragraph] == 1 or words >= _RECURRING_LONG)
    ]
    if len(alone) < 2:
        return frozenset()
    keys = {index: line_key(pieces[index].text) for index in alone}
    counts = Counter(keys.values())
    first: dict[str, int] = {}
    for index, key in keys.items():
        first.setdefault(key, index)
    # Printed twice, a long line is kept once (a pull quote repeats the text it quotes).
    return frozenset(
        index
        for index, key in keys.items()
        if counts[key] >= _RECURRING_TIMES
        or (first[key] != index and len(key.split()) >= _RECURRING_LONG)
    )

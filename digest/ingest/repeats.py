"""Repeats: the lines a dump prints again and again -> the site's chrome.

A short line (a section's name, a credit, a label) printed in two or more parts of a dump is
the site's. A sentence may well be said twice, so a sentence counts only when it is printed
among different text each time (the outlet's boilerplate under every page: "Save articles
to read later.", a newsletter's pitch, a standards line); a story copied twice prints its
sentences among the same ones, and dedup is the one to merge it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from digest.ingest.blocks import Paragraph, line_key
from digest.ingest.chrome import Shapes, is_sentence, rights_line, shape
from digest.ingest.scripts import SCRIPT_STOPS

_STOPS = (".", "!", "?", *SCRIPT_STOPS)
_SIGNATURE = ("byline", "date")
# The reason of a line dropped as the dump's repeated chrome.
DUMP_REPEAT = "repeated in the dump"
_DIGITS = re.compile(r"\d")  # a notice's years aside, its words are the outlet's


def repeated_lines(chunks: Sequence[list[Paragraph]], shapes: Shapes) -> frozenset[str]:
    """Return the keys (spaces collapsed, case-folded) of the dump's repeated chrome lines."""
    lines = [line.text for chunk in chunks for paragraph in chunk for line in paragraph.lines]
    # Each line keyed and judged once, for both counts (mapped: no frame of our own a line).
    keys = list(map(line_key, lines))
    said = list(map(_said, lines))
    seen: Counter[str] = Counter()
    start = 0
    for chunk in chunks:
        end = start + sum(len(paragraph.lines) for paragraph in chunk)
        seen.update({key for key, s in zip(keys[start:end], said[start:end], strict=True) if not s})
        start = end
    short = {key for key, count in seen.items() if count > 1}
    short -= _copied_headlines(chunks, keys, said, seen) | recurring_titles(chunks)
    return frozenset(short | _boilerplate(lines, keys, said, shapes) | repeated_notices(lines))


def _copied_headlines(
    chunks: Sequence[list[Paragraph]], keys: Sequence[str], said: Sequence[bool], seen: Counter[str]
) -> set[str]:
    """Return the repeated lines that are a story's headline pasted twice (by accident, or a
    corrected copy under the first): each printing opens its part of the dump, and the
    parts' sentences are mostly the same. dedup merges the copies; the site's chrome opening
    every page stands over different stories."""
    opened: dict[str, list[set[str]]] = {}
    start = 0
    for chunk in chunks:
        end = start + sum(len(paragraph.lines) for paragraph in chunk)
        if end > start and not said[start] and seen[keys[start]] > 1:
            sentences = {keys[i] for i in range(start + 1, end) if said[i]}
            opened.setdefault(keys[start], []).append(sentences)
        start = end
    return {
        key
        for key, parts in opened.items()
        if len(parts) == seen[key] and all(_mostly_same(parts[0], part) for part in parts[1:])
    }


def recurring_titles(chunks: Sequence[list[Paragraph]]) -> frozenset[str]:
    """Return the keys of headlines several stories of the dump share ("What we know so far",
    "Live: latest updates", "Letters to the editor"): a line that opens two parts of the dump
    or more (blank-line runs between them) and is printed nowhere else, each time a paragraph
    of its own over the part's first sentence. Each is its story's title; a seed's header
    repeats its title inside its story's part, a site's chrome opens its pages over menus."""
    opening = [(line_key(chunk[0].lines[0].text), chunk) for chunk in chunks if len(chunk) > 1]
    counts = Counter(key for key, chunk in opening if len(chunk[0].lines) == 1)
    if not counts or max(counts.values()) < 2:
        return frozenset()  # (most dumps: each part opens with a line of its own)
    openers: Counter[str] = Counter()
    for key, chunk in opening:
        if counts[key] > 1 and len(chunk[0].lines) == 1 and not _said(chunk[0].lines[0].text):
            openers[key] += _said(chunk[1].lines[0].text)
    shared = {key for key, count in openers.items() if count > 1}
    printed = Counter(
        key
        for chunk in chunks
        for paragraph in chunk
        for line in paragraph.lines
        if (key := line_key(line.text)) in shared
    )
    return frozenset(key for key in shared if printed[key] == openers[key])


def _mostly_same(one: set[str], other: set[str]) -> bool:
    """Tell whether two parts' sentences are mostly the same: half of the fewer at least."""
    fewer = min(len(one), len(other))
    return fewer > 0 and 2 * len(one & other) >= fewer


def repeated_notices(lines: Sequence[str]) -> set[str]:
    """Return the rights notices printed twice or more, their years aside: the outlet's
    line under every page ("Copyright 2019 The Outlet. All rights reserved.")."""
    notices = list(map(line_key, filter(rights_line, lines)))
    counts = Counter(_DIGITS.sub("", key) for key in notices)
    return {key for key in notices if counts[_DIGITS.sub("", key)] > 1}


def _said(text: str) -> bool:
    return is_sentence(text) or text.rstrip().endswith(_STOPS)


def _boilerplate(
    lines: Sequence[str], keys: Sequence[str], said: Sequence[bool], shapes: Shapes
) -> set[str]:
    """Return the sentences printed twice or more, each time in another page: between other
    sentences (the nearest above or the nearest below differs at every printing), and with a
    page's byline or date between two printings (a pull quote repeats its story's text), and
    next to chrome (an interview's questions recur between answers)."""
    ended = [text.rstrip().endswith(_STOPS) for text in lines]
    counts = Counter(key for key, s in zip(keys, said, strict=True) if s)
    # Where each repeated sentence is printed, found in one pass (not one pass a sentence),
    # and a line's shape judged only when it stands between two printings.
    printings: dict[str, list[int]] = {key: [] for key, count in counts.items() if count > 1}
    for index, key in enumerate(keys):
        if key in printings:
            printings[key].append(index)
    signed: dict[int, bool] = {}

    def signs(index: int) -> bool:
        if index not in signed:
            signed[index] = shape(lines[index], shapes) in _SIGNATURE
        return signed[index]

    found: set[str] = set()
    for key, printed in printings.items():
        # The three tests in order of cost (lines' shapes last): all must hold.
        if any(_among_text(ended, index) for index in printed):
            continue
        around = {(_near(keys, said, key, i, -1), _near(keys, said, key, i, 1)) for i in printed}
        if len(around) != len(printed):
            continue
        if all(any(map(signs, range(a, b))) for a, b in itertools.pairwise(printed)):
            found.add(key)
    return found


def _among_text(ended: Sequence[bool], index: int) -> bool:
    """Tell whether the lines just above and just under *index* both end as sentences do (a
    caption, a headline, a date does not): a page's boilerplate stands next to its chrome
    (labels, links, share buttons, captions), an interview's question between answers."""
    return all(ended[other] for other in (index - 1, index + 1) if 0 <= other < len(ended))


def _near(keys: Sequence[str], said: Sequence[bool], key: str, index: int, step: int) -> str:
    """Return the nearest other sentence's key from *index* in direction *step* ("" at an end)."""
    index += step
    while 0 <= index < len(keys):
        if said[index] and keys[index] != key:
            return keys[index]
        index += step
    return ""

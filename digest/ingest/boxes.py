"""Boxes: lines judged by the chrome on both sides of them.

A site prints some of its chrome as boxes of several lines, and a line of such a box may read
as text on its own. As jusText judges a short paragraph by its neighbours, two such lines are
chrome by where they stand: a line between two promotion lines is the promotion's own (a
newsletter box: its name, its pitch, its privacy notice); and a short sentence above a
story's text, between chrome (a byline, a date, a reading time, a share row) and a photo's
caption or other chrome, is the site's ("Save articles to read later."), not the lead; and a
line naming a promotion's words over or under its button is the button's notice or pitch
("We use cookies ..." over "Accept all cookies").
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.ingest.chrome import abbreviation_end, is_sentence, shipped_shapes, words_of
from digest.ingest.issuers import ISSUER, issuer_lines
from digest.ingest.labelled_boxes import BOX, labelled_boxes
from digest.ingest.paywalls import walled
from digest.ingest.photo_lines import describes_photo
from digest.ingest.pieces import Piece
from digest.ingest.tails import tails

_PROMOTION = "promotion"
# A sentence shorter than this is judged by its neighbours (jusText's "short": 70 characters).
_SHORT_CHARS = 70
# Neighbours that say nothing of the text around them: a rule or a number is the story's own.
_WEAK = (None, "count", "symbols")
BETWEEN_CHROME = "between chrome"
_BUTTONS = (_PROMOTION, "label")
# A notice or a pitch beside its button has this many words at most.
_PITCH_WORDS = 40
# A breadcrumb's arrows and bars, and the words of each of its items at most.
_CRUMB_MARKS = ("/", ">", "\u00bb", "\u203a", "|", "\u2192", "\u276f")
_CRUMB_WORDS = 4
BREADCRUMB = "breadcrumb"


def boxed(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the lines of promotion boxes, a paywall's, and the site's short
    sentences above the story's text marked as chrome."""
    marked = list(reasons)
    for index in range(len(pieces) - 1):
        if reasons[index] is None and _crumbs_to(pieces[index].text, pieces[index + 1].text):
            marked[index] = BREADCRUMB
    told = False  # a long sentence was seen: the story's text has started
    for index in range(1, len(pieces) - 1):
        text = pieces[index].text.strip()
        told = told or (reasons[index] is None and len(text) >= _SHORT_CHARS and is_sentence(text))
        if reasons[index] is not None:
            continue
        above, below = reasons[index - 1], reasons[index + 1]
        if (above == _PROMOTION and below == _PROMOTION) or _beside_button(pieces, reasons, index):
            marked[index] = _PROMOTION
        elif (
            not told
            and above not in _WEAK
            and len(text) < _SHORT_CHARS
            and text.endswith(".")
            and (below not in _WEAK or describes_photo(pieces[index + 1].text))
        ):
            marked[index] = BETWEEN_CHROME
    for index in {0, len(pieces) - 1} if len(pieces) > 1 else ():
        if reasons[index] is None and _beside_button(pieces, reasons, index):
            marked[index] = _PROMOTION  # a cookie notice atop the copy, a pitch at its end
    for index in labelled_boxes(pieces, marked):
        marked[index] = BOX  # "Disclosure statement" over its sentence, above the text
    for index in issuer_lines(pieces, marked):
        marked[index] = ISSUER  # "From:" over "Department for X and The Rt Hon NAME MP"
    # A paywall's offer reaches the part's end; the outlet's lines under the text read as
    # sentences (its print edition's line, its call to follow it, for letters).
    return tails(pieces, walled(pieces, marked))


def _crumbs_to(text: str, below: str) -> bool:
    """Tell whether a line is the page's breadcrumb ending with the headline under it ("News
    / India News / <the headline>"): short items with arrows or bars between them, then the
    next line's words."""
    # Spaced as they are or collapsed, the line ends with the last word of the one under
    # it, or does not end with that line: most lines are told by this alone, before both
    # are split into every word (two paragraphs' worth of strings a line).
    last = below.rsplit(None, 1)[-1:]
    if not last or not text.rstrip().endswith(last[0]):
        return False
    text, below = " ".join(text.split()), " ".join(below.split())
    if not below or len(text) <= len(below) or not text.endswith(below):
        return False  # (most lines: no line under them that ends them)
    crumbs = text[: -len(below)].rstrip()
    if not crumbs.endswith(_CRUMB_MARKS) or "\u00ab" in crumbs:
        return False  # "«quote» said ...": a French quotation's closing mark is no arrow
    if below.endswith(".") and not abbreviation_end(below):
        return False  # a sentence under a line that ends with it is no headline
    items = crumbs[:-1].replace("|", "/")
    for mark in _CRUMB_MARKS:
        items = items.replace(mark, "/")
    # A site's sections are named with a capital ("News / India News"), as in `breadcrumb`.
    return all(
        0 < len(item.split()) <= _CRUMB_WORDS and not item.strip()[:1].islower()
        for item in items.split("/")
    )


def _beside_button(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a line is a notice's or a pitch's text over or under its button ("We
    use cookies ..." over "Accept all cookies", "Sign up for our newsletter ..." over "Sign
    up"): it names a promotion's words, and so does the chrome line beside it in its
    paragraph."""
    above = reasons[index - 1] if index > 0 else None
    below = reasons[index + 1] if index + 1 < len(reasons) else None
    if above not in _BUTTONS and below not in _BUTTONS:
        return False  # (most lines: no chrome beside them that a button could be)
    if not any(
        _box_of(pieces, index, other) and _button(pieces, reasons, other)
        for other in (index - 1, index + 1)
    ):
        return False
    text = pieces[index].text
    return text.count(" ") < _PITCH_WORDS and _names_promotion(text)


def _button(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a line is a promotion, or a label naming a promotion's words ("Sign up",
    "Accept cookies")."""
    if not 0 <= index < len(pieces) or reasons[index] not in _BUTTONS:
        return False
    return reasons[index] == _PROMOTION or _names_promotion(pieces[index].text)


def _box_of(pieces: Sequence[Piece], index: int, other: int) -> bool:
    """Tell whether the line at *other* is beside the one at *index* in its paragraph."""
    return 0 <= other < len(pieces) and pieces[other].paragraph == pieces[index].paragraph


def _names_promotion(text: str) -> bool:
    joined = f" {' '.join(words_of(text))} "
    return any(f" {phrase} " in joined for phrase in shipped_shapes()[2])

"""Page headline: which line above a copied page's article is its headline.

The title-shaped line standing nearest the lead with its byline or date under it, the one
the page prints again elsewhere (its top line, a breadcrumb, a list of the most read)
counting a little longer, one with other headlines between it and the lead shorter; a
standfirst is longer than its headline, which stands over it; other stories' headlines in
a list are none, nor is a photo's caption, over its credit or under the headline's header
(page_find finds the article, this module its headline, page_signature reads its header).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.ingest.bylines import byline_shaped, names_line, role
from digest.ingest.chrome import abbreviation_end, is_sentence, words_of
from digest.ingest.date_lines import has_date
from digest.ingest.page_find import page_words
from digest.ingest.page_signature import (
    BETWEEN_META,
    NAME,
    header_between,
    is_boundary,
    is_signed,
    may_be_standfirst,
    names_only,
    signature_at,
    writer_line,
)
from digest.ingest.photo_lines import credit_glued, describes_photo
from digest.ingest.trim import Piece

# Three headlines or more in a row are a list's; items have this many words at most.
_LIST_LINES = 3
_ITEM_WORDS = 20
# A headline and its teaser copied as one line: "... pool openThe council voted on ...".
_GLUED_TEASER = re.compile(r"[a-z]{3}[A-Z][a-z]*(?:\s+\S+){8,}$")
_OPENING = ("'", '"', "\u2018", "\u201c", "[", "(", "\u00ab", "\u300c")
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
# ... and this many words shorter for each line other than chrome between it and the lead.
_BETWEEN_WORDS = 3
_OTHER_HEADLINE_WORDS = 4  # a name or an outlet ("Ann Lee", "Associated Press") is shorter
# A headline stands at most this many lines above its standfirst (a kicker between).
_STANDFIRST_GAP = 2
_TAG_COMMAS = 3
_STANDFIRST_RATIO = 1.5  # ... and has half as many words again at least
_SIGNED_STANDFIRST_RATIO = 1.2  # (over its byline or date: a fifth more)
# A comma that parts a list's items, not a figure's decimals ("1,9%", "8,000").
_LIST_COMMA = re.compile(r",(?!\d)|(?<!\d),")


def _key(text: str) -> str:
    return " ".join(words_of(text))


def _title_shaped(text: str) -> bool:
    count = page_words(text)
    stopped = text.rstrip().endswith(".") and not abbreviation_end(text)
    return _TITLE_MIN_WORDS <= count <= _TITLE_MAX_WORDS and not stopped


def headline(
    pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int, stops: frozenset[str]
) -> int | None:
    """Return the index of the article's headline above the *lead*: the longest title-shaped
    line near it (bylines, kickers, section names and menu items are shorter), one the page
    prints again elsewhere (top line, breadcrumb, a list) counting a little longer, one with
    more than chrome between it and the lead (other headlines above it) shorter."""
    shaped = [
        reasons[i] is None and _headline_shaped(pieces[i].text, stops) and not _role(pieces, i)
        for i in range(lead)
    ]
    listed = _listed(pieces, shaped, reasons)
    near = [i for i in range(lead - 1, -1, -1) if i not in listed]
    near = near[: _TITLE_WINDOW + _photo_block(pieces, reasons, lead)]
    headline_like = {index: shaped[index] for index in near}
    window = _no_captions(pieces, reasons, [index for index in near if headline_like[index]])
    if not window:
        return None
    keys = [_key(piece.text) for piece in pieces]
    best = max(
        window, key=lambda index: _weight(pieces, reasons, (index, lead), keys, headline_like)
    )
    # A standfirst is longer than its headline, which stands just above it; a standfirst
    # over the byline and date may be only a little longer (one with no full stop, as
    # Spanish and Italian papers print it), when the headline is made of words, not a menu.
    signed = is_signed(pieces, reasons, best, lead)
    longer = page_words(pieces[best].text)
    above = [
        index
        for index in window
        if best - _STANDFIRST_GAP <= index < best
        and page_words(pieces[index].text) > _OTHER_HEADLINE_WORDS
        and (
            page_words(pieces[index].text) * _STANDFIRST_RATIO <= longer
            or (
                signed
                and page_words(pieces[index].text) * _SIGNED_STANDFIRST_RATIO <= longer
                and _spoken(pieces[index].text, stops)
            )
        )
        and not any(headline_like.get(other, False) for other in range(index + 1, best))
    ]
    if not above and signed and _heads_paragraph(pieces, headline_like, best - 1, best):
        return best - 1  # a headline over a standfirst of its length, atop their paragraph
    if not above and _over_its_standfirst(pieces, reasons, (window, listed), best, lead):
        return best - 1
    if not above:
        pair = _over_standfirst(pieces, reasons, (shaped, listed), best)
        above = [pair] if pair is not None else []
    return above[0] if above else best


def _no_captions(
    pieces: Sequence[Piece], reasons: Sequence[str | None], window: Sequence[int]
) -> list[int]:
    """Return the lines of *window* (nearest the lead first) that may be the headline: not a
    photo's caption, which is a line over its credit ("Foto: NAME / AFP") or a line under
    the header of a headline above it (its byline or date, then its share row or labels,
    only chrome between), where the photo stands over the lead; a window of captions only
    keeps them."""
    lines = frozenset(window)
    kept = [
        index
        for index in window
        if not (index + 1 < len(reasons) and reasons[index + 1] == "credit")
        and not any(
            header_between(pieces, reasons, above, index) for above in lines if above < index
        )
    ]
    return kept or list(window)


def _photo_block(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> int:
    """Return the number of lines of the photo's block just over the lead (its caption, its
    credit, "hide caption"), when it holds a credit ("Kirk Siegler/NPR" under "Lake Mead's ...
    in November."): the headline is looked for that much further up."""
    at, credited = lead - 1, False
    while at >= 0 and (
        reasons[at] in ("credit", "label")
        or (reasons[at] is None and reasons[at + 1] == "credit" and is_sentence(pieces[at].text))
    ):
        credited = credited or reasons[at] == "credit"
        at -= 1
    return lead - 1 - at if credited else 0


def _role(pieces: Sequence[Piece], index: int) -> bool:
    """Tell whether a line is a writer's role under their name ("Associate Professor of
    Atmospheric Science, University of Colorado Boulder" under "Maria Alvarez"): no headline."""
    return (
        index > 0
        and role(pieces[index].text.partition(",")[0].strip())
        and names_line(pieces[index - 1].text) is not None
    )


def _over_standfirst(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    lines: tuple[Sequence[bool], frozenset[int]],
    best: int,
) -> int | None:
    """Return the headline standing over *best* when *best* is its standfirst, though not
    much longer (Spanish, Italian and Russian papers print the two of a length): the line just
    above it, only chrome between, headline-shaped, of words, shorter, and the first of the
    two (no headline-shaped line of several words over it: a list's items are no pair);
    *lines* tell which lines are headline-shaped and which stand in a list of them."""
    shaped, listed = lines
    above = _nearest_text(reasons, best - 1)
    if above is None or not shaped[above] or above in listed:
        return None
    if page_words(pieces[above].text) <= _OTHER_HEADLINE_WORDS:
        return None  # a kicker, a name
    if len(pieces[above].text) >= len(pieces[best].text):
        return None  # a standfirst is longer than its headline
    over = _nearest_text(reasons, above - 1)
    if over is not None and shaped[over] and page_words(pieces[over].text) > _OTHER_HEADLINE_WORDS:
        return None
    return above


def _over_its_standfirst(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    lines: tuple[Sequence[int], frozenset[int]],
    best: int,
    lead: int,
) -> bool:
    """Tell whether the line just over *best* is the headline and *best* its standfirst,
    though of its length: the two stand over one byline or date, *best* may be a standfirst
    (no shorter, a sentence, or its words the lead repeats less), the upper one has several
    words (no kicker) and is the first of them (no headline-shaped line of several words
    over it: other stories' headlines are no pair); *lines* are the window's and the listed
    ones."""
    window, listed = lines
    upper = best - 1
    if upper not in window or page_words(pieces[upper].text) <= _OTHER_HEADLINE_WORDS:
        return False
    if not may_be_standfirst(pieces[upper].text, pieces[best].text, pieces[lead].text):
        return False
    signature = signature_at(pieces, reasons, best, lead)
    if signature is None or signature_at(pieces, reasons, upper, lead) != signature:
        return False
    over = _nearest_text(reasons, upper - 1)
    return (
        over is None
        or not (over in window or over in listed)
        or page_words(pieces[over].text) <= _OTHER_HEADLINE_WORDS
    )


def _nearest_text(reasons: Sequence[str | None], index: int) -> int | None:
    """Return the index of the nearest line at or above *index* that is no chrome."""
    while index >= 0 and reasons[index] is not None:
        index -= 1
    return index if index >= 0 else None


def _weight(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    span: tuple[int, int],
    keys: Sequence[str],
    headline_like: dict[int, bool],
) -> float:
    """Return how much a line above the lead weighs as its headline (*span*: its index and
    the lead's): its words, more when the page prints it again or its byline or date is
    under it, less for each headline-shaped line between it and the lead."""
    index, lead = span
    key = keys[index]
    again = len(key) > _AGAIN_CHARS and any(
        other != index and key in keys[other] for other in range(len(pieces))
    )
    # Only chrome (bylines, names, dates, captions) stands between a headline and its
    # lead; another headline-shaped line there is the page's.
    # The article's byline or date stands under its headline, above the lead.
    signed = is_signed(pieces, reasons, index, lead)
    between = sum(
        headline_like.get(other, False)
        and _OTHER_HEADLINE_WORDS <= page_words(pieces[other].text) <= _ITEM_WORDS
        for other in range(index + 1, lead)
    )
    return (
        page_words(pieces[index].text)
        + (_AGAIN_WORDS if again else 0)
        + (_SIGNED_WORDS if signed else 0)
        - _BETWEEN_WORDS * between
    )


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
        and page_words(pieces[index].text) > _OTHER_HEADLINE_WORDS
        and len(pieces[index].text) < len(pieces[best].text)
        and not any(
            headline_like.get(other, True)
            for other in range(index - 1, -1, -1)
            if pieces[other].paragraph == paragraph
        )
    )


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
            and page_words(pieces[index].text) >= _OTHER_HEADLINE_WORDS
        ):
            run.append(index)
            continue
        if len(run) >= _LIST_LINES:
            found.update(_items(pieces, reasons, run))
        run = []
    return frozenset(found)


def _items(pieces: Sequence[Piece], reasons: Sequence[str | None], run: list[int]) -> list[int]:
    """Return the lines of a run of headline-shaped lines that are a list's items: all, but
    for the article's own head among them: the last line, when its byline or date follows
    (only share buttons, labels and its writers' names between); the first one or two (its
    headline and standfirst), when the run's one date or byline stands under them and no
    line after it has one (a badge, a link's words: "Why you can trust us"), and no signed
    headline stands over the run (the article's, the run under it a live page's buttons)."""
    last = run[-1]
    after = next(
        (
            at
            for at in range(last + 1, len(reasons))
            if is_boundary(pieces[at].text, reasons[at])
            or (reasons[at] not in BETWEEN_META and not writer_line(pieces[at].text, reasons[at]))
        ),
        len(reasons),
    )
    if after < len(reasons) and is_boundary(pieces[after].text, reasons[after]):
        return run[:-1] if len(run) > _LIST_LINES else []
    dated = [
        at
        for at, item in enumerate(run[:-1])
        if any(is_boundary(pieces[o].text, reasons[o]) for o in range(item + 1, run[at + 1]))
    ]
    first = run[0]
    signed_above = any(
        is_signed(pieces, reasons, at, first) for at in range(max(0, first - _TITLE_WINDOW), first)
    )
    if len(dated) == 1 and dated[0] < _STANDFIRST_GAP and not signed_above:
        rest = run[dated[0] + 1 :]
        return rest if len(rest) >= _LIST_LINES else []
    return run


def _headline_shaped(text: str, stops: frozenset[str]) -> bool:
    """Tell whether a line may be a headline: a few words, no full stop at the end, starting
    with a capital or a figure, no date in it (a line of metadata), no credit, no person's
    name alone (a few capitalised words, none of them a stop word)."""
    stripped = text.strip()
    if not (_title_shaped(stripped) and (stripped[:1].isalnum() or stripped[:1] in _OPENING)):
        return False
    if stripped[:1].islower() or describes_photo(stripped) or has_date(stripped):
        return False
    if len(_LIST_COMMA.findall(stripped)) >= _TAG_COMMAS:
        return False  # a list of tags or names
    if NAME.match(stripped) and not any(word in stops for word in words_of(stripped)):
        return False
    if names_only(stripped) or byline_shaped(stripped):
        return False  # (a byline whose names are not read is no headline either)
    return not (credit_glued(stripped) or _GLUED_TEASER.search(stripped))

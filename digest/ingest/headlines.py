"""Headlines: which line above a part's lead is its headline.

A headline is no sentence, has a few words, and is none of the lines that stand near it: a
photo's caption (longer, and nearer the lead), a byline without its "By" ("Ann Lee and Bo Ng
in Paris"), a section's name over it. It has its byline or date just under it; where none
is, it is the longest such line near the lead, or the line just above that one when it is
shorter (a standfirst is longer than its headline).
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.ingest.bylines import byline_shaped
from digest.ingest.chrome import Shapes, is_sentence, shape, unspaced
from digest.ingest.photo_credits import under_credit
from digest.ingest.photo_lines import credit_glued, describes_photo
from digest.ingest.pieces import Piece
from digest.ingest.scripts import southeast_words
from digest.ingest.story_head import SIGNATURE

# A title has a few words at least (menus are made of one- and two-word lines) and is no
# sentence ending with a full stop.
_TITLE_MIN_WORDS = 3
_TITLE_MAX_WORDS = 30
# The headline is looked for among this many lines above the lead.
_TITLE_WINDOW = 12
# A headline set apart from its text stands over this many lines of chrome at most.
_ALONE_LINES = 6
_ALONE_WORDS = 5
# A standfirst above the headline has more words than a link of a list.
_LINK_WORDS = 4
# A byline without its "By" has this many words at most; words this short may be lower case.
_NAME_WORDS = 8
# A headline over its byline or date has more words than a desk's name over them.
_SIGNED_WORDS = 3
_PARTICLE_LETTERS = 3
_NAME_RUN = 5
_CHARS_PER_WORD = 2


def under_kicker(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> int | None:
    """Return 1 when the copy's first line is a section's name ("Business", "US & Canada")
    over a headline-shaped line that stands above the lead: that line is the headline; or
    the line under the last section's name of such lines one under the other (a menu's row
    "Deportes Cultura Opinión" over the section's "Málaga" over the headline)."""
    if lead < 2 or reasons[1] is not None or not title_like(pieces[1].text):
        return None
    if not _section_name(pieces[0].text):
        return None
    at = 1
    while (
        at + 2 < lead
        and reasons[at + 1] is None
        and reasons[at + 2] is None
        and _section_name(pieces[at + 1].text)
        and title_like(pieces[at + 2].text)
    ):
        at += 2
    return at


def _section_name(text: str) -> bool:
    """A section's name has fewer words than a headline."""
    named = [word for word in text.split() if any(c.isalpha() for c in word)]
    return len(named) < _TITLE_MIN_WORDS


def headline_alone(pieces: Sequence[Piece], shapes: Shapes) -> bool:
    """Tell whether a part is a headline with a few lines of chrome and no text (a live
    report's headline over its "Key events" button): a story's head set apart by a blank-line
    run, not a page's menu (whose lines are no headline). Its headline is its longest line."""
    words = len(pieces[0].text.split())
    return (
        1 < len(pieces) <= _ALONE_LINES
        and all(len(piece.text.split()) < words for piece in pieces[1:])
        and _set_apart(pieces[0].text, shapes)
    )


def headline_over_text(first: Sequence[Piece], following: Sequence[Piece], shapes: Shapes) -> bool:
    """Tell whether a part is one headline alone over a part that opens with story text:
    stories pasted with blank-line runs under their headlines as between them (review19 S1),
    not a page's menu or masthead (no headline) over its lines."""
    if len(first) != 1 or not following:
        return False
    lead = following[0].text
    return (
        _set_apart(first[0].text, shapes)
        and shape(lead, shapes) is None
        and is_sentence(lead)
        and not describes_photo(lead)
    )


def _set_apart(headline: str, shapes: Shapes) -> bool:
    """Tell whether a line standing apart is a headline: words enough (a menu's items are a
    word or two, three at most), no chrome's shape, no caption."""
    return (
        len(headline.split()) >= _ALONE_WORDS
        and shape(headline, shapes) is None
        and title_like(headline)
        and not describes_photo(headline)
    )


def title_like(text: str) -> bool:
    count = len(text.split())
    if count < _TITLE_MIN_WORDS and unspaced(text):
        count = len(text) // _CHARS_PER_WORD  # Chinese, Japanese: characters, not words
    elif count < _TITLE_MIN_WORDS:
        count = max(count, southeast_words(text))  # Thai, Lao, Burmese, Khmer
    return _TITLE_MIN_WORDS <= count <= _TITLE_MAX_WORDS and not text.rstrip().endswith(".")


def headline_above(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> int | None:
    """Return the index of the headline above the lead, if one stands there: the longest
    headline-shaped line near it (bylines and section names are shorter), or the line just
    above that one when it is headline-shaped too (a standfirst is longer than its headline)."""
    candidates = [
        index
        for index in range(max(0, lead - _TITLE_WINDOW), lead)
        if reasons[index] is None
        and title_like(pieces[index].text)
        and not describes_photo(pieces[index].text)  # a photo's caption stands near it too
        and not _names(pieces[index].text)  # a byline without its "By"
        and not byline_shaped(pieces[index].text)  # ... or with it, its names not read
    ]
    # ... under its credit ("PA Media") or with it glued to its end ("... in New York.Reuters")
    # too; a part with no other headline keeps it as one.
    credited_captions = {
        index
        for index in candidates
        if under_credit(pieces, reasons, index) or credit_glued(pieces[index].text, tight=True)
    }
    candidates = [index for index in candidates if index not in credited_captions] or candidates
    if not candidates:
        return None
    # A headline has its byline or date just under it (a caption nearer the lead may be
    # longer); else it is the longest line near the lead.
    signed = [
        index
        for index in candidates
        if len(pieces[index].text.split()) > _SIGNED_WORDS  # a desk ("Al Jazeera Staff")
        and any(reason in SIGNATURE for reason in reasons[index + 1 : index + 3])
    ]
    if signed:
        best, shortest = signed[0], _TITLE_MIN_WORDS
    else:
        best = max(reversed(candidates), key=lambda index: len(pieces[index].text.split()))
        shortest = _LINK_WORDS + 1
    before = best - 1
    if (
        before in candidates
        and len(pieces[before].text.split()) >= shortest
        and len(pieces[before].text) < len(pieces[best].text)
    ):
        return before  # the headline over its standfirst, which is longer
    return best


def _names(text: str) -> bool:
    """Tell whether a line is only names ("Ann Lee and Bo Ng", "Ann Lee in Paris"): every
    longer word capitalised, joined by a short one in lower case (a headline in title case
    capitalises those too, one in sentence case has longer words in lower case)."""
    words = text.split()
    return (
        len(words) <= _NAME_WORDS
        and all(w[:1].isupper() for w in words if len(w) > _PARTICLE_LETTERS)
        and any(w.islower() and len(w) <= _PARTICLE_LETTERS for w in words)
        and not any(c.isdigit() for c in text)
        and _longest_capitalised(words) < _NAME_RUN
    )


def _longest_capitalised(words: Sequence[str]) -> int:
    """Return the most words in a row that open with a capital: a person's name has four at
    most ("Ana María García López"), a headline in title case may have more ("Harbour Group
    Opens New Terminal in Rotterdam")."""
    longest = run = 0
    for word in words:
        run = run + 1 if word[:1].isupper() else 0
        longest = max(longest, run)
    return longest

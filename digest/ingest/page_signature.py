"""Page signature: the header under a copied page's headline, and what it tells.

Most pages print their headline, its standfirst, its writers' names or byline and its date,
then share buttons and labels, then the photo and the lead. A line with its byline or date
just under it (the standfirst, a link's few words, buttons and names between) is signed: a
headline; a line under a headline's whole header, buttons closing it, is the photo's caption
(page_headline weighs the lines, this module reads the header).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.ingest.bylines import names_line
from digest.ingest.chrome import is_sentence, words_of
from digest.ingest.page_find import page_words
from digest.ingest.story_head import dated_label
from digest.ingest.trim import Piece

# A date or a byline under a headline: the article's own; a label or a figure holding a
# date is one too ("Published: 6:30pm, 5 Dec 2026", "05/12/2026 16:14").
_BOUNDARY_REASONS = frozenset({"date", "byline"})
_DATED_REASONS = frozenset({"label", "count"})
# Lines a header holds between its headline and its byline or date.
BETWEEN_META = frozenset({"share", "label", "symbols", "reading time"})
# A headline that is signed has this many words (a section's name, "Business News", fewer).
SIGNED_WORDS_MIN = 4
# Words this long count in what a headline and its lead share.
_WORD_LETTERS = 3
# Words this short may be lower case in a line of names ("and", "de", "van").
_PARTICLE_LETTERS = 3
# A breadcrumb: a few short items with arrows between ("Home \u00bb World \u203a Asia").
_BREADCRUMB = re.compile(r"^[^\u00bb\u203a>]{1,40}(?:\s[\u00bb\u203a>]\s[^\u00bb\u203a>]{1,40})+$")
# A person's name, with the outlet after a comma: "Ann Lee", "ANN B. LEE, THE TIMES".
NAME = re.compile(
    r"^@?[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){1,2}(?:,(?: [A-Z][\w.&-]*){1,3})?$"
)


def header_between(
    pieces: Sequence[Piece], reasons: Sequence[str | None], above: int, index: int
) -> bool:
    """Tell whether a headline-shaped line *above* has its header between it and the line
    at *index*, nothing else: its byline or date, then share buttons, labels or a button's
    few words ("Copier le lien") closing it."""
    if page_words(pieces[above].text) < SIGNED_WORDS_MIN:
        return False
    signed = closed = False
    for other in range(above + 1, index):
        text, reason = pieces[other].text, reasons[other]
        if is_boundary(text, reason):
            signed, closed = True, False
        elif reason is None and not (writer_line(text, reason) or _button(text)):
            return False
        else:
            closed = signed
    return closed


def _button(text: str) -> bool:
    """Tell whether a line is a button's or a label's few words, no sentence."""
    return page_words(text) < SIGNED_WORDS_MIN and not is_sentence(text)


def is_boundary(text: str, reason: str | None) -> bool:
    """Tell whether a line is a byline or a date under a headline: one read as such, or a
    label or a figure holding a date ("Published: 6:30pm, 5 Dec 2026", "05/12/2026 16:14")."""
    return reason in _BOUNDARY_REASONS or (reason in _DATED_REASONS and dated_label(text))


def is_signed(
    pieces: Sequence[Piece], reasons: Sequence[str | None], index: int, lead: int
) -> bool:
    """Tell whether a headline of several words has its byline or date just under it (only
    share buttons and labels between), or stands under a breadcrumb: the article's header."""
    if index > 0 and _BREADCRUMB.match(pieces[index - 1].text.strip()):
        return True  # "Home \u00bb Sport": the page's headline comes next
    return signature_at(pieces, reasons, index, lead) is not None


def signature_at(
    pieces: Sequence[Piece], reasons: Sequence[str | None], index: int, lead: int
) -> int | None:
    """Return where the byline or date under a headline of several words stands: only share
    buttons, labels and its writers' names between, and the standfirst just under it (a
    line of text as long or a sentence: "headline, standfirst, byline, date" is how most pages
    print their head), with a link's few words under that ("Why you can trust us")."""
    headline = pieces[index].text
    if page_words(headline) < SIGNED_WORDS_MIN:
        return None  # a section's name over the date ("Business News")
    standfirst = False
    for other in range(index + 1, lead):
        text, reason = pieces[other].text, reasons[other]
        if is_boundary(text, reason):
            return other
        if (
            other == index + 1
            and reason is None
            and may_be_standfirst(headline, text, pieces[lead].text)
        ):
            standfirst = True
        elif other == index + 2 and standfirst and reason is None:
            if page_words(text) >= page_words(headline) or is_sentence(text):
                return None
        elif not (reason in BETWEEN_META or writer_line(text, reason)):
            return None
    return None


def may_be_standfirst(headline: str, text: str, lead: str) -> bool:
    """Tell whether a line under a headline may be its standfirst: no shorter, a sentence, or
    one whose words the *lead* repeats less than the headline's (the lead tells first what
    the headline says; a shorter line over the byline whose words it repeats more is the
    headline, the one above a kicker or another story's link)."""
    if page_words(text) >= page_words(headline) or is_sentence(text):
        return True
    return lead_share(headline, lead) > lead_share(text, lead)


def lead_share(text: str, lead: str) -> float:
    """Return the share of a line's words (of three letters or more) that the lead holds."""
    words = [word for word in words_of(text) if len(word) >= _WORD_LETTERS]
    held = frozenset(words_of(lead))
    return sum(word in held for word in words) / len(words) if words else 0.0


def writer_line(text: str, reason: str | None) -> bool:
    """Tell whether a line is a writer's name without its "By" ("Ann Lee", "Mar\u00eda Jos\u00e9
    Fern\u00e1ndez"), over the date: the article's signature as much as a byline is."""
    return reason is None and (NAME.match(text.strip()) is not None or names_only(text))


def names_only(text: str) -> bool:
    """Tell whether a line says itself that it is writers' names ("Ann Lee and Bo Ng in
    Paris", "Ann Lee (now) and Bo Ng (earlier)"): a byline without its "By"."""
    if any(word[:1].islower() and len(word) > _PARTICLE_LETTERS for word in text.split()):
        return False  # (most lines: a longer word in lower case is no name's)
    found = names_line(text)
    return found is not None and found[1]

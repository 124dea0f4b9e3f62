"""Story head: the lines of a story's part before its lead, judged one by one.

Before the title stands the page's top (menus, other headlines). Between the title and the
lead stand bylines, dates, captions and lists of links, dropped or kept as captions; a
standfirst (the header's summary) is dropped, a line of story text is kept, and so are short
lines that go on a kept line in one paragraph (codes to type, a poem's lines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from digest.ingest.bylines import names_line
from digest.ingest.chrome import is_sentence, words_of
from digest.ingest.chrome_words import box_label
from digest.ingest.date_lines import dated, has_date
from digest.ingest.leads import ENTRY_TIME, is_caption
from digest.ingest.lists import link_runs
from digest.ingest.photo_lines import credit_glued, describes_photo
from digest.ingest.pieces import Dropped, Piece
from digest.ingest.scripts import SCRIPT_STOPS
from digest.ingest.story_body import kept_time

# Between the headline and the lead, a line of fewer words is the page's, not the story's.
STANDFIRST_WORDS = 5
# A line of names ("BBC News, Rio de Janeiro") has at most this many words; words this
# short may be lower case in a name ("de", "of", "al").
NAME_LINE_WORDS = 8
_PARTICLE_LETTERS = 3
# A writer's role under their name may have this many words more than a line of names.
_ROLE_WORDS = 4
# The reasons of a story's signature lines: a standfirst stands above them.
SIGNATURE = ("byline", "date")
# The lines closing a header under its date: share buttons and labels.
_HEADER_BUTTONS = frozenset({"share", "label", "symbols"})
# A time of day, which a label may hold with no day ("Listen 4:32", "9:15pm").
_TIMES = re.compile(r"\b\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?m\b\.?)?", re.IGNORECASE)
# A live report's entry: its time, a line or two of headline, then its text.
_ENTRY_HEAD = 3
# A headline's byline or date stands at most this many lines under it (a standfirst, a line
# of names between).
_SIGNED_WITHIN = 4


def signs(piece: Piece, reason: str | None) -> bool:
    """Tell whether a line signs a story's head: a byline or a date line, a day in figures
    alone too ("05.12.2026", judged a count by its shape: it has no word), or a label
    holding a date ("Published: 6:30pm, 5 Dec 2026"), never a time of day alone (a live
    report's entry opens with one)."""
    return reason in SIGNATURE or (
        (reason == "count" and ENTRY_TIME.match(piece.text) is None and dated(piece.text))
        or (reason == "label" and dated_label(piece.text))
    )


def dated_label(text: str) -> bool:
    """Tell whether a label prints a day, not a time of day alone ("Listen 4:32")."""
    return has_date(_TIMES.sub(" ", text))


def live_entry_time(
    pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int, end: int
) -> int | None:
    """Return the index of the time of day over a live report's lead ("14:32", then the
    entry's headline, then its text), when the report's later entries open with a time of
    day too: every entry's time is kept alike, as its heading. None for any other story
    (a publication line's time over a lead is the page's)."""
    first = next(
        (
            at
            for at in range(lead - 1, max(lead - _ENTRY_HEAD - 1, -1), -1)
            if kept_time(pieces[at].text, reasons[at])
        ),
        None,
    )
    if first is None or any(reasons[at] is not None for at in range(first + 1, lead)):
        return None
    later = (at for at in range(lead + 1, end) if kept_time(pieces[at].text, reasons[at]))
    return first if next(later, None) is not None else None


def head_runs(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    span: tuple[int | None, int],
    length: int,
) -> frozenset[int]:
    """Return the lines above the lead (*span*: the title's index or None, the lead's) in
    runs of *length* short lines or more, lists of links, but for the story's own header:
    its headline and what stands under it down to its first byline or date (a standfirst, a
    line of names, "Live" over them), which are short lines of one paragraph too."""
    title, lead = span
    runs = link_runs(pieces[:lead], reasons[:lead], length)
    if title is None:
        return runs
    end = min(lead, title + _SIGNED_WITHIN + 1)
    signature = next((i for i in range(title + 1, end) if signs(pieces[i], reasons[i])), None)
    return runs if signature is None else runs - frozenset(range(title, signature))


@dataclass(slots=True)
class Head:
    """The lines before the lead: the page's top before the title, then between the title
    and the lead bylines, dates, captions and lists of links, or a standfirst kept."""

    pieces: Sequence[Piece]
    reasons: Sequence[str | None]
    runs: frozenset[int]
    signed: int = 0  # the index of the last byline or date line before the lead
    summary: int = 0  # where the points summing the story up start, above a dateline lead
    entry: int | None = None  # a live report's first entry's time, over the lead
    boxed: int | None = None  # the paragraph of a live report's box summing it up
    kept: list[Piece] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def _continues(self, index: int) -> bool:
        """Tell whether a line goes on the kept line above it in one paragraph (lines of
        one paragraph broken apart, such as codes or a poem's lines)."""
        above = self.pieces[index - 1]
        return (
            bool(self.kept)
            and self.kept[-1] is above
            and above.paragraph == self.pieces[index].paragraph
        )

    def _live_text(self, index: int) -> bool:
        """Tell whether a line above a live report's lead is its text: its first entry's
        time and headline over the lead, or its box summing it up ("Key points" and its
        points, one a line), which no entry repeats."""
        piece, reason = self.pieces[index], self.reasons[index]
        if self.entry is not None and (
            index == self.entry or (index > self.entry and reason is None)
        ):
            return True
        if (
            self.boxed is None
            and reason == "label"
            and self.entry is not None
            and box_label(words_of(piece.text))
        ):
            self.boxed = piece.paragraph
            return True
        return self.boxed == piece.paragraph and reason is None

    def _role(self, index: int) -> bool:
        """Tell whether a line is a writer's role under their name, dropped just above it
        ("Chercheuse en climatologie, Université de Grenoble" under "Claire Dubois"): a few
        words that end no sentence."""
        above = self.pieces[index - 1] if index > 0 else None
        text = self.pieces[index].text.rstrip()
        return (
            above is not None
            and bool(self.dropped)
            and self.dropped[-1].line == above.number
            and self.dropped[-1].reason == "before the lead"
            and names_line(above.text) is not None
            and len(text.split()) <= NAME_LINE_WORDS + _ROLE_WORDS
            and not text.endswith((".", "!", "?", *SCRIPT_STOPS))
            and not describes_photo(text)  # a caption ending with its credit, "(KOMPAS.com/NAME)"
        )

    def _names(self, index: int) -> bool:
        """Tell whether a line is only names (an outlet and a place, a desk), each word
        capitalised and no stop: a byline without its "By", never a caption or a sentence."""
        words = self.pieces[index].text.split()
        return (
            len(words) <= NAME_LINE_WORDS
            and all(word[:1].isupper() for word in words if len(word) > _PARTICLE_LETTERS)
            and not words[-1].endswith((".", "!", "?", ":"))
            and any(letter.islower() for letter in self.pieces[index].text)  # no shouted label
            and not is_caption(self.pieces, self.reasons, index)
        ) or (names_line(self.pieces[index].text) or ((), False))[1]  # "Ann Lee (now) and ..."

    def _under_header(self, index: int) -> bool:
        """Tell whether a line above the byline stands under the header's date and the
        share buttons or labels closing it, no sentence: a photo's caption, no standfirst
        (which stands over the date)."""
        at = index - 1
        while at >= 0 and (self.reasons[at] in _HEADER_BUTTONS or self._button(at)):
            at -= 1
        return (
            at < index - 1
            and at >= 0
            and signs(self.pieces[at], self.reasons[at])
            and not is_sentence(self.pieces[index].text)
        )

    def _button(self, index: int) -> bool:
        """Tell whether a line is a button's few words ("Copier le lien"), no sentence."""
        text = self.pieces[index].text
        return (
            self.reasons[index] is None
            and len(text.split()) < STANDFIRST_WORDS
            and not is_sentence(text)
        )

    def judge(self, index: int, *, before_title: bool) -> None:
        piece, reason = self.pieces[index], self.reasons[index]
        if not before_title and self._live_text(index):
            self.kept.append(piece)  # the report's own, as its later entries and their times
            return
        if reason is None and before_title:
            reason = "before the title"
        elif reason is None and index in self.runs and not describes_photo(piece.text):
            reason = "list of links"  # (a photo's caption with its credit stands among them)
        elif (
            reason is None
            and (
                len(piece.text.split()) < STANDFIRST_WORDS
                or self._names(index)
                or self._role(index)
            )
            and not self._continues(index)
        ):
            reason = "before the lead"  # a name, a role, a section: a standfirst is longer
        elif reason is None and index < self.signed and self._under_header(index):
            self.captions.append(piece.text)  # the photo's, under the header's buttons
            return
        elif reason is None and index < self.signed and not describes_photo(piece.text):
            reason = "standfirst"  # above the byline or date: the header's summary, no text
        elif (
            reason is None
            and self.summary <= index
            and not is_caption(self.pieces, self.reasons, index)
        ):
            reason = "summary"  # key points above the lead that opens with its dateline
        if reason is not None:
            self.dropped.append(Dropped(piece.number, piece.text, reason))
        elif is_caption(self.pieces, self.reasons, index) or credit_glued(piece.text, tight=True):
            self.captions.append(piece.text)  # (its credit glued: "... in New York.Reuters")
        else:
            self.kept.append(piece)

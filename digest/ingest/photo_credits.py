"""Photo credits: a line that only credits a photo ("Getty Images", "PA Media", "EPA-EFE/REX/
Shutterstock", "Reuters"), printed over the photo's caption; the line under it is the caption.

A credit is a few capitalised words with an acronym, a "/" or a photo's word in it
(digest/data/tells.yaml), and never a label or a link; its caption has several words, some
in lower case, and reads as no sentence (a paragraph of the story does).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

import yaml

from digest.ingest.chrome import is_sentence, words_of
from digest.ingest.chrome_words import caption_label, chrome_words
from digest.ingest.photo_lines import caption_text, describes
from digest.ingest.pieces import Piece
from digest.ingest.repeats import DUMP_REPEAT
from digest.paths import data_name

_CREDIT_WORDS = 4
_ACRONYM = re.compile(r"^[A-Z]{2,}[-/A-Z]*$")
_TOKEN = re.compile(r"[^\s/]+")
# What a credit line may have been judged before its caption is known: nothing, a credit,
# a line the dump repeats (the same agency over many photos).
_CREDIT_REASONS = (None, "credit", DUMP_REPEAT)
_CAPTION_WORDS = 5
_LABEL_CHARS = 30


@functools.cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("digest").joinpath(data_name("tells.yaml")).read_text("utf-8")
    # (libyaml's loader where PyYAML has it, as chrome_words: a tenth of the pure-Python one)
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return frozenset(data["photo_credit_words"]), frozenset(data["photo_agencies"])


def credit_name(text: str) -> bool:
    """Tell whether a line is only a photo's credit: "Getty Images", "EPA-EFE/REX", "AFP"."""
    stripped = text.strip().strip("()[]")
    # Most lines are the story's paragraphs: split only as far as a credit's words go.
    if not 0 < len(stripped.split(None, _CREDIT_WORDS)) <= _CREDIT_WORDS or stripped.endswith(
        (".", ":", "!", "?")
    ):
        return False
    tokens = _TOKEN.findall(stripped)
    if not all(token[:1].isupper() for token in tokens):
        return False
    words, agencies = _words()
    folded = {token.casefold().strip(".,") for token in tokens}
    return (
        "/" in stripped
        or any(_ACRONYM.match(token) for token in tokens)
        or bool(folded & words)
        or stripped.casefold() in agencies
    )


def under_credit(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a line is a photo's caption under its credit line ("PA Media" over
    "Rescue workers search the site on Thursday")."""
    above = index - 1
    if above < 0 or reasons[above] not in _CREDIT_REASONS:
        return False
    return over_caption(pieces, above)


def over_caption(pieces: Sequence[Piece], at: int) -> bool:
    """Tell whether the line at *at* is a photo's credit with the photo's caption under it."""
    if at + 1 >= len(pieces) or not credit_name(pieces[at].text):
        return False
    text = pieces[at + 1].text
    return len(text.split()) >= _CAPTION_WORDS and describes(text) and not is_sentence(text)


def credited(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with a caption under its credit no longer chrome for being printed
    again in the dump: a stock photo's caption is still the story's."""
    return [
        None if reason == DUMP_REPEAT and under_credit(pieces, reasons, index) else reason
        for index, reason in enumerate(reasons)
    ]


def credits_beside(pieces: Sequence[Piece], captions: Sequence[str]) -> tuple[str, ...]:
    """Return *captions* each with the credit printed on its own line over it, beside it as
    a caption's credit is printed ("Rescue workers search the quay (PA Media)"); a caption
    printed after the screen reader's label loses the label ("Image caption, ...")."""
    above = {piece.text: at - 1 for at, piece in reversed(list(enumerate(pieces)))}
    return tuple(_beside(pieces, caption, above.get(caption, -1)) for caption in captions)


def _beside(pieces: Sequence[Piece], caption: str, at: int) -> str:
    if caption_text(caption) != caption:
        return caption_text(caption)  # "[1/3]... REUTERS/Ann Lee Purchase Licensing Rights"
    labelled = labelled_caption(caption)
    if labelled is not None:
        text, credit = labelled
        if not credit and at >= 0:
            credit = labelled_credit(pieces[at].text) or ""  # "Image source, Getty Images"
        return f"{text} ({credit})" if credit else text
    at = _credit_above(pieces, at)
    return f"{caption} ({pieces[at].text.strip().strip('()[]')})" if at >= 0 else caption


@functools.cache
def _labels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The screen reader's labels of a caption and of its credit, with what follows them on
    the same line: "Image source, Getty Images Image caption, Rescue teams wade ..." """

    def alternatives(key: str) -> str:
        return "|".join(re.escape(label) for label in sorted(chrome_words(key), key=len)[::-1])

    caption = alternatives("caption_labels")
    credit = rf"(?:{alternatives('credit_labels')}),\s*(?P<credit>\S.*?)"
    return (
        re.compile(rf"^(?:{credit}\s+)?(?:{caption}),\s*(?P<caption>\S.+)$", re.IGNORECASE),
        re.compile(rf"^{credit}\s*$", re.IGNORECASE),
    )


def labelled_caption(text: str) -> tuple[str, str] | None:
    """Return the caption and its credit ("" for none) of a line that prints the screen
    reader's labels with them ("Image caption, Rescue teams wade ...", "Image source, PA
    Media Image caption, Snow ploughs ..."): the labels are no words of the caption."""
    comma = text.find(",", 0, _LABEL_CHARS)
    if comma == -1 or text[:comma].strip().casefold() not in _label_words():
        return None  # (most lines: one look at what stands before their first comma)
    found = _labels()[0].match(text.strip())
    if found is None or len(found["caption"].split()) < _CAPTION_WORDS - 2:
        return None
    credit = found["credit"] or ""
    return found["caption"].strip(), credit if not credit or credit_name(credit) else ""


@functools.cache
def _label_words() -> frozenset[str]:
    return chrome_words("caption_labels") | chrome_words("credit_labels")


def labelled_credit(text: str) -> str | None:
    """Return the credit of a line that prints it after the screen reader's label ("Image
    source, Getty Images"), or None."""
    found = _labels()[1].match(text.strip()) if "," in text[:_LABEL_CHARS] else None
    return found["credit"] if found is not None and credit_name(found["credit"]) else None


def _credit_above(pieces: Sequence[Piece], at: int) -> int:
    """Return *at* when the line there is the credit over the caption under it, or the line
    over the screen reader's label there ("Getty Images" / "Image caption," / caption); -1
    when no credit stands there."""
    if at < 0:
        return -1
    if over_caption(pieces, at):
        return at
    if at > 0 and labels_caption(pieces[at].text) and credit_name(pieces[at - 1].text):
        return at - 1
    return -1


def labels_caption(text: str) -> bool:
    """Tell whether a line is the screen reader's label over a caption ("Image caption,")."""
    return len(text) < _LABEL_CHARS and caption_label(words_of(text))

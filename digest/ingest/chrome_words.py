"""Chrome words: the vocabularies of digest/data/chrome.yaml beyond a line's own shape.

`chrome.Shapes` holds the labels, share-row words and promotion words every line is judged
by; this module reads the other lists: the words of advertisements' labels and notes, the
labels of boxes that sum a story up inside it, the screen reader's labels over a photo's
caption, and the calls that open a pitch ("Sign up", "Subscribe"). Each is a list of
case-folded words, per language, with no outlet's name.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from digest.paths import data_name

# A pitch is a sentence or two: this many words at most.
_PITCH_WORDS = 40
# ... and names the promotion within this many words of its call ("Sign up for our
# newsletter"): a sentence that opens with "Register" and names a newsletter far on is
# the story's.
_CALL_REACH = 8
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


@functools.cache
def chrome_data() -> dict[str, list[str]]:
    """Return digest/data/chrome.yaml's lists, read once a process (chrome.shipped_shapes'
    too: PyYAML reads a file of this size in tens of millions of instructions)."""
    text = resources.files("digest").joinpath(data_name("chrome.yaml")).read_text("utf-8")
    # (libyaml's loader where PyYAML has it: a tenth of the pure-Python reader's work)
    data: dict[str, list[str]] = yaml.load(
        text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    return data


@functools.cache
def chrome_words(key: str) -> frozenset[str]:
    """Return the case-folded entries of digest/data/chrome.yaml's list *key*."""
    return frozenset(str(entry).casefold() for entry in chrome_data()[key])


def names_ad(words: list[str]) -> bool:
    """Tell whether a line's words name an advertisement ("SKIP ADVERTISEMENT")."""
    ads = chrome_words("ads")
    return any(word in ads for word in words)


def called(text: str, promo: tuple[str, ...]) -> bool:
    """Tell whether a line of a sentence or two opens with a call to the reader ("Sign up",
    "Subscribe", "Abonnez-vous") and names a promotion just after it ("... for our
    newsletter"): a pitch, wherever it stands."""
    if text[:1].casefold() not in _call_openings() or text.count(" ") >= _PITCH_WORDS:
        return False  # (most lines: no call opens with their letter; no case fold of them)
    folded = text.casefold()
    call = next(
        (c for c in _calls() if folded.startswith(c) and not folded[len(c) : len(c) + 1].isalpha()),
        None,
    )
    if call is None:
        return False
    rest = f" {' '.join(_TOKEN.findall(folded[len(call) :])[:_CALL_REACH])} "
    return any(f" {phrase} " in rest for phrase in promo)


@functools.cache
def _call_openings() -> frozenset[str]:
    return frozenset(call[:1] for call in _calls())


@functools.cache
def _calls() -> tuple[str, ...]:
    return tuple(sorted(chrome_words("calls"), key=len, reverse=True))


def box_label(words: list[str]) -> bool:
    """Tell whether a line's words are a box's label that sums the story up ("Key points")."""
    return " ".join(words) in chrome_words("boxes")


def caption_label(words: list[str]) -> bool:
    """Tell whether a line's words are the screen reader's label over a photo's caption."""
    return " ".join(words) in chrome_words("caption_labels")


# A "read also" link is its label and one headline: this many words at most.
_READ_ALSO_WORDS = 30
_QUOTES = "\"\u201c\u201e\u00ab'"
# A sign-up form's consent line is a sentence or two.
_CONSENT_WORDS = 50
# What may stand between a "read also" label and its headline: a colon, a bar, a dash, an
# arrow, or a space before a capital, a figure or a quotation mark.
_AFTER_LABEL = re.compile(
    r"\s*(?:[:|\u00b7\u2014\u2013>\u00bb\u203a-]+\s*|\s(?=[\"\u201c\u00ab'\d]|[^\W\d_]))"
)


def linked_notice(text: str) -> str | None:
    """Return why a line is a link or a notice printed inside or under a story, by its
    opening words: a "read also" label and the headline it links to ("Baca juga: Jakarta
    Siaga Banjir", "\u00c0 lire aussi Gr\u00e8ce : la dette ...": "related"), or a sign-up
    form's consent ("By signing up, you acknowledge ... Privacy Policy": "promotion").
    None for any other line ("Read also the court's ruling, which ..." is a sentence)."""
    if text[:1].casefold() not in _opener_letters() or text.count(" ") >= _CONSENT_WORDS:
        return None  # (most lines: no label or consent opens with their letter)
    folded = text.casefold()
    label = _opening(folded, "read_also")
    if label is not None and text.count(" ") < _READ_ALSO_WORDS:
        rest = text[label:]
        after = _AFTER_LABEL.match(rest)
        headline = rest[after.end() :] if after is not None else ""
        first = headline[:1]
        if first and (first.isupper() or first.isdigit() or first in _QUOTES):
            return None if headline.rstrip().endswith(".") else "related"
    opening = _opening(folded, "consents")
    if opening is not None and set(_TOKEN.findall(folded[opening:])) & chrome_words(
        "consent_terms"
    ):
        return "promotion"
    return None


def _opening(folded: str, key: str) -> int | None:
    """Return where the entry of *key* that opens a case-folded line ends, or None."""
    for entry in _openers(key):
        if folded.startswith(entry) and not folded[len(entry) : len(entry) + 1].isalpha():
            return len(entry)
    return None


@functools.cache
def _openers(key: str) -> tuple[str, ...]:
    return tuple(sorted(chrome_words(key), key=len, reverse=True))


@functools.cache
def _opener_letters() -> frozenset[str]:
    return frozenset(entry[:1] for key in ("read_also", "consents") for entry in _openers(key))


# A notice on who may comment is a sentence or three.
_NOTICE_WORDS = 45


def comment_notice(text: str) -> bool:
    """Tell whether a line says who may comment on the story ("Please note you must be a
    Maverick Insider to comment. Sign up here or sign in ..."): it names commenting and an
    account, speaking to the reader ("He declined to comment." names none; "Members were told
    to sign in to comment" speaks to no reader)."""
    if "comment" not in text.casefold() and text.isascii():
        return False  # (most lines; another language's words are looked for below)
    if text.count(" ") >= _NOTICE_WORDS:
        return False
    joined = f" {' '.join(_TOKEN.findall(text.casefold()))} "
    return all(
        any(f" {p} " in joined for p in chrome_words(key))
        for key in ("comment_notices", "comment_accounts", "comment_readers")
    )

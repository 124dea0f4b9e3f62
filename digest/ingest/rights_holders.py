"""Rights holders: the outlet a page's copyright line names, as readers know it.

A footer's rights line names the company that owns the page: "© 2026 POLITICO LLC",
"Copyright 2008 - 2026 PT. Kompas Cyber Media", "© Copyright 1997 VnExpress.net", "© 2026
npr". Its company's legal form ("LLC", "PT", "Ltd", "DAC", "GmbH", "S.A.": digest/data/
tells.yaml's `legal_forms`), "Copyright" and the years are no part of the outlet's name; the
page's masthead, its first line, is that name as the outlet prints it when it opens with the
holder's first word ("Kompas.com" for "Kompas Cyber Media", "NPR" for "npr"), or when it
shares no word with the holder, the owning company ("The Hindu" for "THG PUBLISHING PVT
LTD", "Times of India" for "Bennett, Coleman & Co. Ltd.").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from digest.ingest import byline_words
from digest.ingest.byline_places import known_place

# "Copyright", "©", "(c)", a year or a span of years, and the commas between them.
_NOISE = re.compile(
    r"^(?:(?:copyright|[\u00a9\u24d2]|\(c\)|(?:19|20)\d\d(?:\s*[-\u2013]\s*(?:19|20)\d\d)?)"
    r"[\s,]*)+",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
_DOTTED = re.compile(r"\b([^\W\d_]{1,5})\.(?=\s)")
_ARTICLES = frozenset({"the", "le", "la", "les", "el", "los", "las", "il", "der", "die", "das"})
_MASTHEAD_WORDS = 5
_MASTHEAD_SPAN = (2, 5)  # a masthead's words when it shares none with the holder
_NAME = re.compile(r"^[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019.-][^\W\d_]+)*\.?$")
_PARTICLES = frozenset({"of", "de", "del", "di", "da", "do", "van", "von", "the", "and"})


def holder(name: str, mastheads: Iterable[str] = (), tops: Iterable[str] = ()) -> str | None:
    """Return the outlet a rights line's holder *name* stands for: the first of the page's
    *mastheads* (its first lines) that opens with the holder's first word, else the first of
    its *tops* (those over its headline) that shares no word with it, else the name without
    "Copyright", the years and its legal form; None when nothing is left ("PT")."""
    words = _NOISE.sub("", name.partition(" (")[0].strip()).split()  # "(its group)" aside
    forms = byline_words.listed("legal_forms")
    while words and _key(words[-1]) in forms:
        words.pop()  # "POLITICO LLC", "THG PUBLISHING PVT LTD", "Bennett, Coleman & Co"
        while words and words[-1] in ("&", ","):
            words.pop()
    while words and _key(words[0]) in forms:
        words.pop(0)  # "PT. Kompas Cyber Media"
    cleaned = " ".join(words).strip(" ,&")
    if not cleaned:
        return None
    first = _first_word(cleaned)
    for masthead in mastheads:
        text = " ".join(masthead.split())
        if 0 < len(text.split()) <= _MASTHEAD_WORDS and first and _first_word(text) == first:
            # (the holder's own letters where they are the masthead's: "Dawn" under "DAWN")
            same = text.casefold() == cleaned.casefold() and not cleaned.islower()
            return cleaned if same else text
    # "The Hindu" over "© THG PUBLISHING PVT LTD", "Times of India" over "© Bennett, Coleman &
    # Co. Ltd.": a masthead that shares no word with the holder names the outlet; the holder
    # is its owning company, which readers do not know the paper by.
    return next((text for text in tops if _apart(" ".join(text.split()), cleaned)), cleaned)


def _apart(masthead: str, cleaned: str) -> bool:
    """Tell whether a page's first line is a paper's name sharing no word with the rights
    holder *cleaned*: two to five words, each capitalised (articles and particles aside), no
    figure, neither a known place ("New York"), a section's label ("Local News") nor a
    button's words."""
    words = masthead.split()
    if not _MASTHEAD_SPAN[0] <= len(words) <= _MASTHEAD_SPAN[1]:
        return False
    if not all(_NAME.match(w) and (w[0].isupper() or w in _PARTICLES) for w in words):
        return False
    held = {word.casefold() for word in _WORD.findall(cleaned)} - _ARTICLES
    own = {word.casefold() for word in _WORD.findall(masthead)} - _ARTICLES
    if held & own or known_place(masthead) or masthead.isupper():
        return False  # (a kicker in capitals over the headline: "LOCAL NEWS")
    plain = own - byline_words.words()[0] - _PARTICLES  # a section's "Local News", "World"
    listed = byline_words.listed("button_words") | byline_words.listed("section_words")
    return not plain <= listed


def undotted(text: str) -> str:
    """Return a rights line without the dot after a legal form ("PT. Kompas Cyber Media",
    "Acme Inc. All rights reserved"): a company's name goes on past it."""
    forms = byline_words.listed("legal_forms")
    return _DOTTED.sub(lambda m: m[1] if _key(m[1]) in forms else m[0], text)


def _key(word: str) -> str:
    """A word as the legal forms list it: case-folded, no dots or commas ("S.A." -> "sa")."""
    return word.casefold().replace(".", "").strip(",")


def _first_word(text: str) -> str:
    """The first word of a name that is no article, case-folded: "kompas" of "Kompas.com",
    "irish" of "The Irish Times"."""
    words = [word.casefold() for word in _WORD.findall(text)]
    named = [word for word in words if word not in _ARTICLES]
    return named[0] if named else ""

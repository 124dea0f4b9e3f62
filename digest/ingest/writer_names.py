"""Writer names: a byline's name part as the writer's name, and what stands beside it.

"By Dr. med. Ann Lee", "Von Prof. Dr. Hans Weber", "Por la Dra. Ana Ruiz": titles and
honorifics (digest/data/tells.yaml `honorifics`) open the name and are no part of it: the
writer is "Ann Lee", as the same writer's other bylines print them. "By Kim Min-su, Seoul":
a known place after the writer's comma is where they filed from, never the outlet. "By:
admin", "By ann lee": a generic signer or a name in lower case is no writer digest reads
(a lower-case phrase after "By" is as often a headline's, "By popular demand"); the line is
warned of as an unread byline, as "By @harbourwatch" is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from digest.ingest import byline_words
from digest.ingest.byline_places import known_place

# "By: admin", "By ann lee": a byline's opening and words in lower case only after it.
_LOWER_BYLINE = re.compile(
    r"^(?i:by|von|par|por|door)\s*(?P<colon>:)?\s+(?P<rest>[^\W\d_A-Z][^\n]*)$"
)
_LOWER_WORDS = (2, 3)  # a lower-case name's words after a bare "By" ("By ann lee")
_ARTICLES = frozenset({"la", "el", "il", "le", "the"})  # "Por la Dra. Ana Ruiz"


def untitled(part: str, person: Callable[[str], bool]) -> str:
    """Return a byline's name *part* without the titles opening it ("Dr. med. Ann Lee" ->
    "Ann Lee"), when a person's name (*person*) stands after them; else *part* itself."""
    words = part.split()
    honorifics = byline_words.listed("honorifics")
    opened = len(words) > 1 and words[0] in _ARTICLES and words[1].casefold() in honorifics
    count = 1 if opened else 0
    while count < len(words) - 1 and words[count].casefold() in honorifics:
        count += 1
    rest = " ".join(words[count:])
    return rest if count and person(rest) else part


def placed(part: str) -> bool:
    """Tell whether a byline's part after the writer's comma is a known place ("By Kim
    Min-su, Seoul"): where the writer filed from, never the outlet."""
    return known_place(part)


def lower_byline(text: str) -> bool:
    """Tell whether a line is a byline whose words after "By" are all in lower case and read
    as no writer: after "By:" any ("By: admin", "By: ann lee"), after a bare "By" two or
    three words none of them a sentence's small word ("By ann lee"; never "By the way")."""
    found = _LOWER_BYLINE.match(" ".join(text.split()))
    if found is None or text.rstrip().endswith((".", "!", "?")):
        return False
    words = found["rest"].split()
    if any(word[:1].isupper() for word in words):
        return False
    if found["colon"]:
        return len(words) <= _LOWER_WORDS[1]
    small = byline_words.listed("small_words")
    return _LOWER_WORDS[0] <= len(words) <= _LOWER_WORDS[1] and not any(
        word.casefold() in small for word in words
    )

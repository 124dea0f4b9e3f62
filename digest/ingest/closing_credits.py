"""Closing credits: the writers' initials and the agencies under a wire story's text.

German agency copy closes with its writers' initials and its agencies ("mrc/dpa/AFP",
"sid/dpa"), Deutsche Welle's with the agencies in brackets ("es/wd (dpa, Reuters)"), AFP's
with its desk's initials alone ("lg/mel/bgs"). The agencies are tells.yaml's.
"""

from __future__ import annotations

import re

from digest.ingest import byline_words

_INITIALS = re.compile(r"^[a-z\u00e4\u00f6\u00fc\u00df]{2,4}$")
_CLOSING_CREDIT = re.compile(
    r"^(?P<slashed>[^\W\d_]+(?:\s*/\s*[^\W\d_]+)+)(?:\s*\((?P<more>[^()]+)\))?$"
)
_CLOSING_CHARS = 60


def initials_credit(text: str) -> str | None:
    """Return the agencies a closing credit of initials and agencies names ("dpa/AFP" of
    "mrc/dpa/AFP", "dpa/Reuters" of "es/wd (dpa, Reuters)"), or None when *text* is none."""
    stripped = text.strip()
    if "/" not in stripped or len(stripped) > _CLOSING_CHARS:
        return None  # (most lines)
    found = _CLOSING_CREDIT.match(stripped)
    if found is None:
        return None
    agencies = byline_words.agencies()
    named: list[str] = []
    for token in re.split(r"\s*/\s*", found["slashed"]):
        if token.casefold() in agencies:
            named.append(token)
        elif not _INITIALS.match(token):
            return None  # "Ann/Bo", "and/or": no credit
    for token in re.split(r"\s*,\s*", found["more"] or ""):
        if token.casefold() not in agencies and token:
            return None
        named.extend([token] if token else [])
    return "/".join(dict.fromkeys(named)) or None


def desk_initials(text: str) -> bool:
    """Tell whether *text* is a wire desk's closing initials and nothing else, three or more
    ("lg/mel/bgs", under every AFP story): no agency named, no outlet told."""
    tokens = text.strip().split("/")
    return len(tokens) >= 3 and all(_INITIALS.match(token) for token in tokens)

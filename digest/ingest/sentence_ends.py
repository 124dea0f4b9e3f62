"""Sentence ends: how a line of story text ends, past what may close it after its stop.

Emoji and other pictographs close a sentence after its full stop, or stand for it; a story's
last paragraph may be signed after its full stop with the outlet's or the agency's initials
("... the decision. DM", "... el viernes. EFE", "... gesagt. (dpa)"): the sentence ends at
its stop all the same, and the story ends with that paragraph.
"""

from __future__ import annotations

import re

from digest.ingest.scripts import SCRIPT_STOPS

# Emoji and other pictographs may close a sentence after its full stop, or stand for it.
_TRAILING_SYMBOLS = re.compile("[\\s\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+$")
# A story's last paragraph signed after its full stop with the outlet's or the agency's
# initials, as many print it ("... the decision. DM", "... el viernes. EFE", "... gesagt.
# (dpa)", "... said. \u2014 AP"): the sign-off closes the sentence, it starts no chrome.
_SIGN_OFF = re.compile(
    f'(?<=[.!?"\u201d\u2019\u00bb{SCRIPT_STOPS}])\\s+(?:[-\u2013\u2014]\\s*)?'
    r"(?:[A-Z]{2,6}\d{0,3}|\([A-Za-z]{2,8}(?:/[A-Za-z]{2,8})*\))$"
)


def signed_off(text: str) -> bool:
    """Tell whether a line ends with a sign-off after its full stop ("... the decision.
    DM"): the story's last paragraph, as the outlet marks it."""
    stripped = text.rstrip()
    signed = stripped[-1:].isalnum() or stripped[-1:] == ")"
    return signed and _SIGN_OFF.search(stripped) is not None


def closing(text: str) -> tuple[str, bool]:
    """Return *text* without the white space, sign-off ("DM", "(dpa)") and pictographs
    (emoji) that end it, and whether pictographs did: they close a sentence, or stand for
    its full stop."""
    stripped = text.rstrip()
    if stripped[-1:].isupper() or stripped[-1:].isdigit() or stripped[-1:] == ")":
        stripped = _SIGN_OFF.sub("", stripped)
    if not stripped or stripped[-1].isascii():
        return stripped, False
    ending = _TRAILING_SYMBOLS.sub("", stripped)
    return ending, len(ending) < len(stripped)

"""Rule lines: a line drawn across and nothing else ("---", "* * *", "=====", "<hr>").

An editor types one between two stories pasted one under the other (headers reads it as
their border); a page prints one between a report's sections. It is never story text.
"""

from __future__ import annotations

import re

_RULE = re.compile(
    r"(?:([-_=*#~+\u00b7\u2022\u2013\u2014\u2015\u2500\u2501\u2550])(?:\s*\1){2,}"
    r"|<hr\s*/?>)",
    re.IGNORECASE,
)
# HTML's rule has letters: a line of words' shape, unless told.
_HTML_RULE = re.compile(r"<hr\s*/?>", re.IGNORECASE)


def is_rule(text: str) -> bool:
    """Tell whether a line is a rule drawn across and nothing else."""
    return _RULE.fullmatch(text.strip()) is not None


def html_rule(text: str) -> bool:
    """Tell whether a line is HTML's rule tag, typed or copied as text ("<hr>", "<hr />")."""
    return _HTML_RULE.fullmatch(text.strip()) is not None

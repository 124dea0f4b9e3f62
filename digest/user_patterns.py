"""The editor's regular expressions (digest.yaml's ingest.chrome, ingest.keep and
ingest.counter_pattern), compiled with the `regex` library rather than `re`.

A pattern with nested repeats such as `^(\\w+\\s?)*$` makes `re` backtrack for hours on one
40-character line that does not match, and ingest would hang on a project's settings.
`regex` reads the same syntax (its version 0 is `re`'s) and its matcher does not backtrack
without end on such patterns (measured: 0.1 ms where `re` ran past a minute). It is
already installed beside trafilatura (dateparser needs it).
"""

from __future__ import annotations

import regex

from digest.errors import clip

Pattern = regex.Pattern[str]


def compile_pattern(pattern: str, *, ignore_case: bool = False) -> Pattern:
    """Compile one of the editor's patterns; raises regex.error or ValueError."""
    return regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignore_case else 0))


def pattern_problem(key: str, pattern: str, *, ignore_case: bool) -> str | None:
    """Say why *pattern* (of setting *key*) is not a regular expression; None when it is."""
    try:
        compile_pattern(pattern, ignore_case=ignore_case)
    except regex.error as error:
        return f"{key}: not a regular expression: {error} in {clip(pattern)}"
    except (OverflowError, RecursionError, ValueError) as error:  # a repeat count too big, say
        return f"{key}: not a usable regular expression: {error} in {clip(pattern)}"
    return None

"""The editor's regular expressions (digest.yaml's ingest.chrome, ingest.keep and
ingest.counter_pattern), compiled with the `regex` library and matched with a time limit.

A pattern whose repeats can match the same text in many ways (`^(\\w+\\s?)*$`, `^(-|--)+$`)
makes a backtracking matcher try exponentially many ways on a line it does not match, and
ingest would hang on a project's settings. `regex` reads the same syntax (its version 0 is
`re`'s), avoids much of that backtracking, and above all takes a `timeout`: a pattern that
takes longer than TIMEOUT_SECONDS on one line stops ingest with an error naming the setting
and the pattern. It is installed beside trafilatura already (dateparser needs it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from digest.errors import DigestError, clip

# Far beyond what a usable pattern takes on one line (microseconds), far below a hang.
TIMEOUT_SECONDS = 0.5


class PatternTimeout(DigestError):
    """One of the editor's patterns took too long on one line."""


@dataclass(frozen=True, slots=True)
class UserPattern:
    """One of the editor's patterns: searched or matched within TIMEOUT_SECONDS a line."""

    key: str  # the setting it comes from: "ingest.chrome[0]"
    source: str
    compiled: regex.Pattern[str] = field(compare=False, repr=False)

    def search(self, text: str) -> regex.Match[str] | None:
        try:
            return self.compiled.search(text, timeout=TIMEOUT_SECONDS)
        except TimeoutError:
            raise self._timeout(text) from None

    def match(self, text: str) -> regex.Match[str] | None:
        try:
            return self.compiled.match(text, timeout=TIMEOUT_SECONDS)
        except TimeoutError:
            raise self._timeout(text) from None

    def _timeout(self, text: str) -> PatternTimeout:
        return PatternTimeout(
            f"digest.yaml: {self.key}: {clip(self.source)} took over {TIMEOUT_SECONDS} s on"
            f" the line {clip(text)}: its repeats can match the same text in too many ways"
            " (as in (a|aa)* or (\\w+\\s?)*); write it so that each character can be matched"
            " one way only"
        )


def compile_pattern(key: str, pattern: str, *, ignore_case: bool = False) -> UserPattern:
    """Compile one of the editor's patterns; raises regex.error or ValueError."""
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    return UserPattern(key, pattern, regex.compile(pattern, flags))


def pattern_problem(key: str, pattern: str, *, ignore_case: bool) -> str | None:
    """Say why *pattern* (of setting *key*) is not a regular expression; None when it is."""
    try:
        compile_pattern(key, pattern, ignore_case=ignore_case)
    except regex.error as error:
        return f"{key}: not a regular expression: {error} in {clip(pattern)}"
    except (OverflowError, RecursionError, ValueError) as error:  # a repeat count too big, say
        return f"{key}: not a usable regular expression: {error} in {clip(pattern)}"
    return None

"""A story's language: the one its front matter gives, else the one its script makes certain.

The site's pages say it in `lang` (screen readers switch voice; the search index is built
per language, and Pagefind splits Chinese and Japanese text into words only for a page in
that language). A story file without the key gets the language its script alone settles:
kana is Japanese, Hangul Korean, Han characters without kana Chinese, and Greek, Hebrew,
Thai, Georgian, Armenian, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada, Malayalam,
Sinhala, Lao and Khmer letters are each one language's. Latin, Cyrillic, Arabic, Devanagari
and Bengali letters are written in several: no guess here (ingest/story_language tells those
by their function words, for classify, and writes `language:` for a story not in English).
"""

from __future__ import annotations

import re
from functools import cache

from digest.config_checks import language_problem

# How much of a story is looked at: its title and the start of its body tell its language.
SAMPLE_CHARACTERS = 200
# The share of a sample's letters that must be of one script for the script to decide.
_MOST = 0.5
# The scripts' letters, compiled on first use (`_compiled`): a set of wide ranges of
# characters costs ~1-2 ms to compile (every character of a range is looked at), ~0.005 s
# for these at the start of a one-story edit, and a sample all ASCII needs none of them.
_LETTER = r"[^\W\d_]"
_KANA = "[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]"
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# One language's scripts, besides Chinese and Japanese (whose letters are told apart above).
_SCRIPTS = (
    ("ko", "[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    ("el", "[\u0370-\u03ff\u1f00-\u1fff]"),
    ("he", "[\u0590-\u05ff\ufb1d-\ufb4f]"),
    ("th", "[\u0e00-\u0e7f]"),
    ("ka", "[\u10a0-\u10ff]"),
    ("hy", "[\u0530-\u058f]"),
    # India's and Sri Lanka's scripts that one language writes (Devanagari is Hindi's, Marathi's
    # and Nepali's, Bengali's script Assamese's too: no guess), Lao and Khmer.
    ("pa", "[\u0a00-\u0a7f]"),
    ("gu", "[\u0a80-\u0aff]"),
    ("or", "[\u0b00-\u0b7f]"),
    ("ta", "[\u0b80-\u0bff]"),
    ("te", "[\u0c00-\u0c7f]"),
    ("kn", "[\u0c80-\u0cff]"),
    ("ml", "[\u0d00-\u0d7f]"),
    ("si", "[\u0d80-\u0dff]"),
    ("lo", "[\u0e80-\u0eff]"),
    ("km", "[\u1780-\u17ff]"),
)

_ANY = (
    "[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u0370-\u03ff\u1f00-\u1fff\u0590-\u05ff"
    "\ufb1d-\ufb4f\u0e00-\u0e7f\u10a0-\u10ff\u0530-\u058f\u0a00-\u0dff\u0e80-\u0eff"
    "\u1780-\u17ff]"
)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Return *pattern* compiled, once a process."""
    return re.compile(pattern)


def script_language(title: str, body: str) -> str | None:
    """Return the language a story's script makes certain (see the module), else None."""
    sample = f"{title}\n{body[:SAMPLE_CHARACTERS]}"
    if sample.isascii() or _compiled(_ANY).search(sample) is None:  # most stories: Latin letters,
        return None  # curly quotes and dashes; one scan at C speed tells
    letters = len(_compiled(_LETTER).findall(sample))
    if not letters:
        return None
    kana, han = len(_compiled(_KANA).findall(sample)), len(_compiled(_HAN).findall(sample))
    if kana + han >= letters * _MOST:
        return "ja" if kana else "zh"
    for language, script in _SCRIPTS:
        if len(_compiled(script).findall(sample)) >= letters * _MOST:
            return language
    return None


def language_tag_problem(value: str) -> str | None:
    """Say why *value* is no language tag a page's `lang` can carry; None when it is."""
    problem = language_problem(value)
    return None if problem is None else problem.removeprefix("language: ")


def same_language(one: str, other: str) -> bool:
    """Tell whether two language tags name the same language ("en" and "en-GB" do not:
    the story's says more, and is kept)."""
    return one.casefold() == other.casefold()


def foreign_language(language: str | None, site: str) -> str | None:
    """Return a story's *language* when it is not the *site*'s (a teaser, a feed entry says
    so), else None."""
    return language if language and not same_language(language, site) else None

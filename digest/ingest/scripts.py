"""Scripts: whether a text is written in a script that puts no spaces between its words.

A module of its own, light to import: `blocks` asks it of lines, and every build imports
`blocks` (the ledger's fingerprints) even with no dump to ingest, where importing `chrome`
for it pulled in the bylines, the date lines and the gazetteer (~35 ms of CPU of a first
build's start-up, when the build's process works alone).
"""

from __future__ import annotations

import re

# Hiragana and katakana, CJK ideographs, Hangul syllables.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Thai, Lao, Burmese and Khmer write no space between words either: a space stands between
# phrases and sentences. Thai and Lao print no full stop: the space, or the line's end,
# ends a sentence (Burmese and Khmer have theirs, "\u104b", "\u17d4").
_SOUTHEAST = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_STOPLESS = re.compile(r"[\u0e00-\u0eff]")
# The marks that end a sentence in other scripts than the Latin one: the ideographic and
# full-width stops of Chinese and Japanese, the Arabic question mark and the Urdu full stop,
# the Devanagari and Bengali dandas (Hindi, Marathi, Nepali, Bengali), the Armenian,
# Ethiopic, Burmese and Khmer full stops. Every test of "does this line end a sentence" takes
# them: a rule that knew only ".!?" took a Hindi or Urdu story's short paragraphs for captions.
SCRIPT_STOPS = "\u3002\uff01\uff1f\u061f\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4\u17d5"
# A word of those scripts is about five characters, its vowel and tone marks counted.
_SOUTHEAST_CHARS_PER_WORD = 5


def unspaced(text: str) -> bool:
    """Tell whether *text* is in a script written without spaces (Chinese, Japanese, Korean)."""
    return not text.isascii() and UNSPACED.search(text) is not None


def southeast_words(text: str) -> int:
    """Return how many words a text in Thai, Lao, Burmese or Khmer holds, its characters
    counted as words are (0 for a text in none of them: count its spaces)."""
    if text.isascii() or _SOUTHEAST.search(text) is None:
        return 0
    return len(text) // _SOUTHEAST_CHARS_PER_WORD


def stopless(text: str) -> bool:
    """Tell whether *text* is in a script that ends its sentences with a space and no full
    stop (Thai, Lao): the end of its line ends a sentence."""
    return not text.isascii() and _STOPLESS.search(text) is not None

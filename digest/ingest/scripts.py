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


def unspaced(text: str) -> bool:
    """Tell whether *text* is in a script written without spaces (Chinese, Japanese, Korean)."""
    return not text.isascii() and UNSPACED.search(text) is not None

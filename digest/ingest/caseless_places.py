"""Caseless places: the gazetteer's names in scripts with no capital letters, found in text.

regions.scan finds names as runs of capitalised words; Arabic, Hebrew, Chinese, Japanese and
Korean have no capitals to open a run, and Chinese and Japanese no spaces between words
("菲律宾北部遭台风袭击"). So in those scripts each name the gazetteer knows is looked for in
the text itself. Where words are spaced, a name must stand as a word: Arabic and Hebrew may
join one letter in front ("بالفلبين", in the Philippines) but nothing behind
("الهندسة", engineering, is not "الهند", India); Korean joins its particles behind ("서울에서",
in Seoul); Chinese and Japanese names stand anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digest.ingest.gazetteer import CASELESS, Gazetteer, fold

_SPACED = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")
_KOREAN = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# The one letter Arabic and Hebrew join in front of a name: and, with, for, in, from, the...
_PREFIXES = frozenset("\u0648\u0628\u0644\u0641\u0643\u05d1\u05d4\u05d5\u05dc\u05de\u05e9\u05db")


def written_caseless(text: str) -> bool:
    """Tell whether *text* holds letters of a script with no capitals."""
    return not text.isascii() and CASELESS.search(text) is not None


def caseless_names(text: str, gazetteer: Gazetteer) -> Iterator[str]:
    """Yield the names in caseless scripts (folded, as the gazetteer keys them) that *text*
    writes, in order."""
    if not written_caseless(text):
        return
    folded = fold(text).casefold()
    index, end = 0, len(folded)
    while index < end:
        names = gazetteer.caseless.get(folded[index])
        if names:
            name = next((n for n in names if _at(folded, index, n)), None)
            if name is not None:
                yield name
                index += len(name)
                continue
        index += 1


def _at(text: str, start: int, name: str) -> bool:
    """Tell whether *text* writes *name* at *start*, standing as a name by its script's rules."""
    if not text.startswith(name, start):
        return False
    if _SPACED.match(name) is not None:
        before = text[start - 1] if start else " "
        if before in _PREFIXES:
            before = text[start - 2] if start >= 2 else " "  # "بالفلبين": a letter in front
        end = start + len(name)
        after = text[end] if end < len(text) else " "
        return not before.isalpha() and not after.isalpha()
    if _KOREAN.match(name) is not None:
        return start == 0 or not text[start - 1].isalpha()  # particles join behind only
    return True

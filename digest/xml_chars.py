"""Characters XML 1.0 cannot carry: found (with their line) and left out of every page and feed.

A feed with one of them is not XML at all (a feed reader drops the whole feed), and HTML calls
them parse errors. They are C0 control characters other than tab, line feed and carriage
return, U+FFFE and U+FFFF, and lone surrogates. They come from text pasted out of Word (a
vertical tab for a soft line break, a form feed for a page break) or from terminals (escape
sequences), never from what a reader should see. Ingest removes them from dumps as it reads
them (ingest/dumps.py); the site stage leaves them out of a hand-written story and names its
file and line, never rewriting the file (site/load.py).

DEL and the C1 controls (U+007F-U+009F) are another matter: XML carries them, but in UTF-8
text they are nearly always Windows-1252 punctuation decoded as Latin-1 on its way (U+0092
for a right single quote, U+0093 and U+0094 for double quotes, U+0096 for an en dash, U+0085
for an ellipsis), and a reader sees nothing where the editor's quote was. They are read as
the cp1252 characters they stand for (`mend`): by ingest, warned of by dump and line, and
by the site stage in a hand-written story, warned of by file and line, the file untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Lines are counted at "\n" only, as an editor's editor and every other message counts them.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The same control characters as bytes: a file's bytes are checked at memory speed
# (bytes.translate, a few microseconds a story) before any character is looked at, since
# every story and dump is read and almost none holds one.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# Word writes a vertical tab for a soft line break inside a paragraph and a form feed for a
# page break. Both become spaces, not line breaks: a file's lines stay the lines its editor
# shows (every warning names lines by them), and the words on either side stay apart.
_AS_SPACE = str.maketrans("\x0b\x0c", "  ")


def may_hold(data: bytes, text: str) -> bool:
    """Return whether *text*, decoded from the UTF-8 (or cp1252) *data*, may hold a character
    XML cannot carry (a lone surrogate is never decoded from them)."""
    # Searching the text for one character is a fraction of a microsecond (none at all in
    # ASCII text); searching bytes for its three UTF-8 bytes is tens.
    if "\ufffe" in text or "\uffff" in text:
        return True
    return len(data.translate(None, CONTROL_BYTES)) != len(data)


def holds(text: str) -> bool:
    """Return whether *text* holds a character XML cannot carry."""
    return _UNSAFE.search(text) is not None


# A terminal's escape sequence, whole: colours and cursor moves ("ESC [1m" ... "ESC [0m") and
# window titles ("ESC ] ... BEL"). Only its ESC is a character XML cannot carry; the rest,
# left behind, would read "[1mLisbon Adds Night Trams[0m" in a title, a slug and a URL.
_TERMINAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\))")


def strip(text: str) -> str:
    """Return *text* without the characters XML cannot carry, and without a terminal's
    escape sequences; a vertical tab or form feed becomes a space."""
    if "\x1b" in text:
        text = _TERMINAL.sub("", text)
    return _UNSAFE.sub("", text.translate(_AS_SPACE))


def first(text: str) -> tuple[int, str] | None:
    """Return the line (from 1) of the first character of *text* XML cannot carry, and it."""
    return _first(_UNSAFE, text)


def lines(text: str) -> tuple[tuple[int, ...], int]:
    """Return the lines (from 1) holding characters XML cannot carry, and how many there are."""
    return _lines(_UNSAFE, text)


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, str] | None:
    found = pattern.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group()


def _lines(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, ...], int]:
    numbers: list[int] = []
    count = 0
    line, position = 1, 0
    for found in pattern.finditer(text):
        line += text.count("\n", position, found.start())
        position = found.start()
        count += 1
        if not numbers or numbers[-1] != line:
            numbers.append(line)
    return tuple(numbers), count


def named(char: str) -> str:
    """Return the character's code point as an editor can look it up: "U+0007"."""
    return f"U+{ord(char):04X}"


def first_in(value: object, pattern: re.Pattern[str] = _UNSAFE) -> str | None:
    """Return the first character XML cannot carry (or of *pattern*) in *value*, text or
    YAML's lists and mappings of it (front matter), or None."""
    if isinstance(value, str):
        found = pattern.search(value)
        return None if found is None else found.group()
    items: list[object] = []
    if isinstance(value, dict):
        items = [*value, *value.values()]
    elif isinstance(value, list):
        items = value
    for item in items:
        char = first_in(item, pattern)
        if char is not None:
            return char
    return None


def strip_values(value: Any, clean: Callable[[str], str] | None = None) -> Any:
    """Return *value*, text or YAML's lists and mappings of it, without the characters XML
    cannot carry (or each text made *clean*: `mend`)."""
    if isinstance(value, str):
        return strip(value) if clean is None else clean(value)
    if isinstance(value, list):
        return [strip_values(item, clean) for item in value]
    if isinstance(value, dict):
        return {strip_values(key, clean): strip_values(item, clean) for key, item in value.items()}
    return value


# DEL and the C1 controls, which no text means (see the module's docstring).
_C1 = re.compile("[\x7f-\x9f]")


def _cp1252(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: cp1252 has no character there
        return ""


# Each C1 control -> the cp1252 character of its byte; DEL and cp1252's holes -> nothing.
_AS_CP1252 = {0x7F: "", **{code: _cp1252(code) for code in range(0x80, 0xA0)}}


def may_hold_c1(data: bytes) -> bool:
    """Return whether text decoded from the UTF-8 or cp1252 *data* may hold DEL or a C1
    control (UTF-8 writes U+0080-U+009F as C2 80-C2 9F): two byte searches, no regex."""
    return b"\x7f" in data or b"\xc2" in data


def mend(text: str) -> str:
    """Return *text* with each C1 control read as the cp1252 character it stands for, and
    without DEL."""
    return text.translate(_AS_CP1252)


def first_c1(text: str) -> tuple[int, str] | None:
    """Return the line (from 1) of the first DEL or C1 control of *text*, and it."""
    return _first(_C1, text)


def c1_lines(text: str) -> tuple[tuple[int, ...], int]:
    """Return the lines (from 1) holding DEL or C1 controls, and how many there are."""
    return _lines(_C1, text)


def first_c1_in(value: object) -> str | None:
    """Return the first DEL or C1 control in *value*, text or YAML's lists and mappings of
    it (front matter), or None."""
    return first_in(value, _C1)


def is_c1(name: str) -> bool:
    """Return whether *name* ("U+0092", as `named` gives) is DEL or a C1 control."""
    return 0x7F <= int(name[2:], 16) <= 0x9F


def meant(char: str) -> str:
    """Return what the DEL or C1 control *char* stands for, as a warning quotes it."""
    made = mend(char)
    return repr(made) if made else "nothing (it is dropped)"

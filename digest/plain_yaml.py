"""Plain front matter: the YAML that digest writes, read without YAML's parser.

Front matter as `frontmatter.render` writes it (and as editors mostly leave it) is one
`key: value` a line: a double-quoted string, a day, a whole number, true or false, a word, a
flow list or mapping of those, or a block list (`  - item`) under `key:`. PyYAML spends
most of a story's load on that (its composer is C, but resolving and constructing every
node is Python). `load` reads such a document directly and returns what PyYAML's safe
loader returns for it, or None for anything it is not sure of (a comment, an escape other
than JSON's, a word YAML reads as a boolean or null, a key twice, a character YAML refuses,
...): the caller then hands the text to `safe_yaml`, which reads or refuses it as before.
`tests/test_plain_yaml.py` compares both on generated documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MAX_CHARS = 100_000  # longer documents go to safe_yaml, which measures them against its limits

_KEY = r"[A-Za-z_][A-Za-z0-9_]{0,63}"
_WORD = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
_QUOTED = r'"(?:[^"\\]|\\["\\/bfnrt])*"'
_SCALAR = re.compile(
    rf"{_QUOTED}|(\d{{4}})-(\d\d)-(\d\d)(?![-:\w])|(-?(?:0|[1-9][0-9]*))(?![\w.:-])"
    rf"|[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*(?: {_WORD})*"
)
_LINE = re.compile(rf"({_KEY}):(?: (.*))?")
_ITEM = "  - "
_FLOW_KEY = re.compile(rf"({_KEY}): ")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(.)")
# What YAML refuses to read (PyYAML's reader), reads as a line break (\r, \x85, \u2028,
# \u2029), or treats as a byte-order mark: a document with any of them goes to PyYAML.
_UNSURE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# Words YAML 1.1 reads as booleans or null: only true and false are read here.
_SPECIAL = frozenset(
    form
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for form in (word, word.capitalize(), word.upper())
)
_BOOLEANS = {"true": True, "false": False}


class _Unsure(Exception):
    """The document is not one this module reads: PyYAML decides."""


def load(text: str) -> dict[str, Any] | None:
    """Return the mapping of front matter *text* as PyYAML would, or None when unsure."""
    if len(text) > MAX_CHARS or _UNSURE.search(text):
        return None
    try:
        return _mapping(text.split("\n"))
    except _Unsure:
        return None


def _mapping(lines: list[str]) -> dict[str, Any] | None:
    mapping: dict[str, Any] = {}
    items: list[Any] | None = None  # the block list being read, under its key
    for line in lines:
        if not line:
            continue
        if line.startswith(_ITEM):
            if items is None:
                raise _Unsure
            items.append(_value(line[len(_ITEM) :]))
            continue
        if items == []:
            raise _Unsure  # `key:` with no item under it: YAML's null
        found = _LINE.fullmatch(line)
        if found is None:
            raise _Unsure
        key, value = found.groups()
        if key in mapping or key in _SPECIAL:
            raise _Unsure
        if value is None:
            items = mapping[key] = []
            continue
        items = None
        mapping[key] = _value(value)
    if items == [] or not mapping:
        return None
    return mapping


def _value(text: str) -> Any:
    if text.startswith('"') and text.endswith('"') and len(text) > 1:
        inner = text[1:-1]
        if '"' not in inner and "\\" not in inner:
            return inner  # the usual title or summary: a string with nothing to unescape
    elif text.startswith('["') and text.endswith('"]') and len(text) > 3 and "\\" not in text:
        items = text[2:-2].split('", "')
        if not any('"' in item for item in items):
            return items  # the usual tags and regions
    if text.startswith("["):
        return _flow_list(text)
    if text.startswith("{"):
        return _flow_mapping(text)
    return _scalar(text)


def _scalar(text: str) -> Any:
    found = _SCALAR.fullmatch(text)
    if found is None:
        raise _Unsure
    return _scalar_value(found)


def _scalar_value(found: re.Match[str]) -> Any:
    text = found.group()
    if text.startswith('"'):
        inner = text[1:-1]
        return (
            _ESCAPE.sub(lambda escape: _ESCAPES[escape.group(1)], inner) if "\\" in inner else inner
        )
    year, month, day, whole = found.group(1, 2, 3, 4)
    if year is not None:
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:  # an impossible day: PyYAML's error, as before
            raise _Unsure from None
    if whole is not None:
        return int(whole)
    if text in _SPECIAL:
        if text not in _BOOLEANS:
            raise _Unsure
        return _BOOLEANS[text]
    return text


def _flow_list(text: str) -> list[Any]:
    if not text.endswith("]"):
        raise _Unsure
    values: list[Any] = []
    position, end = 1, len(text) - 1
    while position < end:
        found = _SCALAR.match(text, position)
        if found is None or found.end() > end:
            raise _Unsure
        values.append(_scalar_value(found))
        position = _after_item(text, found.end(), end)
    return values


def _flow_mapping(text: str) -> dict[str, Any]:
    if not text.endswith("}"):
        raise _Unsure
    mapping: dict[str, Any] = {}
    position, end = 1, len(text) - 1
    while position < end:
        key = _FLOW_KEY.match(text, position)
        if key is None or key.group(1) in mapping or key.group(1) in _SPECIAL:
            raise _Unsure
        found = _SCALAR.match(text, key.end())
        if found is None or found.end() > end:
            raise _Unsure
        mapping[key.group(1)] = _scalar_value(found)
        position = _after_item(text, found.end(), end)
    return mapping


def _after_item(text: str, position: int, end: int) -> int:
    """Return where the next item of a flow collection starts, past its `, `."""
    if position == end:
        return end
    if text.startswith(", ", position) and position + 2 < end:
        return position + 2
    raise _Unsure

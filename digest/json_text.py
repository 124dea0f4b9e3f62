"""JSON text for people to read: what `json.dumps(value, indent=1)` writes, made faster.

With an indent, the standard library encodes in pure Python, one generator per level; the
ledger, the account and the URL history of ten thousand stories took a tenth of a second or
more each that way. `indented` writes the same text, byte for byte, from one recursive
function over lists of parts, with the C string encoders for every string.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_ASCII = json.encoder.encode_basestring_ascii
_UNICODE = json.encoder.encode_basestring


def indented(value: Any, *, sort_keys: bool = False, ensure_ascii: bool = True) -> str:
    """Return `json.dumps(value, indent=1, sort_keys=..., ensure_ascii=...)`, faster.

    Holds for dicts, lists, tuples, strings, ints, floats, booleans and None (what digest
    writes); raises TypeError for anything else, as json.dumps does.
    """
    encode = _ASCII if ensure_ascii else _UNICODE
    parts: list[str] = []
    _write(value, encode, sort_keys, parts, "\n")
    return "".join(parts)


def _scalar(value: Any, encode: Any) -> str:
    if isinstance(value, str):
        return str(encode(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """Return a mapping key as json.dumps turns it into a string."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool | None | int | float):
        return _scalar(key, _UNICODE).strip('"')
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, encode: Any, sort_keys: bool, parts: list[str], newline: str) -> None:
    """Append *value*'s text to *parts*; *newline* is a newline and the current indent."""
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + " "
        items = sorted(value.items()) if sort_keys else value.items()
        separator = "{" + inner
        for key, item in items:
            parts.append(separator)
            parts.append(encode(_key(key)))
            parts.append(": ")
            _write(item, encode, sort_keys, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + " "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, encode, sort_keys, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value, encode))

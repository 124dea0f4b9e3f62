"""Escape dump text so that Markdown shows it as the same text, never as markup."""

from __future__ import annotations

import re

# Inline syntax anywhere in a line: emphasis, code, links and images, raw HTML, escapes.
_INLINE = re.compile(r"([\\`*_\[\]<])")
# An entity reference ("&amp;", "&#39;") would be decoded; escape its ampersand.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Block syntax at the start of a line: headings, quotes, lists, rules, setext, tables.
_BLOCK_START = re.compile(r"^([#>+\-=|~:])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# What one of the four could change: most lines of a story have none of it, and two quick
# looks are cheaper than four substitutions (ingest escapes every line of every story). A
# single pattern with the anchored alternatives would try them at every position: six
# times slower than a character class searched alone, itself three times slower than
# looking for each of the characters (a memchr each).
_SPECIAL = "\\`*_[]<&"
_SPECIAL_START = re.compile(r"[#>+\-=|~:]|\d+[.)]")


def escape_line(text: str) -> str:
    """Return *text* with every Markdown-significant character backslash-escaped."""
    if not any(map(text.__contains__, _SPECIAL)) and _SPECIAL_START.match(text) is None:
        return text
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def escape_cell(text: str) -> str:
    """Return a table cell's *text* escaped: its inline syntax and its "|" (a cell holds no
    block, so what opens one at a line's start stays as it is: "-6", "31.2")."""
    if not any(map(text.__contains__, _SPECIAL + "|")):
        return text
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text)).replace("|", "\\|")

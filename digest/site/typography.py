"""Typography: the Markdown parser of story bodies, and titles set as a newspaper sets them.

Curly quotes and apostrophes in the site language's style, en and em dashes, ellipses:
markdown-it's typographer (replacements, smartquotes) for bodies, the same rules for titles.
Code spans, code blocks and link targets are never touched (markdown-it leaves them alone).
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# Quotes by language (primary subtag): double open/close, single open/close. markdown-it
# takes them as four strings; a language not listed gets English quotes.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u2039\u00a0", "\u00a0\u203a"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "da": ("\u00bb", "\u00ab", "\u203a", "\u2039"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f"),
    "zh": ("\u201c", "\u201d", "\u2018", "\u2019"),
}

# Wire copy sets a dash as a spaced hyphen ("KAMPALA, March 3 - Uganda said"): an en dash.
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
# Everything markdown would read as syntax in a title (quotes, dots and hyphens stay for the
# typographer): escaped, so that a title is only ever text.
_SYNTAX = re.compile(r"([\\`*_\[\]{}()<>#+!|~&])")


def quotes(language: str) -> tuple[str, str, str, str]:
    """Return the quotes of *language* ("de-AT" -> German), English ones when unknown."""
    return QUOTES.get(language.split("-")[0].split("_")[0].lower(), QUOTES["en"])


def spaced_hyphens(state: StateCore) -> None:
    """Set a spaced hyphen in text (never in code or a link's target) as an en dash (a text
    without " - " is left as it is: `prose` skips the rule for it)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "text" and " - " in token.content:
                token.content = _SPACED_HYPHEN.sub(" \u2013 ", token.content)


def markdown(language: str = "en") -> MarkdownIt:
    """Return the Markdown parser of bodies: CommonMark and tables, raw HTML off, typographer on.

    Raw HTML is off as dumps are never markup; quotes are those of *language*.
    """
    md = MarkdownIt(
        "js-default",
        {"html": False, "linkify": False, "typographer": True, "quotes": list(quotes(language)),
         # CommonMark's own depth (js-default's is 100): past it, brackets and emphasis are
         # text; each "[" looked 100 levels ahead, 7 times the work on nested brackets.
         "maxNesting": 20},
    )  # fmt: skip
    md.core.ruler.after("smartquotes", "spaced_hyphens", spaced_hyphens)
    return md


@functools.lru_cache(maxsize=1 << 14)
def typeset(title: str, language: str = "en") -> str:
    """Return *title* with curly quotes, apostrophes, dashes and ellipses (plain text)."""
    if not any(mark in title for mark in "'\"-."):
        return title
    tokens = _parser(language).parseInline(_SYNTAX.sub(r"\\\1", title))
    parts = [
        child.content
        for token in tokens
        for child in token.children or ()
        if child.type in ("text", "text_special")
    ]
    return "".join(parts)


@functools.lru_cache(maxsize=16)
def _parser(language: str) -> MarkdownIt:
    return markdown(language)

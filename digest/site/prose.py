"""Prose: a story body of plain paragraphs and headings parsed without markdown-it's parsers.

Most bodies are prose: paragraphs of text, a few `## headings`, no emphasis, links, lists
or code. For those, markdown-it's block and inline tokenizers (two thirds of a story's
parse, pure Python that tries every rule at every line and every special character) can
only find what a split on blank lines finds. `prose_tokens` makes the same tokens that
markdown-it's `block` and `inline` rules would, and `render_prose` the same HTML, when the
body holds nothing those rules could read as syntax; otherwise they return None and the
caller parses with markdown-it. markdown-it's own later core rules (the typographer's
replacements and smart quotes, digest's spaced hyphens) still run on the tokens, so quotes
and dashes come out as before. When none of those would change anything (no quote, dash or
other mark of theirs in the body), `prose_html` makes the HTML and the teaser's text from
the lines without making tokens at all (~60 tokens a story, most of the prose path's time).
`tests/test_prose.py` compares both ways on bodies made to sit on each edge of the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import (
    block,
    inline,
    linkify,
    normalize,
    replace,
    smartquotes,
    text_join,
)
from markdown_it.rules_core.replacements import RARE_RE, SCOPED_ABBR_RE
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from digest.site.typography import spaced_hyphens

# Characters that start an inline rule of markdown-it (escape, code, emphasis,
# strikethrough, link, image, autolink, entity), a table row (`|`), or that markdown-it
# normalizes or measures (`\r`, NUL, tabs and other controls): anywhere in the body, they
# send it to markdown-it.
_INLINE_SYNTAX = "\\`*_~[]<>&|"  # each found by `in`: a regular expression's scan is slower
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
# A line that could start a block other than a paragraph (a heading is taken below):
# a quote, a list item or rule, a setext underline, a fence, an ordered list item.
_BLOCK_START = re.compile(r"[>+\-=]|\d+[.)]")
_HEADING = re.compile(r"(#{1,6}) (\S.*)")
# Markdown-it's core rules that these tokens stand for: they are not run again.
_DONE = (normalize, block, inline)
# Core rules that change nothing of such tokens unless the body holds what they look for
# (their own tests, applied to the whole body: a part matches only if the whole does).
# Text join has nothing to join (one text token a line), linkify is off in digest's parser.
_IDLE = (linkify, text_join)
# RARE_RE's alternatives, each plain text (`\+-|\.\.|...`): found by `in`, each with the
# characters it is made of, looked for one by one first: a search for one character is
# many times faster than for two ("--" is not in a body without "-").
_RARE = tuple(
    (text, frozenset(text))
    for text in (re.sub(r"\\(.)", r"\1", part) for part in RARE_RE.pattern.split("|"))
)


def _rare(source: str) -> bool:
    """Tell whether markdown-it's RARE_RE would match *source* (its alternatives are text)."""
    for text, characters in _RARE:
        if all(character in source for character in characters) and text in source:
            return True
    return False


def _idle(md: MarkdownIt, source: str) -> tuple[object, ...]:
    """Return the core rules that would change nothing in the tokens of *source*."""
    idle: tuple[object, ...] = _IDLE if not md.options.get("linkify") else (text_join,)
    if not (_rare(source) or ("(" in source and SCOPED_ABBR_RE.search(source))):
        idle += (replace,)
    if "'" not in source and '"' not in source:
        idle += (smartquotes,)
    if "-" not in source or " - " not in source:  # no text of it holds one: neither the
        idle += (spaced_hyphens,)  # replacements nor the quotes make a hyphen
    return idle


def _left(md: MarkdownIt, source: str) -> list[Callable[[StateCore], None]]:
    """Return the core rules that are to run on the tokens of plain prose *source*."""
    skipped = _DONE + _idle(md, source)
    return [rule for rule in md.core.ruler.getRules("") if rule not in skipped]


def _heading(line: str) -> tuple[int, str] | None:
    """Return a plain heading's level and text (of a trimmed line starting with #), or None."""
    found = _HEADING.fullmatch(line)
    if found is None or "#" in found.group(2):  # a closing run of #s: markdown-it's to cut
        return None
    return len(found.group(1)), found.group(2)


def _block(kind: str, tag: str, lines: Sequence[str], first: int, markup: str = "") -> list[Token]:
    """Return the tokens markdown-it makes of one paragraph or heading (its lines from *first*)."""
    span = [first, first + len(lines)]
    opening = Token(f"{kind}_open", tag, 1, map=span, level=0, markup=markup, block=True)
    children: list[Token] = []
    for number, line in enumerate(lines):
        if number:
            children.append(Token("softbreak", "br", 0))
        children.append(Token("text", "", 0, content=line))
    text = Token(
        "inline", "", 0, map=span, level=1, content="\n".join(lines), children=children, block=True
    )
    closing = Token(f"{kind}_close", tag, -1, level=0, markup=markup, block=True)
    return [opening, text, closing]


# A block of plain prose: its heading level (0: a paragraph), its lines, its first line's number.
_Block = tuple[int, list[str], int]


def _split(source: str) -> list[_Block] | None:
    """Return the paragraphs and headings of plain prose, or None for any other body."""
    if any(mark in source for mark in _INLINE_SYNTAX):
        return None
    if not source.replace("\n", " ").isprintable() and _CONTROL.search(source):
        return None
    blocks: list[_Block] = []
    paragraph: list[str] = []
    lines = source.split("\n")
    for number, line in enumerate([*lines, ""]):
        if line and line != line.strip():  # markdown-it trims lines its own way
            return None
        if line and line[0] != "#" and not _BLOCK_START.match(line):
            paragraph.append(line)
            continue
        if paragraph:  # a blank line or a heading ends it
            blocks.append((0, paragraph, number - len(paragraph)))
            paragraph = []
        if line:
            heading = _heading(line)
            if heading is None:
                return None  # another block's start
            level, text = heading
            blocks.append((level, [text], number))
    return blocks


def _blocks(source: str) -> list[Token] | None:
    """Return the block tokens (inline children made) of plain prose, or None."""
    blocks = _split(source)
    if blocks is None:
        return None
    tokens: list[Token] = []
    for level, lines, first in blocks:
        if level:
            tokens += _block("heading", f"h{level}", lines, first, "#" * level)
        else:
            tokens += _block("paragraph", "p", lines, first)
    return tokens


def prose_html(md: MarkdownIt, source: str) -> tuple[str, str] | None:
    """Return the HTML markdown-it makes of plain prose that none of its later core rules
    would change (no quotes, dashes or the typographer's other marks: `_idle`), and the text
    of its first paragraph (its lines joined by spaces, "" when it has none); else None.

    No token is made: the HTML is `render_prose`'s of `prose_tokens`' tokens, and the text
    the teaser's (`renderer._first_paragraph`), from the lines themselves.
    """
    if _left(md, source):  # asked first: a body with quotes is split once, by `prose_tokens`
        return None
    blocks = _split(source)
    if blocks is None:
        return None
    parts: list[str] = []
    first: str | None = None
    for level, lines, _ in blocks:
        text = escapeHtml("\n".join(lines))
        if level:
            parts.append(f"<h{level}>{text}</h{level}>\n")
            continue
        parts.append(f"<p>{text}</p>\n")
        if first is None:
            first = " ".join(lines)
    return "".join(parts), first or ""


def prose_tokens(md: MarkdownIt, source: str) -> list[Token] | None:
    """Return `md.parse(source)` for a body of plain prose, or None for any other body.

    *md* is digest's body parser (`typography.markdown`): its core rules after `inline`
    (replacements, smart quotes, spaced hyphens, text join) run on the tokens made here.
    """
    tokens = _blocks(source)
    if tokens is None:
        return None
    state = StateCore(source, md, {}, tokens)
    for rule in _left(md, source):
        rule(state)
    return state.tokens


def render_prose(md: MarkdownIt, tokens: Sequence[Token]) -> str:
    """Return the HTML `md.renderer` makes of *tokens* from `prose_tokens`."""
    parts: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            parts.append(f"<{token.tag}>")
        elif token.nesting == -1:
            parts.append(f"</{token.tag}>\n")
        else:
            for child in token.children or ():
                if child.type == "text":
                    parts.append(escapeHtml(child.content))
                elif child.type == "softbreak":
                    parts.append("\n")
                else:  # a core rule added a token of its own: markdown-it renders it
                    return str(md.renderer.render(tokens, md.options, {}))
    return "".join(parts)

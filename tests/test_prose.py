"""A body of plain prose gets the tokens and the HTML markdown-it gives it, without its parsers.

`site/prose.py` splits a body on blank lines itself when nothing in it is Markdown syntax,
and leaves every other body to markdown-it. Each case below sits on one edge of that test
(a mark that starts an inline rule, a line that starts another block, white space markdown-it
trims, quotes and dashes for the typographer); generated bodies mix them all. Both ways
must agree on every token (type, tag, level, content, markup, line map, children) and on
the HTML, or the prose path must step aside.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.models import Article
from digest.site.prose import prose_html, prose_tokens, render_prose
from digest.site.renderer import TEASER_WORDS, _first_paragraph, _shorten, render_body
from digest.site.typography import markdown


def _shape(tokens: Any) -> list[tuple[Any, ...]]:
    def one(token: Any) -> tuple[Any, ...]:
        return (
            token.type,
            token.tag,
            token.nesting,
            token.level,
            token.content,
            token.markup,
            token.map,
            token.block,
            token.hidden,
            token.info,
            token.attrs,
            [one(child) for child in token.children or ()],
        )

    return [one(token) for token in tokens]


def _agrees(source: str, language: str = "en") -> bool:
    """Assert that the prose path, when it takes *source*, is markdown-it; return if it took it.

    The HTML made without tokens (`prose_html`), when it is made, is markdown-it's too, with
    the text of the first paragraph the teaser is cut from.
    """
    md = markdown(language)
    tokens = prose_tokens(md, source)
    plain = prose_html(md, source)
    if tokens is None:
        assert plain is None, source
        return False
    expected = md.parse(source)
    html = md.renderer.render(expected, md.options, {})
    assert _shape(tokens) == _shape(expected), source
    assert render_prose(md, tokens) == html, source
    if plain is not None:
        assert plain == (html, _first_paragraph(expected)), source
    return True


PROSE = [
    "One paragraph.",
    "Two lines\nof one paragraph.\n\nAnd a second one.",
    "\n\n\nBlank lines first and last.\n\n\n",
    "## A heading\nA paragraph under it, no blank line between.",
    "A paragraph\n# interrupted by a heading\nand another paragraph.",
    "###### Six marks",
    "He said \"no\" and 'yes' - it's the editor's call...",
    "Prices rose (c) 2024 +- 3 % -- or --- so,, they said???? Wow!!!!",
    "A line ending in a non-breaking space\u00a0x",
    "Numbers: 2024 was a year, 3 000 people, 12:30.",
    "KAMPALA, March 3 - Uganda said it would - or might - go.",
    "Guillemets \u00abdeja\u00bb and an apostrophe\u2019s curl.",
]

NOT_PROSE = [
    "Some *emphasis*.",
    "A `code` span.",
    "A [link](https://example.org).",
    "An escaped \\* star.",
    "Tom & Jerry",
    "A <b>tag</b>",
    "Strike ~~this~~.",
    "A | table | row",
    "- a list item",
    "+ another",
    "1. an ordered item",
    "2) another",
    "> a quote",
    "A setext heading\n===",
    "A setext heading\n---",
    "    indented code",
    " leading space",
    "trailing space \nnext line",
    "a hard break  \nnext line",
    "a tab\there",
    "## heading with closing marks ##",
    "##  two spaces after the marks",
    "####### seven marks",
    "#no space",
    "#",
    "a\r\nwindows line",
    "a form\x0cfeed",
    "\u00a0leading non-breaking space",
    "trailing em space\u2003",
]


@pytest.mark.parametrize("source", PROSE)
def test_prose_is_parsed_as_markdown_it_does(source: str) -> None:
    assert _agrees(source)
    assert _agrees(source, "fr")  # other quotes: the typographer still runs


@pytest.mark.parametrize("source", NOT_PROSE)
def test_anything_else_is_left_to_markdown_it(source: str) -> None:
    assert prose_tokens(markdown(), source) is None
    assert prose_html(markdown(), source) is None


def test_news_bodies_take_the_prose_path_and_agree() -> None:
    rng = random.Random(7)
    words = ["the", "minister", "said", "on", "Monday", "that", "prices", "rose", "in", "Kenya"]
    for _ in range(30):
        paragraphs = [
            "\n".join(
                " ".join(rng.choices(words, k=rng.randint(5, 30))).capitalize() + "."
                for _ in range(rng.randint(1, 3))
            )
            for _ in range(rng.randint(1, 8))
        ]
        paragraphs.insert(rng.randint(0, len(paragraphs)), "## What comes next")
        assert _agrees("\n\n".join(paragraphs))


@pytest.mark.parametrize(
    ("source", "made"),
    [
        ("One paragraph.\n\n## A heading\nTwo lines\nof another.", True),
        ("## Only a heading", True),
        ("A well-known minister, a 2-1 vote.", True),  # hyphens, none spaced
        ('He said "no".', False),  # smart quotes to set
        ("It's late.", False),
        ("Kampala - Uganda said.", False),  # a spaced hyphen to set as a dash
        ("Prices rose -- or fell.", False),  # the typographer's replacements
        ("Wait...", False),
    ],
)
def test_prose_without_the_typographers_marks_is_made_without_tokens(
    source: str, made: bool
) -> None:
    assert (prose_html(markdown(), source) is not None) is made
    assert _agrees(source)


def test_render_body_gives_the_same_body_and_teaser_either_way() -> None:
    md = markdown()
    for source in [*PROSE, *NOT_PROSE]:
        article = Article(Path("a.md"), "a", "T", dt.date(2024, 1, 2), source)
        tokens = md.parse(source)
        expected = _shorten(_first_paragraph(tokens), TEASER_WORDS)
        assert render_body(article, md) == (md.renderer.render(tokens, md.options, {}), expected)


_PIECES = [
    *"ab cd\n\n#'\"-.,!?:;()+=1290x",
    "\u00a0", "\u2003", "\u2028", "\x0b", "\x85", "*", "_", "`", "[", "&", "\t", "\r",
    "## ", "# ", "\n## ", "\n###### ", "\n####### ", "...", "--", "---", "(c)", "(TM)",
    "+-", "1. ", "2) ", " - ", "'s", '"a"', "\n   ", " \n", "  \n", "\n=", "\n-", "?....",
    ",,", "\n\n\n", "\u00ab", "\u2019",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(["en", "de", "fr"]))
def test_generated_bodies_agree(pieces: list[str], language: str) -> None:
    _agrees("".join(pieces), language)


def test_many_random_bodies_agree_and_many_take_the_prose_path() -> None:
    rng = random.Random(20)
    taken = sum(_agrees("".join(rng.choices(_PIECES, k=rng.randint(1, 25)))) for _ in range(3000))
    assert taken > 100  # the edges are tested from the prose side too

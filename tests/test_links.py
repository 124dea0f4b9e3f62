"""The link check's fast reading of href and src values finds what the regular expression finds."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.site.links import _ATTRIBUTE, _attribute_links

PIECES = [
    ' href="/a/"',
    ' src="/b.png"',
    " href='/c/'",
    '\nhref="/d/"',
    ' HREF="/e/"',
    ' href = "/f/"',
    ' data-src="/g"',
    ' srcset="/h 2x"',
    ' href="/i j"',
    ' href="unterminated',
    "<p>href and src in text</p>",
    '<a id="x"',
    ">",
    " ",
    '"',
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_attribute_links_are_those_of_the_regular_expression(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8")
    expected = Counter(a or b for a, b in _ATTRIBUTE.findall(data))
    assert Counter(_attribute_links(data)) == expected

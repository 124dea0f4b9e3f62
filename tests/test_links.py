"""The link check's fast reading of href and src values finds what the regular expression finds."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.site.links import _ATTRIBUTE, LinkChecker, _attribute_links, broken_links
from digest.urls import UrlScheme

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
    'href="/k/"',
    ' Href="/l/"',
    ' href="/href/src"',
    ' src="/m href="',
    ' href="/n"src="/o"',
    "SRC",
    "hre",
]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_attribute_links_are_those_of_the_regular_expression(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8")
    expected = Counter(a or b for a, b in _ATTRIBUTE.findall(data))
    assert Counter(_attribute_links(data)) == expected


def test_links_found_sound_are_passed_over_and_broken_ones_reported_every_time() -> None:
    """A checker keeps the absolute links it found sound and passes over them on later pages
    (a set lookup, not the whole check); relative and in-page links are checked on each page
    (their verdict depends on it), and every broken link is reported each time, in order."""
    urls = UrlScheme.from_base_url("https://example.org/")
    existing = {"index.html", "a/index.html", "a/b/index.html", "style.css"}
    checker = LinkChecker(urls, existing)
    page = (
        b'<a href="/a/"> <a href="/gone/"> <a href="b/"> <a href="#main"> <a href="#nowhere">'
        b' <b id="main">'
        b' <a href="https://example.org/a/"> <img src="/style.css"> <a href="/gone/">'
    )
    first = checker.check("a/index.html", page)
    assert [str(link) for link in first] == [
        "a/index.html: broken link '/gone/' (no such file in the site)",
        "a/index.html: broken link '#nowhere' (no element has this id)",
        "a/index.html: broken link '/gone/' (no such file in the site)",
    ]
    assert checker._sound == {b"/a/", b"https://example.org/a/", b"/style.css"}
    # The same relative link from another folder names another file: broken there.
    again = checker.check("index.html", page)
    assert [link.link for link in again] == ["/gone/", "b/", "#nowhere", "/gone/"]
    assert checker._sound == {b"/a/", b"https://example.org/a/", b"/style.css"}
    assert [link.link for link in broken_links({"a/index.html": page}, urls, existing)] == [
        "/gone/",
        "#nowhere",
        "/gone/",
    ]

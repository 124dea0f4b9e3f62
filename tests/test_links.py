"""The link check's fast reading of href and src values finds what the regular expression finds."""

from __future__ import annotations

import posixpath
from collections import Counter
from urllib.parse import unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.site.links import (
    _ATTRIBUTE,
    LinkChecker,
    _attribute_links,
    _problem,
    _unescape,
    broken_links,
    follow,
)
from digest.urls import UrlScheme, output_file

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
    # The site's own plain address is passed over by a lookup of its file, not kept.
    assert checker._sound == {b"/a/", b"/style.css"}
    # The same relative link from another folder names another file: broken there.
    again = checker.check("index.html", page)
    assert [link.link for link in again] == ["/gone/", "b/", "#nowhere", "/gone/"]
    assert checker._sound == {b"/a/", b"/style.css"}
    assert [link.link for link in broken_links({"a/index.html": page}, urls, existing)] == [
        "/gone/",
        "#nowhere",
        "/gone/",
    ]


def _read_by_urlsplit(page: str, link: str, urls: UrlScheme, existing: set[str]) -> object:
    """`_problem` as it was before plain paths skipped urlsplit: every link read by it."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        if not link.startswith(urls.base_url):
            return None
        path = link[len(urls.base_url) :].split("#")[0].split("?")[0]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(urls.base_path):
            return f"outside the site's base path {urls.base_path}"
        path = parts.path[len(urls.base_path) :]
    else:
        folder = posixpath.dirname(page)
        joined = posixpath.normpath(posixpath.join(folder, parts.path)) if parts.path else page
        if joined.startswith("../") or joined == "..":
            return "points above the site's root"
        path = "" if joined == "." else joined
        if parts.path.endswith("/") and path:
            path += "/"
    path = unquote(path)
    for file in (output_file(path), path):
        if file in existing:
            return (file,)
    if not path.endswith("/") and output_file(path + "/") in existing:
        return (output_file(path + "/"),)
    return "no such file in the site"


LINK_PIECES = ["/", "//", "a", "d", "digest", ".", "..", "-", "~", "_", "%41", "?q=1", "#f"]
LINK_PIECES += [":", "https:", " ", "\t", "\n", "\x00", "A", "\u00e9", "index.html", "s.css"]


@settings(max_examples=3000)
@given(
    st.lists(st.sampled_from(LINK_PIECES), max_size=8),
    st.sampled_from(["https://example.org/", "https://example.org/digest/"]),
)
def test_plain_paths_are_read_as_urlsplit_reads_them(pieces: list[str], base: str) -> None:
    """A link that is a plain path from the root (most of a page's) skips urlsplit and
    unquote; every link gets the verdict the urlsplit reading gives."""
    urls = UrlScheme.from_base_url(base)
    existing = {"index.html", "a/index.html", "digest/a/index.html", "a/d", "s.css", "a/d/s.css"}
    link = "".join(pieces)
    for page in ("index.html", "a/index.html"):
        assert _problem(page, link, urls, existing) == _read_by_urlsplit(page, link, urls, existing)


@settings(max_examples=3000)
@given(
    st.lists(st.sampled_from(LINK_PIECES), max_size=8),
    st.sampled_from(["https://example.org/", "https://example.org/digest/"]),
    st.sampled_from(["https://example.org/", "https://example.org/digest/", "https://example.org"]),
)
def test_links_from_the_base_url_are_read_as_urlsplit_reads_them(
    pieces: list[str], base: str, start: str
) -> None:
    """A link of the site's own address and a plain path after it (a page's canonical
    link) skips urlsplit; every link so begun gets the verdict the urlsplit reading gives."""
    urls = UrlScheme.from_base_url(base)
    existing = {"index.html", "a/index.html", "digest/a/index.html", "a/d", "s.css", "a/d/s.css"}
    link = start + "".join(pieces)
    for page in ("index.html", "a/index.html"):
        assert _problem(page, link, urls, existing) == _read_by_urlsplit(page, link, urls, existing)


@settings(max_examples=3000)
@given(
    st.lists(st.sampled_from([*LINK_PIECES, "old/", "loop/", "a/d/"]), max_size=8),
    st.sampled_from(["https://example.org/", "https://example.org/digest/"]),
    st.sampled_from(["https://example.org/", "https://example.org/digest/", "https://example.org"]),
)
def test_the_sites_own_addresses_get_the_verdict_of_the_whole_check(
    pieces: list[str], base: str, start: str
) -> None:
    """A plain address of the site's own (the sitemap's, a page's canonical link) naming a
    file no redirect leaves is passed over by one lookup; every such link gets the verdict
    `_problem` and `follow` give, redirected, looping or missing alike."""
    urls = UrlScheme.from_base_url(base)
    existing = {"index.html", "a/index.html", "digest/a/index.html", "a/d", "s.css"}
    existing |= {"old/index.html", "loop/index.html", "digest/old/index.html"}
    redirects = {"old/index.html": "a/", "loop/index.html": "loop/"}
    redirects |= {"digest/old/index.html": "gone/"}
    link = start + "".join(pieces)
    found = _problem("index.html", _unescape(link), urls, existing)
    if isinstance(found, tuple):
        found = follow(found[0], existing, redirects)
    checker = LinkChecker(urls, existing, redirects)
    for _ in range(2):  # and the same again, on a later page
        said = checker.check("index.html", b' <a href="' + link.encode("utf-8") + b'">')
        assert [broken.reason for broken in said] == ([] if found is None else [found])

"""A dump's result read back as the workers send it: the shortcuts read what the field by
field reading reads, and refuse what it refuses; a title's slug is the one it always was."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from digest.ingest.records import _all_dropped, _dropped
from digest.ingest.story_records import _block, _blocks
from digest.story_files import story_stem, title_slug
from digest.urls import SLUG_MAX_LENGTH, windows_safe


class Listed(list[Any]):
    """A list of another class: read field by field, as before."""


_ODD = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3))
_LINES = st.one_of(st.lists(st.text(max_size=4), max_size=3), st.lists(_ODD, max_size=2), _ODD)
_KINDS = st.sampled_from(["paragraph", "heading", "quote", "script", ""])
_BLOCK = st.one_of(
    st.tuples(_KINDS, _LINES).map(list),
    st.tuples(_KINDS, _LINES).map(Listed),
    st.lists(_ODD, max_size=3),
    _ODD,
)
_DROP = st.one_of(
    st.tuples(st.integers(), st.text(max_size=4), st.text(max_size=4)).map(list),
    st.tuples(st.booleans(), st.text(max_size=4), st.text(max_size=4)).map(list),
    st.tuples(st.integers(), st.text(max_size=4), st.text(max_size=4)).map(Listed),
    st.lists(_ODD, max_size=4),
    _ODD,
)


def _outcome(read: Any, values: list[Any]) -> object:
    try:
        return read(values)
    except ValueError as error:
        return type(error)


@settings(max_examples=400, deadline=None)
@given(st.lists(_BLOCK, max_size=4))
def test_blocks_read_as_one_by_one(values: list[Any]) -> None:
    assert _outcome(_blocks, values) == _outcome(lambda v: tuple(map(_block, v)), values)


@settings(max_examples=400, deadline=None)
@given(st.lists(_DROP, max_size=4))
def test_dropped_lines_read_as_one_by_one(values: list[Any]) -> None:
    assert _outcome(_all_dropped, values) == _outcome(lambda v: tuple(map(_dropped, v)), values)


TITLES = ["A Title", "Con", "", "!!!", "Héllo wörld", "北京", "背景", "x" * 300, "Nul", "a &amp; b"]


def test_a_story_stem_is_the_slug_it_always_was() -> None:
    day = dt.date(2026, 6, 3)
    for title in TITLES:
        base = slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True) or "story"
        assert story_stem(title, day) == f"2026/06/{windows_safe(base, '-story')}"


def test_a_slug_made_ahead_is_the_one_export_takes() -> None:
    title_slug.cache_clear()
    made = title_slug("Made while the workers classify")
    before = title_slug.cache_info().hits
    assert story_stem("Made while the workers classify", dt.date(2026, 1, 2)) == f"2026/01/{made}"
    assert title_slug.cache_info().hits == before + 1

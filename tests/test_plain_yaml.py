"""Front matter as digest writes it is read without PyYAML, and read as PyYAML reads it.

`digest/plain_yaml.py` reads documents of one `key: value` a line itself and leaves any
other document to `safe_yaml` (None). Wherever it gives a value, that value must be
PyYAML's, type for type (a date is not a string, True is not 1); the cases below sit on
each edge of what it takes (words YAML reads as booleans or null, escapes, comments,
indentation, white space, characters YAML refuses), and generated documents mix them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import frontmatter, plain_yaml, safe_yaml
from digest.site.load import read_article

FIXTURES = Path(__file__).parent


def _typed(value: Any) -> Any:
    """*value* with the type of every part spelled out: True and 1 differ, dates and texts."""
    if isinstance(value, dict):
        return ("dict", [(_typed(key), _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


def _agrees(text: str) -> bool:
    """Assert that plain_yaml, when it reads *text*, reads what PyYAML does; return if it did."""
    plain = plain_yaml.load(text)
    if plain is None:
        return False
    assert _typed(plain) == _typed(safe_yaml.load(text)), text
    return True


TAKEN = [
    'title: "Tokyo Shares Close Higher"\ndate: 2026-01-13',
    'title: "A \\"quoted\\" word, a \\\\ and a tab\\t"\ndate: 2026-01-13',
    'summary: "every JSON escape: \\/ \\b \\f \\n \\r \\t"',
    'regions: ["Asia", "Middle East"]\ntags: []\nextra: {}',
    "regions: [Asia, Middle East]\ntags: [Japan, South-Korea, x_1]",
    'captions:\n  - "One, two"\n  - "Three"\nid: s0001',
    'sources:\n  - {dump: "2026-01-14_002.txt", index: 4}\n  - {dump: "b.txt", index: 12}',
    "draft: true\nlead: false\nweight: -3\nzero: 0",
    'title: "Cœur d\'Alene — “quoted” 東京 🙂"',
    "\ntitle: x\n\ndate: 2025-12-31\n",
    'date_source: manual\ndate_precision: "day"',
    'published: "2020-03-03T15:14:00-05:00"',
    'captions:\n\n  - "after a blank line"',
    'tags: ["a, b", "c"]',
    "captions:\n  - [a, b]\n  - {}",
]

UNSURE = [
    "",
    "title: yes",  # YAML 1.1: a boolean
    "title: No",
    "title: null",
    "title: ~",
    "on: x",  # the key is True
    "title: x # a comment",
    "title: 'single'",
    'title: "\\u00e9"',  # an escape JSON and YAML spell alike, left to PyYAML all the same
    'title: "a \\x41"',
    'title: "\\ud83d\\ude00"',
    "title:  two spaces",
    "title: x ",
    "title:\tx",
    "date: 2026-02-30",  # impossible: PyYAML's error
    "date: 2026-1-3",
    "date: 2026-01-13T10:00:00",
    "weight: 012",
    "weight: 1_000",
    "weight: 1.5",
    "weight: 0x1f",
    "id: 5b1c2d3e4f50",
    "id: 12:30",
    "title: x\ntitle: y",  # a key twice: safe_yaml's own error
    "sources:\n  - {dump: a, dump: b}",
    "captions:",  # null
    "captions:\ntitle: x",
    "captions:\n- x",
    "captions:\n    - x",
    "  - x",
    "title: x\n  - y",
    "title: x\n  more",
    'tags: ["]',  # one quote mark, opening and closing nothing
    'title: "',
    "tags: [a, b, ]",
    "tags: [a,b]",
    "tags: [ a ]",
    'tags: ["a" , "b"]',
    "tags: [a: b]",
    "title: a: b",
    "title: x\r\ndate: 2026-01-13",
    'title: "x\x85y"',
    'title: "x\u2028y"',
    'title: "x\ufeffy"',
    'title: "bell \x07"',
    "title: x\n   \n",
    "...\n",
    "%YAML 1.1",
    "<<: {a: b}",
    "x" * 100 + ": long key",
    "- a\n- b",
    '"quoted key": x',
    "nested: [[a, b]]",
]


@pytest.mark.parametrize("text", TAKEN)
def test_what_digest_writes_is_read_without_pyyaml_as_pyyaml_reads_it(text: str) -> None:
    assert _agrees(text)


@pytest.mark.parametrize("text", UNSURE)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert plain_yaml.load(text) is None


_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*" \"\\,:#[]{}-\t'&*!|>%@`~?", "\\n", '\\"', "\\u0041", "\u2028"]),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=12,
).map("".join)
_WORDS = st.sampled_from(
    [
        "Asia",
        "Middle East",
        "yes",
        "No",
        "on",
        "true",
        "false",
        "null",
        "NULL",
        "x-y",
        "a b",
        "s0001",
        "Off",
        "e1",
        "inf",
        "nan",
        "True",
        "y",
        "n",
        "~",
        "a  b",
        "a -b",
        "a:b",
        "a#b",
    ]
)
_SCALAR = st.one_of(
    _TEXT.map(lambda text: f'"{text}"'),
    _WORDS,
    st.dates().map(dt.date.isoformat),
    st.integers(-10_000, 10_000).map(str),
    st.sampled_from(
        ["2026-02-30", "2026-1-3", "012", "1_000", "1.5", "-0", "+1", "0x1f", '""', '"', '"a']
    ),
)


def _flow(items: list[str], open_: str, close: str, separator: str) -> str:
    return open_ + separator.join(items) + close


_FLOW_LIST = st.builds(
    _flow,
    st.lists(_SCALAR, max_size=4),
    st.just("["),
    st.just("]"),
    st.sampled_from([", ", ",", " , ", ", "]),
)
_FLOW_MAP = st.builds(
    _flow,
    st.lists(
        st.builds(
            lambda key, value: f"{key}: {value}",
            st.sampled_from(["dump", "index", "on", "a"]),
            _SCALAR,
        ),
        max_size=3,
    ),
    st.just("{"),
    st.just("}"),
    st.sampled_from([", ", ","]),
)
_KEY = st.sampled_from(["title", "date", "tags", "regions", "id", "on", "Yes", "_x", "a1"])
_LINE = st.one_of(
    st.builds(
        lambda key, sep, value: f"{key}:{sep}{value}",
        _KEY,
        st.sampled_from([" ", "  ", "", "\t"]),
        st.one_of(_SCALAR, _FLOW_LIST, _FLOW_MAP),
    ),
    st.builds(lambda key: f"{key}:", _KEY),
    st.builds(
        lambda indent, value: f"{indent}- {value}",
        st.sampled_from(["  ", "", "    "]),
        st.one_of(_SCALAR, _FLOW_MAP, _FLOW_LIST),
    ),
    st.sampled_from(["", "  ", "# a comment", "---", "..."]),
    st.builds(
        lambda line, tail: line + tail,
        st.sampled_from(["title: x", 'title: "x"']),
        st.sampled_from([" # c", " ", "\r", "\x85"]),
    ),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=8).map("\n".join))
def test_generated_documents_read_as_pyyaml_reads_them_or_not_at_all(text: str) -> None:
    _same_or_unsure(text)


def _same_or_unsure(text: str) -> None:
    try:
        expected = safe_yaml.load(text)
    except (yaml.YAMLError, ValueError):
        assert plain_yaml.load(text) is None, text
        return
    plain = plain_yaml.load(text)
    if plain is not None:
        assert _typed(plain) == _typed(expected), text


_ATOM = st.one_of(
    _TEXT.map(lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    _WORDS,
    st.dates().map(dt.date.isoformat),
    st.integers(-10_000, 10_000).map(str),
)
_BLOCK = st.builds(
    lambda key, items: f"{key}:\n" + "\n".join(f"  - {item}" for item in items),
    _KEY,
    st.lists(
        st.one_of(
            _ATOM,
            st.lists(_ATOM, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        ),
        min_size=1,
        max_size=3,
    ),
)
_PAIR = st.builds(
    lambda key, value: f"{key}: {value}",
    _KEY,
    st.one_of(
        _ATOM,
        st.lists(_ATOM, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(["dump", "index", "a"]), _ATOM, max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs.items()) + "}"
        ),
    ),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PAIR, _BLOCK, st.just("")), min_size=1, max_size=8).map("\n".join))
def test_documents_of_digest_s_shape_read_as_pyyaml_reads_them(text: str) -> None:
    _same_or_unsure(text)


_VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.dates(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
)


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "date", "summary", "outlet", "weight", "draft"]), _VALUES
    ),
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20), max_size=4
    ),
    st.lists(
        st.fixed_dictionaries({"dump": st.text(max_size=10), "index": st.integers(1, 99)}),
        max_size=3,
    ),
)
def test_front_matter_digest_writes_reads_back_the_same_either_way(
    data: dict[str, Any], tags: list[str], sources: list[dict[str, Any]]
) -> None:
    written = frontmatter.render(
        {**data, "tags": tags, "captions": tags, "sources": sources},
        "Body.",
        block_lists=("captions", "sources"),
    )
    front, _, _ = frontmatter.split(written)
    try:
        safe_yaml.load(front)
    except (yaml.YAMLError, ValueError):
        assert plain_yaml.load(front) is None
        return
    _agrees(front)


def _fronts() -> list[str]:
    files = sorted(FIXTURES.rglob("*.md"))
    fronts = []
    for file in files:
        try:
            fronts.append(frontmatter.split(file.read_text(encoding="utf-8-sig"))[0])
        except (frontmatter.FrontMatterError, UnicodeDecodeError):
            continue
    return fronts


def test_the_golden_and_fixture_stories_read_the_same_and_most_without_pyyaml() -> None:
    fronts = _fronts()
    taken = [front for front in fronts if _agrees(front)]
    assert len(fronts) > 10
    # What ingest wrote (the golden seeds' articles) is all read directly.
    assert len(taken) >= len(fronts) * 0.7


def test_a_story_as_ingest_writes_it_loads_without_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    story = next((FIXTURES / "golden-seeds" / "articles").rglob("*.md"))
    data = story.read_bytes()
    before = read_article(data, Path("2026/01/x.md"), story)

    def refuse(text: str) -> None:
        raise AssertionError("PyYAML was asked")

    monkeypatch.setattr(safe_yaml, "load", refuse)
    assert read_article(data, Path("2026/01/x.md"), story) == before

"""json_text.indented writes exactly what json.dumps writes with indent=1."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.json_text import indented

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(_VALUES, st.booleans())
def test_the_same_text_as_json_dumps(value: Any, ensure_ascii: bool) -> None:
    expected = json.dumps(value, indent=1, ensure_ascii=ensure_ascii)
    assert indented(value, ensure_ascii=ensure_ascii) == expected
    expected = json.dumps(value, indent=1, ensure_ascii=ensure_ascii, sort_keys=True)
    assert indented(value, ensure_ascii=ensure_ascii, sort_keys=True) == expected


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_KEYS, _SCALARS, max_size=5))
def test_keys_that_are_not_text_as_json_dumps(value: dict[Any, Any]) -> None:
    assert indented(value) == json.dumps(value, indent=1)


def test_what_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError):
        indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        indented({(1, 2): "a"})

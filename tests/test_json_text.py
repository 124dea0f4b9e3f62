"""json_text.indented: JSON that reads back as the same data, two spaces a level."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.json_text import indented

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(_VALUES, st.booleans())
def test_the_text_reads_back_as_the_same_data(value: Any, sort_keys: bool) -> None:
    text = indented(value, sort_keys=sort_keys)
    again = json.loads(text)
    if isinstance(value, float):
        assert math.isclose(again, value) or again == value
    else:
        assert again == value


def test_keys_are_sorted_when_asked_and_the_text_is_indented_by_level() -> None:
    text = indented({"b": [1], "a": {"ü": None}}, sort_keys=True)
    assert text == '{\n  "a": {\n    "ü": null\n  },\n  "b": [\n    1\n  ]\n}'
    assert indented({"b": 1, "a": 2}).index('"b"') < indented({"b": 1, "a": 2}).index('"a"')


def test_what_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError):
        indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        indented({(1, 2): "a"})

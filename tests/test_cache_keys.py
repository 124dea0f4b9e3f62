"""Cache keys: `keys_between` gives `key_of`'s keys, and a story file's key is `story_key`."""

from __future__ import annotations

import pytest

from digest.site.stories import story_key, story_keys
from digest.store.cache import key_of
from digest.store.cache_keys import keys_between


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (("story", "code"), ("en",)),
        ((), ()),
        ((b"\x00bytes", {"b": [1, 2], "a": None}), ("ü", 7)),
    ],
)
@pytest.mark.parametrize(
    ("one", "two"), [("2024/03/story.md", "ab" * 32), ("", ""), ("北京/é.md", "x")]
)
def test_keys_between_are_key_of(
    first: tuple[object, ...], last: tuple[object, ...], one: str, two: str
) -> None:
    assert keys_between(first, last)(one, two) == key_of(*first, one, two, *last)


def test_a_story_file_is_keyed_as_story_key_keys_it() -> None:
    key = story_keys("code", "fr")
    for relative, sha in [("2024/03/a.md", "1" * 64), ("2024/03/a.md", "2" * 64), ("b.md", "")]:
        assert key(relative, sha) == story_key("code", relative, sha, "fr")
    assert key("a.md", "1") != story_keys("code", "en")("a.md", "1")

"""`url:` and `image_url:` are web addresses and `id:` a feed id's part, or the story is refused
at their line (review 14, item 23: `url: "javascript:alert(1)"` built cleanly and reached
templates; `id: "../../x"` became a feed entry's id)."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.errors import ArticleErrors
from digest.site.load import read_article
from digest.urls import web_address


def _read(key: str, value: str) -> object:
    data = f"---\ntitle: T\ndate: 2026-01-14\n{key}: {value}\n---\nBody.\n".encode()
    return read_article(data, Path("s.md"), Path("content/articles/s.md"))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("url", '"javascript:alert(1)"'),
        ("url", "data:text/html,hi"),
        ("url", "ftp://example.org/x"),
        ("url", "https:no-host"),
        ("image_url", '"javascript:alert(1)"'),
        ("image_url", "/relative/only.jpg"),
        ("id", '"../../x"'),
        ("id", '"a/b"'),
        ("id", '".hidden"'),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_at_its_line(key: str, value: str) -> None:
    with pytest.raises(ArticleErrors) as raised:
        _read(key, value)
    (error,) = raised.value.errors
    assert error.line == 4 and error.message.startswith(f"{key}: "), error.message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("url", "https://www.example.org/news/2026/01/a-story?x=1#top"),
        ("url", "HTTP://EXAMPLE.ORG/"),
        ("image_url", "https://cdn.example.org/a.jpg"),
        ("id", '"28d4e23839f6"'),
        ("id", "my-story_2.v1"),
        ("id", "قصة-الميناء"),
        ("id", "2026"),
        ("id", '"story:42"'),  # built before the check: still an id
        ("id", '"two words"'),
        ("url", '"https://example.org/a b"'),  # older ingest wrote such addresses
    ],
)
def test_addresses_and_ids_as_editors_and_ingest_write_them_are_read(key: str, value: str) -> None:
    _read(key, value)


def test_ingest_keeps_only_the_addresses_the_site_accepts() -> None:
    assert web_address("https://example.org/a.jpg") == "https://example.org/a.jpg"
    for address in ("javascript:alert(1)", "https:no-host", "data:image/png;base64,AA", "", None):
        assert web_address(address) is None

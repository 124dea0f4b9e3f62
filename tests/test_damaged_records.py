"""Cache records that are well-formed JSON with a right checksum but not what digest wrote
(a value of the wrong type): ignored as a missing record would be, never a traceback.

The build cache is the project's (`.digest-cache/`), and a project may come from anyone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.store.cache import open_cache
from digest.store.state import STATE, STATE_TREES
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name

Change = Callable[[dict[str, object]], dict[str, object] | None]


def damage(project: Path, kind: str, change: Change) -> int:
    """Rewrite the records of *kind* that *change* changes (checksums right); return how many."""
    cache = open_cache(project)  # as a crafted project would ship it
    changed = 0
    try:
        for key, value in cache.get_kind(kind).items():
            record = json.loads(value)
            new = change(record) if isinstance(record, dict) else None
            if new is not None:
                cache.put(kind, key, json.dumps(new).encode())
                changed += 1
        cache.commit()
    finally:
        cache.close()
    return changed


def with_value(field: str, value: object) -> Change:
    return lambda record: {**record, field: value} if field in record else None


def with_article(field: str, value: object, within: str = "article") -> Change:
    """Change a value of the article a story record (or the card a card record) holds."""

    def change(record: dict[str, object]) -> dict[str, object] | None:
        article = record.get(within)
        if not isinstance(article, dict) or field not in article:
            return None
        return {**record, within: {**article, field: value}}

    return change


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        (STATE, with_value("spare", [1, 2])),  # the trees record: a list for a token
        (STATE, with_value("spare", {"a": 1})),
        (STATE, with_value("site", [1])),
        (STATE, with_value("whole", "yes")),
        ("story", with_value("teaser", None)),
        ("story", with_value("teaser", [1, 2, 3])),
        ("story", with_value("html", 7)),
        ("story", with_article("title", None)),
        ("story", with_article("tags", [1, 2])),
        ("story", with_article("sources", [[1]])),
        ("story", with_article("image", ["a.png"])),
        ("story", with_article("weight", "heavy")),
        ("card", with_value("teaser", [1])),
        ("card", with_value("sha", None)),
        ("card", with_article("title", None, "card")),
        ("card", with_article("id", [1], "card")),
        ("card", with_article("path", "x", "card")),  # another file's card
        ("card", with_article("tags", [None], "card")),
        ("card", with_article("slug", 3, "card")),
    ],
    ids=[
        "spare-list",
        "spare-map",
        "site-list",
        "whole-text",
        "teaser-null",
        "teaser-list",
        "html",
        "title-null",
        "tags-numbers",
        "sources-short",
        "image-short",
        "weight-text",
        "card-teaser-list",
        "card-sha-null",
        "card-title-null",
        "card-id-list",
        "card-path-other",
        "card-tags-null",
        "card-slug-number",
    ],
)
def test_a_record_of_the_wrong_type_is_ignored(
    tmp_path: Path, settled: None, kind: str, change: Change
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 6)
    build(project)
    assert damage(project, kind, change) > 0
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    edited.write_text(story(0, 1, body="An edit.\n"), encoding="utf-8")
    build(project)  # before: TypeError (trees) or AttributeError (story) from deep in the build
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_trees_record_is_read_as_written(tmp_path: Path, settled: None) -> None:
    from digest.engine.trees import trees_record

    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    build(project)
    cache = open_cache(project)
    try:
        assert trees_record(cache) == cache.get_json(STATE, STATE_TREES) != {}
    finally:
        cache.close()

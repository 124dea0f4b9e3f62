"""Card packs: a month's cards in one record, answering each file as its card record would.

A deploy's fresh clone (every stamp new) takes every unchanged file's card from its month's
pack, decoding no card record; a pack that is damaged, crafted or of other code is not used
(the records answer), and a file whose record changed since is answered by its record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from digest.engine.build import build
from digest.models import Article, Image, Source
from digest.site import card_packs, story_records
from digest.site.article_json import article_from_json, article_json, card_of_record
from digest.site.card_packs import KIND, Held, month_of, read_packs
from digest.store import pickled
from digest.store.cache import open_cache
from digest.store.state import CARDS
from tests.conftest_project import make_project, snapshot
from tests.test_article_json import _every_field_its_own
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name

CODE = "the-code"


def _members(*cards: Article) -> list[tuple[str, str, str, Held, Article, str]]:
    return [
        (card.path.as_posix(), f"sha{n}", f"key{n}", Held(f"check{n}", [n, 2, 3, 4]), card, "t")
        for n, card in enumerate(cards)
    ]


def _two_cards() -> tuple[Article, Article]:
    full = _every_field_its_own()
    plain = Article(Path("2024/03/plain.md"), "plain", "Plain", dt.date(2024, 3, 1), "")
    return full, plain


def test_a_pack_gives_back_the_cards_its_records_give() -> None:
    full, plain = _two_cards()
    rows = card_packs._unpacked(card_packs._packed(_members(full, plain), CODE), CODE)
    for card in (full, plain):
        data = article_json(card)
        assert data is not None
        from_record = article_from_json(data)
        again = rows[card.path.as_posix()][3]
        assert again == from_record == card
        for field in dataclasses.fields(Article):  # each value of its type, zones kept
            value, expected = getattr(again, field.name), getattr(from_record, field.name)
            assert type(value) is type(expected) and repr(value) == repr(expected)
    assert rows["2024/03/plain.md"][:3] == ("sha1", "key1", Held("check1", [1, 2, 3, 4]))


def _with_column(name: str, change: Any) -> Any:
    index = card_packs._CARD_FIELDS.index(name)

    def crafted(parts: list[Any]) -> None:
        parts[-1] = tuple(change(c) if i == index else c for i, c in enumerate(parts[-1]))

    return crafted


@pytest.mark.parametrize(
    "craft",
    [
        _with_column("title", lambda column: [None, *column[1:]]),
        _with_column("tags", lambda column: [(1,), *column[1:]]),
        _with_column("date", lambda column: ["2024-03-05", *column[1:]]),
        _with_column("sources", lambda column: [(Source("d", "x"),), *column[1:]]),  # type: ignore[arg-type]
        _with_column("image", lambda column: [Image("a.jpg", 3), *column[1:]]),  # type: ignore[arg-type]
        _with_column("extra", lambda column: [{"a": Source("d", 1)}, *column[1:]]),
        _with_column("weight", lambda column: [True, *column[1:]]),
        _with_column("slug", lambda column: column[:1]),  # a column short
        lambda parts: parts.__setitem__(1, "other-code"),
        lambda parts: parts.__setitem__(6, [[1, 2, 3], None]),  # a stamp of three
        lambda parts: parts.__setitem__(2, ["2024/03/story.md"] * 2),  # a file twice
    ],
    ids=["title", "tags", "date", "sources", "image", "extra", "weight", "short", "code",
         "stamp", "twice"],
)  # fmt: skip
def test_a_crafted_pack_is_not_used(craft: Any) -> None:
    parts = list(pickled.loads(card_packs._packed(_members(*_two_cards()), CODE)))
    craft(parts)
    with pytest.raises(Exception):  # noqa: B017 (any error: the pack is not used)
        card_packs._unpacked(pickled.dumps(tuple(parts)), CODE)


def test_a_month_is_the_first_two_folders() -> None:
    assert month_of("2025/01/story.md") == "2025/01"
    assert month_of("2025/01/deeper/story.md") == "2025/01"
    assert month_of("story.md") == month_of("2025/story.md") == ""


def _fresh_clone(project: Path) -> None:
    """Give every article file a new stamp (time and inode), its bytes the same, and no
    site/ (a deploy: its cache restored)."""
    shutil.rmtree(project / "site")
    for path in (project / "content" / "articles").rglob("*.md"):
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
        os.utime(path, (1, 1))


def _decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each card record the build decodes; return the list it fills."""
    decoded: list[str] = []

    def spy(relative: str, *rest: Any) -> Any:
        decoded.append(relative)
        return card_of_record(relative, *rest)

    monkeypatch.setattr(story_records, "card_of_record", spy)
    return decoded


def test_a_fresh_clone_decodes_no_card_record(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    _fresh_clone(project)
    new = project / "content" / "articles" / "2025/02/story-new.md"
    new.write_text(story(40, 2), encoding="utf-8")
    decoded = _decoded(monkeypatch)
    assert build(project).report.site.parsed == 1
    assert decoded == []  # before: every file's record (the packs answer them)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    cache = open_cache(project)
    try:
        packs = read_packs(cache, _code(cache), cache.checksums(CARDS))
    finally:
        cache.close()
    assert "2025/02/story-new.md" in packs.rows and len(packs.rows) == 13


def _code(cache: Any) -> str:
    """Return the code a build of this checkout wrote its packs with."""
    value = next(iter(cache.get_kind(KIND).values()))
    return str(pickled.loads(value)[1])


def test_a_damaged_pack_or_a_record_written_since_is_not_answered_by_it(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    cache = open_cache(project)
    try:  # a crafted pack: a title that is no text, its checksum right
        parts = list(pickled.loads(cache.get(KIND, "2025/01") or b""))
        index = card_packs._CARD_FIELDS.index("title")
        columns = list(parts[-1])
        columns[index] = [None] * len(columns[index])
        cache.put(KIND, "2025/01", pickled.dumps((*parts[:-1], tuple(columns))))
    finally:
        cache.close()
    edited = project / "content" / "articles" / "2025/02/story-1.md"
    edited.write_text(story(1, 2, body="An edit.\n"), encoding="utf-8")
    build(project)  # the record of story-1 written again: its pack's row no longer stands
    _fresh_clone(project)
    new = project / "content" / "articles" / "2025/03/story-new.md"
    new.write_text(story(40, 3), encoding="utf-8")  # a deploy: the whole site planned
    decoded = _decoded(monkeypatch)
    assert build(project).report.site.parsed == 1
    assert sorted(decoded) == sorted(["2025/02/story-1.md", *_month(project, "2025/01")])
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    _fresh_clone(project)
    (new.parent / "story-newer.md").write_text(story(41, 3), encoding="utf-8")
    decoded.clear()
    build(project)  # both months were packed again
    assert decoded == []


def _month(project: Path, month: str) -> list[str]:
    folder = project / "content" / "articles"
    return [path.relative_to(folder).as_posix() for path in (folder / month).glob("*.md")]

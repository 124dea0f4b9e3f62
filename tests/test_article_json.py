"""article_json: an Article -> JSON values -> the same Article, every field in its place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from digest.models import Article, Image, Source
from digest.site.article_json import article_from_json, article_json


def _every_field_its_own() -> Article:
    """Return an article whose every field holds a value no other field holds (so that a
    value given to the wrong field, by position, makes another article)."""
    return Article(
        path=Path("2024/03/story.md"),
        id="the-id",
        title="The title",
        date=dt.date(2024, 3, 5),
        body="The body.",
        date_source="dateline",
        datetime=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC),
        date_precision="time",
        published=dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        updated=dt.date(2024, 3, 6),
        regions=("Europe",),
        tags=("Energy", "Grid"),
        captions=("A caption",),
        sources=(Source("dump.txt", 3), Source("other.txt", 1)),
        summary="The summary",
        draft=True,
        slug="the-slug",
        extra={"note": "kept"},
        aliases=("2024/03/01/old/",),
        text_digest="0123abcd",
        authors=("A Writer", "B Writer"),
        outlet="Reuters",
        dateline="HELSINKI",
        language="fi",
        lead=True,
        weight=7,
        image=Image("photo.jpg", "Alt text", "Caption", "Credit"),
        placeholder_line=4,
        control_line=9,
        control_char="U+0007",
        aliases_line=11,
    )


def test_every_field_comes_back_in_its_place() -> None:
    article = _every_field_its_own()
    assert all(
        getattr(article, field.name) != field.default for field in dataclasses.fields(Article)
    )
    data = article_json(article)
    assert data is not None
    again = article_from_json(data)
    assert again == article
    assert [type(getattr(again, f.name)) for f in dataclasses.fields(Article)] == [
        type(getattr(article, f.name)) for f in dataclasses.fields(Article)
    ]


@pytest.mark.parametrize(
    ("published", "updated"),
    [
        (None, None),
        (dt.date(2024, 3, 5), dt.datetime(2024, 3, 6, 12, 0, tzinfo=dt.UTC)),
        (dt.datetime(2024, 3, 5, 7, 0, tzinfo=dt.UTC), None),
    ],
)
def test_a_printed_day_stays_a_day_and_a_time_a_time(
    published: dt.date | None, updated: dt.date | None
) -> None:
    article = dataclasses.replace(
        _every_field_its_own(), published=published, updated=updated, sources=(), image=None
    )
    data = article_json(article)
    assert data is not None
    again = article_from_json(data)
    assert again == article
    assert type(again.published) is type(published)
    assert type(again.updated) is type(updated)
    assert again.sources == ()

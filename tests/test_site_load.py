"""Load: front matter validation, with the file and line of every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.errors import ArticleErrors
from digest.models import Article, Source
from digest.site.load import load_articles, read_article
from digest.store.url_history import EMPTY_HISTORY

SHOWN = Path("content/articles/story.md")


def read(text: str, path: str = "2026/01/story.md") -> Article:
    return read_article(text.encode("utf-8"), Path(path), SHOWN)


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ArticleErrors) as caught:
        read(text)
    for error in caught.value.errors:
        assert error.path == SHOWN
    return [(error.line, error.message) for error in caught.value.errors]


def test_a_hand_written_story_needs_only_title_and_date() -> None:
    article = read("---\ntitle: By hand\ndate: 2026-01-13\n---\n\nText.\n", "notes/by-hand.md")
    assert article.title == "By hand"
    assert article.date == dt.date(2026, 1, 13)
    assert article.regions == () and article.tags == ()
    assert article.slug == "by-hand"
    assert len(article.id) == 12  # derived from the path
    assert article.body == "Text.\n"


def test_every_key_is_read() -> None:
    text = """---
title: "Finland Summons Iran Envoy"
date: 2026-01-13T10:30:00+02:00
date_source: caption
regions: [Europe, Middle East]
tags: [Finland, Iran]
captions:
  - "A flag in Helsinki."
sources:
  - {dump: 002.txt, index: 2}
id: 3f2a9c0e1b7d
summary: Short.
draft: true
extra: {byline: Desk}
---
Body.
"""
    article = read(text)
    assert article.datetime == dt.datetime(
        2026, 1, 13, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert article.date == dt.date(2026, 1, 13)
    assert article.regions == ("Europe", "Middle East")
    assert article.sources == (Source("002.txt", 2),)
    assert article.id == "3f2a9c0e1b7d"
    assert article.draft is True
    assert article.extra == {"byline": "Desk"}


def test_a_date_time_given_as_text_is_accepted() -> None:
    article = read('---\ntitle: T\ndate: "2026-01-13 08:00"\n---\n')
    assert article.datetime == dt.datetime(2026, 1, 13, 8, 0)


def test_an_unknown_key_names_the_key_and_its_line() -> None:
    found = problems("---\ntitle: T\ndate: 2026-01-13\nregion: [Europe]\n---\n")
    assert len(found) == 1
    line, message = found[0]
    assert line == 4
    assert "unknown key 'region'" in message


def test_a_string_for_tags_is_an_error_with_its_line() -> None:
    found = problems("---\ntitle: T\ndate: 2026-01-13\ntags: Iran\n---\n")
    assert found == [(4, "tags: expected a list such as [a, b], got text 'Iran'")]


def test_an_impossible_date_names_its_line() -> None:
    found = problems("---\ntitle: T\nregions: [Asia]\ndate: 2026-02-30\n---\n")
    assert found[0][0] == 4
    assert "impossible date" in found[0][1]


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("2026-02-30", "2026-02-30: there is no day 30 in February 2026"),
        ("2026-12-05T24:00:00", "2026-12-05T24:00:00: hour 24 is not between 0 and 23"),
        ("2026-12-05 10:61:00", "2026-12-05 10:61:00: minute 61 is not between 0 and 59"),
        (
            "2026-12-05T10:00:00+25:00",
            "2026-12-05T10:00:00+25:00: the zone offset +25:00 is not between -23:59 and +23:59",
        ),
    ],
)
def test_an_impossible_date_or_time_names_its_line_and_what_is_wrong(
    written: str, told: str
) -> None:
    """Python's own words ("offset must be a timedelta strictly between ...") and no line
    were the message of an impossible time (review16 G11)."""
    found = problems(f"---\ntitle: T\nregions: [Asia]\ndate: {written}\n---\n")
    assert found == [(4, f"impossible date {told}")]


def test_a_missing_title_and_a_bad_date_are_both_reported() -> None:
    found = problems("---\ndate: yesterday\ndraft: maybe\n---\n")
    messages = " | ".join(message for _, message in found)
    assert "title: missing" in messages
    assert "date: expected a date" in messages
    assert "draft: expected true or false" in messages
    assert (
        2,
        "date: expected a date (2026-01-13) or ISO 8601 date-time, got text 'yesterday'",
    ) in found


def test_broken_yaml_names_its_line() -> None:
    found = problems("---\ntitle: T\ndate: 2026-01-13\ntags: [a, b\n---\n")
    assert found[0][0] is not None and found[0][0] >= 4


def test_a_file_without_front_matter_is_an_error() -> None:
    assert problems("Just text.\n")[0][0] == 1


def test_bad_sources_are_errors() -> None:
    found = problems("---\ntitle: T\ndate: 2026-01-13\nsources:\n  - {dump: a.txt}\n---\n")
    assert found[0][0] == 4
    assert "sources[0]" in found[0][1]


def test_load_collects_errors_of_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "one.md").write_text("---\ntitle: One\n---\n", encoding="utf-8")
    (folder / "two.md").write_text("---\ntitle: Two\ndate: 2026-01-01\ntag: [x]\n---\n")
    (folder / "good.md").write_text("---\ntitle: Good\ndate: 2026-01-01\n---\n")
    with pytest.raises(ArticleErrors) as caught:
        load_articles(folder, EMPTY_HISTORY)
    shown = str(caught.value)
    assert f"{folder / 'a' / 'one.md'}:" in shown and "date: missing" in shown
    assert f"{folder / 'two.md'}:4: unknown key 'tag'" in shown


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\ntitle: T\ndate: 2026-01-01\nid: same\n---\n")
    with pytest.raises(ArticleErrors, match="already used by"):
        load_articles(tmp_path, EMPTY_HISTORY)


def test_same_slug_on_the_same_day_gets_a_suffix(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.md").write_text("---\ntitle: T\ndate: 2026-01-01\n---\n")
    slugs = sorted(article.slug for article in load_articles(tmp_path, EMPTY_HISTORY))
    assert slugs == ["story", "story-2"]


def test_hidden_editor_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".#story.md").write_text("not front matter")
    (tmp_path / "story.md").write_text("---\ntitle: T\ndate: 2026-01-01\n---\n")
    assert [article.title for article in load_articles(tmp_path, EMPTY_HISTORY)] == ["T"]


def test_a_missing_articles_folder_is_an_empty_site(tmp_path: Path) -> None:
    assert load_articles(tmp_path / "nothing", EMPTY_HISTORY) == ()


def test_crlf_and_bom_are_read() -> None:
    article = read("\ufeff---\r\ntitle: T\r\ndate: 2026-01-13\r\n---\r\n\r\nLine.\r\n")
    assert article.title == "T"


def test_text_that_is_not_utf8_names_the_line() -> None:
    data = "---\ntitle: T\ndate: 2026-01-13\n---\n\nCaf\xe9\n".encode("cp1252")
    with pytest.raises(ArticleErrors) as caught:
        read_article(data, Path("a.md"), SHOWN)
    assert caught.value.errors[0].line == 6


def test_a_missing_key_is_named_at_the_closing_line_of_the_front_matter() -> None:
    with pytest.raises(ArticleErrors) as raised:
        read_article(b"---\ndate: 2026-01-13\n---\nBody.\n", Path("x.md"), Path("x.md"))
    (error,) = raised.value.errors
    assert "title: missing" in str(error) and error.line == 3


def test_a_title_or_date_left_empty_is_refused_at_its_line() -> None:
    # YAML reads "date:" with nothing after it as null: refused like a missing key, never a
    # story that silently leaves the site or one published with an empty title.
    assert problems("---\ntitle: Story\ndate:\n---\n\nBody.\n") == [
        (3, "date: empty; every story needs a title and a date")
    ]
    assert problems("---\ntitle:\ndate: 2026-06-03\n---\n\nBody.\n") == [
        (2, "title: empty; every story needs a title and a date")
    ]


def test_control_characters_are_left_out_and_their_first_line_named() -> None:
    # A bell written as a YAML escape in the title, an escape byte and U+FFFF in the body: no
    # page or feed can hold them (XML 1.0); a form feed reads as a space.
    text = (
        '---\ntitle: "Bell\\u0007Title"\ndate: 2026-06-03\ntags: ["A\\eB"]\n'
        'extra: {note: "x\\ay"}\n---\n\nBody \x1bwith\x0cesc\uffff.\n'
    )
    article = read(text)
    assert (article.title, article.tags, article.extra) == ("BellTitle", ("AB",), {"note": "xy"})
    assert article.body == "Body with esc.\n"
    assert (article.control_line, article.control_char) == (2, "U+0007")
    body_only = read("---\ntitle: T\ndate: 2026-06-03\n---\n\nFine.\n\nA \x07bell.\n")
    assert (body_only.control_line, body_only.control_char) == (8, "U+0007")
    assert body_only.body == "Fine.\n\nA bell.\n"
    raw = read("---\ntitle: Plain\x07 bell\ndate: 2026-06-03\n---\n\nBody.\n")  # YAML refuses
    assert (raw.title, raw.control_line, raw.control_char) == ("Plain bell", 2, "U+0007")
    clean = read("---\ntitle: 'Back\\slash'\ndate: 2026-06-03\n---\n\nC:\\path\n")
    assert clean.control_line is None and clean.title == "Back\\slash"

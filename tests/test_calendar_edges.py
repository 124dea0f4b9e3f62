"""Dates at the calendar's edges: written with four-digit years, read back, refused by file:line.

A story dated 0226 (a typo for 2026) once built, wrote "226-01-14T00:00:00Z" into
content/.urls.json, and every later build failed on it; a date-time near year 1 or 9999 with
an offset ended build and check in an OverflowError. Each case here is what a reviewer found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.errors import ArticleErrors
from digest.moments import LAST_MOMENT, read_moment, utc_text
from digest.site.feed_ids import file_clock
from digest.site.feeds import EntryIdentity, FeedEntry, render_entry
from digest.site.load import read_article
from digest.store.url_history import (
    HistoryError,
    Published,
    StoryUrls,
    UrlHistory,
    history_bytes,
    read_history,
)
from digest.story_files import story_stem
from digest.urls import UrlScheme
from tests.conftest import WriteArticle

YEAR_226 = dt.datetime(226, 1, 14, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str]:
    """Run the digest command; return its exit code and what it printed to stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(list(args))
        except SystemExit as leaving:  # argparse's usage errors
            code = int(leaving.code or 0)
    return code, err.getvalue()


# -- writing: four-digit years -------------------------------------------------------------


def test_a_year_below_1000_is_written_with_four_digits_in_the_url_history() -> None:
    entry = StoryUrls("0226/01/14/typo/", (), "text", YEAR_226, 226)
    data = json.loads(history_bytes(UrlHistory({"a": entry})))
    assert data["stories"]["a"]["updated"] == "0226-01-14T00:00:00Z"


def test_a_year_below_1000_is_written_with_four_digits_in_feeds() -> None:
    entry = FeedEntry(
        "Typo", "0226/01/14/typo/", EntryIdentity("tag:x,0226:a", YEAR_226), YEAR_226, "", "", ()
    )
    text = render_entry(entry, UrlScheme("https://example.org/"))
    assert "<published>0226-01-14T00:00:00Z</published>" in text
    assert "<updated>0226-01-14T00:00:00Z</updated>" in text


def test_a_year_below_1000_makes_a_four_digit_folder() -> None:
    assert story_stem("Early", dt.date(1, 1, 1)) == "0001/01/early"
    assert story_stem("Early", dt.date(226, 1, 14)) == "0226/01/early"


def test_utc_text_is_rfc3339_at_both_ends_and_as_strftime_wrote_it_between() -> None:
    assert utc_text(dt.datetime(1, 1, 1, tzinfo=dt.UTC)) == "0001-01-01T00:00:00Z"
    assert utc_text(LAST_MOMENT) == "9999-12-31T23:59:59Z"
    moment = dt.datetime(2026, 1, 14, 10, 30, 5, 999, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert utc_text(moment) == "2026-01-14T08:30:05Z"
    assert utc_text(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading the URL history ----------------------------------------------------------------


def _history(project: Path, **changes: object) -> Path:
    entry: dict[str, object] = {"url": "2026/01/14/typo/", "text": "t", "since": 2026}
    entry.update({"updated": "2026-01-14T00:00:00Z", **changes})
    folder = project / "content"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".urls.json"
    path.write_text(json.dumps({"version": 1, "stories": {"abc": entry}}), encoding="utf-8")
    return path


def test_a_history_with_the_short_year_an_earlier_build_wrote_is_read(tmp_path: Path) -> None:
    _history(tmp_path, updated="226-01-14T00:00:00Z", since=226)
    entry = read_history(tmp_path).stories["abc"]
    assert (entry.updated, entry.since) == (YEAR_226, 226)
    assert read_moment("226-01-14T00:00:00Z") == YEAR_226


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"updated": "0001-01-01T00:00:00+05:00"}, "'0001-01-01T00:00:00+05:00' is not a time"),
        ({"updated": "9999-12-31T23:59:59-05:00"}, "'9999-12-31T23:59:59-05:00' is not a time"),
        ({"updated": "2026-01-14T00:00:00"}, "'2026-01-14T00:00:00' is not a time with its zone"),
        ({"updated": 5}, "updated: 5 is not a time"),
        ({"updated": "yesterday"}, "updated: 'yesterday' is not a time"),
        ({"since": 0}, "since: expected a year from 1 to 9999, got 0"),
        ({"since": -5}, "since: expected a year from 1 to 9999, got -5"),
        ({"since": 10000}, "since: expected a year from 1 to 9999, got 10000"),
        ({"since": True}, "since: expected a year from 1 to 9999, got True"),
    ],
)
def test_an_entry_outside_the_calendar_is_named_with_what_to_write(
    tmp_path: Path, changes: dict[str, object], said: str
) -> None:
    path = _history(tmp_path, **changes)
    with pytest.raises(HistoryError) as raised:
        read_history(tmp_path)
    assert str(raised.value).startswith(f"{path}: stories.abc")
    assert said in str(raised.value)


def test_a_crafted_updated_value_stops_the_build_with_a_message(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/typo.md", "title: Typo\ndate: 2026-01-14")
    history = project / "content" / ".urls.json"
    for value in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"):
        _history(project, updated=value)
        code, said = run("build", "-q", "-C", str(project))
        assert code == 1 and "Traceback" not in said
        assert f"{history}: stories.abc: updated: {value!r} is not a time" in said
        code, said = run("check", "-C", str(project))
        assert code == 1 and "Traceback" not in said and "stories.abc: updated" in said


def test_a_text_edited_at_the_calendars_last_second_keeps_that_time() -> None:
    before = StoryUrls("9999/12/31/end/", (), "old", LAST_MOMENT, 9999)
    now = Published("9999/12/31/end/", "new", LAST_MOMENT, "")
    beyond = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
    for edited in (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), beyond):

        def clock(name: str, at: dt.datetime = edited) -> dt.datetime:
            return at

        after = UrlHistory({"a": before}).advance({"a": now}, (), clock)
        assert after.stories["a"].updated == LAST_MOMENT and after.stories["a"].text == "new"


def test_a_file_time_past_year_9999_is_no_edit_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`touch -d @253402300800` makes such a file where the file system keeps the time; the
    stat is stood in for here, so that the test runs on every file system."""
    (tmp_path / "story.md").write_text("x", encoding="utf-8")
    far = 253402300800.0  # 10000-01-01T00:00:00Z
    real = os.stat(tmp_path / "story.md")
    fields = list(real)
    fields[stat.ST_MTIME] = int(far)
    beyond = os.stat_result((*fields[:10],), {"st_mtime": far})
    article = read_article(b"---\ntitle: T\ndate: 2026-01-14\n---\nB\n", Path("story.md"), Path())
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: beyond)
    assert file_clock(tmp_path, None)(article) == dt.datetime(2026, 1, 14, tzinfo=dt.UTC)


# -- front matter: what no later step can use, named by file and line ------------------------


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("date", "0226-01-14", "date: year 226 is before 1000: a typo?"),
        ("date", "'0226-01-14'", "date: year 226 is before 1000: a typo?"),
        ("date", "0999-12-31T23:00:00-05:00", "date: year 999 is before 1000"),
        ("date", "0001-01-01T00:00:00+05:00", "date: year 1 is before 1000"),
        ("date", "9999-12-31T23:59:59-12:00", "after 9999-12-31T23:59:59Z in UTC"),
        ("date", "'9999-12-31T23:59:00-00:01'", "after 9999-12-31T23:59:59Z in UTC"),
        ("published", "0226-01-14T10:00:00+02:00", "published: year 226 is before 1000"),
        ("published", "0226-01-14", "published: year 226 is before 1000"),
        ("published", "9999-12-31T23:59:59-12:00", "published: 9999-12-31T23:59:59-12:00 is"),
    ],
)
def test_a_date_no_page_feed_or_history_can_hold_is_named_by_its_line(
    key: str, value: str, said: str
) -> None:
    front = f"title: T\ndate: 2026-01-14\n{key}: {value}\n" if key != "date" else ""
    front = front or f"title: T\ndate: {value}\n"
    data = f"---\n{front}---\nBody.\n".encode()
    with pytest.raises(ArticleErrors) as raised:
        read_article(data, Path("s.md"), Path("content/articles/s.md"))
    (error,) = raised.value.errors
    assert error.line == (3 if key == "date" else 4)
    assert said in error.message, error.message


@pytest.mark.parametrize(
    "value",
    [
        "1000-01-01",
        "1000-01-01T00:00:00+05:00",  # 0999 in UTC: the day as written counts
        "9999-12-31",
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T11:59:59-12:00",
        "9999-12-31T23:59:59",  # no zone: taken as UTC
    ],
)
def test_dates_up_to_the_edges_are_stories(value: str) -> None:
    published = f"published: {value}\n" if value[10:] != "T23:59:59" else ""  # needs a zone
    data = f"---\ntitle: T\ndate: {value}\n{published}---\nBody.\n".encode()
    article = read_article(data, Path("s.md"), Path("s.md"))
    assert article.date.year in (1000, 9999)


@pytest.mark.parametrize(
    "value", ["0226-01-14", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+05:00"]
)
def test_build_and_check_name_the_file_and_line_and_write_nothing(
    project: Path, write_article: WriteArticle, value: str
) -> None:
    path = write_article("2026/01/s.md", f"title: T\ndate: {value}")
    write_article("2026/01/fine.md", "title: Fine\ndate: 2026-01-14")
    for verb in (("build", "-q"), ("check",)):
        code, said = run(*verb, "-C", str(project))
        assert code == 1 and "Traceback" not in said
        assert f"{path}:3: date: " in said, said
    assert not (project / "site").exists() and not (project / "content" / ".urls.json").exists()


def test_a_typo_year_fixed_after_an_earlier_build_wrote_it_builds(
    project: Path, write_article: WriteArticle
) -> None:
    """The reviewer's project: the history a build before the fix wrote for 0226 is read."""
    path = write_article("2026/01/typo.md", "title: Typo\ndate: 2026-01-14", "Fixed it.\n")
    story_id = read_article(path.read_bytes(), Path("2026/01/typo.md"), path).id
    history = _history(project, url="0226/01/14/typo/", updated="226-01-14T00:00:00Z", since=226)
    data = json.loads(history.read_text(encoding="utf-8"))
    data["stories"] = {story_id: data["stories"]["abc"]}
    history.write_text(json.dumps(data), encoding="utf-8")
    code, said = run("build", "-q", "-C", str(project))
    assert code == 0, said
    entry = json.loads(history.read_text(encoding="utf-8"))["stories"][story_id]
    assert entry["url"] == "2026/01/14/typo/" and entry["old"] == ["0226/01/14/typo/"]
    assert entry["since"] == 226 and not entry["updated"].startswith("226-")
    site = project / "site"
    # The feed entry's year is kept for good; written with four digits, as tag: URIs need.
    assert f"<id>tag:example.org,0226:{story_id}</id>" in (site / "feed.xml").read_text()
    assert "/0226/01/14/typo/ /2026/01/14/typo/ 301" in (site / "_redirects").read_text()
    assert run("check", "-C", str(project))[0] == 0


def test_new_refuses_a_date_the_build_would_refuse(project: Path) -> None:
    code, said = run("new", "Early", "--date", "0001-01-01", "-C", str(project))
    assert code == 2 and "year 1 is before 1000" in said
    assert not any((project / "content" / "articles").rglob("*.md"))
    code, _ = run("new", "Early", "--date", "1001-01-01", "-C", str(project))
    assert code == 0 and (project / "content" / "articles" / "1001" / "01" / "early.md").exists()

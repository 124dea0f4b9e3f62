"""The date resolver: the page's publication line, reference times, honesty about guesses,
and a story's date fixed by its own text and reference time (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest import frontmatter
from digest.config import ClassifyConfig, ConfigError, load_config
from digest.errors import ArticleErrors, DigestError
from digest.ingest.classify import classify_stories
from digest.ingest.pipeline import run_ingest
from digest.ingest.printed_dates import parse_published
from digest.models import Block, RawStory, Source, Story, Told
from digest.site.load import read_article
from tests.conftest_project import make_project

EST = dt.timezone(dt.timedelta(hours=-5))
CET = dt.timezone(dt.timedelta(hours=1))
EDT = dt.timezone(dt.timedelta(hours=-4))
PST = dt.timezone(dt.timedelta(hours=-8))
CEST = dt.timezone(dt.timedelta(hours=2))
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
KST = dt.timezone(dt.timedelta(hours=9))
CST_CHINA = dt.timezone(dt.timedelta(hours=8))
AEST = dt.timezone(dt.timedelta(hours=10))


def story(dump: str, text: str, *, index: int = 1, published: str | None = None) -> Story:
    raw = RawStory(
        Source(dump, index),
        1,
        f"Story {index} of {dump}",
        (),
        tuple(Block("paragraph", (line,)) for line in text.split("\n")),
        Told(published=published),
    )
    return Story(raw, (raw.source,))


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated 3:14 PM EST, March 3, 2020", dt.datetime(2020, 3, 3, 15, 14, tzinfo=EST)),
        ("Fri 18 Oct 2019 01.22 GMT", dt.datetime(2019, 10, 18, 1, 22, tzinfo=dt.UTC)),
        ("Published On 3 Mar 2020", dt.date(2020, 3, 3)),
        ("2020-03-03T15:14:00-05:00", dt.datetime(2020, 3, 3, 15, 14, tzinfo=EST)),
        (
            "Mon 13 Jan 2026 09.05 GMT+9",
            dt.datetime(2026, 1, 13, 9, 5, tzinfo=ZoneInfo("Asia/Seoul")),
        ),
        # "ET" is the zone of EST and EDT: its summer time is EDT.
        ("Updated 12:30 a.m. ET, June 2, 2025", dt.datetime(2025, 6, 2, 0, 30, tzinfo=EDT)),
        ("Updated 12:30 a.m. ET, Jan. 2, 2025", dt.datetime(2025, 1, 2, 0, 30, tzinfo=EST)),
        ("Share this story", None),
        # Parts of a page glued together by the copy: a year then a time, a zone then a word,
        # the same line twice.
        (
            "March 17, 19874:31 PM UTCUpdated 2 hours ago",
            dt.datetime(1987, 3, 17, 16, 31, tzinfo=dt.UTC),
        ),
        ("Published On 15 Mar 201915 Mar 2019", dt.date(2019, 3, 15)),
        # An ISO time's "Z" or offset after a label (review19 S16: the Z was not seen).
        ("Published 2026-12-05T14:32:00Z", dt.datetime(2026, 12, 5, 14, 32, tzinfo=dt.UTC)),
        ("Published: 2026-12-05T14:32Z", dt.datetime(2026, 12, 5, 14, 32, tzinfo=dt.UTC)),
        ("Updated 2026-12-05T14:32:00.123Z", dt.datetime(2026, 12, 5, 14, 32, tzinfo=dt.UTC)),
        ("the 3rd of March, 2020", dt.date(2020, 3, 3)),
        ("Sept. 14, 2019, 9:02 a.m. ET", dt.datetime(2019, 9, 14, 9, 2, tzinfo=EDT)),
        ("Dec 31, 2025 11:30 p.m. PT", dt.datetime(2025, 12, 31, 23, 30, tzinfo=PST)),
        # A zone's IANA name, with its summer time; an offset after "GMT" or "UTC".
        ("2025-12-31 23:30 Europe/Berlin", dt.datetime(2025, 12, 31, 23, 30, tzinfo=CET)),
        ("2025-07-01 23:30 Europe/Berlin", dt.datetime(2025, 7, 1, 23, 30, tzinfo=CEST)),
        ("31 December 2025 22:15 UTC+05:30", dt.datetime(2025, 12, 31, 22, 15, tzinfo=IST)),
        # The half of the day written before the time (Korean, Japanese, Chinese), and the
        # zone of a script read in one zone when the line names none.
        ("2025.12.31 오후 3:20", dt.datetime(2025, 12, 31, 15, 20, tzinfo=KST)),
        ("2025.12.31 오전 12:05", dt.datetime(2025, 12, 31, 0, 5, tzinfo=KST)),
        ("2025年12月30日 午後3時20分", dt.datetime(2025, 12, 30, 15, 20, tzinfo=KST)),
        ("2025年12月30日 下午3:20", dt.datetime(2025, 12, 30, 15, 20, tzinfo=CST_CHINA)),
        # Month names of other scripts; Hebrew's "in" is part of the word.
        ("31 декабря 2025 15:20", dt.datetime(2025, 12, 31, 15, 20, tzinfo=dt.UTC)),
        ("5 січня 2026", dt.date(2026, 1, 5)),
        ("31 ديسمبر 2025", dt.date(2025, 12, 31)),
        ("31 בדצמבר 2025", dt.date(2025, 12, 31)),
        ("5 Ιανουαρίου 2026", dt.date(2026, 1, 5)),
        # Other languages and numeric days; a time is never read out of the date itself.
        ("Publié le 1er avril 2021 à 08h05", dt.datetime(2021, 4, 1, 8, 5, tzinfo=dt.UTC)),
        ("3. März 2020, 15:14 Uhr MEZ", dt.datetime(2020, 3, 3, 15, 14, tzinfo=CET)),
        ("3 de marzo de 2020 - 15:14 CET", dt.datetime(2020, 3, 3, 15, 14, tzinfo=CET)),
        ("Pubblicato il 3 marzo 2020", dt.date(2020, 3, 3)),
        ("3 de março de 2020, 15h14", dt.datetime(2020, 3, 3, 15, 14, tzinfo=dt.UTC)),
        ("14 okt 2019", dt.date(2019, 10, 14)),
        ("3 marca 2020", dt.date(2020, 3, 3)),
        ("Veröffentlicht am 03.03.2020", dt.date(2020, 3, 3)),
        ("2020年3月3日", dt.date(2020, 3, 3)),
        # Japanese hours and minutes (時 分), the afternoon before them; a line of Chinese
        # characters alone is read in China's zone here (the resolver asks the page first).
        ("2025年3月4日 15時32分", dt.datetime(2025, 3, 4, 15, 32, tzinfo=CST_CHINA)),
        ("2025年3月4日 午後3時32分", dt.datetime(2025, 3, 4, 15, 32, tzinfo=KST)),
        # The publication's time wins over the update's, wherever each stands on the line.
        (
            "Updated March 5, 2025 10:00 AM ET | Published March 3, 2025 8:00 AM ET",
            dt.datetime(2025, 3, 3, 8, 0, tzinfo=EST),
        ),
        ("Last updated 5 March 2025, first published 3 March 2025", dt.date(2025, 3, 3)),
        ("Aktualisiert am 05.03.2025, veröffentlicht am 03.03.2025", dt.date(2025, 3, 3)),
        ("Actualizado 05/03/2025 - Publicado 03/03/2025", dt.date(2025, 3, 3)),
        ("2020/03/03 15:14 JST", dt.datetime(2020, 3, 3, 15, 14, tzinfo=ZoneInfo("Asia/Tokyo"))),
        ("4/13/2020 3:14 PM EDT", dt.datetime(2020, 4, 13, 15, 14, tzinfo=EDT)),
        ("13/4/2020", dt.date(2020, 4, 13)),
        # A 12-hour clock with no zone is the American order (review17 H5); a zone of a
        # country that writes the day first says the other; with neither, no day.
        ("3/4/2020 3:14 PM", dt.datetime(2020, 3, 4, 15, 14, tzinfo=dt.UTC)),
        ("3/4/2020 3:14 PM AEST", dt.datetime(2020, 4, 3, 15, 14, tzinfo=AEST)),
        ("3/4/2020 15:14", None),  # March or April: the line does not say
        (
            "Posted 12/04/2026 6:15 PM, updated 12/05/2026 9:02 AM",
            dt.datetime(2026, 12, 4, 18, 15, tzinfo=dt.UTC),
        ),
        ("04-Dec-2026", dt.date(2026, 12, 4)),
        (
            "\u0622\u062e\u0631 \u062a\u062d\u062f\u064a\u062b: 5/12/2026",
            dt.date(2026, 12, 5),
        ),  # Arabic: day first
        # ... unless it does: a label in a language that writes the day first, a zone of a
        # country that does, the American clock with an American zone (review15 F20).
        ("Publicado: 04/03/2025 07:15", dt.datetime(2025, 3, 4, 7, 15, tzinfo=dt.UTC)),
        (
            "04/03/2025 - 07:15 CET",
            dt.datetime(2025, 3, 4, 7, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("Published 03/04/2025 10:15 AM EST", dt.datetime(2025, 3, 4, 10, 15, tzinfo=EST)),
        ("Publié le 04/03/2025", dt.date(2025, 3, 4)),
        ("Sevilla, 04/03/2025", None),  # a place says nothing of the order here
        ("Updated 2 hours ago", None),
        ("0001-01-01T00:00:00+05:00", None),  # a CMS's placeholder (.NET's least time)
        ("0200-03-04T10:00:00Z", None),
        ("2025-13-45", None),
        ("2025-02-30T10:00:00Z", None),
    ],
)
def test_a_page_publication_line_is_read_with_its_zone(
    line: str, expected: dt.datetime | dt.date | None
) -> None:
    got = parse_published(line)
    assert got == expected
    if isinstance(expected, dt.datetime):
        assert isinstance(got, dt.datetime) and got.utcoffset() == expected.utcoffset()


def test_the_page_line_is_the_strongest_evidence_and_keeps_its_zone() -> None:
    dated = story(
        "2020-03-09-world.txt",
        "KAMPALA, March 1 - The talks ended on Monday, 2 March 2020.",
        published="Published 11:14 PM EST, March 3, 2020",
    )
    (utc,) = classify_stories(
        [dated], ClassifyConfig(), references={dated.sources[0].dump: at("2020-03-09")}
    )
    assert (utc.date, utc.date_source, utc.precision) == (dt.date(2020, 3, 4), "page", "time")
    assert utc.published == dt.datetime(2020, 3, 3, 23, 14, tzinfo=EST)
    # An update's time alone bounds the publication: the dateline's day before it wins.
    updated = story(
        "2020-03-09-world.txt",
        "KAMPALA, March 1 - The talks ended on Monday, 2 March 2020.",
        published="Updated 11:14 PM EST, March 3, 2020",
    )
    (bound,) = classify_stories(
        [updated], ClassifyConfig(), references={updated.sources[0].dump: at("2020-03-09")}
    )
    assert (bound.date, bound.date_source, bound.published) == (
        dt.date(2020, 3, 1),
        "month-day",
        None,
    )
    assert bound.updated == dt.datetime(2020, 3, 3, 23, 14, tzinfo=EST)
    (local,) = classify_stories([dated], ClassifyConfig(), zone=ZoneInfo("America/New_York"))
    assert local.date == dt.date(2020, 3, 3)  # the day in the site's zone
    day_only = story("notes.txt", "Nothing dated.", published="Published On 3 Mar 2020")
    (result,) = classify_stories([day_only], ClassifyConfig())
    assert (result.date, result.date_source, result.precision) == (
        dt.date(2020, 3, 3),
        "page",
        "day",
    )


def test_a_date_without_a_year_is_never_after_the_reference_time() -> None:
    wire = story("reut2-000.txt", "KAMPALA, March 3 - Uganda said on Tuesday it would sell coffee.")
    for collected, expected in (("1987-03-05", "1987-03-03"), ("2026-01-01", "2025-03-03")):
        (result,) = classify_stories(
            [wire], ClassifyConfig(), references={"reut2-000.txt": at(collected)}
        )
        assert (result.date, result.date_source, result.precision) == (
            dt.date.fromisoformat(expected),
            "month-day",
            "day-without-year",
        )


@pytest.mark.parametrize(
    ("line", "collected", "expected"),
    [
        # Counted back from the reference time, in the site's zone: hours give the day. An
        # update's day is the story's only as a guess: it was published then or before
        # (review19 S18), as with an update's printed date.
        ("Updated 12 hours ago", "2026-01-01T05:00:00+00:00", ("2025-12-31", "update", "guess")),
        ("Updated 30 mins ago", "2026-01-01T00:10:00+00:00", ("2025-12-31", "update", "guess")),
        ("Updated 30 mins ago", "2026-01-01T00:40:00+00:00", ("2026-01-01", "update", "guess")),
        ("Published 12 hours ago", "2026-01-01T05:00:00+00:00", ("2025-12-31", "page", "day")),
        ("2 hrs ago", "2026-01-01T05:00:00+00:00", ("2026-01-01", "page", "day")),
        (
            "Published yesterday at 9:15 PM",
            "2026-01-01T05:00:00+00:00",
            ("2025-12-31", "page", "day"),
        ),
        # ... in the short form and in other languages and scripts (review16 G3).
        ("5h ago", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        ("il y a 5 heures", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        ("vor 2 Stunden", "2026-01-01T00:30:00+00:00", ("2025-12-31", "page", "day")),
        ("vor einer Stunde", "2026-01-01T00:30:00+00:00", ("2025-12-31", "page", "day")),
        ("hace 3 horas", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        ("3 ore fa", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        ("3 \u5c0f\u65f6\u524d", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        ("3\uc2dc\uac04 \uc804", "2026-01-01T02:00:00+00:00", ("2025-12-31", "page", "day")),
        (
            "3 \u0447\u0430\u0441\u0430 \u043d\u0430\u0437\u0430\u0434",
            "2026-01-01T02:00:00+00:00",
            ("2025-12-31", "page", "day"),
        ),
        # Arabic's dual: "since two hours".
        (
            "\u0645\u0646\u0630 \u0633\u0627\u0639\u062a\u064a\u0646",
            "2026-01-01T01:00:00+00:00",
            ("2025-12-31", "page", "day"),
        ),
        ("Just now", "2026-01-01T01:00:00+00:00", ("2026-01-01", "page", "day")),
        # Today and yesterday in other languages (review16 G13: Le Monde's line).
        (
            "Publi\u00e9 aujourd\u2019hui \u00e0 10h36, modifi\u00e9 \u00e0 11h52",
            "2026-12-05T18:00:00+00:00",
            ("2026-12-05", "page", "day"),
        ),
        ("gestern, 18:05 Uhr", "2026-12-05T18:00:00+00:00", ("2026-12-04", "page", "day")),
        # A page rounds days and weeks ("3 days" is 3 to 4): the day is a guess.
        ("3 days ago", "2026-01-10T12:00:00+00:00", ("2026-01-07", "page", "guess")),
        ("il y a 2 jours", "2026-01-10T12:00:00+00:00", ("2026-01-08", "page", "guess")),
        # Months back are no evidence of a day.
        ("2 months ago", "2026-01-10T12:00:00+00:00", ("2026-01-10", "seen", "guess")),
    ],
)
def test_a_relative_publication_line_counts_back_from_the_reference_time(
    line: str, collected: str, expected: tuple[str, str, str]
) -> None:
    relative = story("notes.txt", "Nothing dated.", published=line)
    references = {"notes.txt": dt.datetime.fromisoformat(collected)}
    (result,) = classify_stories([relative], ClassifyConfig(), references=references)
    assert (result.date.isoformat(), result.date_source, result.precision) == expected
    assert result.published is None  # no time is known, only its day


def test_a_relative_update_line_is_the_update_s_day_and_a_dateline_s_day_before_it_wins() -> None:
    """ "Updated 3 hours ago" says when the page changed: the story's dateline day not after
    it is its date, and the counted day is kept as `updated` (review19 S18)."""
    wire = story(
        "n.txt",
        "SYDNEY, Dec. 30 (Reuters) - Fireworks lit the sky.",
        published="Updated 3 hours ago",
    )
    references = {"n.txt": dt.datetime.fromisoformat("2026-01-01T05:00:00+00:00")}
    (result,) = classify_stories([wire], ClassifyConfig(), references=references)
    assert (result.date.isoformat(), result.date_source) == ("2025-12-30", "month-day")
    assert result.updated == dt.date(2026, 1, 1) and result.published is None


def test_a_relative_line_gives_way_to_the_story_s_own_date() -> None:
    """A counted day that contradicts the story's dateline is not taken."""
    wire = story(
        "n.txt", "SYDNEY, Dec. 31 (Reuters) - Fireworks lit the sky.", published="1 hour ago"
    )
    references = {"n.txt": at("2026-01-05")}
    (result,) = classify_stories([wire], ClassifyConfig(), references=references)
    assert (result.date.isoformat(), result.date_source) == ("2025-12-31", "month-day")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Read on the name's day, at a time it does not give: the day before, or that day.
        ("Updated 12 hours ago", ("2026-11-20", "update", "guess")),
        ("2 hours ago", ("2026-11-20", "page", "guess")),
        ("yesterday", ("2026-11-19", "page", "day")),
        ("Just now", ("2026-11-20", "page", "day")),
        ("3 days ago", ("2026-11-17", "page", "guess")),
    ],
)
def test_a_relative_line_counts_back_from_an_older_dump_name_s_day(
    line: str, expected: tuple[str, str, str]
) -> None:
    """review17 H39: a dump named for a day before its file time (copied or touched since)
    is dated from its page's relative line counted back from that day, the anchor a weekday
    is counted from too; the line was dropped for a weekday's guess."""
    text = "LONDON (Reuters) - Officials announced new measures, a spokesman said on Friday."
    for name in ("2026-11-20_x.txt", "inbox.txt"):
        dated = story(name, text, published=line)
        references = {name: dt.datetime(2026, 12, 6, 15, tzinfo=dt.UTC)}
        (result,) = classify_stories([dated], ClassifyConfig(), references=references)
        got = (result.date.isoformat(), result.date_source, result.precision)
        if name == "inbox.txt":  # no name's day: the reference time is the anchor
            assert got[1] == expected[1] and got[0] > "2026-12-01", got
        else:
            assert got == expected


def test_a_printed_date_more_than_a_day_after_the_reference_time_is_not_used() -> None:
    """A full date the copy prints after the dump was collected (a typed year: 2062) is not
    the story's date: the next evidence decides, and the date refused is kept for a warning.
    A day later is still the story's: a page printed a zone ahead."""
    typo = story("2026-06-03_typo.txt", "LISBON, June 3, 2062 (Reuters) - The harbour reopened.")
    page = story("p.txt", "The harbour reopened on Tuesday.", published="Published On 3 Jun 2062")
    ahead = story("q.txt", "LISBON, June 4, 2026 (Reuters) - The harbour reopened.")
    references = {name: at("2026-06-03") for name in ("2026-06-03_typo.txt", "p.txt", "q.txt")}
    results = classify_stories([typo, page, ahead], ClassifyConfig(), references=references)
    got = [(r.date.isoformat(), r.date_source, r.precision, r.refused) for r in results]
    collected, later = dt.date(2026, 6, 3), dt.date(2062, 6, 3)
    assert got == [
        ("2026-06-03", "month-day", "day-without-year", (("dateline", later, collected),)),
        ("2026-06-02", "weekday", "guess", (("page", later, collected),)),
        ("2026-06-04", "dateline", "day", ()),
    ]


def test_a_refused_date_s_day_long_before_collection_is_not_taken_without_its_year() -> None:
    # "ROME, May 30, 2026" collected on May 28, 2026: May 30 without its year is May 30,
    # 2025, a year before the story; the dump's name dates it instead.
    late = story("2026-05-28_rome.txt", "ROME, May 30, 2026 (Reuters) - The talks went on.")
    (result,) = classify_stories(
        [late], ClassifyConfig(), references={"2026-05-28_rome.txt": at("2026-05-28")}
    )
    assert (result.date, result.date_source) == (dt.date(2026, 5, 28), "dump")
    assert result.refused == (("dateline", dt.date(2026, 5, 30), dt.date(2026, 5, 28)),)


def test_ingest_warns_of_a_printed_date_after_the_dump_was_collected(tmp_path: Path) -> None:
    dump = (
        b"Harbour Reopens After Storm Repairs\n\nLISBON, June 3, 2062 (Reuters) - The city's "
        b"harbour reopened on Wednesday after two weeks of repairs to its sea wall.\n"
    )
    project = make_project(tmp_path, {"2026-06-03_typo.txt": dump})
    collected = dt.datetime(2026, 6, 3, 12, tzinfo=dt.UTC).timestamp()
    os.utime(project / "content" / "raw" / "2026-06-03_typo.txt", (collected, collected))
    report = run_ingest(project)
    assert report.warnings == (
        "content/raw/2026-06-03_typo.txt:1: the story's dateline says 2062-06-03, after the "
        "dump was collected on 2026-06-03: not used",
    )
    (path,) = (project / "content" / "articles").rglob("*.md")
    data, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
    assert (data["date"], data["date_source"]) == (dt.date(2026, 6, 3), "month-day")


def test_the_warning_names_the_copy_that_printed_the_refused_date(tmp_path: Path) -> None:
    """review17 H21: of a story merged from two copies, the warning names the dump and line
    of the one whose publication line was refused, not the representative's."""
    story_text = (
        b"Harbour Reopens After Storm Repairs\n\n{line}"
        b"The city's harbour reopened on Wednesday after two weeks of repairs to its sea "
        b"wall, officials said.\n\nFerries to the islands run again from Thursday.\n"
    )
    other = (
        b"Council Names New Port Director\n\nThe council named a new port director on "
        b"Tuesday, choosing an engineer who ran the northern terminal for a decade.\n\n"
        b"She takes up the post in the spring, the council said in a statement.\n\n\n\n"
    )
    dumps = {
        "a_first.txt": story_text.replace(b"{line}", b""),
        "b_second.txt": other
        + story_text.replace(b"{line}", b"Published 1 January 2031 10:00 GMT\n\n"),
    }
    project = make_project(tmp_path, dumps)
    collected = dt.datetime(2026, 6, 3, 12, tzinfo=dt.UTC).timestamp()
    for name in dumps:
        os.utime(project / "content" / "raw" / name, (collected, collected))
    report = run_ingest(project)
    assert report.stories == 2 and report.exact_merged == 1
    assert report.warnings == (
        "content/raw/b_second.txt:9: the story's publication line says 2031-01-01, after the "
        "dump was collected on 2026-06-03: not used",
    )


def test_a_weekday_is_the_latest_such_day_not_after_its_anchor() -> None:
    said = story("notes.txt", "The minister said on Tuesday she would resign.")
    (result,) = classify_stories(
        [said], ClassifyConfig(), references={"notes.txt": at("2026-01-15")}
    )
    assert (result.date, result.date_source, result.precision) == (
        dt.date(2026, 1, 13),
        "weekday",
        "guess",
    )


# Fixed once written: a story's date depends on its own text and reference time only.

_TEXTS = [
    "Nothing here is dated.",
    "The minister said on Tuesday she would resign.",
    "LONDON, June 2 - Shares fell.",
    "The vote was held on May 30, 2026.",
    "ROME, Jan 4, 2026 - The pope spoke.",
]
_DUMP = st.tuples(
    st.sampled_from(["notes.txt", "2026-06-01-a.txt", "000_ab.txt", "2025-12-24-b.txt"]),
    st.lists(st.sampled_from(_TEXTS), min_size=1, max_size=3),
    st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
)


@settings(max_examples=60, deadline=None)
@given(mine=_DUMP, others=st.lists(_DUMP, max_size=3))
def test_adding_or_removing_other_dumps_never_changes_a_story_date(
    mine: tuple[str, list[str], dt.date], others: list[tuple[str, list[str], dt.date]]
) -> None:
    def stories_of(number: int, dump: tuple[str, list[str], dt.date]) -> list[Story]:
        name = f"{number}-{dump[0]}"
        return [story(name, text, index=i) for i, text in enumerate(dump[1], 1)]

    alone = stories_of(0, mine)
    together = alone + [s for n, dump in enumerate(others, 1) for s in stories_of(n, dump)]
    references = {
        f"{n}-{dump[0]}": at(dump[2].isoformat()) for n, dump in enumerate([mine, *others])
    }
    config = ClassifyConfig()
    first = classify_stories(alone, config, references=references)
    second = classify_stories(together, config, references=references)
    assert [(c.date, c.date_source) for c in first] == [
        (c.date, c.date_source) for c in second[: len(first)]
    ]
    for result in second:
        if result.date_source not in ("page", "dateline"):  # what the copy prints is kept
            assert result.date <= max(r.date() for r in references.values())


# The reference time is recorded in the ledger at first ingest and never moves.


def test_reference_times_are_recorded_once_and_dates_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dump = b"Weekly Notes\n\nThe minister said on Tuesday she would resign.\n"
    project = make_project(tmp_path / "project", {"notes.txt": dump})
    raw = project / "content" / "raw" / "notes.txt"
    collected = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC).timestamp()
    os.utime(raw, (collected, collected))
    run_ingest(project)
    ledger = json.loads((project / "content" / ".ingest.json").read_text("utf-8"))
    assert ledger["seen"] == {"notes.txt": "2026-01-15T12:00:00+00:00"}
    (article,) = (project / "content" / "articles").rglob("*.md")
    data, _ = frontmatter.parse(article.read_text("utf-8"))
    assert (data["date"], data["date_source"], data["date_precision"]) == (
        dt.date(2026, 1, 13),
        "weekday",
        "guess",
    )
    later = dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp()
    os.utime(raw, (later, later))  # copied, touched: the story was still collected in January
    run_ingest(project)
    assert [p.name for p in (project / "content" / "articles").rglob("*.md")] == [article.name]
    data, _ = frontmatter.parse(article.read_text("utf-8"))
    assert data["date"] == dt.date(2026, 1, 13)


def test_source_date_epoch_is_the_reference_when_earlier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # 2026-01-15T00:00:00Z
    project = make_project(
        tmp_path / "project", {"notes.txt": b"Notes\n\nNothing is dated here.\n"}
    )
    run_ingest(project)
    ledger = json.loads((project / "content" / ".ingest.json").read_text("utf-8"))
    assert ledger["seen"] == {"notes.txt": "2026-01-15T00:00:00+00:00"}
    (article,) = (project / "content" / "articles").rglob("*.md")
    data, _ = frontmatter.parse(article.read_text("utf-8"))
    assert (data["date"], data["date_source"], data["date_precision"]) == (
        dt.date(2026, 1, 15),
        "seen",
        "guess",
    )


def test_a_ledger_without_reference_times_still_reads(tmp_path: Path) -> None:
    from digest.ingest.ledger_read import read_ledger
    from digest.paths import ProjectPaths

    paths = ProjectPaths(tmp_path)
    paths.ledger.parent.mkdir(parents=True)
    entry = {"path": "2026/01/a.md", "sha256": "0" * 64, "keys": ["k"], "sources": [["a.txt", 1]]}
    paths.ledger.write_text(json.dumps({"version": 1, "stories": {"abc": entry}}), "utf-8")
    ledger = read_ledger(paths)
    assert list(ledger.entries) == ["abc"] and ledger.seen == {}
    paths.ledger.write_text(
        json.dumps({"version": 1, "stories": {}, "seen": {"a.txt": "2026-01-15"}}), "utf-8"
    )
    with pytest.raises(DigestError, match="not an ISO time with a zone"):
        read_ledger(paths)


# Honest front matter, checked by load; the timezone setting.


def test_date_source_precision_and_published_are_validated() -> None:
    good = (
        '---\ntitle: T\ndate: 2020-03-03\ndate_source: "page"\ndate_precision: "time"\n'
        'published: "2020-03-03T15:14:00-05:00"\n---\n'
    )
    article = read_article(good.encode(), Path("a.md"), Path("a.md"))
    assert (article.date_source, article.date_precision) == ("page", "time")
    assert article.published == dt.datetime(2020, 3, 3, 15, 14, tzinfo=EST)
    bad = (
        "---\ntitle: T\ndate: 2020-03-03\ndate_source: guessed\ndate_precision: week\n"
        "published: 2020-03-03T15:14:00\n---\n"
    )
    with pytest.raises(ArticleErrors) as raised:
        read_article(bad.encode(), Path("a.md"), Path("a.md"))
    messages = {error.line: error.message for error in raised.value.errors}
    assert messages[4].startswith("date_source: expected one of page, dateline")
    assert messages[5].startswith("date_precision: expected one of time, day")
    assert messages[6].startswith("published: expected an ISO 8601 date-time with its zone")


def test_the_timezone_setting(tmp_path: Path) -> None:
    assert load_config(tmp_path).timezone == "UTC"
    (tmp_path / "digest.yaml").write_text("timezone: Europe/Helsinki\n", "utf-8")
    assert load_config(tmp_path).timezone == "Europe/Helsinki"
    (tmp_path / "digest.yaml").write_text("timezone: Mars/Olympus\n", "utf-8")
    with pytest.raises(ConfigError, match="timezone: unknown time zone 'Mars/Olympus'"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    "quoted", ["\u8c22\u8c22", "\u3042\u308a\u304c\u3068\u3046", "\uac10\uc0ac\ud569\ub2c8\ub2e4"]
)
def test_a_word_quoted_in_another_script_does_not_set_the_page_s_zone(quoted: str) -> None:
    """A London story quoting a banner in Chinese, Japanese or Korean prints London's time,
    not that script's country's (review16 G25): with no zone known, only the day is kept."""
    text = (
        "Thousands of protesters marched through central London on Friday, carrying banners"
        f' that read "{quoted}" and chanting for an end to the fighting, police said.'
    )
    found = story("x.txt", text, published="Friday 5th December 2026 4:12pm")
    references = {"x.txt": dt.datetime(2026, 12, 7, 6, tzinfo=dt.UTC)}
    (result,) = classify_stories([found], ClassifyConfig(), references=references)
    assert (result.date.isoformat(), result.precision, result.published) == (
        "2026-12-05",
        "day",
        None,
    )


def test_a_page_in_chinese_is_read_in_china_s_time() -> None:
    text = (
        "\u636e\u83f2\u5f8b\u5bbe\u5a92\u4f53\u62a5\u9053\uff0c"
        "\u53f0\u98ce\u6b63\u5728\u903c\u8fd1\u3002"
    )
    found = story("x.txt", text, published="2026\u5e7412\u67085\u65e5 00:30")
    references = {"x.txt": dt.datetime(2026, 12, 7, 6, tzinfo=dt.UTC)}
    (result,) = classify_stories([found], ClassifyConfig(), references=references)
    assert result.published is not None
    assert result.published.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # A dateline's city the zone database does not name is the gazetteer's (review16 G10).
        ("WASHINGTON (AP) \u2014 The Senate passed a stopgap bill.", "2026-12-04T23:15:00-05:00"),
        ("BOSTON (AP) \u2014 The city council passed a budget.", "2026-12-04T23:15:00-05:00"),
        # A place of no known zone, outside the site's zone's country: the printed day alone.
        ("TINYVILLE, Ruritania (AP) \u2014 The council passed a budget.", None),
    ],
)
def test_a_zoneless_time_is_taken_in_the_dateline_s_zone_never_the_far_site_s(
    lead: str, expected: str | None
) -> None:
    found = story("x.txt", lead, published="Dec. 4, 2026, 11:15 p.m.")
    references = {"x.txt": dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)}
    (result,) = classify_stories(
        [found], ClassifyConfig(), references=references, zone=ZoneInfo("Asia/Tokyo")
    )
    published = result.published.isoformat() if result.published is not None else None
    assert published == expected

"""Day names in the languages of the news: CLDR's weekdays and words for today and
yesterday (review18 R7: "vendredi 5 décembre", NOS's "Vandaag, 08:12" were not read)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from digest.ingest.date_lines import dated
from digest.ingest.day_names import day_words, days_back, weekday_number
from digest.ingest.relative_dates import relative_day
from digest.ingest.weekday_dates import weekday_days

SEEN = dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC)


def test_weekdays_are_named_in_many_languages() -> None:
    names = ("Freitag", "vendredi", "viernes", "venerdì", "vrijdag", "piątek", "fredag")
    assert {weekday_number(name) for name in names} == {4}
    assert weekday_number("Marina") is None and weekday_number("Valencia") is None


@pytest.mark.parametrize(
    ("line", "back"),
    [
        ("Vandaag, 08:12", 0),
        ("Gisteren", 1),
        ("Publicerad i dag 08:12", 0),
        ("Zaktualizowano: wczoraj, 21:40", 1),
        ("Обновлено вчера в 21:40", 1),
    ],
)
def test_today_and_yesterday_count_back_from_the_day_the_dump_was_read(
    line: str, back: int
) -> None:
    assert days_back(line) == back
    found = relative_day(line, SEEN, ZoneInfo("UTC"))
    assert found == (dt.date(2026, 12, 7) - dt.timedelta(days=back), "day")


def test_a_name_that_is_such_a_word_somewhere_counts_nothing_back() -> None:
    assert days_back("Jana Novak, 08:12") is None  # "jana": Swahili for yesterday
    assert relative_day("Jana Novak, 08:12", SEEN, ZoneInfo("UTC")) is None


def test_weekday_and_today_words_are_a_date_line_s_words() -> None:
    assert day_words(["Publicerad", "i", "dag"]) == 2
    assert dated("Valencia, viernes 5 de diciembre")
    assert dated("piątek, 5 grudnia 08:12")
    assert not dated("La regata de la Marina 5 de diciembre reunió a cien barcos")


def test_a_weekday_of_another_language_with_its_day_gives_the_day() -> None:
    assert weekday_days("le samedi 5 décembre à Paris") == [(5, 12, 5)]
    assert weekday_days("am Samstag, 5. Dezember") == [(5, 12, 5)]
    assert weekday_days("el sábado 5 de diciembre de 2026") == []  # with its year: a full date
    # the first weekday only: an English one before it wins
    assert weekday_days("on Friday, and le samedi 5 décembre", first=True) == []

"""Day names: the weekday a word names, and the days a word for today or yesterday counts
back, in the languages of the news.

CLDR's full weekday names and relative day words in some sixty languages
(digest/data/days.json, written by scripts/cldr_month_names.py with months.json): "vendredi",
"Freitag", "vrijdag", "piątek"; "vandaag", "Gisteren", "i dag", "wczoraj", "вчера".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from importlib import resources

from digest.ingest.gazetteer import fold
from digest.ingest.month_names import month_number
from digest.paths import data_name

_WORD = re.compile(r"[^\W\d_]+")
# A day and a month's name with no year after it: "5 décembre", "5. Dezember", "5 de diciembre".
_DAY_MONTH = re.compile(
    r"(\d{1,2})(?:\.|\u00ba|er)?\s+(?:de\s+)?([^\W\d_]{3,12})\b"
    r"(?!\.?,?\s*(?:de\s+)?[12]\d{3})"
)
# A day's figures follow none of these ("10.5 millions", "14:05", "3/5").
_GLUED = frozenset(".,:/-_")
# The weekday's name stands in these characters before the day's figures.
_BEFORE = 20
# A word for today or yesterday dates a publication line when a time follows it, perhaps
# after a short word ("Vandaag, 08:12", "hier à 21h40", "вчера в 21:40"), or nothing does
# ("Gisteren"): "Jana Novak, 08:12" is a byline ("jana": Swahili for yesterday).
_DATES_LINE = re.compile(r"[\s,:.\u2013\u2014|-]*(?:[^\W\d_]{1,4}\.?\s+)?(?:\d|$)")


def named_days(text: str, stop: int | None = None) -> Iterator[tuple[int, int, int]]:
    """Yield the (weekday, month, day) of each day *text* (up to *stop*) prints after a
    weekday's name in another language and with no year: "vendredi 5 décembre", "Freitag,
    5. Dezember", "viernes 5 de diciembre", "fredag den 5 december". (Each day's figures are
    found first, a search in C, and the word before them looked up: no expression tried at
    every word of a story.)"""
    # (the expression opens with a figure, which its search skips to in C: no look behind)
    for found in _DAY_MONTH.finditer(text, 0, len(text) if stop is None else stop):
        start = found.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in _GLUED):
            continue  # a figure of a longer number, a time, a date: "2025", "10:05", "4/12"
        words = text[max(0, start - _BEFORE) : start].split()
        if words and words[-1].casefold() == "den":
            words.pop()  # "fredag den 5 december"
        weekday = weekday_number(words[-1]) if words else None
        month = month_number(found[2]) if weekday is not None else None
        day = int(found[1])
        if weekday is not None and month is not None and 1 <= day <= 31:
            yield weekday, month, day


def weekday_number(word: str) -> int | None:
    """Return the weekday a word names (0: Monday), "vendredi", "Freitag", if it names one."""
    return _days()[0].get(fold(word.strip(".,")).casefold())


def days_back(line: str) -> int | None:
    """Return how many days back a line's word for today or yesterday counts (0 or 1),
    where a time or nothing follows it; None when it has none."""
    text = fold(line).casefold()
    words = list(_WORD.finditer(text))
    back = _days()[1]
    for at, word in enumerate(words):
        found = [(word[0], word.end())]
        if at + 1 < len(words) and text[word.end() : words[at + 1].start()] == " ":
            found.insert(0, (f"{word[0]} {words[at + 1][0]}", words[at + 1].end()))  # "i dag"
        for key, end in found:
            days = back.get(key)
            if days is not None and _DATES_LINE.match(text, end) is not None:
                return days
    return None


def day_words(words: list[str]) -> int:
    """Return how many of *words* name a weekday or today or yesterday ("vrijdag",
    "Publicerad i dag": 2)."""
    weekdays, back = _days()
    keys = [fold(word.strip(".,:")).casefold() for word in words]
    count = at = 0
    while at < len(keys):
        if " ".join(keys[at : at + 2]) in back:
            count, at = count + 2, at + 2
            continue
        count += keys[at] in weekdays or keys[at] in back
        at += 1
    return count


@functools.cache
def _days() -> tuple[dict[str, int], dict[str, int]]:
    text = resources.files("digest").joinpath(data_name("days.json")).read_text("utf-8")
    data = json.loads(text)
    weekdays = {str(name): int(number) for name, number in data["weekdays"].items()}
    return weekdays, {str(word): int(days) for word, days in data["back"].items()}

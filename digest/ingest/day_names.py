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
from importlib import resources

from digest.ingest.gazetteer import fold
from digest.paths import data_name

_WORD = re.compile(r"[^\W\d_]+")
# A word for today or yesterday dates a publication line when a time follows it, perhaps
# after a short word ("Vandaag, 08:12", "hier à 21h40", "вчера в 21:40"), or nothing does
# ("Gisteren"): "Jana Novak, 08:12" is a byline ("jana": Swahili for yesterday).
_DATES_LINE = re.compile(r"[\s,:.\u2013\u2014|-]*(?:[^\W\d_]{1,4}\.?\s+)?(?:\d|$)")


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

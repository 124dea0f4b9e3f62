"""Numeric days: which of a numeric day's figures is the day ("05/12/2026": 5 December or
12 May), as the line printing it says.

A day written 3/4/2020 is March or April: it is read only when the line says which (a day
over 12, the same number twice, a label in a language that writes the day first, a zone of
a country that does, the American clock), when the weekday it names falls on one reading
only ("Thứ bảy, 5/12/2026": 5 December 2026 is a Saturday, 12 May a Tuesday), or when the
page settles it on another of its date lines (`settled_order`: a page prints its numeric
days in one order).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

from digest.ingest.day_names import weekday_number
from digest.ingest.month_names import LETTER

# Arabic-Indic, Persian, India's scripts', Thai, Lao, Burmese and Khmer digits: 0-9.
_ZEROS = (0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50)
DIGITS = {zero + n: 48 + n for zero in (*_ZEROS, 0xED0, 0x1040, 0x17E0) for n in range(10)}
# A day in figures, day and month in either order ("05/12/2026").
NUMERIC_DAY = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)")
# What settles the order of a numeric date whose day and month are both 12 or less, in the
# line itself: a label in a language that writes the day first ("Publicado: 04/03/2025"), a
# zone of a country that does ("07:15 CET"), or the American clock and zone ("10:15 AM EST").
_DAY_FIRST = re.compile(
    r"\b(?:publicad[oa]|actualizad[oa]|atualizad[oa]|ver\u00f6ffentlicht|aktualisiert|"
    r"publi\u00e9e?|mis \u00e0 jour|pubblicat[oa]|aggiornat[oa]|gepubliceerd|bijgewerkt|"
    r"publicerad|uppdaterad|opublikowano|zaktualizowano|cet|cest|wet|west|eet|eest|bst|msk|"
    # the zones of other countries that write the day first (India, Australia, New Zealand,
    # South Africa, Singapore, Hong Kong, Pakistan, Africa, Indonesia), "às 14h32", "14h32"
    r"gmt|ist|aest|aedt|acst|acdt|awst|nzst|nzdt|sast|sgt|hkt|pkt|eat|wat|cat|wib|wita|wit|"
    r"\u00e0s|\d{1,2}h\d\d|\u062a\u062d\u062f\u064a\u062b|\u0646\u0634\u0631)\b",  # (Arabic labels)
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*[ap]\.?\s?m\b\.?.*\b(?:e[sd]t|c[sd]t|m[sd]t|p[sd]t|et|pt)\b",
    re.IGNORECASE,
)
# A 12-hour clock ("6:15 PM") with no zone of a country that writes the day first: the
# American order (US papers print "12/04/2026 6:15 PM" with no zone).
_TWELVE_HOURS = re.compile(r"\b\d{1,2}[:.]\d{2}\s*[ap]\.?\s?m\b", re.IGNORECASE)


def _order(text: str) -> str:
    """Return "dm" or "md" when the line says which a numeric date's first figure is, else
    "" (then 03/04/2025 is no day: March or April, the line does not say)."""
    if _MONTH_FIRST.search(text):
        return "md"
    if _DAY_FIRST.search(text):
        return "dm"
    return "md" if _TWELVE_HOURS.search(text) else ""


def figures_day(first: int, second: int, year: int, text: str, order: str) -> dt.date | None:
    """The day of "05/12/2026": day first when the first figure is over 12, or the line
    (or the page: *order*) says so; month first when the second is, or it says so; when it
    names a weekday, the reading that falls on it ("Thứ bảy, 5/12/2026": a Saturday)."""
    if first == second or first > 12 or second > 12:  # (a month is 12 at most)
        day_first = first > 12
    else:
        said = _order(text) or order or _weekday_order(first, second, year, text)
        if not said:
            return None  # 3/4/2020: March or April, the line does not say
        day_first = said == "dm"
    return valid_day(year, first, second) if not day_first else valid_day(year, second, first)


def valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_order(first: int, second: int, year: int, text: str) -> str:
    """Return the order of a numeric day's figures the weekday the line names settles ("dm"
    when only the day-first reading falls on it), "" when it names none or both fall on it."""
    named = {weekday_number(word) for word in _weekday_words(text)} - {None}
    if len(named) != 1:
        return ""
    weekday = named.pop()
    readings = {"dm": valid_day(year, second, first), "md": valid_day(year, first, second)}
    fits = [key for key, day in readings.items() if day is not None and day.weekday() == weekday]
    return fits[0] if len(fits) == 1 else ""


_WEEKDAY_WORD = re.compile(rf"[^\W\d_]{LETTER}*")


def _weekday_words(text: str) -> list[str]:
    """The words of a line and each pair of them ("Thứ bảy": Saturday in Vietnamese)."""
    words = _WEEKDAY_WORD.findall(text)
    return [*words, *(f"{one} {two}" for one, two in itertools.pairwise(words))]


def settled_order(line: str) -> str:
    """Return the order of the figures of the numeric day a date line prints when the line
    settles it ("25/11/2026": "dm"; "Actualizado al 05/12/2026 18:32": "dm", by its label;
    "12/25/2026": "md"), else "": a page prints its numeric days in one order."""
    text = unicodedata.normalize("NFKC", line).translate(DIGITS)
    numeric = NUMERIC_DAY.search(text)
    if numeric is None:
        return ""
    first, second, year = int(numeric["a"]), int(numeric["b"]), int(numeric["y"])
    if first != second and max(first, second) > 12:
        return "dm" if first > 12 else "md"
    return "" if first == second else _order(text) or _weekday_order(first, second, year, text)


# A day in figures of any of the orders a page prints ("05/12/2026", "05.12.2026",
# "2026-12-05"), in a line of figures (which chrome tells a count by its shape).
_FIGURES_DAY = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?!\d)"
)


def figures_reason(line: str) -> str | None:
    """Return why the report lists a line of figures that prints a day: a date line, and
    whether the line leaves its figures' order open ("05/12/2026 16:14": 5 December or 12
    May; another date line of the page may settle it); None for a count of no day."""
    text = unicodedata.normalize("NFKC", line).translate(DIGITS)
    if _FIGURES_DAY.search(text) is None:
        return None
    numeric = NUMERIC_DAY.search(text)
    # (a figure over 12 settles the order: settled_order says so)
    if numeric is not None and numeric["a"] != numeric["b"] and not settled_order(text):
        return "date, its line not saying which figure is the day"
    return "date"

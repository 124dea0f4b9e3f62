"""Printed dates: the time and day a page's publication line prints, in many layouts.

"Updated 3:14 PM EST, March 3, 2020", "Fri 18 Oct 2019 01.22 GMT", "Published On 3 Mar
2020", "2020-03-03T15:14:00-05:00", and the same in other languages: "Publié le 3 mars 2020
à 15h14", "3. März 2020, 15:14 Uhr", "3 de marzo de 2020", "03.03.2020 15:14", "2020年3月3日".
A copy from a browser glues a page's parts together ("March 3, 20203:14 PM GMTUpdated 2 hours
ago", "Published On 3 Mar 20203 Mar 2020"): a year is parted from the digits after it, a
zone from the word after it. A day written 3/4/2020 is March or April: it is read only when
the line says which (a day over 12, or the same number twice). A line printing an update's
time and the publication's ("Updated 5 March 2025 | Published 3 March 2025") is read for the
publication's. `read_printed` says what the line left open: a time with no zone (the page's
local time: date_resolver takes it in the page's zone), an abbreviation several zones share
("CST": Central, China). `parse_published` reads the usual one then (UTC, the American zone).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.ingest.calendars import gregorian_year, solar_day, solar_month
from digest.ingest.month_names import LETTER, month_number
from digest.ingest.numeric_days import (
    DIGITS,
    NUMERIC_DAY,
    figures_day,
    settled_order,
    valid_day,
)
from digest.ingest.zone_names import zone_named

# A month's name in any script, its vowel signs counted ("दिसंबर", "ธันวาคม"), and Thai's
# short names between stops ("ธ.ค."); "دی" (a Solar Hijri month) has two letters.
_MONTH = rf"(?P<mon>[^\W\d_]{LETTER}{{0,19}}(?:\.[^\W\d_]{LETTER}{{0,3}}){{0,2}})\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e|\.|º|°)?"
# A year with a month's name: the Gregorian year, or the Buddhist era's or the Solar Hijri
# one ("5 ธันวาคม 2569", "۱۴ آذر ۱۴۰۵"): calendars.py tells which by the month's name.
_YEAR = r"(?P<y>\d{4})"
_GLUE = r"(?:\s*,?\s*|\s+(?:de|del|of)\s+|-)"  # ("04-Dec-2026" too)
_FORMS = (
    re.compile(rf"(?<![\d:]){_DAY}{_GLUE}{_MONTH}{_GLUE}{_YEAR}(?!\d)", re.I),
    re.compile(rf"(?<![^\W\d_]){_MONTH}\s*{_DAY}(?:\s*,\s*|\s+){_YEAR}(?!\d)", re.I),
    # The year first, then the month's name and the day: "2026. december 5." (Hungarian),
    # "2026 m. gruodžio 5 d." (Lithuanian).
    re.compile(rf"(?<![\d.:/]){_YEAR}\.?(?:\s+m\.)?\s+{_MONTH}\s+{_DAY}(?![\d:])", re.I),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)"),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)"),
    NUMERIC_DAY,
)
_NAMED_FORMS = 3  # the forms above with a month's name, first
# A Solar Hijri day in figures, the year first ("۱۴۰۵/۰۹/۱۴"), read in a line of the Arabic
# script's letters or digits only (the Gregorian year is never 1300-1499 in the news).
_SOLAR_FIGURES = re.compile(
    r"(?<![\d/.-])(?P<sy>1[34]\d\d)([/.-])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)(?![\d/.-])"
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# A year glued to a time or a day after it: "20203:14 PM", "20203 Mar 2020".
_GLUED_YEAR = re.compile(r"((?:19|20)\d\d)(?=\d{1,2}(?:[:.h]\d\d|\s*[^\W\d_]))")
_GLUED_WORD = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")  # "GMTUpdated"
# Korean, Japanese and Chinese write the half of the day before the time ("오후 3:20",
# "午後3時20分"): "before" is the afternoon's or the morning's word.
_AFTERNOON = frozenset({"\uc624\ud6c4", "\u5348\u5f8c", "\u4e0b\u5348"})  # 오후 午後 下午
_TIME = re.compile(
    r"(?P<before>\uc624[\uc804\ud6c4]|\u5348[\u524d\u5f8c]|[\u4e0a\u4e0b]\u5348)?\s*"
    r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])\s*(?:[:.h]|heures?\s*|[\u6642\u65f6\uc2dc]\s*)"
    r"(?P<m>[0-5]\d)(?!\d)[\u5206\ubd84]?"
    r"(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![^\W\d_])",
    re.IGNORECASE,
)
_HANGUL = re.compile("[\uac00-\ud7af]")
_KANA = re.compile("[\u3040-\u30ff]|\u5348[\u524d\u5f8c]")  # kana, or 午前 午後
_HAN = re.compile("[\u4e00-\u9fff]")
_CJK_LETTERS = re.compile("[\uac00-\ud7af\u3040-\u30ff\u4e00-\u9fff]")
_UTC_PLUS_9 = dt.timezone(dt.timedelta(hours=9))
_UTC_PLUS_8 = dt.timezone(dt.timedelta(hours=8))
# The years a printed date may name, as every form above reads them ((?:19|20)\d\d): a
# story's date before 1000 is refused when it is loaded, so one taken from a page's
# metadata would stop the build at a file ingest wrote.
NEWS_YEARS = range(1900, 2100)
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# An ISO 8601 time with its zone inside a line ("Published 2026-12-05T14:32:00Z").
_ISO_ZONED = re.compile(
    r"(?<!\d)\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)(?![\w:])"
)
_OFFSET = re.compile(r"(?:\b(?:GMT|UTC)\s*)?(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\b")
_ABBREVIATION = re.compile(r"\b(?P<zone>[A-Z]{1,5})\b")
# A zone's IANA name ("Europe/Berlin", "America/Argentina/Buenos_Aires").
_ZONE_NAME = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_-]+(?:/[A-Z][A-Za-z_-]+)?\b")
# Time-zone abbreviations a page prints, as hours from UTC; an abbreviation of standard and
# summer time alike ("ET": EST or EDT) is the zone, which knows its summer time.
_ZONES: dict[str, float | str] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 5.5, "CET": 1, "MEZ": 1, "WAT": 1,
    "CEST": 2, "MESZ": 2, "EET": 2, "CAT": 2, "SAST": 2, "EEST": 3, "MSK": 3, "EAT": 3,
    "PKT": 5, "WIB": 7, "ICT": 7, "SGT": 8, "HKT": 8, "AWST": 8, "PHT": 8, "JST": 9, "KST": 9,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "BRT": -3, "ART": -3, "EST": -5,
    "EDT": -4, "ET": "America/New_York", "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7,
    "PT": "America/Los_Angeles", "CT": "America/Chicago", "MT": "America/Denver",
    "AET": "Australia/Sydney", "AKST": -9, "AKDT": -8, "HST": -10, "WITA": 8, "WIT": 9,
}  # fmt: skip


def iso_moment(text: str) -> dt.datetime | None:
    """Return the ISO 8601 time *text* is ("2020-03-03T15:14:00Z"), if it is one of a year
    in NEWS_YEARS: pages print CMS placeholders ("0001-01-01T00:00:00", .NET's least time)
    and impossible days in their metadata, which are no evidence of anything."""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.year in NEWS_YEARS else None


# The labels that tell a publication's time from an update's ("Updated 5 March 2025 |
# Published 3 March 2025", "Last updated 5 March, first published 3 March"), in the languages
# whose month names are read above.
_PUBLISHED_WORDS = (
    r"(?:first\s+)?published|posted|publi[ée]e?|ver[öo]ffentlicht|erschienen|publicad[oa]|"
    r"pubblicat[oa]|gepubliceerd|publicerad|opublikowano|опубликовано|yay\u0131nland\u0131|\u0646\u0634\u0631|"
    "\u516c\u958b|\u767a\u8868|\u53d1\u5e03|\u767c\u5e03|\uc785\ub825"  # 公開 発表 发布 發布 입력
)
_UPDATED_WORDS = (
    r"(?:last\s+)?updated|(?:last\s+)?modified|mis\s+[àa]\s+jour|actualizad[oa]|aktualisiert|"
    r"aggiornat[oa]|atualizad[oa]|bijgewerkt|uppdaterad|zaktualizowano|обновлено|güncellendi|"
    "\u66f4\u65b0|\uc218\uc815|\u062a\u062d\u062f\u064a\u062b"  # 更新 수정 تحديث
)
_LABEL = re.compile(
    rf"(?<![^\W\d_])(?:(?P<published>{_PUBLISHED_WORDS})|(?P<updated>{_UPDATED_WORDS}))"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
# Abbreviations several zones share, each country's meaning as hours from UTC, the usual
# (the one _ZONES reads) first: the page's country says which it is.
_SHARED_ZONES: dict[str, tuple[tuple[str, float], ...]] = {
    "CST": (("US", -6), ("CN", 8), ("CU", -5), ("TW", 8)),
    "EST": (("US", -5), ("AU", 10)),
    "IST": (("IN", 5.5), ("IE", 1), ("IL", 2)),
    "BST": (("GB", 1), ("BD", 6)),
}
# Those whose other meanings pages seldom print (Australia's is mostly "AEST", and news in
# English says "BST" for Britain's summer): the usual meaning stands unless the page's place
# says otherwise. China's pages print "CST" as often as America's, and Israel's "IST" (Haaretz,
# The Times of Israel) as India's: the country the text is about says which.
_USUAL_STANDS = frozenset(("EST", "BST"))


@dataclass(frozen=True, slots=True)
class Printed:
    """What a publication line prints: its day, its time as printed and what it says of the
    zone. A time with no zone is the page's local time: *zone* is None (*script* is the
    zone of the line's script when it is Chinese, read in several countries of one zone)."""

    day: dt.date
    clock: tuple[int, int] | None = None  # hour and minute as printed; None: a day alone
    zone: dt.tzinfo | None = None  # the zone the line names (or its script's only one)
    shared: tuple[tuple[str, dt.tzinfo], ...] = ()  # (country, zone) its abbreviation may mean
    script: dt.tzinfo | None = None
    updated: bool = False  # an update's time: the line prints no publication time
    usual: bool = False  # the usual meaning of a shared abbreviation stands unless told

    def moment(self, zone: dt.tzinfo) -> dt.datetime:
        """Return the printed time in *zone* (a day alone at its first minute)."""
        hour, minute = self.clock or (0, 0)
        return dt.datetime(self.day.year, self.day.month, self.day.day, hour, minute, tzinfo=zone)


def parse_published(line: str) -> dt.datetime | dt.date | None:
    """Return the time (with its zone) or day a page's publication line prints, if any: a
    time with no zone in UTC (or in its script's zone), a shared abbreviation as the usual."""
    printed = read_printed(line)
    if printed is None or printed.clock is None:
        return None if printed is None else printed.day
    return printed.moment(printed.zone or printed.script or dt.UTC)


def read_printed(line: str, order: str = "") -> Printed | None:
    """Return what a page's publication line prints, if it prints a day: the publication's
    part of a line that prints an update's too, wherever each stands. *order* ("dm", "md")
    is the order of a numeric day's figures the page settles elsewhere (another of its date
    lines: `settled_order`), for a line that does not settle it itself."""
    text = unicodedata.normalize("NFKC", line).translate(DIGITS).strip()
    if _ISO_DAY.fullmatch(text):  # a day without a time (a saved page's metadata)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:  # "2025-13-45"
            return None
        return Printed(day) if day.year in NEWS_YEARS else None
    moment = iso_moment(text)
    if moment is not None:
        clock = (moment.hour, moment.minute)
        return Printed(moment.date(), clock, moment.tzinfo)
    text = _GLUED_WORD.sub(" ", _GLUED_YEAR.sub(r"\1 ", text))
    solar = _ARABIC_SCRIPT.search(line) is not None
    # (a line's label settles the order of its every numeric day: "05/12/2026 16:14
    # Actualizado al 05/12/2026 18:32", Clarín's two lines read as one)
    order = order or settled_order(text)
    read = [(kind, _read_part(part, order, solar)) for kind, part in _labelled_parts(text)]
    found = [(kind, printed) for kind, printed in read if printed is not None]
    for wanted in ("published", "", "updated"):
        for kind, printed in found:
            if kind == wanted and printed is not None:
                return printed if kind != "updated" else _as_update(printed)
    return None


def labels_update_only(line: str) -> bool:
    """Tell whether a publication line is labelled as an update's and not a publication's
    ("Updated 3 hours ago", "Aktualisiert vor 2 Stunden")."""
    kinds = {kind for kind, _ in _labelled_parts(unicodedata.normalize("NFKC", line))}
    return "updated" in kinds and "published" not in kinds


def _as_update(printed: Printed) -> Printed:
    return replace(printed, updated=True)


def _labelled_parts(text: str) -> list[tuple[str, str]]:
    """Split a line at its publication and update labels: (kind, text) from each label to the
    next ("" for the text before the first; a line of no label is one part)."""
    labels = list(_LABEL.finditer(text))
    if not labels:
        return [("", text)]
    parts = [("", text[: labels[0].start()])] if labels[0].start() else []
    for label, after in zip(labels, [*labels[1:], None], strict=True):
        kind = "published" if label["published"] else "updated"
        parts.append((kind, text[label.start() : after.start() if after else len(text)]))
    return parts


def _read_part(text: str, order: str = "", solar: bool = False) -> Printed | None:
    """Return the day, time and zone one part of a line prints, if it prints a day (a
    Solar Hijri day in figures too when *solar*: the line is in the Arabic script)."""
    iso = _ISO_ZONED.search(text)
    moment = iso_moment(iso.group()) if iso is not None else None
    if moment is not None:  # "Published 2026-12-05T14:32:00Z": the "Z" is glued to the time
        return Printed(moment.date(), (moment.hour, moment.minute), moment.tzinfo)
    found = _first_day(text, order, solar)
    if found is None:
        return None
    day, (start, end) = found
    rest = f"{text[:start]} {text[end:]}"  # the time is not in the date: "03.03.2020"
    time = _TIME.search(rest)
    if time is None:
        return Printed(day)
    hour, minute = int(time["h"]), int(time["m"])
    ampm = (time["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if time["before"]:
        ampm = "pm" if time["before"] in _AFTERNOON else "am"
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone, named = _zone_of(rest)
    shared = tuple(
        (country, dt.timezone(dt.timedelta(minutes=round(hours * 60))))
        for country, hours in _SHARED_ZONES.get(named, ())
    )
    script = _script_zone(text)
    if zone is None and script is not None and not _han_only(text):
        zone = script  # Korean and Japanese are each read in one zone
    return Printed(day, (hour, minute), zone, shared, script, usual=named in _USUAL_STANDS)


def _first_day(
    text: str, order: str = "", solar: bool = False
) -> tuple[dt.date, tuple[int, int]] | None:
    """Return the first valid day *text* prints and where, in any of the forms."""
    found = []
    for form in (*_FORMS, _SOLAR_FIGURES) if solar else _FORMS:
        for match in form.finditer(text):
            day = _day_of(match, text, order)
            if day is not None:
                found.append((match.start(), day, match.span()))
                break
    if not found:
        return None
    _, day, span = min(found, key=lambda item: item[0])
    return day, span


def _day_of(match: re.Match[str], text: str, order: str = "") -> dt.date | None:
    parts = match.groupdict()
    if parts.get("mon") is not None:
        return _named_day(parts["mon"], int(parts["y"]), int(parts["d"]))
    if parts.get("sy") is not None:
        return solar_day(int(parts["sy"]), int(parts["m"]), int(parts["d"]))
    if parts.get("a") is not None:
        return figures_day(int(parts["a"]), int(parts["b"]), int(parts["y"]), text, order)
    return valid_day(int(parts["y"]), int(parts["m"]), int(parts["d"]))


def _named_day(name: str, year: int, day: int) -> dt.date | None:
    """The day of a month's name, in the Gregorian calendar, the Buddhist era's years
    ("5 ธันวาคม 2569") or the Solar Hijri one ("۱۴ آذر ۱۴۰۵")."""
    solar = solar_month(name)
    if solar is not None:
        return solar_day(year, solar, day)
    month = month_number(name)
    gregorian = gregorian_year(year, name) if month is not None else None
    return None if month is None or gregorian is None else valid_day(gregorian, month, day)


def named_day_spans(text: str) -> list[tuple[int, int]]:
    """Return where *text* (its digits 0-9) prints a valid day with a month's name, in any
    language and calendar the forms read ("5 दिसंबर 2026", "2026. december 5.", "5 ธันวาคม
    2569"): date_lines tells a date line by them."""
    return [
        match.span()
        for form in _FORMS[:_NAMED_FORMS]
        for match in form.finditer(text)
        if _day_of(match, text) is not None
    ]


def _zone_of(text: str) -> tuple[dt.tzinfo | None, str]:
    """Return the zone a publication line names ("EST", "GMT+3", "+05:30", "Europe/Berlin"),
    and the abbreviation it was read from ("" for a name or an offset)."""
    spelled = zone_named(text)  # "Eastern Standard Time": EST; "India Standard Time"
    if spelled is not None and "/" in spelled:
        return ZoneInfo(spelled), ""
    if spelled is not None:
        text = f"{spelled} {text}"  # (read first as the abbreviation it stands for)
    for name in _ZONE_NAME.findall(text):
        try:
            return ZoneInfo(name), ""
        except (ZoneInfoNotFoundError, ValueError):
            continue
    offset = _OFFSET.search(text)
    if offset is not None and int(offset["h"]) <= 14:
        minutes = int(offset["h"]) * 60 + int(offset["m"] or 0)
        sign = -1 if offset["sign"] == "-" else 1
        return dt.timezone(dt.timedelta(minutes=sign * minutes)), ""
    for match in _ABBREVIATION.finditer(text):
        hours = _ZONES.get(match["zone"])
        if isinstance(hours, str):
            return ZoneInfo(hours), match["zone"]
        if hours is not None:
            return dt.timezone(dt.timedelta(minutes=round(hours * 60))), match["zone"]
    return None, ""


def _script_zone(text: str) -> dt.tzinfo | None:
    """Return the zone of the one place a line's script is read in, if any (Korean: Korea's;
    Japanese kana: Japan's; Chinese: China's, Hong Kong's, Taiwan's and Singapore's, the
    same, unless the page is Japanese: date_resolver asks the story's text)."""
    if text.isascii():
        return None
    if _HANGUL.search(text) or _KANA.search(text):
        return _UTC_PLUS_9
    if _HAN.search(text):
        return _UTC_PLUS_8
    return None


def _han_only(text: str) -> bool:
    return _HANGUL.search(text) is None and _KANA.search(text) is None


def script_zone(text: str) -> dt.tzinfo | None:
    """Return the zone of the one place a story's text is read in, by its script: Korean and
    Japanese (kana) pages are in UTC+9, Chinese ones in UTC+8; None for any other script,
    and for a page in another script quoting a word of theirs (a London story's banner
    reading "谢谢": most of a page's letters are its script's)."""
    start = text[:2000]
    zone = _script_zone(start)
    if zone is None:
        return None
    letters = sum(1 for char in start if char.isalpha())
    theirs = len(_CJK_LETTERS.findall(start))
    return zone if 2 * theirs >= letters else None

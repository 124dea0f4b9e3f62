"""Printed dates: the time and day a page's publication line prints, in many layouts.

"Updated 3:14 PM EST, March 3, 2020", "Fri 18 Oct 2019 01.22 GMT", "Published On 3 Mar
2020", "2020-03-03T15:14:00-05:00", and the same in other languages: "Publié le 3 mars 2020
à 15h14", "3. März 2020, 15:14 Uhr", "3 de marzo de 2020", "03.03.2020 15:14", "2020年3月3日".
A copy from a browser glues a page's parts together ("March 3, 20203:14 PM GMTUpdated 2 hours
ago", "Published On 3 Mar 20203 Mar 2020"): a year is parted from the digits after it, a
zone from the word after it. A day written 3/4/2020 is March or April: it is read only when
the line says which (a day over 12, or the same number twice). A line with no zone is in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.ingest.gazetteer import fold

# Month names as pages print them; a name matches by its first three or four letters too
# ("Sept.", "févr.", "Okt"), and accents are folded first ("März", "août").
_MONTH_NAMES = (  # English, French, German, Spanish, Italian, Portuguese, Dutch, Nordic, Polish
    "january janvier januar jaenner enero gennaio janeiro januari styczen stycznia",
    "february fevrier februar febrero febbraio fevereiro februari luty lutego",
    "march mars marz maerz marzo marco maart marzec marca",
    "april avril abril aprile kwiecien kwietnia",
    "may mai mayo maggio maio mei maj maja",
    "june juin juni junio giugno junho czerwiec czerwca",
    "july juillet juli julio luglio julho lipiec lipca",
    "august aout agosto augustus augusti sierpien sierpnia",
    "september septembre septiembre settembre setembro wrzesien wrzesnia",
    "october octobre oktober octubre ottobre outubro pazdziernik pazdziernika",
    "november novembre noviembre novembro listopad listopada",
    "december decembre dezember diciembre dicembre dezembro desember grudzien grudnia",
)
# Names read whole (their first letters would be other words): Russian and Ukrainian (the
# genitive a date prints, and the nominative; Cyrillic short forms too), Greek, Arabic (the
# Egyptian and the one-word Levantine names), Hebrew, Turkish.
_WHOLE_MONTH_NAMES = (
    "января январь січня січень ιανουαριου يناير ינואר ocak",  # noqa: RUF001
    "февраля февраль лютого лютий φεβρουαριου فبراير شباط פברואר şubat",
    "марта март березня березень μαρτιου مارس آذار מרץ mart",
    "апреля апрель квітня квітень απριλιου أبريل ابريل نيسان אפריל nisan",
    "мая май травня травень μαιου مايو أيار מאי mayıs",  # noqa: RUF001
    "июня июнь червня червень ιουνιου يونيو حزيران יוני haziran",  # noqa: RUF001
    "июля июль липня липень ιουλιου يوليو تموز יולי temmuz",
    "августа август серпня серпень αυγουστου أغسطس اغسطس אוגוסט ağustos",
    "сентября сентябрь вересня вересень σεπτεμβριου سبتمبر أيلول ספטמבר eylül",
    "октября октябрь жовтня жовтень οκτωβριου أكتوبر اكتوبر אוקטובר ekim",
    "ноября ноябрь листопада листопад νοεμβριου نوفمبر נובמבר kasım",  # noqa: RUF001
    "декабря декабрь грудня грудень δεκεμβριου ديسمبر דצמבר aralık",  # noqa: RUF001
)
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(_MONTH_NAMES, 1):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
        _MONTHS.setdefault(_name[:3], _number)
        _MONTHS.setdefault(_name[:4], _number)
for _number, _names in enumerate(_WHOLE_MONTH_NAMES, 1):
    for _name in _names.split():
        _MONTHS.setdefault(fold(_name).casefold(), _number)
        if _name.isalpha() and "\u0400" <= _name[0] <= "\u04ff":  # Cyrillic: "янв.", "сент."
            _MONTHS.setdefault(fold(_name[:3]).casefold(), _number)
            _MONTHS.setdefault(fold(_name[:4]).casefold(), _number)
# Hebrew writes "in December" as one word: the letter bet before the month's name.
_HEBREW_IN = "\u05d1"
_MONTH = r"(?P<mon>[^\W\d_]{3,12})\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e|\.|º|°)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_GLUE = r"(?:\s*,?\s*|\s+(?:de|del|of)\s+)"
_FORMS = (
    re.compile(rf"(?<![\d:]){_DAY}{_GLUE}{_MONTH}{_GLUE}{_YEAR}(?!\d)", re.I),
    re.compile(rf"(?<![^\W\d_]){_MONTH}\s*{_DAY}(?:\s*,\s*|\s+){_YEAR}(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)"),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)"),
)
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
_UTC_PLUS_9 = dt.timezone(dt.timedelta(hours=9))
_UTC_PLUS_8 = dt.timezone(dt.timedelta(hours=8))
# The years a printed date may name, as every form above reads them ((?:19|20)\d\d): a
# story's date before 1000 is refused when it is loaded, so one taken from a page's
# metadata would stop the build at a file ingest wrote.
NEWS_YEARS = range(1900, 2100)
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
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
    "AET": "Australia/Sydney", "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip


def month_number(word: str) -> int | None:
    """Return the month a name of it means ("Sept.", "janvier", "января", "בדצמבר"), if any."""
    key = fold(word.rstrip(".")).casefold()
    month = _MONTHS.get(key)
    if month is None and key.startswith(_HEBREW_IN):
        month = _MONTHS.get(key[1:])
    return month


def iso_moment(text: str) -> dt.datetime | None:
    """Return the ISO 8601 time *text* is ("2020-03-03T15:14:00Z"), if it is one of a year
    in NEWS_YEARS: pages print CMS placeholders ("0001-01-01T00:00:00", .NET's least time)
    and impossible days in their metadata, which are no evidence of anything."""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.year in NEWS_YEARS else None


def parse_published(line: str) -> dt.datetime | dt.date | None:
    """Return the time (with its zone) or day a page's publication line prints, if any."""
    text = unicodedata.normalize("NFKC", line).strip()
    if _ISO_DAY.fullmatch(text):  # a day without a time (a saved page's metadata)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:  # "2025-13-45"
            return None
        return day if day.year in NEWS_YEARS else None
    moment = iso_moment(text)
    if moment is not None:
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    text = _GLUED_WORD.sub(" ", _GLUED_YEAR.sub(r"\1 ", text))
    found = _first_day(text)
    if found is None:
        return None
    day, (start, end) = found
    rest = f"{text[:start]} {text[end:]}"  # the time is not in the date: "03.03.2020"
    time = _TIME.search(rest)
    if time is None:
        return day
    hour, minute = int(time["h"]), int(time["m"])
    ampm = (time["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if time["before"]:
        ampm = "pm" if time["before"] in _AFTERNOON else "am"
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone = _zone_of(rest) or _script_zone(text)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _first_day(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """Return the first valid day *text* prints and where, in any of the forms."""
    found = []
    for form in _FORMS:
        for match in form.finditer(text):
            day = _day_of(match)
            if day is not None:
                found.append((match.start(), day, match.span()))
                break
    if not found:
        return None
    _, day, span = min(found, key=lambda item: item[0])
    return day, span


def _day_of(match: re.Match[str]) -> dt.date | None:
    parts = match.groupdict()
    if parts.get("mon") is not None:
        month = month_number(parts["mon"])
    elif parts.get("a") is not None:
        first, second = int(parts["a"]), int(parts["b"])
        if first != second and first <= 12 and second <= 12:
            return None  # 3/4/2020: March or April, the line does not say
        month, parts["d"] = (second, parts["a"]) if first > 12 else (first, parts["b"])
    else:
        month = int(parts["m"])
    if month is None:
        return None
    try:
        return dt.date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None


def _zone_of(text: str) -> dt.tzinfo | None:
    """Return the zone a publication line names ("EST", "GMT+3", "+05:30", "Europe/Berlin")."""
    for name in _ZONE_NAME.findall(text):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    offset = _OFFSET.search(text)
    if offset is not None and int(offset["h"]) <= 14:
        minutes = int(offset["h"]) * 60 + int(offset["m"] or 0)
        sign = -1 if offset["sign"] == "-" else 1
        return dt.timezone(dt.timedelta(minutes=sign * minutes))
    for match in _ABBREVIATION.finditer(text):
        hours = _ZONES.get(match["zone"])
        if isinstance(hours, str):
            return ZoneInfo(hours)
        if hours is not None:
            return dt.timezone(dt.timedelta(minutes=round(hours * 60)))
    return None


def _script_zone(text: str) -> dt.tzinfo:
    """Return the zone of a line that names none: that of the one zone its script is read in
    (Korean: Korea's; Japanese kana: Japan's; Chinese: China's, Hong Kong's, Taiwan's and
    Singapore's, the same), else UTC."""
    if text.isascii():
        return dt.UTC
    if _HANGUL.search(text):
        return _UTC_PLUS_9
    if _KANA.search(text):
        return _UTC_PLUS_9
    if _HAN.search(text):
        return _UTC_PLUS_8
    return dt.UTC

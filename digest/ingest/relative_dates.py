"""Relative dates: a publication line that counts back from when the page was read.

"Updated 12 hours ago", "5h ago", "il y a 5 heures", "vor 2 Stunden", "3 小时前", "منذ
ساعتين", "Published yesterday at 9:15 PM": the page printed how long before it was copied
the story appeared. The dump's reference time (when it was collected) is when it was copied,
at the latest, so the day is that time counted back, in the site's zone. Hours and minutes
give the day; "3 days ago" or "2 weeks ago" is rounded by the page (2 days 23 hours is "2
days"), and the day it gives is a guess.

Today and yesterday are read in the languages CLDR names them in too (`day_names`:
"Vandaag, 08:12", "Gisteren", "i dag 08:12"). The languages of counts are those whose month
names date_lines reads, and the CJK scripts, Arabic and Russian, each in the order it writes
the count: after a word ("il y a", "vor", "hace", "há", "منذ"), before one ("ago", "fa",
"geleden", "назад", 前, 전), or glued to it ("5h").
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from digest.ingest.day_names import days_back

_SECOND = dt.timedelta(seconds=1)
_MINUTE = dt.timedelta(minutes=1)
_HOUR = dt.timedelta(hours=1)
_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)
# The units a page counts in, by the word's first letters ("mins", "hrs", "h", "Stunden"):
# a word is a unit when it starts with one of its longer names, or is one of its short ones.
_UNITS = (
    (("sec", "s", "seg", "sek", "сек", "ثانية", "ثوان"), _SECOND),
    (("min", "m", "минут", "دقيق", "دقائق"), _MINUTE),
    (("hour", "hr", "h", "heure", "stunde", "hora", "ora", "ore", "uur", "час", "ساع"), _HOUR),
    (
        ("day", "d", "jour", "tag", "día", "dia", "giorn", "dag", "дн", "ден", "يوم", "أيام"),
        _DAY,
    ),
    (
        ("week", "wk", "w", "semaine", "woche", "semana", "settiman", "недел", "أسبوع", "أسابيع"),
        _WEEK,
    ),
)
# CJK units, written right after the count.
_CJK_UNITS = {
    "秒": _SECOND, "초": _SECOND,
    "分": _MINUTE, "分钟": _MINUTE, "分鐘": _MINUTE, "분": _MINUTE,
    "小时": _HOUR, "小時": _HOUR, "時間": _HOUR, "시간": _HOUR,
    "天": _DAY, "日": _DAY, "일": _DAY,
    "周": _WEEK, "週": _WEEK, "週間": _WEEK, "주": _WEEK,
}  # fmt: skip
# Arabic writes two of a unit as one word (the dual): "منذ ساعتين", two hours ago.
_ARABIC_DUALS = {
    "ثانيتين": 2 * _SECOND,
    "دقيقتين": 2 * _MINUTE,
    "ساعتين": 2 * _HOUR,
    "يومين": 2 * _DAY,
    "أسبوعين": 2 * _WEEK,
}
# "a", "an", "one" and the words for one a count before a unit can be: "il y a une heure".
_ONE = r"an?|one|une?|einer|einem|una?|uma?|één|een"
_UNIT_WORD = r"[^\W\d_]{1,12}"
_AGO = re.compile(
    # "2 hours ago", "5h ago", "3 ore fa", "2 uur geleden", "3 часа назад"
    rf"(?<![\w.:])(?P<n>\d{{1,3}}|{_ONE})\s*(?P<unit>{_UNIT_WORD})\.?\s+(?:ago|fa|geleden|назад)(?!\w)|"
    # "il y a 5 heures", "vor 2 Stunden", "hace 3 horas", "há 2 dias", "منذ 3 ساعات"
    rf"(?<!\w)(?:il y a|vor|hace|há|منذ)\s+(?:(?P<n2>\d{{1,3}}|{_ONE})\s*)?"
    rf"(?P<unit2>{_UNIT_WORD})(?!\w)|"
    # "3 小时前", "30分钟前", "2日前", "3시간 전"
    rf"(?P<n3>\d{{1,3}})\s*(?P<unit3>{'|'.join(sorted(_CJK_UNITS, key=len, reverse=True))})"
    r"\s*[前전]",
    re.IGNORECASE,
)
_LONGEST = dt.timedelta(weeks=8)  # a page counting further back gives months, not weeks
# Today and yesterday in the languages date_lines reads ("Publi\u00e9 aujourd\u2019hui \u00e0
# 10h36", "gestern, 18:05 Uhr").
_TODAY = ("today", "aujourd'hui", "aujourd\u2019hui", "heute", "hoy", "oggi", "hoje")
_DAYS_BACK = re.compile(
    r"(?<!\w)(?P<word>yesterday|today|aujourd['\u2019]hui|hier|heute|gestern|hoy|ayer|oggi|"
    r"ieri|hoje|ontem)(?!\w)",
    re.IGNORECASE,
)
# "Just now", "à l'instant", "gerade eben", "刚刚": published as the page was read.
_NOW = re.compile(
    r"(?:just now|à l['\u2019]instant|gerade eben|ahora mismo|agora mesmo|proprio ora|"
    r"zojuist|только что|الآن|刚刚|剛剛|たった今|방금)",
    re.IGNORECASE,
)
# A line that is only such a time, after a publication's label ("Published 5h ago").
_LABEL = (
    r"(?:(?:first\s+)?(?:published|posted|updated)(?:\s+on)?|publié|mis à jour|"
    r"veröffentlicht|aktualisiert|publicado|actualizado|atualizado|pubblicato|aggiornato|"
    r"gepubliceerd|bijgewerkt|опубликовано|обновлено|نشر|تحديث)\s*:?\s*"
)
_COUNTED_LINE = re.compile(rf"(?:{_LABEL})?(?:{_AGO.pattern}|(?P<now>{_NOW.pattern}))\s*\.?", re.I)


def counts_back(text: str) -> bool:
    """Tell whether a line is only a time counted back, after a label if any: "5h ago",
    "il y a 5 heures", "Updated 2 hours ago", "Just now" (a date line, not the story's)."""
    match = _COUNTED_LINE.fullmatch(text.strip())
    return match is not None and (match["now"] is not None or _span(match) is not None)


def relative_day(line: str, seen: dt.datetime, zone: ZoneInfo) -> tuple[dt.date, str] | None:
    """Return the day *line* dates a story by counting back from *seen* (its reference
    time), and how precise it is ("day" or "guess"); None when it counts nothing back."""
    count = _AGO.search(line)
    if count is not None:
        back = _span(count)
        if back is None or back > _LONGEST:
            return None
        day = (seen - back).astimezone(zone).date()
        return day, "guess" if back >= _DAY else "day"
    if _NOW.search(line) is not None:
        return seen.astimezone(zone).date(), "day"
    word = _DAYS_BACK.search(line)
    if word is not None:
        back_days = 0 if word["word"].casefold() in _TODAY else 1
    else:  # CLDR's words in other languages: "Vandaag, 08:12", "Gisteren", "i dag 08:12"
        found = days_back(line)
        if found is None:
            return None
        back_days = found
    return seen.astimezone(zone).date() - dt.timedelta(days=back_days), "day"


def _span(match: re.Match[str]) -> dt.timedelta | None:
    """The time a match of _AGO counts back, or None when its word is no unit."""
    if match["n3"] is not None:
        return _CJK_UNITS[match["unit3"]] * int(match["n3"])
    if match["unit2"] is not None:
        word, number = match["unit2"].casefold(), match["n2"]
        dual = _ARABIC_DUALS.get(word)
        if dual is not None and number is None:
            return dual
    elif match["unit"] is not None:
        word, number = match["unit"].casefold(), match["n"]
    else:
        return None  # ("Just now" of _COUNTED_LINE)
    span = _unit(word)
    if span is None:
        return None
    return span * (int(number) if number is not None and number.isdigit() else 1)


def _unit(word: str) -> dt.timedelta | None:
    """Return the span a unit's word names ("mins", "hours", "d", "Stunden"), if it is one."""
    for names, span in _UNITS:
        if word in names or any(len(name) > 1 and word.startswith(name) for name in names):
            return span
    return None

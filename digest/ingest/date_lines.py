"""Date lines: whether a line of a copy is a date or a time, the page's and nothing else.

"19 Nov 2019", "Updated 4:14 pm", "2025年3月4日 15時32分", "3 de marzo de 2020 - 15:14 CET": a
line of a date's figures and words (months, weekdays, zones, "updated", "published") is a
date line, and so is a publication line with its writer and its comments' count
("Veröffentlicht am 3. März 2025 von Jens Becker | 4 Kommentare"), or signed before it
("By Ann Lee and Bo Ng, 3 March 2025 10:00"). chrome.py drops them; tells.py and the saved
pages' reader take the publication's time and the writers from them (`signed_publication`:
the one reader of a signed publication line).
"""

from __future__ import annotations

import re

from digest.ingest.byline_shapes import handle
from digest.ingest.bylines import Signed, byline_names, signed
from digest.ingest.day_names import day_words, named_days
from digest.ingest.month_names import month_number
from digest.ingest.numeric_days import DIGITS
from digest.ingest.printed_dates import named_day_spans
from digest.ingest.zone_names import ZONE_NAMES, zone_named

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|"
    # Spanish, Portuguese, French, German, Italian, Dutch: the months sites print most
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre|janeiro|fevereiro|mar\u00e7o|maio|junho|julho|setembro|outubro|"
    "novembro|dezembro|janvier|f\u00e9vrier|mars|avril|mai|juin|juillet|ao\u00fbt|septembre|"
    "octobre|novembre|d\u00e9cembre|januar|februar|m\u00e4rz|juni|juli|oktober|dezember|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|"
    "februari|maart|mei|augustus"
)
# Weekdays and the small words around dates in those languages.
_DATE_OTHER_WORDS = (
    "lunes|martes|mi\u00e9rcoles|jueves|viernes|s\u00e1bado|domingo|segunda|ter\u00e7a|"
    "quarta|quinta|sexta|feira|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|"
    "dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunedi|luned\u00ec|marted\u00ec|"
    "mercoled\u00ec|gioved\u00ec|venerd\u00ec|sabato|\u00e0s|a las|\u00e0|um|uhr|h|"
    "publicado|publicada|actualizado|atualizado|publi\u00e9|mis \u00e0 jour|"
    "ver\u00f6ffentlicht|aktualisiert|pubblicato|aggiornato|em|en|il|del|di|da|do|den|"
    # today and yesterday, and a change's word ("Publi\u00e9 aujourd\u2019hui \u00e0 10h36,
    # modifi\u00e9 \u00e0 11h52")
    "aujourd['\u2019]hui|hier|heute|gestern|hoy|ayer|oggi|ieri|hoje|ontem|modifi\u00e9e?|"
    "ge\u00e4ndert|modificado|modificato|"
    # Dutch, Czech, Romanian, Polish: published, updated and the words around the time
    "gepubliceerd|bijgewerkt|op|om|vandaag|gisteren|publikov\u00e1no|aktualizov\u00e1no|"
    "publicat|actualizat|opublikowano|zaktualizowano|"
    # Vietnamese weekdays and their words ("Thứ sáu": Friday)
    "th\u1ee9|hai|ba|t\u01b0|n\u0103m|s\u00e1u|b\u1ea3y|ch\u1ee7|nh\u1eadt|"
    # Arabic: last, update, published, (zone) time, Mecca, Greenwich
    "\u0622\u062e\u0631|\u062a\u062d\u062f\u064a\u062b|\u0646\u0634\u0631|\u062a\u0648\u0642\u064a\u062a|\u0645\u0643\u0629|\u063a\u0631\u064a\u0646\u062a\u0634"
)
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|yesterday|ago|hours?|hrs?|minutes?|mins?|days?|am|pm|a\.m|p\.m|"
    r"gmt|utc|bst|cet|cest|est|edt|pst|pdt|cst|cdt|mst|mdt|ist|jst|hkt|sgt|aest|et|pt|ct|mt|wib|"
    r"updated|published|posted|last|modified|first|on|at|of|the|by|de|le|am|um|el|del|\u00e0|"
    rf"{_DATE_OTHER_WORDS})\b\.?",
    re.IGNORECASE,
)
_DATE_CORE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?\s*\d|\d\s*-?(?:{_MONTHS})\b|\b\d{{1,2}}[:.h]\d{{2}}\b|"
    r"\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d+\s*(?:hours?|hrs?|minutes?|mins?|days?)"
    r"\s+ago\b|"
    # A CJK day or time: "2025年3月4日", "3月4日", "15時32分", "2025년 3월 4일".
    r"\d\s*[\u6708\uc6d4]\s*\d{1,2}\s*[\u65e5\uc77c]|"
    r"\d\s*[\u6642\u65f6\uc2dc]\s*\d{1,2}\s*[\u5206\ubd84]",
    re.IGNORECASE,
)
# The units CJK pages print after a date's figures ("2025年12月30日", "2025년 12월 31일"),
# and the morning and afternoon (오전 오후 午前 午後 上午 下午): part of the date, not words.
# A Spanish or Portuguese day with its year ("3 de marzo de 2025"): a date line's, though
# "10 de março - Interlagos" (a calendar's line) is no date line by has_date's shapes.
_ROMANCE_DAY = re.compile(rf"\b\d{{1,2}}\s+de\s+(?:{_MONTHS})\s+(?:de\s+)?\d{{4}}\b", re.I)
_DATE_MARKS = re.compile(
    r"[\d:/.,|\-\u2013\u2014()@\u5e74\u6708\u65e5\u6642\u65f6\u5206"
    r"\ub144\uc6d4\uc77c\uc2dc\ubd84]+|\uc624[\uc804\ud6c4]|\u5348[\u524d\u5f8c]|[\u4e0a\u4e0b]\u5348"
)
# A publication line's label, the word that signs it ("von Jens Becker") and its comments'
# count.
_PUBLICATION_OPEN = re.compile(
    r"^(?:(?:last|first)\s+)?(?:posted|published|updated|modified|ver\u00f6ffentlicht|"
    r"aktualisiert|publi\u00e9|publicado|"
    r"pubblicato|gepubliceerd|geplaatst|publicerad)\b",
    re.IGNORECASE,
)
_SIGNING = r"(?:by|von|par|por|door|di|da|av|af)"
_SIGNS = re.compile(rf"\s{_SIGNING}\s+(?=[^\W\d_])", re.IGNORECASE)
_SIGNED_FIRST = re.compile(rf"^{_SIGNING}\s+(?=[^\W\d_])", re.IGNORECASE)
# Where a byline's names end and its date begins: "By Ann Lee, 3 March", "By Ann Lee | ...".
_NAMES_END = re.compile(r"\s*[,|\u00b7\u2013\u2014]\s*|\s+-\s+")
# The signature after a labelled date: a few words, the writer's name or the site's user's.
_SIGNER_WORDS = re.compile(r"^[^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){0,3}$")
_COMMENT_COUNT = re.compile(r"\s*[|\u00b7\u2022-]\s*\d+\s+[^\W\d_]+\s*$")
# With no label, the date before the names prints its year or a time ("2025", "18:12"):
# "Top 10 films by Ann Lee" has none; and it is a few words.
_YEAR_OR_TIME = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[:.]\d\d\b")
_UNLABELLED_WORDS = 8
_DIGIT = re.compile(r"\d")  # (the same digits as _DATE_CORE's \d: any script's)
# A publication line's parts, between bars, slashes or dashes set apart ("Dec 5, 2026 -
# Politics & Policy"), of a few words each.
_PARTS = re.compile(r"\s+[|/\u00b7\u2022\u2013\u2014-]\s+")
_PART_WORDS = 6
# A day, a month's name or short name and a year ("05 dic 2026", "5 janv. 2026", "3 out
# 2025", the Arabic names too): the names of every language and script printed_dates knows,
# read in this shape only (alone, "set", "out" and "ago" are English words).
_SHORT_MONTH_DAY = re.compile(r"\b[0-3]?\d\.?\s+([^\W\d_]{3,12})\.?\s+(?:19|20)\d\d\b")


# A date line with a day of a month's name in a script or a shape the expressions above do
# not know ("5 दिसंबर 2026", "2026. december 5.", "5 ธันวาคม 2569") is this short at most.
_NAMED_LINE = 80
_YEAR_FIRST = re.compile(r"\b(?:19|20)\d\d\.?\s+[^\W\d_]")


def has_date(text: str) -> bool:
    """Tell whether a line prints a date or a time ("19 Nov 2019", "05/10/2018", "4:14")."""
    # Every shape of a date or time holds a digit: one scan for it first, not the months'
    # alternation tried at every word of a line that has none (most lines).
    return _DIGIT.search(text) is not None and _DATE_CORE.search(text) is not None


def dated(text: str) -> bool:
    """Tell whether a line is a date or a time with at most two other words."""
    if not any_date(text):
        return False
    text = _SHORT_MONTH_DAY.sub(_short_month_day, text.translate(DIGITS))
    if not text.isascii() or _YEAR_FIRST.search(text) is not None:
        text = _without_named_days(text)  # "5 दिसंबर 2026", "2026. december 5."
    if zone_named(text) is not None:
        text = ZONE_NAMES.sub(" ", text)  # "08:00 AM Eastern Standard Time"
    # (words first: "p.m." is one before its stops are dropped; again after: "14h32" is
    # "h" once its figures are)
    rest = _DATE_WORDS.sub(" ", _drop_dates(_DATE_WORDS.sub(" ", text))).split()
    # (a weekday's or today's name in any language CLDR knows: "vrijdag", "piątek", "i dag")
    return len(rest) <= 2 or len(rest) - day_words(rest) <= 2


def parted_date(text: str) -> bool:
    """Tell whether a line is a publication line of parts between bars or slashes, one of
    them a date line, the others a few words each: "TOI City Desk / TIMESOFINDIA.COM /
    Updated: Dec 5, 2026, 22:14 IST" (a desk's and a site's names beside the date)."""
    parts = _PARTS.split(text.strip())
    return (
        len(parts) > 1
        and all(len(part.split()) <= _PART_WORDS for part in parts)
        and not text.rstrip().endswith(".")
        and any(dated(part) for part in parts)
    )


def any_date(text: str) -> bool:
    """Tell whether a line prints a date or a time, a Romance language's day with its year
    too ("4 de marzo de 2025", which has_date leaves to a date line's other words)."""
    # One scan for a figure first (most lines have none), then " de ": scans in C, not the
    # months' alternation at every figure of a line.
    if _DIGIT.search(text) is None:
        return False
    text = text.translate(DIGITS)  # (Arabic-Indic and other digits read as 0-9)
    return (
        _DATE_CORE.search(text) is not None
        or (" de " in text and _ROMANCE_DAY.search(text) is not None)
        or any(month_number(found[1]) for found in _SHORT_MONTH_DAY.finditer(text))
        or any(True for _ in named_days(text))
        or (len(text) <= _NAMED_LINE and bool(named_day_spans(text)))
    )


def _without_named_days(text: str) -> str:
    """*text* with the days it prints with a month's name as no words."""
    for start, end in reversed(named_day_spans(text)):
        text = f"{text[:start]} {text[end:]}"
    return text


def _short_month_day(found: re.Match[str]) -> str:
    """A day with a month's short name and its year, as no words (when it is one)."""
    return " " if month_number(found[1]) else found[0]


def publication_open(text: str) -> bool:
    """Tell whether a line opens with a publication's or an update's label ("Updated",
    "Veröffentlicht"): a long line must, to be read as a date line (one match at its start,
    not a search of every paragraph)."""
    return _PUBLICATION_OPEN.match(text) is not None


def signed_publication(text: str) -> tuple[str, Signed] | None:
    """Return the date part of a publication line signed by its writers, and what the
    signature tells (names, outlet), or None when the line is none.

    Signed after the date: "Veröffentlicht am 3. März 2025 von Jens Becker | 4 Kommentare"
    ("Veröffentlicht am 3. März 2025", Jens Becker), "Posted on March 2 by Ann Lee",
    "3 March 2025 10:00 by Ann Lee and Bo Ng": the date with at most two other words, then
    by/von/par/por/da NAMES; a label first and a few words of any name ("by admin": no
    writer's), or no label, a year or a time in the date and writers' capitalised names.
    Signed before it: "By Ann Lee and Bo Ng, 3 March 2025 10:00" (the writers' names). Never
    a sentence of the story: "On March 3, 2025 the bill was signed by Joe Biden" is none.
    """
    if _DIGIT.search(text) is None:
        return None  # (most lines: a date has a figure)
    line = " ".join(text.split())
    opener = _SIGNED_FIRST.match(line)
    if opener is not None:
        return _signed_before(line, opener.end())
    labelled = _PUBLICATION_OPEN.match(line) is not None
    if not labelled and line.endswith("."):
        return None
    rest = _COMMENT_COUNT.sub("", line)
    for sign in _SIGNS.finditer(rest):
        date, names = rest[: sign.start()], rest[sign.end() :]
        unlabelled = len(date.split()) <= _UNLABELLED_WORDS and _YEAR_OR_TIME.search(date)
        if not (labelled or unlabelled) or not dated(date):
            continue
        found = signed(f"by {names}") or Signed()
        if labelled and _SIGNER_WORDS.match(names) is not None:
            named = handle(names) if not found.names else None  # "by hillsidebirder"
            return date, Signed((named,)) if named else found  # "by admin": a date line
        # No label: the writers' names ("Approved on 3 March 2025 by Parliament" is none).
        if (labelled or found.names) and byline_names(f"by {names}"):
            return date, found
    return None


def _signed_before(line: str, names: int) -> tuple[str, Signed] | None:
    """The date part and the writers of "By Ann Lee, Bo Ng and Cy Day, 3 March 2025", the
    names from *names* on."""
    for end in _NAMES_END.finditer(line, names):
        date = line[end.end() :]
        if not dated(date):
            continue
        found = signed(f"by {line[names : end.start()]}")
        return (date, found) if found is not None and found.names else None
    return None


def _drop_dates(text: str) -> str:
    return _DATE_MARKS.sub(" ", text)

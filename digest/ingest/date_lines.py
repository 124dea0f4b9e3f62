"""Date lines: whether a line of a copy is a date or a time, the page's and nothing else.

"19 Nov 2019", "Updated 4:14 pm", "2025年3月4日 15時32分", "3 de marzo de 2020 - 15:14 CET": a
line of a date's figures and words (months, weekdays, zones, "updated", "published") is a
date line, and so is a publication line with its writer and its comments' count
("Veröffentlicht am 3. März 2025 von Jens Becker | 4 Kommentare"). chrome.py drops them;
tells.py and the saved pages' reader take the publication's from them.
"""

from __future__ import annotations

import re

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
    "ver\u00f6ffentlicht|aktualisiert|pubblicato|aggiornato|em|en|il|del|di|da|do|den"
)
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|yesterday|ago|hours?|hrs?|minutes?|mins?|days?|am|pm|a\.m|p\.m|"
    r"gmt|utc|bst|cet|cest|est|edt|pst|pdt|cst|cdt|mst|mdt|ist|jst|hkt|sgt|aest|et|pt|"
    r"updated|published|posted|last|modified|first|on|at|of|the|by|de|le|am|um|el|del|"
    rf"{_DATE_OTHER_WORDS})\b\.?",
    re.IGNORECASE,
)
_DATE_CORE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?\s*\d|\d\s*(?:{_MONTHS})\b|\b\d{{1,2}}[:.]\d{{2}}\b|"
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
# A publication line's label, its byline's tail ("von Jens Becker") and its comments' count.
_PUBLICATION_OPEN = re.compile(
    r"^(?:posted|published|updated|ver\u00f6ffentlicht|aktualisiert|publi\u00e9|publicado|"
    r"pubblicato|gepubliceerd|geplaatst|publicerad)\b",
    re.IGNORECASE,
)
_DATE_BYLINE = re.compile(
    r"\s(?:by|von|par|por|door|di|da|av|af)\s+[^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){0,3}$",
    re.IGNORECASE,
)
_COMMENT_COUNT = re.compile(r"\s*[|\u00b7\u2022-]\s*\d+\s+[^\W\d_]+\s*$")
_DIGIT = re.compile(r"\d")  # (the same digits as _DATE_CORE's \d: any script's)


def has_date(text: str) -> bool:
    """Tell whether a line prints a date or a time ("19 Nov 2019", "05/10/2018", "4:14")."""
    # Every shape of a date or time holds a digit: one scan for it first, not the months'
    # alternation tried at every word of a line that has none (most lines).
    return _DIGIT.search(text) is not None and _DATE_CORE.search(text) is not None


def dated(text: str) -> bool:
    """Tell whether a line is a date or a time with at most two other words."""
    return _any_date(text) and len(_DATE_WORDS.sub(" ", _drop_dates(text)).split()) <= 2


def _any_date(text: str) -> bool:
    # " de " first: one scan in C, not the months' alternation at every figure of a line.
    return has_date(text) or (" de " in text and bool(_ROMANCE_DAY.search(text)))


def publication_open(text: str) -> bool:
    """Tell whether a line opens with a publication's or an update's label ("Updated",
    "Veröffentlicht"): a long line must, to be read as a date line (one match at its start,
    not a search of every paragraph)."""
    return _PUBLICATION_OPEN.match(text) is not None


def signed_date(text: str) -> bool:
    """Tell whether a line is a publication line with its writer and its comments' count:
    "Veröffentlicht am 3. März 2025 von Jens Becker | 4 Kommentare", "Posted on March 2,
    2025 by Ana Ruiz | 12 comments" (a label first, a date, a byline's few names)."""
    if not _PUBLICATION_OPEN.match(text) or not _any_date(text):
        return False
    rest = _COMMENT_COUNT.sub("", text)
    byline = _DATE_BYLINE.search(rest)
    return byline is not None and dated(rest[: byline.start()])


def date_byline(text: str) -> str | None:
    """Return the byline a publication line ends with ("von Jens Becker" of "Veröffentlicht
    am 3. März 2025 von Jens Becker | 4 Kommentare"), if it is one."""
    if not signed_date(text):
        return None
    byline = _DATE_BYLINE.search(_COMMENT_COUNT.sub("", text))
    return byline.group().strip() if byline is not None else None


def _drop_dates(text: str) -> str:
    return _DATE_MARKS.sub(" ", text)

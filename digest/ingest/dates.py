"""Dates: the date evidence a story's text holds (its dateline, captions, body, weekday).

date_resolver.py weighs this evidence, with the page's publication line, the dump's file name
and the story's reference time. A caption marked as a file photo carries no date evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from digest.ingest.month_names import month_number
from digest.ingest.printed_dates import script_zone
from digest.ingest.weekday_dates import weekday_days

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# "january" and "jan" are 1; "sept" is a common short form too.
_MONTHS = {name: n for n, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])} | {
    "sept": 9
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Month names as the news writes them: "June", "Jun.", "JUNE" (never "may" the verb).
_MONTH = (
    "(?:"
    + "|".join(
        form
        for name in sorted(_MONTHS, key=len, reverse=True)
        for form in (name.capitalize(), name.upper())
    )
    + r")\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
# A full date is found from its year: years are rare and quick to find, month names are not.
_YEAR_AT = re.compile(rf"{_YEAR}(?!\d)")
_DATE_BEFORE_YEAR = re.compile(
    rf"(?<!\w)(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?)"
    r"\s+$"
)
_ISO_DATE = re.compile(r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
# In a dateline any case will do: wire copy writes "feb 26" and "MArch 19" too, and any
# language: "5 janvier 2026", "5 ene", "5 января", "31 ديسمبر", "31 בדצמבר" (the word is a
# month when month_names.month_number knows it).
_WORD = r"[^\W\d_]{3,12}\.?"
_MONTH_DAY = re.compile(
    rf"^(?:(?P<m1>{_WORD})\s+(?P<d1>{_DAY})\.?|(?P<d2>{_DAY})\.?\s+(?:de\s+)?(?P<m2>{_WORD}))"
    rf"(?:,?\s+(?:de\s+)?(?P<y>{_YEAR}))?$",
    re.IGNORECASE,
)
# A Chinese agency's dateline: "新华社北京1月1日电" (Xinhua, Beijing, January 1, dispatch); a
# web site's, a station's or a paper's too ("中新网北京12月5日电", "中新网12月5日电": no place).
_DISPATCH = re.compile(
    r"^(?P<agency>[^\W\d_]{1,6}?(?:\u793e|\u7f51|\u7535\u89c6\u53f0|\u7535\u53f0|\u65e5\u62a5)"
    r"|\u672c(?:\u62a5|\u53f0|\u7f51))?(?P<place>[^\W\d_]{0,8}?)"
    r"(?P<m>1[0-2]|0?[1-9])\u6708(?P<d>[12]\d|3[01]|0?[1-9])\u65e5\u7535"
)
_COMMA = re.compile("[,\u060c]")  # and the Arabic comma
_FILE_PHOTO = re.compile(
    r"\b(?:file|archive|archival)\s+(?:photo|picture|image|pic|photograph)\b|\(file\)", re.I
)
# "said on Tuesday", "Tuesday's meeting"; not "next Tuesday", "Black Monday", "Good Friday":
# "Monday" to "Sunday" with no word character nor "-" after it (_first_weekday).
_WEEKDAY_STEMS = tuple(name.removesuffix("day") for name in _WEEKDAYS)  # Mon ... Sun
_NOT_THE_DAY = ("next ", "Black ", "Good ", "Super ", "Cyber ", "Easter ", "every ")
# A source's words dated by the day they were said: "said on Friday", "told reporters Friday".
_SAID_ON = re.compile(
    r"\b(?:said|says|announced|told\s+\w+|reported|confirmed|added|stated|declared)"
    r"\s+(?:late\s+|early\s+)?(?:on\s+)?$"
)
_SAID_REACH = 30  # characters before a weekday where its "said on" is looked for
# A dateline opens the first paragraph and ends at a dash: "RICHMOND, Va., March 16 -".
# ... or at a colon after its date ("LONDON, Monday 5 January 2026:"), or at its agency
# between slashes ("MOSCOW, January 5. /TASS/."); or after its agency's bracket at a dash that
# touches the text (`tight`: "NEW YORK (Reuters)-Oil", "Paris, Dec 4 (AFP)\u2014Rail") or
# with the dash lost (`lost`: "WASHINGTON (AP) The ...", "(AP) _ The ..."): read only after
# a place in capitals, or a tight one after a date too ("the (UN)-backed forces" is none).
_DATELINE_HEAD = re.compile(
    r"^(?P<head>[^\n!?;:]{2,80}?[^\s])\s*"
    r"(?:(?:--?|\u2013|\u2014|(?P<colon>:)|\.?\s*/(?P<slashed>[^/\n]{2,20})/\.?)\s+"
    r"|(?<=\))(?:(?P<tight>[-\u2013\u2014]+)|(?P<lost>\s+(?:_\s+)?)))"
)
_NAME = re.compile(r"[^\W\d][\w.'\u2019-]*(?: [^\W\d][\w.'\u2019-]*){0,3}")
_AGENCY = re.compile(r"\s*\((?P<agency>[^()]{1,40})\)$")
# An agency's name alone in brackets: the lead's only dateline ("(Reuters) - Oil prices ...").
_AGENCY_NAME = re.compile(r"[A-Za-z][\w .&-]{0,30}")
# The wires' dateline of a lesser-known place names its country in brackets after it:
# "HANOI (Vietnam), Dec 4 (Reuters) -", "ANTALYA (Turquie), 5 décembre (AFP) -".
_BRACKETED_AREA = re.compile(r"(?P<place>[^()]+?)\s*\((?P<area>[^()]{2,40})\)")
_AGENCIES = frozenset({"reuter", "reuters", "ap", "afp", "dpa", "upi", "xinhua", "yonhap"})
# "2026-01-13-gulf.txt", "notes_20260113.txt"; not the digits of "5f2925bc89df16b5".
_FILE_NAME_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d\d)([-_.]?)([01]\d)\2([0-3]\d)(?![0-9A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline opening a story: place, optional state or country, and its date."""

    place: str  # as written ("SALVADOR"); "" for a line that is only a date
    area: str  # "Va.", "Italy", or ""
    month: int | None
    day: int | None
    year: int | None
    agency: str = ""  # "Reuters" of "LONDON, March 5 (Reuters) -", "TASS" of "/TASS/."


@dataclass(frozen=True, slots=True)
class DateClues:
    """The date evidence in one story, before the dump's date is known."""

    dateline: Dateline | None
    found: tuple[tuple[dt.date, str], ...]  # full dates and where (caption | body), no file photos
    weekday: int | None  # 0 = Monday, of the first weekday in the lead (else in the body)
    # Where the page is, for a time it prints with no zone (or a zone's name several share):
    # its dateline's country (ISO code, classify finds it) and its script's one zone, if any;
    # the country its text is most about says which zone a shared abbreviation means.
    country: str = ""
    script: dt.tzinfo | None = None
    text_country: str = ""
    # Days printed with their weekday and no year ("Friday 5 December"): weekday, month,
    # day and where (caption | body); the resolver finds their year (weekday_dates).
    weekday_days: tuple[tuple[int, int, int, str], ...] = ()


def _date_or_dispatch(paragraph: str) -> tuple[Dateline, int] | None:
    """Return a paragraph that is a date alone ("Jan 5, 2026") as a dateline of no place, or
    a Chinese agency's dispatch line ("新华社北京12月5日电"); else None."""
    whole = (
        _MONTH_DAY.match(_strip_weekday(paragraph.strip().rstrip(".")))
        if len(paragraph) < 40
        else None
    )
    if whole is not None:
        month, day, year = _month_day(whole)
        if _named_month(whole):  # ("Feb 30" too: a date line, of no day)
            return Dateline("", "", month, day, year), len(paragraph)
    return _dispatch(paragraph) if paragraph[:1] > "\u3000" else None


def parse_dateline(paragraph: str) -> tuple[Dateline, int] | None:
    """Return the dateline opening *paragraph* and how many characters it takes, if any."""
    opening = _date_or_dispatch(paragraph)
    if opening is not None:
        return opening
    match = _DATELINE_HEAD.match(paragraph)
    if match is None:
        return None
    head = match.group("head").lstrip("*#>• ")
    if head.endswith(")."):
        head = head[:-1]  # "Londres, 5 dic (EFE).-": the Spanish wires' stop before the dash
    agency = _AGENCY.search(head)
    found = match["slashed"] or (agency["agency"] if agency is not None else "")
    if agency is not None:
        # (the dashes a press-release wire sets tight before it: "DENVER--(BUSINESS WIRE)--")
        head = head[: agency.start()].rstrip(" -\u2013\u2014")
    parts = [part.strip() for part in _COMMA.split(head)]
    if len(parts) > 1 and parts[-1].lower() in _AGENCIES:
        found = parts.pop()  # "MONTREAL, March 20, Reuter -"
    month = day = year = None
    if len(parts) >= 3 and re.fullmatch(_YEAR, parts[-1]):
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]  # "June 2, 2025" was split at its comma
    date = _MONTH_DAY.match(_strip_weekday(parts[-1]))
    if date is not None and _named_month(date):
        month, day, year = _month_day(date)  # (None for "Feb 30": a dateline's date, no day)
        parts.pop()
    else:
        date = None
    if match["colon"] and date is None:
        return None  # "Analysis: ...", "NEW DELHI: ..."; "LONDON, 5 January 2026:" is one
    if not parts and date is not None and found:
        return Dateline("", "", month, day, year, found), match.end()  # "Jan 5 (Reuters) -"
    if parts == [""] and agency is not None and _AGENCY_NAME.fullmatch(found):
        if match["lost"] is not None:
            return None  # "(Reuters) - ..." has its dash, "(Photo) Ann Lee said" none
        return Dateline("", "", None, None, None, found), match.end()
    if not parts or len(parts) > 3 or not parts[0]:
        return None
    bracketed = _BRACKETED_AREA.fullmatch(parts[0])
    if bracketed is not None and len(parts) == 1:
        parts = [bracketed["place"], bracketed["area"]]  # "HANOI (Vietnam), Dec 4 (Reuters) -"
    place, area = parts[0], parts[1] if len(parts) > 1 else ""
    # A feed set all in lower case ("panama city, april 29 - a senior economist") has
    # datelines too; elsewhere a place opens with a capital, or a letter of no case (Arabic).
    if place[0].islower() and not paragraph.islower():
        return None
    if not all(_NAME.fullmatch(part) for part in parts):
        return None
    if not place.isupper() and date is None and not found:
        return None  # "Kim Jong Un - the leader" is no dateline; "LONDON -" and "Paris (AFP) -" are
    if (match["tight"] or match["lost"]) and not (
        _AGENCY_NAME.fullmatch(found) and (place.isupper() or (match["tight"] and date))
    ):
        return None  # "Apple (AAPL) said ...", "The (UN)-backed forces ..." are none
    return Dateline(place, area, month, day, year, found), match.end()


def standing_dateline(line: str) -> Dateline | None:
    """Return the dateline of a line that is one alone, above the lead: "CAIRO", "CAIRO,
    Jan 5", "Cairo, Egypt, Jan 5" (a place in capitals, or with its date); else None.

    Pages set the dateline apart from the lead's text; read with a dash after it, as it
    opens a lead, it tells the same place and day.
    """
    text = line.strip().rstrip(":")
    if not text or len(text) > 60 or text[-1] in "-\u2013\u2014":
        return None
    parsed = parse_dateline(text + " - ")
    if parsed is None or not parsed[0].place or parsed[1] != len(text) + 3:
        return None
    return parsed[0]


def _dispatch(paragraph: str) -> tuple[Dateline, int] | None:
    """Return a Chinese agency's dateline ("新华社北京1月1日电") opening *paragraph*, if any."""
    match = _DISPATCH.match(paragraph)
    if match is None:
        return None
    month, day, agency = int(match["m"]), int(match["d"]), match["agency"] or ""
    if agency.startswith("\u672c"):
        agency = ""  # "本报": this paper, no name
    return Dateline(match["place"], "", month, day, None, agency), match.end()


def _strip_weekday(text: str) -> str:
    """Drop a leading "Friday, " from a date line."""
    for name in _WEEKDAYS:
        if text.startswith(name):
            return text[len(name) :].lstrip(", ")
    return text


def _named_month(match: re.Match[str]) -> bool:
    """Tell whether a month-and-day match names a month."""
    return month_number(match.group("m1") or match.group("m2")) is not None


def _month_day(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """Return (month, day, year) of a month-and-day match, each None when invalid."""
    month_name = match.group("m1") or match.group("m2")
    day_text = match.group("d1") or match.group("d2")
    month = month_number(month_name)
    if month is None:
        return None, None, None
    day = int(re.sub(r"\D", "", day_text))
    year_text = match.group("y")
    year = int(year_text) if year_text else None
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: "Feb 29" passes
    except ValueError:
        return None, None, None
    return month, day, year


def full_dates(text: str) -> Iterable[dt.date]:
    """Yield every valid full date written in *text* ("13 January 2026", "2026-01-13")."""
    for year_match in _YEAR_AT.finditer(text):
        start, year = year_match.start(), int(year_match.group())
        if start and text[start - 1].isalnum():
            continue
        iso = _ISO_DATE.match(text, year_match.end())
        before = _DATE_BEFORE_YEAR.search(text, max(0, start - 24), start)
        if iso is not None:
            month, day = int(iso["m"]), int(iso["d"])
        elif before is not None:
            month_name = before.group("m1") or before.group("m2")
            month = _MONTHS[month_name.rstrip(".").lower()]
            day = int(re.sub(r"\D", "", before.group("d1") or before.group("d2")))
        else:
            continue
        try:
            yield dt.date(year, month, day)
        except ValueError:
            continue


def story_clues(
    captions: Sequence[str], lead: str, body: str, dateline: Dateline | None
) -> DateClues:
    """Collect a story's date evidence; *lead* is its first paragraph after the dateline and
    *body* the other paragraphs, one per line."""
    found: list[tuple[dt.date, str]] = []
    dated: list[tuple[int, int, int, str]] = []  # "Friday 5 December": no year
    for where, texts in (("caption", captions), ("body", [lead, body])):
        for text in texts:
            for paragraph in with_years(text):
                dates = list(full_dates(paragraph))
                if dates and not _FILE_PHOTO.search(paragraph):
                    found.extend((date, where) for date in dates)
    weekday, dating = _first_weekday(lead), lead
    if weekday is None:
        weekday, dating = _first_weekday(body), body
    for caption in captions:
        if not _FILE_PHOTO.search(caption):
            dated.extend((*day, "caption") for day in weekday_days(caption))
    # The text's first weekday, with its day: the story's own ("on Friday, 5 December").
    days = weekday_days(dating, first=True)
    if not days and weekday is None:  # the lead's in another language, "le samedi 5 décembre"
        days = weekday_days(lead, first=True, english=False)
    dated.extend((*day, "body") for day in days)
    script = script_zone(f"{lead}\n{body}")
    return DateClues(dateline, tuple(found), weekday, script=script, weekday_days=tuple(dated))


def with_years(text: str) -> list[str]:
    """Return the lines of *text* in which a year is written, in order: the others hold no
    full date. Years are found in one pass over the whole text (no year runs over a line's
    end), not one pass a line."""
    if "1" not in text and "2" not in text:
        return []  # every year opens with a 1 or a 2: two searches in C, not the expression's
    found: list[str] = []
    end = -1
    for match in _YEAR_AT.finditer(text):
        if match.start() > end:  # a year past the last line taken: take its line
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            end = len(text) if end == -1 else end
            found.append(text[start:end])
    return found


def _first_weekday(text: str) -> int | None:
    """Return the weekday *text* dates something by (0 = Monday), if any: the one its source
    said something on ("..., his office said on Friday"), else the first ("will travel to
    Berlin on Monday" is a plan, announced on the day the story was written)."""
    first = None
    for number, start in _weekdays(text):
        if _SAID_ON.search(text, max(0, start - _SAID_REACH), start) is not None:
            return number
        if first is None:
            first = number
    return first


def _weekdays(text: str) -> Iterator[tuple[int, int]]:
    """Yield each weekday *text* dates something by (0 = Monday), and where it starts.

    Each weekday is found from its "day" (a search in C), not by trying an expression at
    every capital letter: no weekday's name ends inside another's, so each "day" ends one
    at most, and they come in the text's order.
    """
    at = text.find("day")
    while at != -1:
        end = at + 3
        if end == len(text) or not (text[end].isalnum() or text[end] in "_-"):
            for number, stem in enumerate(_WEEKDAY_STEMS):
                start = at - len(stem)
                if start >= 0 and text.startswith(stem, start):
                    if not start or not (
                        text[start - 1].isalnum()
                        or text[max(0, start - 7) : start].endswith(_NOT_THE_DAY)
                    ):
                        yield number, start
                    break
        at = text.find("day", end)


def file_name_date(name: str) -> dt.date | None:
    """Return the date written in a dump's file name ("2026-01-13-gulf.txt"), if any."""
    for match in _FILE_NAME_DATE.finditer(name):
        try:
            return dt.date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:
            continue
    return None

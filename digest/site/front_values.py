"""Front-matter values: a story file's YAML values checked and made what an Article holds.

Text (a bare number in YAML is text too), lists of text, true or false, whole numbers, mappings,
a date or date-time and a publication time with its zone that feeds and URLs can hold, one of
a few words, the story's sources and its earlier addresses. A value that is none of these
raises `InvalidValue` naming its key and what was expected: load.py collects them all, each
with its file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from digest.models import Source
from digest.moments import date_problem
from digest.urls import alias_path, alias_problem


class InvalidValue(Exception):
    """A front-matter value that cannot be used; *message* names its key."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _kind(value: object) -> str:
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


def text_value(value: object, key: str) -> str:
    # A bare 2026 or 3.5 in YAML is a number; as a title or a tag it is still text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidValue(f"{key}: expected text, got {_kind(value)}")
    text = " ".join(value.split())
    if not text:
        raise InvalidValue(f"{key}: must not be empty")
    return text


def checked_text(value: object, key: str, problem_of: Callable[[str], str | None]) -> str:
    text = text_value(value, key)
    problem = problem_of(text)
    if problem is not None:
        raise InvalidValue(f"{key}: {text!r}: {problem}")
    return text


def text_list(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidValue(f"{key}: expected a list such as [a, b], got {_kind(value)}")
    items = [text_value(item, f"{key}[{number}]") for number, item in enumerate(value)]
    return tuple(dict.fromkeys(items))


def true_or_false(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"{key}: expected true or false, got {_kind(value)}")
    return value


def whole_number(value: object, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue(f"{key}: expected a whole number, got {_kind(value)}")
    return value


def name_mapping(value: object, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidValue(f"{key}: expected a mapping of names to values, got {_kind(value)}")
    return value


def story_date(value: object, key: str) -> tuple[dt.date, dt.datetime | None]:
    day = _as_date(value)
    if day is None:
        expected = "a date (2026-01-13) or ISO 8601 date-time"
        raise InvalidValue(f"{key}: expected {expected}, got {_kind(value)}")
    _publishable(day, key)
    if isinstance(day, dt.datetime):
        return day.date(), day
    return day, None


def _as_date(value: object) -> dt.date | None:
    """Return the date or date-time *value* is (YAML's, or ISO 8601 text), None if none."""
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value if isinstance(value, dt.date) else None
    for kind in (dt.date, dt.datetime):
        try:
            return kind.fromisoformat(value)
        except ValueError:
            continue
    return None


def _publishable(value: dt.date, key: str) -> None:
    """Refuse a date that feeds, URLs and the URL history cannot hold (digest/moments.py)."""
    problem = date_problem(value)
    if problem is not None:
        raise InvalidValue(f"{key}: {problem}")


def one_of(allowed: tuple[str, ...]) -> Callable[[object, str], str]:
    def check(value: object, key: str) -> str:
        if value not in allowed:
            raise InvalidValue(f"{key}: expected one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    return check


_DAY_CHARS = len("2020-03-03")  # a day written alone, not a time


def zoned_time(value: object, key: str) -> dt.datetime | dt.date:
    """A printed publication time, with its zone (2020-03-03T15:14:00-05:00), or the day a
    page printed with no time (2020-03-03)."""
    moment = value if isinstance(value, dt.date) else None
    if isinstance(value, str):
        try:
            moment = (dt.date if len(value) == _DAY_CHARS else dt.datetime).fromisoformat(value)
        except ValueError:
            moment = None
    if moment is None or (isinstance(moment, dt.datetime) and moment.tzinfo is None):
        expected = "an ISO 8601 date-time with its zone (2020-03-03T15:14:00-05:00) or a day"
        raise InvalidValue(f"{key}: expected {expected}, got {value!r}")
    _publishable(moment, key)
    return moment


def story_sources(value: object, key: str) -> tuple[Source, ...]:
    if not isinstance(value, list):
        expected = "a list of {dump: ..., index: ...}"
        raise InvalidValue(f"{key}: expected {expected}, got {_kind(value)}")
    sources = []
    for number, item in enumerate(value):
        where = f"{key}[{number}]"
        if not isinstance(item, dict) or set(item) != {"dump", "index"}:
            expected = "{dump: <file name>, index: <number>}"
            raise InvalidValue(f"{where}: expected {expected}, got {item!r}")
        index = item["index"]
        if not isinstance(index, int) or isinstance(index, bool) or index < 1:
            raise InvalidValue(f"{where}.index: expected a whole number from 1, got {_kind(index)}")
        sources.append(Source(dump=text_value(item["dump"], f"{where}.dump"), index=index))
    return tuple(sources)


def story_aliases(value: object, key: str) -> tuple[str, ...]:
    """Earlier URLs of the story, as site paths ("/2024/01/02/old/" -> "2024/01/02/old/")."""
    paths = tuple(alias_path(text) for text in text_list(value, key))
    for number, path in enumerate(paths):
        problem = alias_problem(path)
        if problem is not None:
            raise InvalidValue(f"{key}[{number}]: {path!r}: {problem}")
    return paths

"""Front matter: split a Markdown file into its YAML mapping and body, and write one back."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

# json.dumps(value, ensure_ascii=False), with one encoder for every call (dumps makes one a call
# when given any setting: most of a story file's front matter's time, a dozen strings a story).
_json_string = json.JSONEncoder(ensure_ascii=False).encode
_KEY_LINE = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")
# A date or date-time as YAML reads one (PyYAML's timestamp): its parts, to say which is wrong.
_YAML_MOMENT = re.compile(
    r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.\d*)?"
    r"(?:[ \t]*(?:Z|([-+])(\d{1,2})(?::(\d{2}))?))?)?"
)

DELIMITER = "---"


class FrontMatterError(Exception):
    """A Markdown file's front matter cannot be read; *line* and *column* are 1-based."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message if line is None else f"line {line}: {message}")


def split(text: str) -> tuple[str, str, int]:
    """Return (front matter text, body, line where the body starts); raise if there is none."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        raise FrontMatterError("the file must start with a '---' line opening the front matter", 1)
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == DELIMITER:
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            return front, body, number + 2
    raise FrontMatterError("the front matter has no closing '---' line", 1)


def parse(text: str) -> tuple[dict[str, Any], str]:
    """Return the front matter mapping and the Markdown body of *text*."""
    # YAML's modules load with the first front matter parsed, not with this module: a story
    # edit imports it (`site/media`) before it starts Pagefind, and parses none till after.
    import yaml

    from digest import safe_yaml
    from digest.yaml_errors import explain

    front, body, _ = split(text)
    try:
        data = safe_yaml.load(front)
    except yaml.YAMLError as error:
        # Line 2 of the file is the front matter's first: the '---' line opens it.
        problem = explain(error, front, first_line=2)
        raise FrontMatterError(problem.message, problem.line, problem.column) from error
    except ValueError as error:
        # PyYAML reads 2026-02-30 as a date, and 10:00+25:00 as a time, and fails outside its
        # own error types, in Python's words and with no line.
        line, wrong = impossible_moment(front) or (None, f"({error})")
        raise FrontMatterError(f"impossible date {wrong}", line) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a mapping, not {type(data).__name__}", 2)
    return data, body.lstrip("\n")


def _scalar(value: object) -> str:
    if isinstance(value, str):
        # JSON strings are YAML double-quoted scalars: every character is safe inside them.
        return _json_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{key}: {_scalar(item)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to front matter")


def render(data: Mapping[str, object], body: str, block_lists: Sequence[str] = ()) -> str:
    """Write *data* as front matter followed by *body*; keys in *block_lists* one item per line."""
    lines = [DELIMITER]
    for key, value in data.items():
        if key in block_lists and isinstance(value, Sequence) and not isinstance(value, str):
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append(DELIMITER)
    return "\n".join(lines) + "\n\n" + body.rstrip("\n") + "\n"


def front_key_lines(text: str) -> dict[str, int]:
    """Return the 1-based file line of every top-level front matter key."""
    front, _, _ = split(text)
    lines: dict[str, int] = {}
    for number, line in enumerate(front.split("\n"), start=2):
        match = _KEY_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).strip("'\""), number)
    return lines


def impossible_moment(front: str) -> tuple[int, str] | None:
    """Return the file's line (from 1) of the first date or date-time in the front matter
    *front* that no calendar or clock has (2026-02-30, 24:00:00, +25:00), and what is wrong
    with it; None when there is none."""
    for number, line in enumerate(front.split("\n"), start=2):
        for match in _YAML_MOMENT.finditer(line):
            problem = _moment_problem(match)
            if problem is not None:
                return number, f"{match.group(0).strip()}: {problem}"
    return None


def _moment_problem(match: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    if int(year) < 1:
        return f"year {year} is not between 1 and 9999"
    if not 1 <= int(month) <= 12:
        return f"month {int(month)} is not between 1 and 12"
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return f"there is no day {int(day)} in {calendar.month_name[int(month)]} {year}"
    parts = (("hour", hour, 23), ("minute", minute, 59), ("second", second, 59))
    for name, value, most in parts:
        if value is not None and int(value) > most:
            return f"{name} {int(value)} is not between 0 and {most}"
    offset = int(zone_hours or 0) * 60 + int(zone_minutes or 0)
    if sign is not None and offset >= 24 * 60:
        shown = f"{sign}{int(zone_hours):02d}:{int(zone_minutes or 0):02d}"
        return f"the zone offset {shown} is not between -23:59 and +23:59"
    return None

"""Front matter: split a Markdown file into its YAML mapping and body, and write one back."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_KEY_LINE = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")
_YAML_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")

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
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a mapping, not {type(data).__name__}", 2)
    return data, body.lstrip("\n")


def _scalar(value: object) -> str:
    if isinstance(value, str):
        # JSON strings are YAML double-quoted scalars: every character is safe inside them.
        return json.dumps(value, ensure_ascii=False)
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


def impossible_date_line(text: str) -> int | None:
    """Return the line (from 1) of the first date in the front matter of *text* that no
    calendar has (2026-02-30), or None."""
    front, _, _ = split(text)
    for number, line in enumerate(front.split("\n"), start=2):
        for match in _YAML_DATE.finditer(line):
            year, month, day = (int(part) for part in match.groups())
            try:
                dt.date(year, month, day)
            except ValueError:
                return number
    return None

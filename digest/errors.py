"""Errors that stop a command with exit code 1 and a message naming the file (and line)."""

from __future__ import annotations

import reprlib
from pathlib import Path

QUOTE_LIMIT = 200  # characters of a value an error message quotes


def clip(value: object, *, bare: bool = False) -> str:
    """Return *value* as an error message quotes it (repr, or str if *bare*), cut to ~200 chars.

    A hostile file's value can be megabytes long; a message that prints it back is unreadable.
    """
    text = str(value) if bare else _short_repr(value)
    if len(text) <= QUOTE_LIMIT:
        return text
    return f"{text[:QUOTE_LIMIT]}... ({len(text) - QUOTE_LIMIT} more characters)"


# repr() of a huge or deeply nested value is as huge: only its start is ever made.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = QUOTE_LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 20
_REPR.maxlevel = 4


def _short_repr(value: object) -> str:
    return _REPR.repr(value)


class DigestError(Exception):
    """A problem the user can fix; the message says where."""


class ArticleError(DigestError):
    """An article's front matter is broken: names the file, the line and what is wrong."""

    def __init__(
        self, path: Path, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        where += f":{column}" if line is not None and column is not None else ""
        super().__init__(f"{where}: {message}")


class ArticleErrors(DigestError):
    """Several articles are broken; all are reported at once."""

    def __init__(self, errors: list[ArticleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

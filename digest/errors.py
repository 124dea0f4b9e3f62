"""Errors that stop a command with exit code 1 and a message naming the file (and line)."""

from __future__ import annotations

from pathlib import Path


class DigestError(Exception):
    """A problem the user can fix; the message says where."""


class ArticleError(DigestError):
    """An article's front matter is broken: names the file, the line and what is wrong."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class ArticleErrors(DigestError):
    """Several articles are broken; all are reported at once."""

    def __init__(self, errors: list[ArticleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

"""Pieces: the lines of a dump's part as trimming sees them, and the lines it drops."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dropped:
    """A line removed as chrome: its 1-based line number in the dump, its text and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A non-blank line of a chunk: its number, its text and its paragraph's index."""

    number: int
    text: str
    paragraph: int

"""Pieces: the lines of a dump's part as trimming sees them, and the lines it drops."""

from __future__ import annotations

from dataclasses import dataclass


# Not frozen: made for every line dropped, and a frozen dataclass's __init__ sets each field through
# object.__setattr__ (3.3 times the instructions of a plain one). Nothing assigns to one after it is
# made (hashed by its fields, as a frozen one is).
@dataclass(slots=True, unsafe_hash=True)
class Dropped:
    """A line removed as chrome: its 1-based line number in the dump, its text and why."""

    line: int
    text: str
    reason: str


# Not frozen: made for every line of a story, in each of segmenting's passes, and a frozen
# dataclass's __init__ sets each field through object.__setattr__ (3.3 times the instructions of a
# plain one). Nothing assigns to one after it is made (hashed by its fields, as a frozen one is).
@dataclass(slots=True, unsafe_hash=True)
class Piece:
    """A non-blank line of a chunk: its number, its text and its paragraph's index."""

    number: int
    text: str
    paragraph: int

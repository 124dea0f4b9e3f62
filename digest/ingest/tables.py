"""Tables: a table copied from a page -> its rows of cells, and its Markdown (a GFM table).

A browser copies a table one row a line, its cells apart by tabs (an empty cell is nothing
between two tabs); some copy each cell on a line of its own. Either way the rows become one
block of kind "table", each of its lines a row, its cells joined by tabs (a tab is never in
the text of a line `blocks` collapses), and the Markdown body prints it as a table whose
first row is its head.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.ingest.markdown_escape import escape_cell

# A table has its head and a row under it at least; its cells apart one a line, two rows.
_TABBED_ROWS = 2
_CELL_ROWS = 3
# ... so this many lines at least (two columns).
FEWEST_CELLS = 2 * _CELL_ROWS
# A table of cells one a line has this many columns at most, each cell this many words.
_MAX_COLUMNS = 8
_CELL_WORDS = 6
_CELL_CHARS = 80
# A cell that is a figure: a count, a share, a price, a change, a score, a time ("+9",
# "31.2%", "412,300", "$4.50", "2-1", "1:32.405", "\u2212"), or no figure at all ("-").
_FIGURE = re.compile(
    r"^[-+\u2212\u2013(]?[$\u00a3\u20ac\u00a5]?[\d.,:\u2013/-]*\d[\d.,:%)]*$|^[-\u2013\u2014]$"
)
_SENTENCE_END = (".", "!", "?", ":")
# A tab joins the cells of a row in a table's block.
CELL = "\t"


def tabbed(text: str) -> bool:
    """Tell whether a dump's line is a table's row copied with its cells apart by tabs:
    two cells with text at least (a line indented by a tab is one)."""
    return CELL in text and sum(1 for cell in text.split(CELL) if cell.strip()) >= 2


def tabbed_rows(lines: Sequence[str]) -> int:
    """Return how many of the lines, from the first, are a tabbed table's rows (0: none)."""
    count = 0
    while count < len(lines) and tabbed(lines[count]):
        count += 1
    return count if count >= _TABBED_ROWS else 0


def row_of(text: str) -> str:
    """Return a tabbed line as a table block's row: its cells, spaces collapsed."""
    return CELL.join(" ".join(cell.split()) for cell in text.strip("\n").split(CELL))


def cell_columns(lines: Sequence[str]) -> tuple[int, int]:
    """Return (columns, lines) of a table copied one cell a line that the lines open with:
    a head of labels over rows of as many cells, some column figures in every row and no
    other column a figure in any (a list of short lines has no such columns); (0, 0) when
    they open with none. Lines may follow the table (the paragraph under it, no blank
    line between): a sentence, never a cell."""
    cells = 0
    while cells < len(lines) and _cell(lines[cells]):
        cells += 1
    for columns in range(2, _MAX_COLUMNS + 1):
        rows = cells // columns
        if rows < _CELL_ROWS:
            break
        if (rows * columns == cells or cells < len(lines)) and _grid(lines, columns, rows):
            return columns, rows * columns
    return 0, 0


def _cell(text: str) -> bool:
    # (a long line is no cell: told by its length before its words are counted)
    return (
        len(text) <= _CELL_CHARS
        and len(text.split()) <= _CELL_WORDS
        and not text.rstrip().endswith(_SENTENCE_END)
    )


def _grid(lines: Sequence[str], columns: int, rows: int) -> bool:
    head = lines[:columns]
    if any(_FIGURE.match(cell) for cell in head):
        return False  # a head of labels
    figures = [
        {bool(_FIGURE.match(lines[row * columns + at])) for row in range(1, rows)}
        for at in range(columns)
    ]
    # Each column figures in every row or in none, one of them at least (not the first: a
    # table's rows are named by their first cell, or numbered by it and named by the next).
    return all(len(kinds) == 1 for kinds in figures) and any(
        kinds == {True} for kinds in figures[1:]
    )


def table_markdown(rows: Sequence[str]) -> str:
    """Return a table block's rows as a GFM table: the first row its head, every row as
    wide as the widest (a browser drops a row's empty cells at its end), "|" escaped."""
    cells = [row.split(CELL) for row in rows]
    width = max(map(len, cells))
    lines = []
    for at, row in enumerate(cells):
        padded = [escape_cell(cell) for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(padded) + " |")
        if at == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(line.replace("  |", " |") for line in lines)

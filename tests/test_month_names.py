"""Month names in the languages of the news: the hand-written forms, then CLDR's full names.

review18 R7: the Czech "prosince", the Romanian "decembrie" and a Dutch line with "op" and
"om" were not read, and such stories fell to their dump's name, as a guess.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from digest.ingest.date_lines import dated
from digest.ingest.month_names import month_number
from digest.ingest.printed_dates import read_printed

MONTHS_JSON = Path(__file__).resolve().parent.parent / "digest" / "data" / "months.json"


@pytest.mark.parametrize(
    ("line", "day", "clock"),
    [
        ("Publikováno 5. prosince 2026 11:32", dt.date(2026, 12, 5), (11, 32)),  # Czech
        ("Publicat: 5 decembrie 2026, 11:32", dt.date(2026, 12, 5), (11, 32)),  # Romanian
        ("Gepubliceerd op 5 december 2026 om 11:32", dt.date(2026, 12, 5), (11, 32)),  # Dutch
        ("5 Desemba 2026", dt.date(2026, 12, 5), None),  # Swahili (CLDR's)
        ("5 Disemba 2026", dt.date(2026, 12, 5), None),  # Swahili (the BBC's)
        ("3. listopadu 2026", dt.date(2026, 11, 3), None),  # Czech genitive
        ("Objavljeno 3. prosinca 2026.", dt.date(2026, 12, 3), None),  # Croatian
    ],
)
def test_a_publication_line_in_another_language_is_read(
    line: str, day: dt.date, clock: tuple[int, int] | None
) -> None:
    printed = read_printed(line)
    assert printed is not None and (printed.day, printed.clock) == (day, clock)


@pytest.mark.parametrize(
    "line", ["Gepubliceerd op 5 december 2026 om 11:32", "Aktualizováno 5. prosince 2026 11:32"]
)
def test_such_a_line_is_a_date_line(line: str) -> None:
    assert dated(line)


def test_the_hand_written_forms_win_and_a_name_of_two_months_is_none() -> None:
    assert month_number("Sept.") == 9 and month_number("févr") == 2  # short forms written here
    assert month_number("listopad") == 11  # Polish and Czech (written here); Croatian: October
    cldr = json.loads(MONTHS_JSON.read_text(encoding="utf-8"))
    assert "listopad" not in cldr  # CLDR's languages disagree on it: left out
    assert month_number("led") is None  # CLDR's Czech abbreviation of January: a word too

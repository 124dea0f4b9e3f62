"""Tables copied from a page (review18 R12): tabbed rows or one cell a line -> a Markdown
table; a saved page's table too. The fixture cases are in fixtures/chrome/tables.txt."""

from __future__ import annotations

from pathlib import Path

from digest.ingest.pipeline import run_ingest
from digest.ingest.tables import cell_columns, tabbed, tabbed_rows, table_markdown
from digest.site.typography import markdown
from tests.test_saved_pages import saved_project, stories

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Rovers stay top after late winner</title>
<link rel="canonical" href="https://sport.example.org/2026/12/05/rovers-stay-top"></head>
<body><article><h1>Rovers stay top after late winner</h1>
<p>Rovers stayed top of the table on Saturday after a goal in the last minute gave them a
2-1 win over City, their sixth win in a row at home this season.</p>
<p>The standings after fifteen rounds, with United three points behind and Athletic a game
in hand over both of them after the postponement last month:</p>
<table><tr><th>Team</th><th>Played</th><th>Points</th></tr>
<tr><td>Rovers</td><td>15</td><td>34</td></tr><tr><td>United</td><td>15</td><td>31</td></tr>
<tr><td>Athletic | Town</td><td>14</td><td></td></tr></table>
<p>United can close the gap again when they play Athletic on Wednesday evening at home,
and the two clubs meet again in the cup final in May.</p>
</article></body></html>"""


def test_a_row_needs_two_cells_with_text_and_a_table_two_rows() -> None:
    assert tabbed("Greens\t298,150\t22.6") and not tabbed("\tAn indented paragraph.")
    assert tabbed_rows(["A\tB", "1\t2", "Text under it."]) == 2
    assert tabbed_rows(["A\tB", "Text under it."]) == 0


def test_cells_one_a_line_need_a_column_of_figures() -> None:
    cells = ["Team", "Played", "Points", "Rovers", "15", "34", "United", "15", "31"]
    assert cell_columns([*cells, "City", "15", "24", "A sentence under it, not a cell."]) == (3, 12)
    listed = ["Steel kettle", "Boils fast", "Quiet", "Glass kettle", "Shows the water", "Dry"]
    assert cell_columns(listed) == (0, 0)  # a list of short lines: no column of figures
    assert cell_columns(["1", "2", "3", "4", "5", "6", "7", "8", "9"]) == (0, 0)  # no head


def test_the_markdown_is_a_table_markdown_it_renders_with_digest_s_parser() -> None:
    text = table_markdown(["Party\tSeats", "Greens | Left\t27", "Others"])
    assert text.splitlines() == [
        "| Party | Seats |",
        "| --- | --- |",
        "| Greens \\| Left | 27 |",
        "| Others | |",
    ]
    html = markdown().render(text)
    assert "<th>Party</th>" in html and "<td>Greens | Left</td>" in html and "style" not in html


def test_a_saved_page_s_table_is_a_markdown_table(tmp_path: Path) -> None:
    project = saved_project(tmp_path)
    (project / "content" / "raw" / "rovers.html").write_text(PAGE, encoding="utf-8")
    run_ingest(project)
    [(_, body, _)] = stories(project).values()
    assert "| Team | Played | Points |\n| --- | --- | --- |\n| Rovers | 15 | 34 |" in body
    assert "| Athletic \\| Town | 14 | |" in body

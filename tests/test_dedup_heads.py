"""Two stories sharing a long tail (a company's boilerplate) are two stories (review15 F19)."""

from __future__ import annotations

from pathlib import Path

from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project

TAIL = (
    "About Acme Robotics\nAcme Robotics designs and builds automation systems for warehouses,"
    " distribution centres and factories in more than forty countries. Founded in 2009 and based"
    " in Austin, Texas, the company employs more than 6,000 people and is listed on the Nasdaq"
    " stock exchange.\n\nForward-Looking Statements\nThis press release contains forward-looking"
    " statements within the meaning of the Private Securities Litigation Reform Act of 1995."
    " These statements are based on current expectations and are subject to risks and"
    " uncertainties that could cause actual results to differ materially, including changes in"
    " demand for our products, supply chain disruptions, competition, and general economic"
    " conditions. Acme Robotics undertakes no obligation to update any forward-looking"
    " statement, whether as a result of new information, future events or otherwise, except as"
    " required by law. Readers are cautioned not to place undue reliance on these statements,"
    " which speak only as of the date of this release.\n\nMedia Contact:\nJohn Doe\n"
    "press@acmerobotics.example\n"
)
FACTORY = (
    "Acme Robotics Opens New Factory in Monterrey\n\nMONTERREY, Mexico, March 3, 2025"
    " /PRNewswire/ -- Acme Robotics Inc. today announced the opening of a new manufacturing"
    " facility in Monterrey that will employ 800 people.\n\n"
)
OFFICER = (
    "Acme Robotics Names Maria Lopez Chief Financial Officer\n\nAUSTIN, Texas, March 4, 2025"
    " /PRNewswire/ -- Acme Robotics Inc. today named Maria Lopez as chief financial officer,"
    " effective April 1, succeeding Paul Grant, who is retiring.\n\n"
)


def _texts(project: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in (project / "content/articles").rglob("*.md"))


def test_two_releases_sharing_boilerplate_are_two_stories(tmp_path: Path) -> None:
    dumps = {"2026-03-04_pr1.txt": (FACTORY + TAIL).encode(), "2026-03-04_pr2.txt": b""}
    dumps["2026-03-04_pr2.txt"] = (OFFICER + TAIL).encode()
    project = make_project(tmp_path / "p", dumps)
    report = run_ingest(project)
    assert (report.stories, report.near_merged) == (2, 0)
    assert "Maria Lopez" in _texts(project) and "Monterrey" in _texts(project)


def test_a_copy_under_another_headline_is_merged_and_named(tmp_path: Path) -> None:
    retitled = OFFICER.replace(
        "Acme Robotics Names Maria Lopez Chief Financial Officer", "New Finance Chief at Acme"
    )
    dumps = {"a.txt": (OFFICER + TAIL).encode(), "b.txt": (retitled + TAIL).encode()}
    project = make_project(tmp_path / "p", dumps)
    report = run_ingest(project)
    assert (report.stories, report.near_merged) == (1, 1)
    (warning,) = [w for w in report.warnings if "merged into" in w]
    assert warning.startswith("content/raw/b.txt (story 1) 'New Finance Chief at Acme' merged into")
    assert "'Acme Robotics Names Maria Lopez Chief Financial Officer' (a.txt, story 1)" in warning

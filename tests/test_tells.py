"""What chrome tells, as the story's front matter keeps it: the publication line as a time
with its zone, or as the day when the page printed no time; read back and checked by load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest import frontmatter
from digest.errors import ArticleErrors
from digest.ingest.bylines import agency_credit, masthead_name, outlet_name, signed
from digest.ingest.pieces import Dropped, Piece
from digest.ingest.pipeline import run_ingest
from digest.ingest.tells import told_of
from digest.models import Article
from digest.site.article_json import article_from_json, article_json
from digest.site.load import read_article
from tests.conftest_project import make_project

DUMP = """Harbour town votes to ban cruise ships

Published 6 March 2025

Share

Residents of the harbour town voted on Thursday to stop large cruise ships docking in summer.

The council said the vote would be binding from next year, after complaints about crowded streets.



Storm closes the mountain pass

March 16, 2025
3:25 PM ET

The mountain pass was closed on Sunday as a storm brought snow and strong winds, the police said.

Road crews said it could open again on Monday morning, once the ploughs had cleared the drifts.
"""
SHOWN = Path("content/articles/story.md")


def _published(project: Path) -> dict[str, object]:
    found = {}
    for path in (project / "content" / "articles").rglob("*.md"):
        data, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        found[str(data["title"])] = data.get("published")
    return found


def test_a_page_that_prints_its_day_and_no_time_is_published_that_day(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"copy.txt": DUMP.encode()})
    run_ingest(project)
    published = _published(project)
    assert published["Harbour town votes to ban cruise ships"] == dt.date(2025, 3, 6)
    # The time printed on the line under the day goes with it, in its zone (ET: summer time).
    moment = dt.datetime.fromisoformat(str(published["Storm closes the mountain pass"]))
    assert moment == dt.datetime(2025, 3, 16, 15, 25, tzinfo=dt.timezone(dt.timedelta(hours=-4)))


def _read(published: str) -> Article:
    text = f"---\ntitle: T\ndate: 2025-03-06\npublished: {published}\n---\nText.\n"
    return read_article(text.encode(), Path("2025/03/t.md"), SHOWN)


def test_published_is_a_zoned_time_or_a_day_and_nothing_else() -> None:
    assert _read("2025-03-06").published == dt.date(2025, 3, 6)
    assert _read('"2025-03-06"').published == dt.date(2025, 3, 6)
    zoned = _read('"2025-03-06T09:04:00+01:00"').published
    assert zoned == dt.datetime(2025, 3, 6, 8, 4, tzinfo=dt.UTC)
    for wrong in ('"2025-03-06T09:04:00"', "yesterday", "[2025]"):
        with pytest.raises(ArticleErrors) as caught:
            _read(wrong)
        (error,) = caught.value.errors
        assert error.line == 4 and error.message.startswith("published: expected"), wrong


def test_a_published_day_comes_back_from_the_cache_as_a_day() -> None:
    for published in ("2025-03-06", '"2025-03-06T09:04:00+01:00"'):
        article = _read(published)
        data = article_json(article)
        assert data is not None
        again = article_from_json(data)
        assert again == article and type(again.published) is type(article.published)


def test_a_part_with_no_line_kept_still_tells_its_publication_line() -> None:
    # A headline with its label and date and no story text (no lead): no end to be past,
    # so the label above the date does not hide it.
    lines = ["Harbour talks resume", "Live", "Published 3 March 2025 10:00 GMT"]
    pieces = [Piece(number, text, number) for number, text in enumerate(lines, start=1)]
    dropped = [Dropped(2, lines[1], "label"), Dropped(3, lines[2], "date")]
    assert told_of(pieces, dropped, None, 0).published == lines[2]
    # Under the lead, a date after a section's label is another's (a comment's).
    kept = [*pieces, Piece(4, "Comments", 4), Piece(5, "March 4, 2025 at 9:41 pm", 5)]
    after = [Dropped(4, "Comments", "label"), Dropped(5, "March 4, 2025 at 9:41 pm", "date")]
    assert told_of(kept[:1] + kept[3:], after, 0, None).published is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Le Monde diplomatique", True),
        ("Asharq Al-Awsat", True),
        ("Frankfurter Allgemeine Zeitung", True),
        ("Diario de Sevilla", True),
        ("Follow us", False),
        ("Read more", False),
        ("March 3, 2025", False),
        ("Business reporter", False),
        ("Share", False),
        ("The council said.", False),
    ],
)
def test_an_outlets_name_is_told_by_its_shape_in_any_language(text: str, named: bool) -> None:
    assert outlet_name(text) is named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Diario de Sevilla", True),
        ("Frankfurter Allgemeine Zeitung", True),
        ("Daily News", False),  # only outlets' words: a section's name as much as a paper's
        ("Wichita, KS", False),
        ("ABOUT ME/CONTACT", False),
        ("Charlie Wood, Business Insider", False),
        ("Skip to content", False),
    ],
)
def test_a_mastheads_name_has_an_outlets_word_and_one_of_its_own(text: str, named: bool) -> None:
    assert masthead_name(text) is named


def test_a_shouted_byline_keeps_its_writer_before_its_date() -> None:
    credit = signed("BY KASHMIRA GANDER ON 11/13/19 AT 4:00 PM EST")
    assert credit is not None and credit.names == ("KASHMIRA GANDER",)


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("Le Monde avec AFP", "Le Monde"),
        ("The Guardian with agencies", "The Guardian"),
        ("Der Spiegel mit dpa und Reuters", "Der Spiegel"),
        ("Hoechst AG and BASF", None),  # "and" joins too much else
        ("Biden Meets with NATO", None),  # no agency
        ("HOLIDAYS & GIFTS", None),
    ],
)
def test_an_outlets_credit_with_its_agencies_names_the_outlet(
    text: str, credited: str | None
) -> None:
    assert agency_credit(text) == credited


def test_a_rights_line_without_its_year_names_the_outlet_a_photos_credit_does_not(
    tmp_path: Path,
) -> None:
    body = (
        "Dock workers and port operators resumed talks on Monday after a two-week strike, "
        "union officials said.\n\nThe two sides met for six hours, a spokesman said.\n\n"
    )
    for rights, outlet in (
        ("Copyright \u24d2 Yonhap News. All rights reserved.", "Yonhap News"),
        ("\u00a9 Regan", None),
    ):
        lines = [line for line in [*body.split("\n"), rights] if line]
        pieces = [Piece(n, line, n) for n, line in enumerate(lines, 1)]
        assert told_of(pieces, [], 0, None).outlet == outlet

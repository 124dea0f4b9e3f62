"""A date ingest guessed and the editor corrected is the editor's on the site, though the file
still says digest's source and precision (`site/date_guesses`, read from the ledger)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.site import date_guesses
from digest.site.date_guesses import DateGuesses
from digest.site.load import load_articles, read_article
from digest.store.url_history import EMPTY_HISTORY
from tests.conftest_project import make_project

# A story that names only its weekday: its date is a guess (`weekday`, `guess`).
TOLD = b"Envoy Summoned\n\nThe minister said on Tuesday she would summon the envoy.\n"


def guessed(tmp_path: Path) -> tuple[Path, Path, str]:
    """Return a built project with one guessed story, that story's file and its text."""
    project = make_project(tmp_path / "p", {"notes.txt": TOLD})
    build(project)
    (article,) = (project / "content" / "articles").rglob("*.md")
    text = article.read_text("utf-8")
    assert 'date_source: "weekday"' in text and 'date_precision: "guess"' in text
    return project, article, text


def redated(text: str, day: str) -> str:
    written = next(line for line in text.splitlines() if line.startswith("date: "))
    return text.replace(written, f"date: {day}")


def test_a_guessed_date_the_editor_changed_alone_is_shown_as_theirs(tmp_path: Path) -> None:
    project, article, text = guessed(tmp_path)
    (page,) = (project / "site").glob(f"*/*/*/{article.stem}/index.html")
    assert "probably " in page.read_text("utf-8")  # digest's guess, said to be one
    article.write_text(redated(text, "2025-12-24"), "utf-8")
    build(project)
    html = (project / "site/2025/12/24" / article.stem / "index.html").read_text("utf-8")
    assert "Wednesday 24 December 2025" in html
    assert "probably" not in html and "date-note" not in html
    (loaded,) = load_articles(project / "content" / "articles", EMPTY_HISTORY)  # `digest check`
    assert (loaded.date_source, loaded.date_precision) == ("manual", "day")


@pytest.mark.parametrize("ledger", ["looked up", "read whole", "compact"])
def test_the_guess_itself_or_a_source_the_editor_named_stays_as_the_file_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ledger: str
) -> None:
    """Whether the story's entry is found alone in the ledger's bytes (a story edit), or the
    ledger is read whole (a cold build, or a ledger not written as ingest writes it)."""
    project, article, text = guessed(tmp_path)
    folder = project / "content" / "articles"
    if ledger == "read whole":
        monkeypatch.setattr(date_guesses, "_LOOKUPS", 0)
    if ledger == "compact":
        written = project / "content" / ".ingest.json"
        compact = json.dumps(json.loads(written.read_text("utf-8")), separators=(",", ":"))
        written.write_text(compact, "utf-8")  # no `"id": {` to find: read whole
    relative = article.relative_to(folder)
    guesses = DateGuesses(folder)

    def dated(text: str) -> tuple[str | None, str | None]:
        found = guesses.dated(read_article(text.encode(), relative, article))
        return found.date_source, found.date_precision

    assert dated(text) == ("weekday", "guess")
    named = redated(text, "2025-12-24").replace('"weekday"', "body")
    assert dated(named) == ("body", "guess")
    assert dated(redated(text, "2025-12-24")) == ("manual", "day")
    # A story the ledger does not know (written by hand, or a copy under another id).
    other = redated(text, "2025-12-24").replace("\nid: ", "\nid: x")
    assert dated(other) == ("weekday", "guess")


def test_a_ledger_linked_out_of_content_is_not_read(tmp_path: Path) -> None:
    project, article, text = guessed(tmp_path)
    folder = project / "content" / "articles"
    ledger = project / "content" / ".ingest.json"
    outside = tmp_path / "outside.json"
    outside.write_bytes(ledger.read_bytes())
    ledger.unlink()
    ledger.symlink_to(outside)
    edited = read_article(
        redated(text, "2025-12-24").encode(), article.relative_to(folder), article
    )
    assert DateGuesses(folder).dated(edited) == edited


def test_the_ledger_is_read_again_once_ingest_rewrote_it(tmp_path: Path) -> None:
    """`digest serve` parses with one DateGuesses while its builds ingest new dumps."""
    project, article, text = guessed(tmp_path)
    folder = project / "content" / "articles"
    guesses = DateGuesses(folder)
    ledger = project / "content" / ".ingest.json"
    data = json.loads(ledger.read_text("utf-8"))
    edited = read_article(
        redated(text, "2025-12-24").encode(), article.relative_to(folder), article
    )
    assert guesses.dated(edited).date_source == "manual"
    (entry,) = data["stories"].values()
    entry["dated"] = ["2025-12-24", "weekday", "guess"]  # as if ingest had guessed this day
    ledger.write_text(json.dumps(data, indent=2) + "\n\n", "utf-8")
    assert guesses.dated(edited) == edited

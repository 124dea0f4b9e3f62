"""`digest new "Title"`: a hand-written story at the path ingest would use, valid as written."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.commands.cli import main
from digest.commands.new import today
from digest.site.load import load_articles
from digest.store.url_history import EMPTY_HISTORY
from digest.story_files import PLACEHOLDER, placeholder_line


@pytest.fixture
def news(tmp_path: Path) -> Path:
    project = tmp_path / "news"
    (project / "content").mkdir(parents=True)
    (project / "digest.yaml").write_text("title: News\nbase_url: https://news.invalid/\n")
    return project


def test_new_writes_valid_front_matter_at_the_month_path_and_prints_it(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["new", "Rooftop Café Opens!", "--date", "2026-06-02", "-C", str(news)]
    assert main([*argv, "--region", "Europe", "--region", "Nordics", "--tag", "Helsinki"]) == 0
    path = news / "content" / "articles" / "2026" / "06" / "rooftop-cafe-opens.md"
    assert capsys.readouterr().out.strip() == str(path)
    (article,) = load_articles(news / "content" / "articles", EMPTY_HISTORY)
    assert article.title == "Rooftop Café Opens!"
    assert article.date == dt.date(2026, 6, 2)
    assert article.date_source == "manual"
    assert article.regions == ("Europe", "Nordics")
    assert article.tags == ("Helsinki",)


def test_new_refuses_to_overwrite_a_story(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", "Same Title", "--date", "2026-06-02", "-C", str(news)]
    assert main(argv) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text(path.read_text() + "\nThe editor's words.\n")
    before = path.read_bytes()
    assert main(argv) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize(("first", "second"), [("北京", "背景"), ("Hello", "Héllo")])
def test_new_numbers_a_story_whose_other_title_makes_the_same_file_name(
    news: Path, capsys: pytest.CaptureFixture[str], first: str, second: str
) -> None:
    """review17 H16: "背景" after "北京" (both bei-jing.md) was refused as if the same title;
    it is numbered as ingest numbers a slug taken, and the same title again still refused."""
    for title in (first, second, second):
        main(["new", title, "--date", "2026-06-02", "-C", str(news)])
    printed = capsys.readouterr()
    written = [Path(line) for line in printed.out.split()]
    assert [path.name for path in written] == [written[0].name, f"{written[0].stem}-2.md"]
    assert f"{written[1]}: already exists; give the new story another title" in printed.err
    articles = load_articles(news / "content" / "articles", EMPTY_HISTORY)
    assert sorted(article.title for article in articles) == sorted([first, second])


def test_new_dates_a_story_today_in_the_site_timezone(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (news / "digest.yaml").write_text(
        "base_url: https://news.invalid/\ntimezone: Pacific/Kiritimati\n"
    )
    assert main(["new", "Dated today", "-C", str(news)]) == 0
    (article,) = load_articles(news / "content" / "articles", EMPTY_HISTORY)
    assert article.date == dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert today("Pacific/Kiritimati") == article.date


def test_new_rejects_a_bad_date_as_bad_usage(news: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["new", "Title", "--date", "June 2", "-C", str(news)])
    assert exit_.value.code == 2
    assert not (news / "content" / "articles").exists()


@pytest.mark.parametrize("option", ["--region", "--tag"])
def test_new_rejects_an_empty_region_or_tag_the_build_would_refuse(
    news: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["new", "Title", option, "Europe", option, " ", "-C", str(news)])
    assert exit_.value.code == 2
    assert f"argument {option}: must not be empty" in capsys.readouterr().err
    assert not (news / "content" / "articles").exists()


def test_new_writes_nothing_through_a_linked_articles_folder(
    news: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (news / "content" / "articles").symlink_to(outside)
    assert main(["new", "Escape", "--date", "2026-06-02", "-C", str(news)]) == 1
    assert "leads out of the project" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_a_new_story_is_a_draft_until_the_editor_publishes_it(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "Hand Written", "--date", "2026-06-02", "-C", str(news)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert main(["build", "-q", "-C", str(news)]) == 0
    assert "(1 draft left out)" in capsys.readouterr().out
    page = news / "site" / "2026" / "06" / "02" / "hand-written" / "index.html"
    assert not page.exists()  # the placeholder is never published by a plain build
    assert main(["build", "-q", "--drafts", "-C", str(news)]) == 0
    preview = news / ".digest-cache" / "drafts-preview" / "site"
    shown = preview / page.relative_to(news / "site")
    assert "Write the story here" in shown.read_text(encoding="utf-8")
    assert not page.exists()  # site/, which the host publishes, never holds a draft
    history = news / "content" / ".urls.json"  # the URL history never learns a draft's URL
    assert not history.exists() or "hand-written" not in history.read_text(encoding="utf-8")

    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""))
    assert main(["check", "-C", str(news)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:11: still the placeholder of `digest new`" in err, err
    path.write_text(path.read_text(encoding="utf-8").replace("Write the story here", "Rain."))
    assert main(["build", "-q", "-C", str(news)]) == 0
    assert "Rain." in page.read_text(encoding="utf-8")
    assert main(["check", "-C", str(news)]) == 0


def test_build_warns_of_a_published_story_that_still_holds_the_placeholder(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "Hand Written", "--date", "2026-06-02", "-C", str(news)]) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""))
    assert main(["check", "-C", str(news)]) == 1
    (warning,) = [line for line in capsys.readouterr().err.splitlines() if "placeholder" in line]
    assert warning.startswith(f"{path}:11: still the placeholder of `digest new`")

    def built() -> list[str]:
        assert main(["build", "-q", "-C", str(news)]) == 0
        out, err = capsys.readouterr()
        counted = re.search(r", (\d+) warnings?;", out)
        assert counted is not None and int(counted.group(1)) == err.count("warning: "), out
        return [line for line in err.splitlines() if "placeholder" in line]

    # Parsed now; then nothing to do (the last build's word again); then the card from the
    # cache (another story came): each build names the line, as `digest check` does.
    assert built() == [f"warning: {warning}"]
    assert built() == [f"warning: {warning}"]
    assert main(["new", "Another", "--date", "2026-06-03", "-C", str(news)]) == 0
    capsys.readouterr()
    assert built() == [f"warning: {warning}"]
    path.write_text(path.read_text(encoding="utf-8").replace("Write the story here", "Rain."))
    assert built() == []


@pytest.mark.parametrize("separator", ["\f", "\u2028", "\x1c", "\x85"])
def test_the_placeholders_line_is_counted_at_line_feeds_only(separator: str) -> None:
    """The line an editor's editor shows: a form feed or U+2028 inside a paragraph is no line."""
    text = f"---\ntitle: A\n---\n\nOne{separator}paragraph.\r\n\r\n{PLACEHOLDER}\n"
    assert placeholder_line(text) == 7


@pytest.mark.parametrize("linked", ["content/articles/2026", "content/articles"])
def test_new_writes_nothing_into_the_dumps_through_a_link(
    news: Path, linked: str, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = news / "content" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    before = sorted(raw.rglob("*"))
    (news / linked).parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(news / linked, ignore_errors=True)
    (news / linked).symlink_to(raw)
    assert main(["new", "Into the dumps", "--date", "2026-06-02", "-C", str(news)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert sorted(raw.rglob("*")) == before


def test_a_new_story_keeps_its_url_history_when_renamed_and_edited_at_once(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`digest new` writes an id: renaming the file while changing its text is a move."""
    assert main(["new", "Harbour Reopen", "--date", "2026-01-05", "-C", str(news)]) == 0
    path = Path(capsys.readouterr().out.strip())
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    written = re.search(r'^id: "?([0-9a-f]{12})"?$', text, re.MULTILINE)
    assert written is not None, text  # twelve hexadecimal digits, as ingest writes
    path.write_text(text.replace(PLACEHOLDER, "The harbour reopened."), encoding="utf-8")
    assert main(["build", "-q", "-C", str(news)]) == 0
    feed = (news / "site" / "feed.xml").read_text(encoding="utf-8")
    (entry_id,) = re.findall(r"<entry>.*?<id>([^<]+)</id>", feed)
    assert entry_id.endswith(written[1])
    renamed = path.with_name("harbour-reopens.md")
    path.rename(renamed)
    edited = renamed.read_text(encoding="utf-8").replace("Harbour Reopen", "Harbour Reopens")
    renamed.write_text(edited.replace("reopened.", "reopened. Ferries run."), encoding="utf-8")
    assert main(["build", "-q", "-C", str(news)]) == 0
    capsys.readouterr()
    rules = (news / "site" / "_redirects").read_text(encoding="utf-8")
    assert "/2026/01/05/harbour-reopen/ /2026/01/05/harbour-reopens/ 301" in rules
    feed = (news / "site" / "feed.xml").read_text(encoding="utf-8")
    assert re.findall(r"<entry>.*?<id>([^<]+)</id>", feed) == [entry_id]
    second = Path(main_path(news, "Harbour Reopen", capsys))  # the old path, free again
    assert second == path and _id_of(second) != written[1]


def main_path(news: Path, title: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["new", title, "--date", "2026-01-05", "-C", str(news)]) == 0
    return capsys.readouterr().out.strip()


def _id_of(path: Path) -> str:
    found = re.search(r'^id: "?([0-9a-f]+)"?$', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found[1]


def test_a_story_dated_years_ahead_is_warned_of_by_build_and_check(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # review17 H30: "date: 2062-12-05" for 2026 led the front page and every feed, unsaid.
    assert main(["new", "Typo Year", "--date", "2062-12-05", "-C", str(news)]) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""))
    path.write_text(path.read_text(encoding="utf-8").replace("Write the story here", "Rain."))
    line = path.read_text(encoding="utf-8").split("\n").index("date: 2062-12-05") + 1
    warning = f"{path}:{line}: dated 2062-12-05, after today"
    assert main(["check", "-C", str(news)]) == 1
    assert warning in capsys.readouterr().err
    assert main(["build", "-q", "-C", str(news)]) == 0
    assert warning in capsys.readouterr().err
    path.write_text(path.read_text(encoding="utf-8").replace("2062-12-05", "2026-12-05"))
    assert main(["check", "-C", str(news)]) == 0


def test_tomorrows_story_and_a_draft_far_ahead_are_not_warned_of(tmp_path: Path) -> None:
    from digest.models import Article
    from digest.story_files import story_warnings

    today = dt.date(2026, 12, 7)
    tomorrow = Article(Path("a.md"), "a", "A", today + dt.timedelta(days=1), "Text.")
    draft = Article(Path("b.md"), "b", "B", dt.date(2062, 1, 1), "Text.", draft=True)
    ahead = Article(Path("c.md"), "c", "C", today + dt.timedelta(days=3), "Text.")
    warnings = story_warnings(tmp_path, [tomorrow, draft, ahead], today)
    assert warnings == [
        f"{tmp_path / 'c.md'}: dated 2026-12-10, after today: a mistyped year"
        " puts it at the top of the front page and every feed until that day;"
        " correct the date"
    ]

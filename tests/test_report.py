"""`digest report` and the account ingest keeps beside the ledger: every dump's stories with
their line ranges, the lines dropped as chrome and why, merges, and the dates to check."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from digest.commands.cli import main
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project

CHROMY = (
    b"Storm Closes the Harbour at Dawn\n\n"
    b"Share on Facebook\nShare on X\n5 min read\n\n"
    b"The harbour at Portsmouth closed at dawn on Tuesday as waves broke over the wall, "
    b"officials said, and ferries to France were cancelled for the day.\n\n"
    b"Crews expect to reopen it on Wednesday once the wind has dropped below gale force, "
    b"the harbour master told reporters at a briefing in the morning.\n"
)


def report(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["report", "-C", str(project), *args])
    return code, capsys.readouterr().out


def test_report_lists_every_dump_story_line_range_and_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", seeds=True)
    run_ingest(project)
    code, out = report(project, capsys=capsys)
    assert code == 0
    assert "2025-04-28_000_795ca110c0324f7a.txt (collected " in out
    assert "story 1, lines 1-67:" in out
    assert "story 2, lines 68-end:" in out
    # The Iran story is in both dumps: the second copy says where it went.
    assert "story 1, lines 1-66: 'Iranian Commander" in out
    assert "merged into 2025/04/iranian-commander" in out
    assert "Dates:" in out and "(precision: day)" in out


def test_report_names_dropped_chrome_lines_with_line_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", {"2026-01-14-harbour.txt": CHROMY})
    run_ingest(project)
    account = json.loads((project / "content" / ".ingest-report.json").read_text())
    dropped = account["dumps"][0]["dropped"]
    assert {item["line"] for item in dropped} >= {3, 4, 5}
    assert all(item["reason"] for item in dropped)
    _, out = report(project, capsys=capsys)
    assert "lines dropped as chrome:" in out
    assert "line 3: 'Share on Facebook'" in out


def test_report_lists_guessed_dates_only_with_guesses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    undated = b"Parliament Debates a New Budget\n\nThe budget was debated at length by members.\n"
    project = make_project(tmp_path / "p", {"notes.txt": undated})
    run_ingest(project)
    code, out = report(project, "--guesses", capsys=capsys)
    assert code == 0
    assert out.startswith("1 date is a guess")
    assert "parliament-debates-a-new-budget.md" in out
    assert "when the dump was first collected" in out


def test_an_update_time_printed_alone_is_kept_as_updated_and_its_day_a_guess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    updated = (
        b"Harbour Talks Resume After Strike\n\nUpdated 3 March 2025 10:00 GMT\n\n"
        b"Dock workers and port operators resumed talks on Monday after a two-week strike "
        b"that left dozens of ships waiting outside the harbour, union officials said.\n"
    )
    project = make_project(tmp_path / "p", {"notes.txt": updated})
    run_ingest(project)
    (story,) = (project / "content" / "articles").rglob("*.md")
    text = story.read_text(encoding="utf-8")
    assert 'date: 2025-03-03\ndate_source: "update"\ndate_precision: "guess"\n' in text
    assert 'updated: "2025-03-03T10:00:00+00:00"\n' in text and "published:" not in text
    code, out = report(project, "--guesses", capsys=capsys)
    assert code == 0 and out.startswith("1 date is a guess")
    assert "2025-03-03 2025/03/harbour-talks-resume-after-strike.md: the page printed only" in out
    assert main(["check", "-C", str(project)]) == 0  # the site reads the key


def test_a_day_in_figures_is_reported_as_a_date_and_dated_by_its_labelled_neighbour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review19 S15: Clarín's "05/12/2026 16:14" was listed as "(count)" and the story dated
    from the "Actualizado al" line under it, a guess; that line's Spanish label settles the
    order of the day over it too."""
    page = (
        "Clarín\nEconomía\n\n"
        "La inflación de abril fue de 1,9% y acumula 12,4% en el año\n"
        "Por\nSilvia Naishtat\n04/05/2026 16:14\nActualizado al 04/05/2026 18:32\n"
        "Compartir\n\n"
        "El índice de precios al consumidor subió 1,9% en abril, informó este lunes el "
        "INDEC, con lo que acumula 12,4% en los cuatro primeros meses del año.\n\n"
        "Es la menor suba mensual desde marzo del año pasado, según los datos oficiales "
        "publicados por el organismo en Buenos Aires.\n"
    ).encode()
    project = make_project(tmp_path / "p", {"notes.txt": page})
    run_ingest(project)
    (story,) = (project / "content" / "articles").rglob("*.md")
    text = story.read_text(encoding="utf-8")
    assert 'date: 2026-05-04\ndate_source: "page"\n' in text
    _, out = report(project, capsys=capsys)
    assert "'04/05/2026 16:14' (date, its line not saying which figure is the day)" in out


def test_a_dump_named_for_an_earlier_day_is_dated_from_its_page_s_relative_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review17 H39: "2 hours ago" counts back from the day the dump's name gives when the
    file is newer (touched since), and the report says which day its counts start from."""
    dump = (
        b"Officials announce new measures after talks\n\nBy Jane Doe\n2 hours ago\n\n"
        b"LONDON (Reuters) - British officials announced new measures after talks with "
        b"unions, a spokesman said on Friday.\n\nThe measures will take effect next month.\n"
    )
    collected = dt.datetime(2026, 12, 6, 15, tzinfo=dt.UTC).timestamp()
    outs = {}
    for name in ("2026-11-20_x.txt", "2026-12-06_y.txt"):
        project = make_project(tmp_path / name, {name: dump})
        os.utime(project / "content" / "raw" / name, (collected, collected))
        run_ingest(project)
        (path,) = (project / "content" / "articles").rglob("*.md")
        outs[name] = path.read_text("utf-8"), report(project, capsys=capsys)[1]
    text, out = outs["2026-11-20_x.txt"]
    assert 'date: 2026-11-20\ndate_source: "page"\ndate_precision: "guess"\n' in text
    assert (
        "2026-11-20_x.txt (collected 2026-12-06T15:00:00+00:00; a weekday or '2 hours ago' "
        "counts back from its name's day, 2026-11-20)\n"
    ) in out
    text, out = outs["2026-12-06_y.txt"]
    assert 'date: 2026-12-06\ndate_source: "page"\ndate_precision: "day"\n' in text
    assert "2026-12-06_y.txt (collected 2026-12-06T15:00:00+00:00)\n" in out


def test_report_without_an_ingest_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p")
    assert main(["report", "-C", str(project)]) == 1
    assert "no ingest has run yet" in capsys.readouterr().err


def test_a_second_ingest_leaves_the_account_as_it_was(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=True)
    run_ingest(project)
    account = project / "content" / ".ingest-report.json"
    before = (account.read_bytes(), account.stat().st_mtime_ns)
    run_ingest(project)
    assert (account.read_bytes(), account.stat().st_mtime_ns) == before


def test_an_account_that_links_out_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("keep me")
    project = make_project(tmp_path / "p", seeds=True)
    (project / "content" / ".ingest-report.json").symlink_to(outside)
    run_ingest(project)
    assert outside.read_text() == "keep me"
    assert not (project / "content" / ".ingest-report.json").is_symlink()


def test_the_sample_dates_hold_in_a_fresh_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clone gives the dumps new file times: the dates in their names still date them."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project(tmp_path / "p", seeds=True)
    for dump in (project / "content" / "raw").iterdir():
        os.utime(dump)  # collected now, as a fresh clone would have it
    run_ingest(project)
    account = json.loads((project / "content" / ".ingest-report.json").read_text())
    dates = {story["title"][:20]: story["date"] for story in account["stories"]}
    assert dates["Russia Says Last Ukr"] == "2025-04-26"
    assert dates["Finland Summons Iran"] == "2026-01-13"
    assert dates["North Korea's Kim Re"] == "2026-01-13"
    assert dates["Leaders of Japan and"] == "2026-01-13"


def test_a_printed_date_a_day_after_collection_is_kept_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A day's slack for time zones: a later printed date is not used (test_date_resolver)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772452800")  # collected 2026-03-02
    later = (
        b"Ceasefire Agreed in the North\n\n"
        b"LONDON, March 3, 2026 (Reuters) - Both sides agreed a ceasefire on Tuesday, "
        b"officials said after talks that lasted through the night.\n"
    )
    project = make_project(tmp_path / "p", {"wire.txt": later})
    run_ingest(project)
    _, out = report(project, capsys=capsys)
    assert "1 printed dates lie after their dump was collected" in out
    assert "2026-03-03" in out


STORY = b"Vote Counted in the Capital\n\nThe vote was counted by officials late into the night.\n"


def test_report_shows_the_date_first_written_not_the_resolvers_of_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", {"2026-01-10-a.txt": STORY})
    run_ingest(project)
    (article,) = (project / "content" / "articles").rglob("*.md")
    assert "date: 2026-01-10" in article.read_text("utf-8")
    # The same story in an earlier-named dump: the resolver now says 5 January, but the
    # story's date is fixed once written, and the report shows what its file says.
    (project / "content" / "raw" / "2026-01-05-b.txt").write_bytes(STORY)
    run_ingest(project)
    assert "date: 2026-01-10" in article.read_text("utf-8")
    _, out = report(project, capsys=capsys)
    assert "2026-01-10 2026/01/vote-counted-in-the-capital.md" in out
    assert "2026-01-05" not in out.split("Dates:")[1]


def test_report_shows_the_editors_date_and_drops_it_from_the_guesses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", {"notes.txt": STORY})
    run_ingest(project)
    (article,) = (project / "content" / "articles").rglob("*.md")
    text = article.read_text("utf-8")
    written = next(line for line in text.splitlines() if line.startswith("date: "))
    article.write_text(text.replace(written, "date: 2025-12-24"), "utf-8")
    run_ingest(project)
    _, out = report(project, capsys=capsys)
    relative = article.relative_to(project / "content" / "articles")
    assert f"2025-12-24 {relative}: the editor's" in out
    assert "No date is a guess." in out


@pytest.mark.parametrize(
    ("zone", "collected", "later"),
    [
        # 12:00 UTC on 15 January is already the 16th in Auckland: the printed 16th is no
        # later than the collection there.
        ("Pacific/Auckland", dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC), False),
        # 03:00 UTC on 16 January is still the 15th in Los Angeles: the 16th is later.
        ("America/Los_Angeles", dt.datetime(2026, 1, 16, 3, tzinfo=dt.UTC), True),
    ],
)
def test_a_printed_date_after_collection_is_judged_in_the_sites_zone(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
    collected: dt.datetime,
    later: bool,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    story = b"Port Reopens\n\nROTTERDAM, Jan 16, 2026 - The port reopened after a strike.\n"
    project = make_project(tmp_path / "p", {"harbour.txt": story})
    with (project / "digest.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f"\ntimezone: {zone}\n")
    raw = project / "content" / "raw" / "harbour.txt"
    os.utime(raw, (collected.timestamp(), collected.timestamp()))
    run_ingest(project)
    account = json.loads((project / "content" / ".ingest-report.json").read_text())
    (found,) = account["stories"]
    assert (found["date"], found["date_source"]) == ("2026-01-16", "dateline")
    assert found["after_collected"] is later
    _, out = report(project, capsys=capsys)
    assert ("printed dates lie after their dump was collected" in out) is later


def _dumps_null(account: dict[str, Any]) -> None:
    account["dumps"] = None


def _a_dump_a_number(account: dict[str, Any]) -> None:
    account["dumps"] = [1]


def _lines_one_number(account: dict[str, Any]) -> None:
    account["dumps"][0]["stories"][0]["lines"] = [1]


def _dropped_a_list(account: dict[str, Any]) -> None:
    account["dumps"][0]["dropped"] = [[1, 2, 3]]


def _warnings_a_number(account: dict[str, Any]) -> None:
    account["dumps"][0]["warnings"] = 7


def _precision_a_list(account: dict[str, Any]) -> None:
    account["stories"][0]["date_precision"] = ["guess"]


def _sources_of_one(account: dict[str, Any]) -> None:
    account["stories"][0]["sources"] = [["a"]]


@pytest.mark.parametrize(
    "change",
    [
        _dumps_null,
        _a_dump_a_number,
        _lines_one_number,
        _dropped_a_list,
        _warnings_a_number,
        _precision_a_list,
        _sources_of_one,
    ],
)
def test_a_damaged_account_is_named_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Callable[[dict[str, Any]], None]
) -> None:
    """The account is committed with content: it may come from anyone, edited by hand."""
    project = make_project(tmp_path / "p", seeds=True)
    run_ingest(project)
    path = project / "content" / ".ingest-report.json"
    account = json.loads(path.read_text(encoding="utf-8"))
    change(account)
    path.write_text(json.dumps(account), encoding="utf-8")
    for args in ([], ["--guesses"]):
        assert main(["report", "-C", str(project), *args]) == 1
        assert "not an ingest report as digest writes it" in capsys.readouterr().err


def test_a_build_with_nothing_else_to_do_writes_a_missing_or_damaged_account_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`digest report` says to run `digest build` when the account is gone or damaged: that
    must work, also when no input changed since the last build."""
    project = make_project(tmp_path / "p", seeds=True)
    assert main(["build", "-q", "-C", str(project)]) == 0
    path = project / "content" / ".ingest-report.json"
    written = path.read_bytes()
    for damage in (path.unlink, lambda: path.write_bytes(b'{"dumps": [')):
        damage()
        assert main(["build", "-q", "-C", str(project)]) == 0
        assert path.read_bytes() == written
        assert report(project, capsys=capsys)[0] == 0
    from digest.engine.build import build

    assert build(project).site is None  # and then a build has nothing to do


def test_a_story_edit_with_no_dump_writes_a_missing_account_again(tmp_path: Path) -> None:
    """With no dump then or now, a story edit's build skips ingest (engine/build's
    `_last_ingest`): not when the account it would have left is gone."""
    project = make_project(tmp_path / "p")
    story = project / "content" / "articles" / "2026" / "01" / "by-hand.md"
    story.parent.mkdir(parents=True)
    story.write_text("---\ntitle: By Hand\ndate: 2026-01-13\n---\n\nA story.\n", "utf-8")
    assert main(["build", "-q", "-C", str(project)]) == 0
    path = project / "content" / ".ingest-report.json"
    written = path.read_bytes()
    path.unlink()
    story.write_text(story.read_text("utf-8") + "\nMore.\n", "utf-8")
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert path.read_bytes() == written


def test_a_date_fixed_since_the_last_ingest_is_reported_as_the_file_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date fixed while `digest serve` runs (its live update runs no ingest, so the account
    is as the last build left it) is in the report at once, as the next build reports it;
    an account naming a file out of content/articles/ reads nothing there."""
    project = make_project(tmp_path / "p", seeds=True)
    assert main(["build", "-q", "-C", str(project)]) == 0
    finland = next((project / "content" / "articles").rglob("finland-*.md"))
    text = finland.read_text("utf-8")
    written = next(line for line in text.splitlines() if line.startswith("date: "))
    finland.write_text(text.replace(written, "date: 2026-01-12"), "utf-8")
    account = (project / "content" / ".ingest-report.json").read_bytes()
    capsys.readouterr()
    fixed = [report(project, *args, capsys=capsys)[1] for args in ([], ["--guesses"])]
    assert "2026-01-12 2026/01/finland-" in fixed[0] and ": the editor's" in fixed[0]
    assert all("2026/01/finland-" not in out.split("are guesses")[1] for out in fixed)
    assert main(["build", "-q", "-C", str(project)]) == 0
    capsys.readouterr()
    assert [report(project, *args, capsys=capsys)[1] for args in ([], ["--guesses"])] == fixed
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Out\ndate: 1999-01-01\n---\nText.\n", "utf-8")
    hostile = json.loads(account)
    hostile["stories"][0]["article"] = "../../outside.md"
    (project / "content" / ".ingest-report.json").write_text(json.dumps(hostile), "utf-8")
    assert "1999-01-01" not in report(project, capsys=capsys)[1]


def test_a_fifo_for_the_report_is_refused_or_replaced_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Opening a FIFO waits for a writer for ever: report and build both hung.
    project = make_project(tmp_path / "p", seeds=True)
    assert main(["build", "-q", "-C", str(project)]) == 0
    path = project / "content" / ".ingest-report.json"
    written = path.read_bytes()
    path.unlink()
    os.mkfifo(path)
    assert main(["report", "-C", str(project)]) == 1
    assert "not a regular file; refused" in capsys.readouterr().err
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert path.read_bytes() == written


def test_a_crafted_report_reads_nothing_out_of_the_project_and_gives_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", seeds=True)
    assert main(["build", "-q", "-C", str(project)]) == 0
    path = project / "content" / ".ingest-report.json"
    account = json.loads(path.read_text("utf-8"))
    first, second = account["dumps"][0], account["dumps"][1]
    first["reference"], second["reference"] = "not a date", "2026-01-13T00:00:00"  # no zone
    path.write_text(json.dumps(account), "utf-8")
    stamp = os.stat(path).st_mtime_ns
    # content/articles/ made a link out of the project, to a copy whose stories were edited
    # since the report (build refuses this layout; report must not read through it).
    articles = project / "content" / "articles"
    outside = tmp_path / "outside"
    articles.rename(outside)
    articles.symlink_to(outside)
    for story in outside.rglob("*.md"):
        text = story.read_text("utf-8")
        story.write_text(text.replace("date: 20", "date: 1999-01-01\nx: 20", 1), "utf-8")
        os.utime(story, ns=(stamp + 10**9, stamp + 10**9))
    code, out = report(project, capsys=capsys)
    assert code == 0 and "1999-01-01" not in out
    articles.unlink()
    outside.rename(articles)
    code, out = report(project, capsys=capsys)  # inside: the changed dates are read
    assert code == 0 and "Traceback" not in out


def test_a_deleted_story_is_no_guess_to_check_and_the_summary_counts_guesses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary of an ingest that wrote guessed dates says how many, and where to see
    them; a story the editor deleted is listed as deleted, not as a date to set in a file
    that is gone."""
    project = make_project(tmp_path / "p", {"notes.txt": STORY})
    summary = run_ingest(project).summary()
    assert summary.endswith(" merged, 1 date guessed (digest report --guesses), 0 warnings")
    assert ", 1 date guessed" not in run_ingest(project).summary()  # none written again
    (article,) = (project / "content" / "articles").rglob("*.md")
    relative = article.relative_to(project / "content" / "articles")
    _, out = report(project, capsys=capsys)
    assert "1 date is a guess; check them and set `date:` in the story's file:\n  " in out
    article.unlink()
    _, out = report(project, capsys=capsys)
    assert "No date is a guess." in out
    assert f"  {relative}: deleted" in out


def test_a_date_changed_under_the_guess_s_source_and_precision_is_the_editor_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor's date under `date_source: weekday` and `date_precision: guess` is theirs:
    no longer a guess to check, and nothing to warn of (the site shows it as theirs too,
    tests/test_date_guesses.py)."""
    told = b"Envoy Summoned\n\nThe minister said on Tuesday she would summon the envoy.\n"
    project = make_project(tmp_path / "p", {"notes.txt": told})
    run_ingest(project)
    (article,) = (project / "content" / "articles").rglob("*.md")
    text = article.read_text("utf-8")
    assert 'date_source: "weekday"' in text and 'date_precision: "guess"' in text
    written = next(line for line in text.splitlines() if line.startswith("date: "))
    article.write_text(text.replace(written, "date: 2025-12-24"), "utf-8")
    assert not [w for w in run_ingest(project).warnings if str(article) in w]
    _, out = report(project, "--guesses", capsys=capsys)
    assert out.startswith("No date is a guess.")


def test_an_edited_story_with_an_impossible_date_stops_neither_ingest_nor_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ingest and `digest report` read an edited story's date from its file: a date no
    calendar has (2026-02-30) raised PyYAML's ValueError out of both, a traceback. The build
    names the file and line (tests/test_site_load.py)."""
    told = b"Envoy Summoned\n\nThe minister said on Tuesday she would summon the envoy.\n"
    project = make_project(tmp_path / "p", {"notes.txt": told})
    run_ingest(project)
    (article,) = (project / "content" / "articles").rglob("*.md")
    text = article.read_text("utf-8")
    written = next(line for line in text.splitlines() if line.startswith("date: "))
    article.write_text(text.replace(written, "date: 2026-02-30"), "utf-8")
    assert "1 kept as edited" in run_ingest(project).summary()
    code, out = report(project, "--guesses", capsys=capsys)
    assert code == 0 and out.startswith("1 date is a guess")


def test_one_dropped_line_is_counted_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review16 G29: "1 lines dropped as chrome"."""
    dump = (
        b"Bakers in Berlin walk out over pay\n\n2 hours ago\n\n"
        b"Bakers in Berlin began a strike over pay on Friday, closing shops across the city, "
        b"union leaders said.\n\nThe union said 300 members had joined the walkout.\n"
    )
    project = make_project(tmp_path / "p", {"2026-12-01_x.txt": dump})
    run_ingest(project)
    _, out = report(project, capsys=capsys)
    assert "  1 line dropped as chrome:\n" in out

"""Reference times: when a dump was collected, never after the build's clock, never a time
its own evidence (file name's date, printed dates) contradicts without a warning naming it.

SOURCE_DATE_EPOCH stands for "now" in output stamps; nix sets it to 1980-01-01 by default,
which must not date every story of a new dump 1979/80 (and keep it so in the ledger).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from digest import frontmatter
from digest.ingest.pipeline import run_ingest
from digest.ingest.references import Evidence, collected, evidence_of
from tests.conftest_project import make_project

NIX_EPOCH = "315532800"  # 1980-01-01T00:00:00Z, nix-shell's and `nix develop`'s default
WEEKDAY = b"Weekly Notes\n\nThe minister said on Tuesday she would resign.\n"
PRINTED = (
    b"Harbour Talks Resume After Strike\n\nPublished 31 December 2025 09:15 GMT\n\n"
    b"Dock workers and port owners met again after a week of strikes that closed the harbour.\n"
    b"\nThe union said the talks would go on through the night and that a deal was close.\n"
)
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def _seen(project: Path) -> dict[str, str]:
    ledger = json.loads((project / "content" / ".ingest.json").read_text("utf-8"))
    seen: dict[str, str] = ledger["seen"]
    return seen


def _dates(project: Path) -> list[dt.date]:
    found = []
    for article in sorted((project / "content" / "articles").rglob("*.md")):
        data, _ = frontmatter.parse(article.read_text("utf-8"))
        found.append(data["date"])
    return found


def _touch(path: Path, moment: dt.datetime) -> None:
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def test_nix_s_source_date_epoch_does_not_date_a_named_dump_1980(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NIX_EPOCH)
    project = make_project(tmp_path / "p", {"2026-01-15_notes.txt": WEEKDAY})
    _touch(
        project / "content/raw/2026-01-15_notes.txt", dt.datetime(2026, 1, 15, 18, tzinfo=dt.UTC)
    )
    report = run_ingest(project)
    assert _seen(project) == {"2026-01-15_notes.txt": "2026-01-15T18:00:00+00:00"}
    assert _dates(project) == [dt.date(2026, 1, 13)]  # the Tuesday before, not 1979-12-25
    (warning,) = report.warnings
    assert warning.startswith("content/raw/2026-01-15_notes.txt: SOURCE_DATE_EPOCH (1980-01-01")


def test_a_source_date_epoch_before_a_dump_s_printed_dates_is_not_its_collection_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01: years before the dump
    project = make_project(tmp_path / "p", {"notes.txt": PRINTED})
    _touch(project / "content/raw/notes.txt", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    report = run_ingest(project)
    assert _seen(project) == {"notes.txt": "2026-01-02T00:00:00+00:00"}
    assert _dates(project) == [dt.date(2025, 12, 31)]  # the printed date is not refused
    assert any("notes.txt: SOURCE_DATE_EPOCH (2000-01-01" in line for line in report.warnings)


def test_an_old_file_time_gives_way_to_the_dump_s_own_dates_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project(tmp_path / "p", {"notes.txt": PRINTED, "2026-01-15_a.txt": WEEKDAY})
    for name in ("notes.txt", "2026-01-15_a.txt"):  # unzipped with no times: DOS's 1980
        _touch(project / "content/raw" / name, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    report = run_ingest(project)
    assert _seen(project) == {
        "2026-01-15_a.txt": "2026-01-15T12:00:00+00:00",
        "notes.txt": "2025-12-31T09:15:00+00:00",
    }
    assert sorted(_dates(project)) == [dt.date(2025, 12, 31), dt.date(2026, 1, 13)]
    said = sorted(line.split(": ", 1)[0] for line in report.warnings)
    assert said == ["content/raw/2026-01-15_a.txt", "content/raw/notes.txt"]


def test_a_future_file_time_is_taken_as_now_and_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project(tmp_path / "p", {"notes.txt": WEEKDAY})
    _touch(project / "content/raw/notes.txt", dt.datetime(2099, 6, 1, tzinfo=dt.UTC))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = run_ingest(project)
    seen = dt.datetime.fromisoformat(_seen(project)["notes.txt"])
    assert before <= seen <= dt.datetime.now(dt.UTC)
    assert all(day <= dt.datetime.now(dt.UTC).date() for day in _dates(project))
    (warning,) = report.warnings
    assert warning.startswith("content/raw/notes.txt: its file time 2099-06-01 00:00 UTC is after")


def test_a_plausible_source_date_epoch_still_clamps_a_fresh_clone_s_file_times() -> None:
    epoch = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    named = evidence_of("2026-01-14_notes.txt", (), NOW)
    assert collected(NOW, epoch, NOW, named) == (epoch, [])
    assert collected(NOW, epoch, NOW, None) == (epoch, [])


@pytest.mark.parametrize(
    ("name", "printed", "floor"),
    [
        ("2026-01-14_notes.txt", (), dt.datetime(2026, 1, 13, 12, tzinfo=dt.UTC)),
        ("notes.txt", (), None),
        # one misread line in the future is no evidence; the median less a year is the floor
        (
            "notes.txt",
            (dt.datetime(2025, 6, 1, tzinfo=dt.UTC), dt.datetime(2099, 1, 1, tzinfo=dt.UTC)),
            dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
        ),
    ],
)
def test_a_dump_s_evidence_is_its_file_name_s_date_else_its_printed_dates(
    name: str, printed: tuple[dt.datetime, ...], floor: dt.datetime | None
) -> None:
    found = evidence_of(name, printed, NOW)
    assert (found.floor if isinstance(found, Evidence) else None) == floor


def _deploy(root: Path, clone: dt.datetime, **host: str) -> tuple[dict[str, str], list[str]]:
    """Ingest a fresh clone made at *clone* on a build host (*host*: its variables)."""
    project = make_project(root, {"2026-01-15_notes.txt": WEEKDAY, "notes.txt": WEEKDAY[:-1]})
    for path in (project / "content/raw").iterdir():
        _touch(path, clone)
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in host.items():
            patch.setenv(variable, value)
        report = run_ingest(project)
    return _seen(project), list(report.warnings)


def test_a_build_host_warns_of_dumps_the_ledger_does_not_know_and_dates_named_ones_stably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, said = _deploy(tmp_path / "a", dt.datetime(2026, 1, 16, tzinfo=dt.UTC), NETLIFY="true")
    second, _ = _deploy(tmp_path / "b", dt.datetime(2026, 1, 23, tzinfo=dt.UTC), CI="1")
    assert first["2026-01-15_notes.txt"] == second["2026-01-15_notes.txt"]
    assert first["2026-01-15_notes.txt"] == "2026-01-15T12:00:00+00:00"
    assert first["notes.txt"] != second["notes.txt"]  # no stable time: hence the warning
    unnamed = [line for line in said if line.startswith("content/raw/notes.txt: ")]
    assert unnamed and "will change on every deploy" in unnamed[0]
    assert any(line.startswith("content/raw/2026-01-15_notes.txt: a dump that") for line in said)
    _, quiet = _deploy(tmp_path / "c", dt.datetime(2026, 1, 16, tzinfo=dt.UTC), CI="false")
    assert quiet == []

"""SOURCE_DATE_EPOCH is read one way by ingest and by the site: whole seconds, else an error
that names it, before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.errors import DigestError
from digest.source_date import source_date
from tests.conftest_project import make_project

DUMP = b"Port Reopens\n\nThe port reopened on Tuesday after a strike, officials said.\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("  ", None),
        ("0", dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        (" 1767225600\n", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_whole_seconds_or_nothing(value: str, expected: dt.datetime | None) -> None:
    assert source_date({"SOURCE_DATE_EPOCH": value}) == expected
    assert source_date({}) is None


@pytest.mark.parametrize("value", ["soon", "1.5", "-1", "+5", "١٢", "9" * 30])
def test_anything_else_is_an_error_naming_the_variable(value: str) -> None:
    with pytest.raises(DigestError, match=r"^SOURCE_DATE_EPOCH: "):
        source_date({"SOURCE_DATE_EPOCH": value})


@pytest.mark.parametrize("verb", ["ingest", "build"])
def test_a_bad_value_stops_ingest_and_build_before_anything_is_written(
    verb: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = make_project(tmp_path / "p", {"notes.txt": DUMP})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    assert main([verb, "-C", str(project)]) == 1
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH: expected whole seconds since 1970, got 'tomorrow'" in err
    assert "Traceback" not in err
    assert not (project / "content" / "articles").exists()
    assert not (project / "content" / ".ingest.json").exists()

"""The command line as a user runs it: a real process, exit codes, help and version."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest import __version__
from digest.commands.cli import main
from digest.reports import counted
from tests.conftest_project import make_project


def digest(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_version() -> None:
    result = digest("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"digest {__version__}"


def test_help_on_each_command() -> None:
    for verb in ("build", "ingest", "check", "init"):
        result = digest(verb, "--help")
        assert result.returncode == 0, verb
        assert "usage: digest" in result.stdout


def test_bad_usage_exits_2() -> None:
    assert digest("frobnicate").returncode == 2
    assert digest("build", "--no-such-option").returncode == 2
    assert digest().returncode == 2


@pytest.mark.parametrize(
    ("verb", "option", "value"),
    [
        ("build", "--wait", "nan"),  # max(nan, 0) is nan: a deadline that never passes
        ("ingest", "--wait", "-5"),
        ("build", "--wait", "inf"),
        ("serve", "--port", "99999"),  # was an OverflowError traceback from bind()
        ("serve", "--port", "-1"),
        ("serve", "--port", "eighty"),
    ],
)
def test_a_value_out_of_range_is_a_usage_error(
    tmp_path: Path, verb: str, option: str, value: str
) -> None:
    result = digest(verb, "-C", str(tmp_path), f"{option}={value}")
    assert result.returncode == 2, result.stderr
    assert f"argument {option}: '{value}' is not" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_prints_a_one_line_summary(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=True)
    result = digest("ingest", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "2 dumps read, 5 stories (5 written, 0 unchanged, 0 kept as edited), "
        "1 exact duplicate merged, 0 near duplicates merged, "
        "3 dates guessed (digest report --guesses), 0 warnings"
    )
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_bad_settings_exit_1_naming_file_and_key(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seeds=True)
    (project / "digest.yaml").write_text("title: 3\ningest:\n  markrs: [TT]\n", encoding="utf-8")
    result = digest("ingest", "-C", str(project))
    assert result.returncode == 1
    assert "digest.yaml:1: title: expected str, got int 3" in result.stderr
    assert "digest.yaml:3: ingest.markrs: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    # `digest report | head`: the pipe's reader is gone before the report is written.
    project = make_project(tmp_path / "project")
    assert digest("ingest", "-q", "-C", str(project)).returncode == 0
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "digest", "report", "-C", str(project)],
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (141, b"")


def test_a_broken_pipe_that_is_not_stdout_s_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A worker's pipe closed under the build is an error to report, not a reader that left.
    import digest.engine.build as engine_build

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(engine_build, "build", broken)
    project = make_project(tmp_path / "project")
    assert main(["build", "-q", "-C", str(project)]) == 1
    assert "digest: error: " in capsys.readouterr().err


def test_ingest_prints_the_warnings_the_library_reports(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    (project / "content" / "raw" / "empty.txt").write_bytes(b"")
    result = digest("ingest", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "warning: content/raw/empty.txt: empty dump; skipped\n"
    assert result.stdout.strip().endswith("1 warning")


def test_the_progress_bar_is_drawn_only_on_a_terminal_and_goes_when_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from digest.commands.progress import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    with ProgressBar("ingest") as bar:
        bar(0, 4)
        assert bar.bar is not None and bar.bar.total == 4
        bar(3, 4)
        assert bar.bar.n == 3
        bar(4, 4)
        assert bar.bar is None  # the work is done: the bar is gone before what comes next
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    quiet = ProgressBar("ingest")
    quiet(0, 4)
    assert quiet.bar is None


def test_the_build_summary_counts_every_warning_it_printed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    settings = project / "digest.yaml"
    settings.write_text("title: T\nbase_url: http://localhost:8000/\n", encoding="utf-8")
    (project / "content" / "raw" / "empty.txt").write_bytes(b"")
    for _ in range(2):  # the second build has nothing to do and says the same
        result = digest("build", "-q", "-C", str(project))
        assert result.returncode == 0, result.stderr
        printed = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        assert any("base_url" in line for line in printed), result.stderr
        assert any("empty.txt" in line for line in printed), result.stderr
        assert f" {counted(len(printed), 'warning')};" in result.stdout, (result.stdout, printed)


@pytest.mark.parametrize(
    ("number", "noun", "plural", "said"),
    [
        (0, "warning", "", "0 warnings"),
        (1, "warning", "", "1 warning"),
        (2, "story", "stories", "2 stories"),
        (1, "story", "stories", "1 story"),
    ],
)
def test_summaries_count_in_english(number: int, noun: str, plural: str, said: str) -> None:
    assert counted(number, noun, plural) == said


def test_the_program_ends_itself_with_its_exit_handlers_run_and_its_output_written(
    tmp_path: Path,
) -> None:
    """`main()` as the program (no argv) ends the process without the interpreter's teardown:
    what it printed, the exit handlers and the exit code are those of an ordinary end."""
    project = make_project(tmp_path / "project")
    script = (
        "import atexit, sys\n"
        "from digest.commands.cli import main\n"
        "atexit.register(lambda: print('handlers ran'))\n"
        "sys.argv = ['digest', 'ingest', '-C', sys.argv[1]]\n"
        "print('printed first')\n"
        "main()\n"
        "print('not reached')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "printed first" and lines[-1] == "handlers ran"
    assert any(line.startswith("0 dumps read") for line in lines)
    assert "not reached" not in done.stdout

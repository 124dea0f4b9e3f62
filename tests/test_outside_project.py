"""Commands on a project refuse a folder that is not one, and create nothing there."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.commands.cli import main

VERBS = (["build"], ["serve", "--port", "0"], ["check"], ["ingest"], ["new", "A story"])


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_a_folder_without_digest_yaml_is_refused_and_left_empty(
    verb: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "notes.txt").write_text("not a digest", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(verb) == 1
    error = capsys.readouterr().err
    assert "this folder is not a digest project (no digest.yaml in it)" in error
    assert "digest init" in error
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_dash_c_to_a_folder_without_digest_yaml_names_it(
    verb: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*verb, "-C", str(tmp_path)]) == 1
    assert f"{tmp_path} is not a digest project" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_dash_c_to_a_missing_folder_is_an_error_and_creates_nothing(
    verb: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing" / "project"
    assert main([*verb, "-C", str(missing)]) == 1
    assert f"{missing}: no such folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_init_then_build_in_the_new_folder_works(tmp_path: Path) -> None:
    project = tmp_path / "news"
    assert main(["init", str(project)]) == 0
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert (project / "site" / "index.html").is_file()


def test_dash_c_to_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "digest.yaml").write_text("title: Not a folder\n", encoding="utf-8")
    assert main(["build", "-C", str(tmp_path / "digest.yaml")]) == 1
    assert f"{tmp_path / 'digest.yaml'}: not a folder" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["digest.yaml"]

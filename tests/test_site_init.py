"""`digest init DIR`: a new project that builds as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.commands.init import create_project
from digest.config import load_config
from digest.errors import DigestError


def test_init_creates_settings_and_a_sample_dump(tmp_path: Path) -> None:
    created = create_project(tmp_path / "news")
    assert (created / "digest.yaml").is_file()
    assert (created / ".gitignore").read_text().startswith("/site/")
    dumps = sorted((created / "content" / "raw").glob("*.txt"))
    assert [dump.name for dump in dumps] == ["000_sample.txt"]
    assert (created / "content" / "articles").is_dir()
    config = load_config(created)
    assert config.title == "My Digest"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(DigestError, match="not an empty folder"):
        create_project(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_a_new_project_builds_and_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "news"
    assert main(["init", str(project)]) == 0
    assert main(["build", "-q", "-C", str(project)]) == 0
    site = project / "site"
    assert (site / "index.html").is_file()
    stories = sorted((project / "content" / "articles").rglob("*.md"))
    assert len(stories) == 3
    home = (site / "index.html").read_text()
    assert "Helsinki Library Opens Rooftop Reading Room" in home
    assert main(["check", "-C", str(project)]) == 0
    assert "no problems found" in capsys.readouterr().out

"""A benchmark that builds the editor's project with settings of its own puts theirs back."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
OWN = b"title: My Digest\nbase_url: https://news.example.net/\nsearch: true\n"


def stages_ab() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stages_ab", ROOT / "benchmarks" / "stages_ab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def checkout(tmp_path: Path, script: str) -> Path:
    """Return a stand-in checkout whose benchmarks/stages.py runs *script*."""
    folder = tmp_path / "checkout"
    (folder / "benchmarks").mkdir(parents=True)
    (folder / "benchmarks" / "stages.py").write_text(script, encoding="utf-8")
    return folder


def run(monkeypatch: pytest.MonkeyPatch, project: Path, folder: Path) -> None:
    argv = ["stages_ab.py", "--project", str(project), "--runs", "2", str(folder)]
    monkeypatch.setattr(sys, "argv", argv)
    stages_ab().main()


@pytest.mark.parametrize(
    "script",
    [
        "import sys\nprint('load 0.10 0.20 0.30 0.40', file=sys.stderr)\n",  # runs that work
        "import sys\nsys.exit('the build failed')\n",  # a run that fails
    ],
)
def test_stages_ab_puts_the_project_s_settings_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], script: str
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "digest.yaml").write_bytes(OWN)
    folder = checkout(tmp_path, script)
    try:
        run(monkeypatch, project, folder)
    except SystemExit as stopped:
        assert "the build failed" in str(stopped.code)
    else:
        assert "load" in capsys.readouterr().out
    assert (project / "digest.yaml").read_bytes() == OWN

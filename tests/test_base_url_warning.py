"""A build for publishing with a localhost or example base_url warns; `digest check` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.urls import placeholder_base_url


@pytest.mark.parametrize(
    "base_url",
    [
        "http://localhost:8000/",
        "http://127.0.0.1:8000/",
        "http://[::1]:8000/",
        "https://example.org/",
        "https://www.example.com/digest/",
        "https://news.example/",
        "http://digest.test/",
    ],
)
def test_unreachable_addresses_are_named(base_url: str) -> None:
    warning = placeholder_base_url(base_url)
    assert warning is not None and "base_url" in warning and base_url in warning


@pytest.mark.parametrize(
    "base_url", ["https://news.fi/", "https://user.github.io/digest/", "https://examples.org/"]
)
def test_published_addresses_pass(base_url: str) -> None:
    assert placeholder_base_url(base_url) is None


def _project(root: Path, base_url: str) -> Path:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "digest.yaml").write_text(f"base_url: {base_url}\n", encoding="utf-8")
    (root / "content" / "articles" / "a.md").write_text(
        "---\ntitle: A\ndate: 2026-06-02\n---\n\nA.\n"
    )
    return root


def test_build_and_check_warn_of_a_localhost_base_url_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", "http://localhost:8000/")
    for _ in range(2):  # the second build has nothing to do, and still warns
        assert main(["build", "-q", "-C", str(project)]) == 0
        assert "warning: digest.yaml: base_url 'http://localhost:8000/'" in capsys.readouterr().err
    assert main(["check", "-C", str(project)]) == 0  # a warning, not a problem
    captured = capsys.readouterr()
    assert "warning: digest.yaml: base_url 'http://localhost:8000/' is a local address" in (
        captured.err
    )
    assert "no problems found" in captured.out


def test_a_real_base_url_builds_without_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "p", "https://news.fi/")
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert main(["check", "-C", str(project)]) == 0
    assert "base_url" not in capsys.readouterr().err

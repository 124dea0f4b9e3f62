"""`digest init DIR`: a new project that builds as it is."""

from __future__ import annotations

import importlib.metadata
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from digest import __version__
from digest.commands import init
from digest.commands.cli import main
from digest.commands.init import create_project
from digest.config import load_config
from digest.errors import DigestError

REPO = Path(__file__).resolve().parent.parent


def test_init_creates_settings_and_a_sample_dump(tmp_path: Path) -> None:
    created = create_project(tmp_path / "news")
    assert (created / "digest.yaml").is_file()
    assert "/site/" in (created / ".gitignore").read_text().splitlines()
    dumps = sorted((created / "content" / "raw").glob("*.txt"))
    assert [dump.name for dump in dumps] == ["2026-06-02_sample.txt"]
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


def test_the_next_step_can_be_pasted_for_a_folder_with_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "my news"
    assert main(["init", str(project)]) == 0
    hint = capsys.readouterr().out
    command = hint.split("`")[1]
    assert command.startswith("digest build -C ")
    assert shlex.split(command) == ["digest", "build", "-C", str(project)]


def test_a_new_project_has_what_a_deploy_needs(tmp_path: Path) -> None:
    project = create_project(tmp_path / "news")
    for name in ("README.md", "netlify.toml", "requirements.txt", ".github/workflows/pages.yml"):
        assert (project / name).is_file(), name
    assert (project / "requirements.txt").read_text().splitlines()[
        -1
    ] == f"story-digest=={__version__}"
    netlify = tomllib.loads((project / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"]["command"] == "pip install -r requirements.txt && digest build"
    assert netlify["build"]["publish"] == "site"
    (plugin,) = netlify["plugins"]
    plugin_dir = project / plugin["package"].lstrip("/")
    assert "name: digest-cache" in (plugin_dir / "manifest.yml").read_text()
    code = (plugin_dir / "index.js").read_text()
    assert "utils.cache.restore(CACHE)" in code and "utils.cache.save(CACHE)" in code
    assert 'const CACHE = ".digest-cache";' in code
    # The same security headers as the repository's own netlify.toml (tests check those in
    # a browser against the built site).
    own = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["headers"] == own["headers"]
    workflow = yaml.safe_load((project / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    (cache,) = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".digest-cache"
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["pip install -r requirements.txt", "digest build"]
    assert any(step.get("with", {}).get("path") == "site" for step in steps)
    readme = (project / "README.md").read_text()
    for words in ("digest build", "digest report", "digest new", "Cloudflare Pages", "base_url"):
        assert words in readme, words


def test_the_new_projects_gitignore_keeps_the_editors_content(tmp_path: Path) -> None:
    project = create_project(tmp_path / "news")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    paths = [
        "site/index.html",
        ".digest-cache/cache.sqlite",
        ".digest-build/lock",
        "content/articles/2026/06/a.md",
        "content/.ingest.json",
        "content/raw/2026-06-02_sample.txt",
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", *paths], cwd=project, capture_output=True, text=True, check=False
    ).stdout.split()
    assert ignored == ["site/index.html", ".digest-cache/cache.sqlite", ".digest-build/lock"]


def test_this_repositorys_gitignore_keeps_the_editors_content_too() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["content/articles/2026/06/a.md", "content/.ingest.json", "site/index.html"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert ignored == ["site/index.html"]


class _Installed:
    """An installed distribution as importlib.metadata describes it (version, install record)."""

    def __init__(self, direct_url: str | None) -> None:
        self.version = "9.8.7"
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("direct_url", "expected", "local"),
    [
        (None, "story-digest==9.8.7", None),  # from a package index
        (
            '{"url": "file:///src/digest", "dir_info": {"editable": true}}',
            "story-digest==9.8.7",
            "file:///src/digest",
        ),
        (
            '{"url": "file:///tmp/story_digest-9.8.7-py3-none-any.whl", "archive_info": {}}',
            "story-digest==9.8.7",
            "file:///tmp/story_digest-9.8.7-py3-none-any.whl",
        ),
        (
            '{"url": "https://github.com/news/digest", '
            '"vcs_info": {"vcs": "git", "commit_id": "0123abcd"}}',
            "story-digest @ git+https://github.com/news/digest@0123abcd",
            None,
        ),
        ("not json", "story-digest==9.8.7", None),
    ],
)
def test_requirements_name_the_digest_that_made_the_project(
    direct_url: str | None,
    expected: str,
    local: str | None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: _Installed(direct_url))
    assert init.requirement() == init.Requirement(expected, local)
    project = create_project(tmp_path / "news")
    assert (project / "requirements.txt").read_text().splitlines()[-1] == expected
    # A digest installed from this machine's files names a version no host can install:
    # the editor is told before the first deploy fails.
    said = capsys.readouterr().err
    assert ("cannot install from" in said) == (local is not None)
    if local is not None:
        assert f"installed from {local}" in said and "requirements.txt" in said


def test_this_repository_deploys_with_the_same_cache_plugin() -> None:
    own = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    (plugin,) = own["plugins"]
    folder = REPO / plugin["package"].lstrip("/")
    assert folder == REPO / "digest" / "skeleton" / "netlify" / "plugins" / "digest-cache"
    assert (folder / "manifest.yml").is_file() and (folder / "index.js").is_file()


def test_a_new_project_s_settings_ask_for_its_time_zone(tmp_path: Path) -> None:
    """The zone a story's day is taken in is named, commented out, in the new settings: the
    editor outside UTC sets it before the first build (an evening in New York is the next
    day in UTC)."""
    create_project(tmp_path / "p")
    settings = tmp_path / "p" / "digest.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\n# timezone: UTC\n" in text
    settings.write_text(text.replace("# timezone: UTC", "timezone: America/New_York"), "utf-8")
    assert load_config(tmp_path / "p").timezone == "America/New_York"

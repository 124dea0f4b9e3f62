"""The built wheel, installed alone into a fresh venv outside the checkout, makes and builds
a project; and a project made by `digest init` deploys as Netlify would deploy it.

Slow (a wheel build and fresh venvs): marked `slow`, and run by CI with the rest. The venvs
install the real wheel with pip from a folder of wheels (no index); digest's dependencies
come from the environment running the tests (a folder of links to its site-packages, minus
digest), so that no test needs the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from digest import DISTRIBUTION, __version__

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
# What the running environment has of digest itself, never linked into a fresh venv.
_OWN = ("digest", "story_digest", "__editable__", "__pycache__")


def run(
    command: list[str] | str, cwd: Path, env: Mapping[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run *command* (a shell line when a string) and fail the test, with its output, on error."""
    result = subprocess.run(
        command,
        cwd=cwd,
        env=dict(env),
        shell=isinstance(command, str),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (the checkout stays clean); return its folder."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "digest", source / "digest", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), "."]
    run(pip_wheel, source, os.environ)
    assert [wheel.name for wheel in dist.iterdir()] == [
        f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"
    ]
    return dist


@pytest.fixture(scope="module")
def dependencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder of links to everything installed here except digest itself."""
    folder = tmp_path_factory.mktemp("dependencies")
    installed = {Path(sysconfig.get_paths()[kind]) for kind in ("purelib", "platlib")}
    for site_packages in installed:
        for entry in site_packages.iterdir():
            if entry.name.startswith(_OWN) or entry.suffix == ".pth":
                continue
            link = folder / entry.name
            if not link.exists():
                link.symlink_to(entry)
    return folder


def fresh_venv(where: Path, dependencies: Path, wheelhouse: Path) -> dict[str, str]:
    """Make a venv at *where* that can see *dependencies*; return the environment to run in it."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    (site_packages,) = where.glob("lib/python3*/site-packages")
    (site_packages / "test_dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(
        PATH=f"{where / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(where),
        PIP_NO_INDEX="1",  # digest comes from the wheel just built, nothing from the network
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        DIGEST_WORKERS="0",
    )
    return env


def test_the_wheel_carries_the_data_and_its_notice(wheelhouse: Path) -> None:
    """GeoNames' (CC BY 4.0) and CLDR's (Unicode License v3) data go with their attribution."""
    (wheel,) = wheelhouse.iterdir()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    data = (REPO / "digest" / "data").iterdir()
    assert {f"digest/data/{file.name}" for file in data} <= names
    assert "digest/data/NOTICE.md" in names


def test_the_wheel_alone_installs_inits_and_builds_outside_the_checkout(
    tmp_path: Path, wheelhouse: Path, dependencies: Path
) -> None:
    env = fresh_venv(tmp_path / "venv", dependencies, wheelhouse)
    run(["pip", "install", "-q", DISTRIBUTION], tmp_path, env)
    where = run(["python", "-c", "import digest; print(digest.__file__)"], tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv")  # not the checkout
    version = run(["digest", "--version"], tmp_path, env)
    assert version.stdout.strip() == f"digest {__version__}"
    run(["digest", "init", "news"], tmp_path, env)
    built = run(["digest", "build", "-q"], tmp_path / "news", env)
    assert "base_url 'http://localhost:8000/' is a local address" in built.stderr
    home = (tmp_path / "news" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Helsinki Library Opens Rooftop Reading Room" in home
    assert (tmp_path / "news" / "site" / "pagefind" / "pagefind.js").is_file()


def test_init_commit_clone_and_the_netlify_command_build_the_editors_site(
    tmp_path: Path, wheelhouse: Path, dependencies: Path
) -> None:
    editor = fresh_venv(tmp_path / "editor-venv", dependencies, wheelhouse)
    run(["pip", "install", "-q", DISTRIBUTION], tmp_path, editor)
    project = tmp_path / "news"
    run(["digest", "init", str(project)], tmp_path, editor)
    settings = project / "digest.yaml"
    settings.write_text(
        settings.read_text().replace("http://localhost:8000/", "https://news.fi/"),
        encoding="utf-8",
    )
    story = run(["digest", "new", "Our Own Story", "--date", "2026-06-03"], project, editor)
    (project / story.stdout.strip()).write_text(
        "---\ntitle: Our Own Story\ndate: 2026-06-03\ndate_source: manual\n---\n\n"
        "Written by the editor.\n",
        encoding="utf-8",
    )
    run(["digest", "build", "-q"], project, editor)  # ingests the sample dump
    ingested = sorted(project.glob("content/articles/*/*/*.md"))
    assert len(ingested) == 4
    git = {**editor, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@news.fi"}
    git.update(GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="e@news.fi")
    run(["git", "init", "-q", "-b", "main"], project, git)
    run(["git", "add", "-A"], project, git)
    run(["git", "commit", "-q", "-m", "The first stories"], project, git)
    committed = run(["git", "ls-files"], project, git).stdout.split()
    assert "content/.ingest.json" in committed
    assert "netlify/plugins/digest-cache/index.js" in committed
    assert not any(path.startswith(("site/", ".digest-cache/")) for path in committed)

    clone = tmp_path / "deploy"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, git)
    netlify = tomllib.loads((clone / "netlify.toml").read_text(encoding="utf-8"))
    host = fresh_venv(tmp_path / "host-venv", dependencies, wheelhouse)
    run(netlify["build"]["command"], clone, host)
    site = clone / netlify["build"]["publish"]
    page = site / "2026" / "06" / "03" / "our-own-story" / "index.html"
    assert "Written by the editor." in page.read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for article in ingested:  # every story the editor committed has its page, at base_url
        assert f"https://news.fi/{article.parent.parent.name}/" in sitemap
        assert f"/{article.stem}/</loc>" in sitemap, article.name
    # The ledger came with the clone: the deploy wrote no story again, changed no file.
    status = run(["git", "status", "--porcelain"], clone, git).stdout
    assert status == "", status
    assert (clone / ".digest-cache").is_dir()

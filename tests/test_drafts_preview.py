"""`digest serve --drafts` builds a site of its own: site/, the folder the host publishes,
never holds a draft, and the next `digest build` finds site/ and its records as it left them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.paths import ProjectPaths
from tests.conftest import FIXTURE_SITE
from tests.conftest_project import snapshot

DRAFT = Path("content/articles/2026/01/draft-story.md")
DRAFT_PAGE = "2026/01/13/draft-story/index.html"
SECRET = b"Zeta Embargo"  # the draft's own tag: in no published story


def _project(root: Path) -> Path:
    shutil.copytree(FIXTURE_SITE, root, ignore=shutil.ignore_patterns("site", ".digest-*"))
    draft = root / DRAFT
    text = draft.read_text("utf-8").replace("tags: [Iran]", f"tags: [Iran, {SECRET.decode()}]")
    draft.write_text(text, "utf-8")
    return root


def _everything(folder: Path) -> bytes:
    return b"".join(snapshot(folder).values())


def _cold(project: Path, root: Path) -> dict[str, bytes]:
    """Return the site a build from nothing makes of *project*'s files."""
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("site", ".digest-*"))
    build(root)
    return snapshot(root / "site")


@pytest.fixture(autouse=True)
def _no_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_a_drafts_preview_leaves_site_and_its_records_as_they_were(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    build(project)
    site, history = snapshot(project / "site"), (project / "content/.urls.json").read_bytes()

    preview = ProjectPaths(project).output(drafts_preview=True)
    result = build(project, drafts=True, output=preview)
    assert result.report.site.output == preview.site
    assert b"This story is a draft" in (preview.site / DRAFT_PAGE).read_bytes()
    assert SECRET in _everything(preview.site)
    # site/ is the last published build's, byte for byte; the URL history names no draft
    # (its URL and tag would become the published site's redirects and term pages).
    assert snapshot(project / "site") == site
    assert (project / "content/.urls.json").read_bytes() == history
    assert not preview.site.is_relative_to(project / "site")

    again = build(project)
    assert again.site is None  # nothing to do: site/ and its records are as the build left them
    assert snapshot(project / "site") == site


def test_the_build_after_a_drafts_preview_is_a_cold_builds_site(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    preview = ProjectPaths(project).output(drafts_preview=True)
    build(project, drafts=True, output=preview)  # first: no site/ at all yet
    assert not (project / "site").exists()
    assert not (project / "content/.urls.json").exists()
    # A published story and the draft edited after the preview, before the build.
    story = next(
        path for path in (project / "content/articles").rglob("*.md") if "draft" not in path.name
    )
    story.write_text(story.read_text("utf-8") + "\nA paragraph added.\n", "utf-8")
    draft = project / DRAFT
    draft.write_text(draft.read_text("utf-8") + "\nMore of the draft.\n", "utf-8")
    build(project, drafts=True, output=preview)

    result = build(project)
    published = snapshot(project / "site")
    assert DRAFT_PAGE not in published
    assert SECRET not in _everything(project / "site")
    assert b"is a draft" not in _everything(project / "site")
    assert b"draft-story" not in (project / "content/.urls.json").read_bytes()
    assert published == _cold(project, tmp_path / "cold")
    assert result.report.site.drafts_left_out == 1
    # The preview goes on from its own records (the build wrote the URL history it reads).
    build(project, drafts=True, output=preview)
    assert build(project, drafts=True, output=preview).site is None  # nothing to do
    assert (preview.site / DRAFT_PAGE).exists()
    assert snapshot(project / "site") == published


def test_without_drafts_the_build_writes_site_and_no_preview(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    output = ProjectPaths(project).output()
    assert output.published and output.site == project / "site"
    build(project, output=output)
    assert (project / "site/index.html").exists()
    assert not (project / ".digest-cache/drafts-preview").exists()


def test_a_link_where_the_preview_goes_is_removed_never_followed(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    articles = snapshot(project / "content/articles")
    preview = ProjectPaths(project).output(drafts_preview=True)
    preview.cache.parent.mkdir()
    preview.cache.symlink_to(project / "content/articles")  # a crafted project's cache
    result = build(project, drafts=True, output=preview)
    assert any("a symbolic link in the build cache; removed" in line for line in result.warnings)
    assert not preview.cache.is_symlink() and (preview.site / DRAFT_PAGE).exists()
    assert snapshot(project / "content/articles") == articles

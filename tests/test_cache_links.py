"""Symbolic links planted in `.digest-cache/` and `.digest-build/` are never followed.

A project may come from anyone (a zip, a CI cache restored, a clone: git keeps symbolic
links), its build cache and lock folder too. A link there to a file or folder outside the
project must not make a build truncate, write, remove or publish anything outside it: the
links inside the cache are removed (the link only) and that part of the cache starts afresh.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from digest.engine.build import build
from digest.errors import DigestError
from digest.paths import CACHE_DIR, LOCK_DIR
from digest.store import staging
from digest.store.cache import DATABASE, open_cache, read_state
from digest.store.lock import build_lock
from digest.store.state import STATE, STATE_TREES
from digest.store.write import Entry, digest_of
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import clone_with_cache

__all__ = ["settled"]  # the fixture, used by name

PRECIOUS = "the editor's own file, three years of work\n"


def files_under(folder: Path) -> dict[str, bytes]:
    """Return every file under *folder* (links not followed) with its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def built(tmp_path: Path, count: int = 8) -> Path:
    project = make_project(tmp_path / "project")
    write_stories(project, count)
    build(project)
    return project


def edit(project: Path) -> None:
    path = project / "content" / "articles" / "2025/01/story-0.md"
    path.write_text(story(0, 1, body="An edit.\n"), encoding="utf-8")


def outside_copy(folder: Path, target: Path) -> dict[str, bytes]:
    """Put a copy of *folder* at *target* (outside the project), a precious file beside."""
    shutil.copytree(folder, target, copy_function=shutil.copyfile)
    (target / "precious.txt").write_text(PRECIOUS, encoding="utf-8")
    return files_under(target)


# The build lock -----------------------------------------------------------------------------


@pytest.mark.parametrize("dangling", [False, True])
def test_a_lock_file_linked_out_is_never_written(
    tmp_path: Path, settled: None, dangling: bool
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 4)
    victim = tmp_path / "thesis.tex"
    if not dangling:
        victim.write_text(PRECIOUS, encoding="utf-8")
    (project / LOCK_DIR).mkdir()
    (project / LOCK_DIR / "lock").symlink_to(victim)
    build(project)
    # Before: the build truncated the file the link named and wrote its PID there.
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert (project / "site" / "index.html").is_file()


def test_a_lock_folder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    project = make_project(tmp_path / "project")
    (project / LOCK_DIR).symlink_to(outside)
    refused = r"\.digest-build: a symbolic link out of the project"
    with pytest.raises(DigestError, match=refused), build_lock(project):
        pass
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("made", "said"),
    [(".digest-build", r"\.digest-build: not a folder"), (".digest-build/lock", r"lock: a folder")],
)
def test_a_lock_folder_or_file_of_the_wrong_kind_is_named(
    tmp_path: Path, made: str, said: str
) -> None:
    project = make_project(tmp_path / "project")
    (project / made).parent.mkdir(parents=True, exist_ok=True)
    if made == LOCK_DIR:
        (project / made).write_text("not a folder\n", encoding="utf-8")
    else:
        (project / made).mkdir()
    # Before: a bare FileExistsError or IsADirectoryError.
    with pytest.raises(DigestError, match=said), build_lock(project):
        pass


# The cache's own files and folders ---------------------------------------------------------


def test_cache_files_linked_out_are_removed_not_written_through(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 4)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text(PRECIOUS, encoding="utf-8")
    cache = project / CACHE_DIR
    cache.mkdir()
    (cache / DATABASE).symlink_to(outside / "made-by-digest.sqlite")  # dangling
    (cache / "CACHEDIR.TAG").symlink_to(outside / "tag")
    (cache / ".gitignore").symlink_to(outside / "precious.txt")
    result = build(project)
    # Before: the database, the tag and the ignore file were all made outside the project.
    assert files_under(outside) == {"precious.txt": PRECIOUS.encode()}
    for name in (DATABASE, "CACHEDIR.TAG", ".gitignore"):
        assert (cache / name).is_file() and not (cache / name).is_symlink(), name
        assert any(name in line and "symbolic link" in line for line in result.warnings), name
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_database_linked_out_is_never_read(tmp_path: Path, settled: None) -> None:
    project = built(tmp_path, 4)
    database = project / CACHE_DIR / DATABASE
    moved = tmp_path / "elsewhere.sqlite"
    shutil.move(database, moved)
    database.symlink_to(moved)
    # Before: the read-only look of a build that may have nothing to do read the file outside.
    assert read_state(project, STATE_TREES) == {}
    build(project)
    assert not database.is_symlink()
    assert sqlite3.connect(moved).execute("SELECT count(*) FROM entries").fetchone()[0] > 0


def picture_story(project: Path) -> None:
    folder = project / "content" / "articles" / "2026/01/harbour"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        "---\ntitle: Harbour\ndate: 2026-01-13\nregions: [Europe]\n"
        "image:\n  file: photo.jpg\n  alt: Ships\n---\n\nBody.\n",
        encoding="utf-8",
    )
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(folder / "photo.jpg", quality=90)


def test_cache_folders_linked_out_are_removed_never_followed(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 5)
    picture_story(project)
    cache = project / CACHE_DIR
    cache.mkdir()
    outside = {}
    for name in ("pictures", "search", "templates"):
        folder = tmp_path / f"outside-{name}"
        (folder / "inner").mkdir(parents=True)
        (folder / "precious.txt").write_text(PRECIOUS, encoding="utf-8")
        (folder / "inner" / "notes.txt").write_text(PRECIOUS, encoding="utf-8")
        outside[name] = files_under(folder)
        (cache / name).symlink_to(folder)
    result = build(project)
    # Before: the pictures' and the search shards' folders were emptied, templates written.
    for name, files in outside.items():
        assert files_under(tmp_path / f"outside-{name}") == files, name
        assert (cache / name).is_dir() and not (cache / name).is_symlink(), name
        assert any(f"{name}: a symbolic link" in line for line in result.warnings), name
    assert list((cache / "pictures").iterdir())  # the resized pictures, made afresh
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_cached_picture_linked_out_is_never_published(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    picture_story(project)
    build(project)  # to learn the keys, all made from the photo a project ships
    cache = project / CACHE_DIR
    names = sorted(entry.name for entry in (cache / "pictures").iterdir())
    shutil.rmtree(cache)
    shutil.rmtree(project / "site")
    (cache / "pictures").mkdir(parents=True)  # what is shipped: the pictures' folder only
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE KEY material outside the project\n", encoding="utf-8")
    for name in names:
        (cache / "pictures" / name).symlink_to(secret)
    build(project)
    # Before: the file the link named was published as the story's resized picture.
    site = snapshot(project / "site")
    assert not [path for path, data in site.items() if b"PRIVATE KEY" in data]
    assert site == clean_build(project, tmp_path / "clean")
    assert secret.read_text(encoding="utf-8").startswith("PRIVATE KEY")


# The spare ---------------------------------------------------------------------------------


def test_a_spare_linked_out_is_never_staged_into(tmp_path: Path, settled: None) -> None:
    project = built(tmp_path)
    spare = project / CACHE_DIR / staging.SPARE
    victim = tmp_path / "victim"
    before = outside_copy(spare, victim)
    shutil.rmtree(spare)
    spare.symlink_to(victim)
    edit(project)
    build(project)
    # Before: the build wrote and removed files in victim/, then published it as site/.
    assert files_under(victim) == before
    assert not (project / "site").is_symlink()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_open_staging_never_takes_a_link_for_the_spare(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    (victim / "a").mkdir(parents=True)
    (victim / "a" / "index.html").write_text(PRECIOUS, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / staging.SPARE).symlink_to(victim)
    found = os.stat(victim / "a" / "index.html")
    spare = {"a/index.html": Entry("k", digest_of(PRECIOUS.encode()), (found.st_size, 1, 2))}
    opened = staging.open_staging(
        cache, tmp_path / "site", spare, {}, recorded_inode=os.stat(victim).st_ino
    )
    assert opened.held == {}
    assert not opened.root.is_symlink() and list(opened.root.iterdir()) == []
    assert not os.path.lexists(cache / staging.SPARE)
    assert (victim / "a" / "index.html").read_text(encoding="utf-8") == PRECIOUS


@pytest.mark.parametrize("depth", ["2025", "2025/01"])
def test_a_restored_spare_holding_a_link_out_is_not_staged_into(
    tmp_path: Path, settled: None, depth: str
) -> None:
    project = built(tmp_path)
    clone_with_cache(project)  # a deploy: the spare restored from elsewhere
    spare = project / CACHE_DIR / staging.SPARE
    victim = tmp_path / "victim"
    before = outside_copy(spare / depth, victim)
    shutil.rmtree(spare / depth)
    (spare / depth).symlink_to(victim)
    edit(project)
    build(project)
    # Before: the pages of January were written into victim/ through the link.
    assert files_under(victim) == before
    assert not (project / "site" / depth).is_symlink()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize("recorded", ["12345", True, 1.5, None])
def test_a_spare_whose_recorded_inode_is_no_int_is_not_trusted(
    tmp_path: Path, settled: None, recorded: object
) -> None:
    project = built(tmp_path)
    spare = project / CACHE_DIR / staging.SPARE
    victim = tmp_path / "victim"
    before = outside_copy(spare / "2025", victim)
    shutil.rmtree(spare / "2025")
    (spare / "2025").symlink_to(victim)
    cache = open_cache(project)
    try:
        trees = cache.get_json(STATE, STATE_TREES)
        assert isinstance(trees, dict) and isinstance(trees["spare_inode"], int)
        cache.put_json(STATE, STATE_TREES, {**trees, "spare_inode": recorded})
    finally:
        cache.close()
    edit(project)
    build(project)
    # Before: a spare_inode that was no int made the spare count as this machine's own.
    assert files_under(victim) == before
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_restored_spare_file_that_is_a_link_is_not_held(tmp_path: Path) -> None:
    root = tmp_path / "stage"
    root.mkdir()
    secret = tmp_path / "secret.html"
    secret.write_text(PRECIOUS, encoding="utf-8")
    (root / "index.html").symlink_to(secret)
    size = secret.stat().st_size
    spare = {"index.html": Entry("k", digest_of(PRECIOUS.encode()), (size, 1, 2))}
    # Before: taken by its size, and the link published as the site's page.
    assert staging._held(root, spare, True) == {}
    assert staging._held(root, spare, False) == {}


def test_a_restored_spare_holding_a_fifo_is_not_published(tmp_path: Path, settled: None) -> None:
    project = built(tmp_path)
    clone_with_cache(project)
    os.mkfifo(project / CACHE_DIR / staging.SPARE / "2025" / "trap")
    edit(project)
    build(project)
    # Before: the staging folder kept it, and it became part of the published site.
    assert not os.path.lexists(project / "site" / "2025" / "trap")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not [
        entry for entry in (project / CACHE_DIR).iterdir() if entry.name.startswith("stage-")
    ]

"""A story edit's Pagefind run finds the last index's files of its shard in its output.

Pagefind writes, and compresses, only the files whose names (hashes of their bytes) are not
in its output folder yet; the last index's files of the shard are hard-linked there before
it writes (site/pagefind_kept.py), and those its new meta file does not name are removed
once it ends. The index is byte for byte a run's from nothing; a kept file that is damaged,
or a fragment that stands for another page, has the shard indexed as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from digest.site import pagefind, pagefind_kept
from digest.site.pagefind import Indexing, pagefind_command
from digest.site.pagefind_early import EarlyRun, feed_later, start_early
from digest.site.pagefind_meta import read_meta
from digest.site.search import MANIFEST, Shard, indexed_part, part_digest
from digest.store.write import digest_of

PAGES = [f"2025/01/{day:02d}/story-{day}/index.html" for day in (3, 1, 2, 9, 4, 7)]
SHARD = Shard("2025-01", tuple(PAGES))


def _page(title: str, text: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
        f"<main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>\n"
    ).encode()


OLD = {
    page: _page(f"Story {n}", f"Calm word{n} and more, number {n} of many.")
    for n, page in enumerate(PAGES)
}
CHANGED = _page("Story 2", "Calm word2 and more, number 2 of many. A note on oranges.")
NEW = {**OLD, PAGES[2]: CHANGED}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _run(pages: dict[str, bytes], work: Path) -> Path:
    """Run Pagefind from nothing on what it reads of *pages* (made in page order, as a build
    makes them); return its output folder."""
    for page in PAGES:
        (work / "site" / page).parent.mkdir(parents=True, exist_ok=True)
        (work / "site" / page).write_bytes(indexed_part(pages[page]))
    command = [*pagefind_command(), "--site", "site", "--output-path", "out", "--silent"]
    subprocess.run(command, cwd=work, check=True, capture_output=True)
    return work / "out"


def _last_build(tmp_path: Path) -> tuple[Path, Path]:
    """Return a last site (its pages, the shard's index where site/ shows the newest
    shard's) and a cache folder holding that index under a key, with its manifest."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    for page, data in OLD.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_bytes(data)
    out = _run(OLD, tmp_path / "last-run")
    stored = cache / "search" / "key-of-the-last-index"
    shutil.copytree(out, stored)
    files = {name: digest_of(data) for name, data in _files(stored).items()}
    (stored / MANIFEST).write_text(json.dumps(files), encoding="utf-8")
    shutil.copytree(out, site / "pagefind")
    return site, cache


def _index(runs: dict[str, EarlyRun], new: Path, cache: Path) -> dict[str, bytes]:
    indexing = Indexing([SHARD], {}, new, cache, early=runs)
    try:
        digests = {page: part_digest(indexed_part((new / page).read_bytes())) for page in PAGES}
        indexing.offer(SHARD.name, "key-of-the-new-index", digests)
        [index] = indexing.result()
    finally:
        indexing.close()
    return _files(index.folder)


def _early(site: Path, cache: Path) -> dict[str, EarlyRun]:
    """Start a run on the shard with the changed page a pipe, and give it the page."""
    runs = start_early(pagefind_command(), [SHARD], site, cache, {}, {PAGES[2]})
    feed_later(runs, {PAGES[2]: indexed_part(CHANGED)}, site)
    return runs


def _new_site(tmp_path: Path) -> Path:
    new = tmp_path / "new"
    for page, data in NEW.items():
        (new / page).parent.mkdir(parents=True, exist_ok=True)
        (new / page).write_bytes(data)
    return new


def test_the_meta_file_names_every_file_of_the_index(tmp_path: Path) -> None:
    out = _run(OLD, tmp_path)
    [meta_file] = out.glob("*.pf_meta")
    meta = read_meta(meta_file.read_bytes())
    assert meta is not None and len(meta.pages) == len(PAGES)
    written = {name for name in _files(out) if name.split("/")[0] in ("fragment", "index")}
    assert meta.files() == written
    data = meta_file.read_bytes()
    flipped = data[:-8] + bytes([data[-8] ^ 1]) + data[-7:]  # its checksum no longer fits
    for broken in (b"", b"not gzip", data[: len(data) // 2], flipped, data + b"more"):
        assert read_meta(broken) is None


def test_an_edit_s_run_writes_only_what_changed_and_gives_the_index_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, cache = _last_build(tmp_path)
    runs = _early(site, cache)
    [run] = runs.values()
    assert run.kept is not None and run.kept.edited == 1
    kept = set(run.kept.digests)
    assert {name.split("/")[0] for name in kept} == {"fragment", "index"}
    monkeypatch.setattr(pagefind, "_start", lambda *args: pytest.fail("indexed anew"))
    early = _index(runs, _new_site(tmp_path), cache)
    assert early == _files(_run(NEW, tmp_path / "from-nothing"))
    left = {name for name in early if name in kept}
    assert len(left) >= len(PAGES) - 1  # the other pages' fragments were not written again
    old = {f"fragment/{name}.pf_fragment" for name in read_meta_pages(site)}
    assert len(old - early.keys()) == 1  # the edited page's: removed once the run ended


def read_meta_pages(site: Path) -> tuple[str, ...]:
    [meta_file] = (site / "pagefind").glob("*.pf_meta")
    meta = read_meta(meta_file.read_bytes())
    assert meta is not None
    return meta.pages


@pytest.mark.parametrize("doubt", ["damaged", "places", "edited"])
def test_a_kept_file_in_doubt_has_the_shard_indexed_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doubt: str
) -> None:
    site, cache = _last_build(tmp_path)
    if doubt == "damaged":  # a disk error in the cache: the bytes are not the manifest's
        [stored] = (cache / "search").iterdir()
        fragment = next((stored / "fragment").iterdir())
        fragment.write_bytes(fragment.read_bytes()[:-3])
    runs = _early(site, cache)
    [run] = runs.values()
    assert run.kept is not None
    if doubt == "places":  # the last index's pages in another order
        pages = read_meta_pages(site)
        vouched = (*pages[1:], pages[0])
        monkeypatch.setattr(pagefind, "vouch", lambda kept: vouched)
    if doubt == "edited":  # one more page rendered anew than fragments changed
        runs[SHARD.name] = EarlyRun(run.process, run.work, run.fed, run.pipes, _more(run))
    started = pagefind._start
    usual: list[str] = []

    def spied(*args: Any) -> Any:
        usual.append(args[2].name)
        return started(*args)

    monkeypatch.setattr(pagefind, "_start", spied)
    early = _index(runs, _new_site(tmp_path), cache)
    assert usual == [SHARD.name]
    assert early == _files(_run(NEW, tmp_path / "from-nothing"))


def _more(run: EarlyRun) -> pagefind_kept.Kept:
    assert run.kept is not None
    kept = run.kept
    return pagefind_kept.Kept(kept.output, kept.digests, kept.meta, kept.edited + 1)


def test_nothing_is_kept_through_a_link(tmp_path: Path) -> None:
    site, cache = _last_build(tmp_path)
    [stored] = (cache / "search").iterdir()
    outside = tmp_path / "outside"
    outside.write_bytes(b"not the cache's")
    fragment = next((stored / "fragment").iterdir())
    fragment.unlink()
    fragment.symlink_to(outside)
    runs = _early(site, cache)
    [run] = runs.values()
    assert run.kept is not None
    assert f"fragment/{fragment.name}" not in run.kept.digests
    assert not (run.kept.output / "fragment" / fragment.name).is_symlink()
    _index(runs, _new_site(tmp_path), cache)
    assert outside.read_bytes() == b"not the cache's"
    # site/'s search folder a link: nothing kept, the run goes on as before
    shutil.rmtree(site / "pagefind")
    os.symlink(stored, site / "pagefind")
    runs = _early(site, cache)
    assert [run.kept for run in runs.values()] == [None]
    assert _index(runs, _new_site(tmp_path), cache) == _files(_run(NEW, tmp_path / "nothing"))

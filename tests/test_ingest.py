"""Ingest end to end: the seeds, encodings, the editor's edits, idempotency, slugs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from digest import frontmatter
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project, snapshot

SEED_TITLES = {
    "Iranian Commander Urged Escalation against US Forces at Iraq Meeting, Sources Say",
    "Russia Says Last Ukrainian Troops Expelled from Kursk Region, Kyiv Denies Assertion",
    "Finland Summons Iran Envoy Over Deadly Protests",
    "North Korea's Kim Revamps Private Security Detail, South Says",
    "Leaders of Japan and South Korea Discuss Economy and Regional Challenges at Summit",
}


def articles(project: Path) -> dict[str, tuple[dict[str, object], str]]:
    """Return each article's front matter and body, by title."""
    result = {}
    for path in sorted((project / "content" / "articles").rglob("*.md")):
        data, body = frontmatter.parse(path.read_text(encoding="utf-8"))
        result[str(data["title"])] = (data, body)
    return result


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return make_project(tmp_path / "seeds", seeds=True)


def test_seeds_give_five_stories(seeds: Path) -> None:
    report = run_ingest(seeds)
    assert (report.dumps, report.stories, report.exact_merged, report.near_merged) == (2, 5, 1, 0)
    found = articles(seeds)
    assert set(found) == SEED_TITLES
    iran, _ = found[
        "Iranian Commander Urged Escalation against US Forces at Iraq Meeting, Sources Say"
    ]
    assert iran["sources"] == [
        {"dump": "2025-04-28_000_795ca110c0324f7a.txt", "index": 1},
        {"dump": "2026-01-14_002_5f2925bc89df16b5.txt", "index": 1},
    ]


def test_seed_articles_are_clean(seeds: Path) -> None:
    run_ingest(seeds)
    headings = []
    for title, (data, body) in articles(seeds).items():
        captions = data["captions"]
        assert isinstance(captions, list) and len(captions) == 1, title
        assert captions[0] not in body  # a caption is never repeated in the body
        assert title not in body
        lines = body.split("\n")
        assert "TT" not in lines and "20" not in lines
        headings += [line for line in lines if line.startswith("## ")]
        assert re.fullmatch(r"[0-9a-f]{12}", str(data["id"]))
        for key in ("date", "date_source", "regions", "tags"):
            assert key in data
    assert sorted(headings) == ["## NORTH KOREANS", "## US-Iranian rivalry"]


def test_file_layout_is_year_month_slug(seeds: Path) -> None:
    run_ingest(seeds)
    for path in (seeds / "content" / "articles").rglob("*.md"):
        relative = path.relative_to(seeds / "content" / "articles").as_posix()
        assert re.fullmatch(r"\d{4}/\d{2}/[a-z0-9-]+\.md", relative), relative
        data, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        assert relative.startswith(f"{data['date']:%Y/%m}/")


def test_second_ingest_changes_nothing(seeds: Path) -> None:
    run_ingest(seeds)
    before = snapshot(seeds / "content")
    report = run_ingest(seeds)
    assert snapshot(seeds / "content") == before
    assert report.export.written == ()


def test_dumps_are_never_written(seeds: Path) -> None:
    raw_before = snapshot(seeds / "content" / "raw")
    run_ingest(seeds)
    run_ingest(seeds)
    assert snapshot(seeds / "content" / "raw") == raw_before


def _article_path(project: Path, title_start: str) -> Path:
    for path in (project / "content" / "articles").rglob("*.md"):
        if frontmatter.parse(path.read_text(encoding="utf-8"))[0]["title"].startswith(title_start):
            return path
    raise AssertionError(title_start)


def test_edited_article_is_never_overwritten(seeds: Path) -> None:
    run_ingest(seeds)
    path = _article_path(seeds, "Finland")
    edited = path.read_bytes().replace(b"Finland's foreign minister", b"Finland's FM", 1) + b" "
    path.write_bytes(edited)
    report = run_ingest(seeds)
    assert path.read_bytes() == edited
    assert path in report.export.kept_edited


def test_new_duplicate_of_edited_story_keeps_the_edit_and_records_the_source(seeds: Path) -> None:
    run_ingest(seeds)
    path = _article_path(seeds, "Finland")
    edited = path.read_bytes().replace(b"date_source:", b"# checked by the editor\ndate_source:")
    path.write_bytes(edited)
    seed = (seeds / "content" / "raw" / "2026-01-14_002_5f2925bc89df16b5.txt").read_bytes()
    start = seed.index(b"Finland Summons")
    end = seed.index(b"North Korea's Kim")
    (seeds / "content" / "raw" / "003_new.txt").write_bytes(seed[start:end])
    report = run_ingest(seeds)
    assert path.read_bytes() == edited
    assert report.stories == 5 and report.exact_merged == 2
    ledger = json.loads((seeds / "content" / ".ingest.json").read_text(encoding="utf-8"))
    sources = [source for entry in ledger["stories"].values() for source in entry["sources"]]
    assert ["003_new.txt", 1] in sources


def test_new_duplicate_of_unedited_story_adds_the_source(seeds: Path) -> None:
    run_ingest(seeds)
    seed = (seeds / "content" / "raw" / "2025-04-28_000_795ca110c0324f7a.txt").read_bytes()
    kursk = seed[seed.index(b"Russia Says") :]
    (seeds / "content" / "raw" / "2025-05-01_more.txt").write_bytes(
        kursk.replace(b"hailed", b"praised")
    )
    report = run_ingest(seeds)
    assert (report.stories, report.near_merged) == (5, 1)
    data, _ = articles(seeds)[
        "Russia Says Last Ukrainian Troops Expelled from Kursk Region, Kyiv Denies Assertion"
    ]
    assert data["sources"] == [
        {"dump": "2025-04-28_000_795ca110c0324f7a.txt", "index": 2},
        {"dump": "2025-05-01_more.txt", "index": 1},
    ]


def test_deleting_a_dump_deletes_no_story(seeds: Path) -> None:
    run_ingest(seeds)
    before = snapshot(seeds / "content" / "articles")
    (seeds / "content" / "raw" / "2025-04-28_000_795ca110c0324f7a.txt").unlink()
    run_ingest(seeds)
    assert snapshot(seeds / "content" / "articles") == before


def test_story_deleted_by_the_editor_stays_deleted(seeds: Path) -> None:
    run_ingest(seeds)
    path = _article_path(seeds, "North Korea")
    path.unlink()
    run_ingest(seeds)
    assert not path.exists()
    assert len(articles(seeds)) == 4


def test_moved_article_is_found_by_its_id(seeds: Path) -> None:
    run_ingest(seeds)
    path = _article_path(seeds, "North Korea")
    moved = seeds / "content" / "articles" / "kim.md"
    path.rename(moved)
    run_ingest(seeds)
    assert not path.exists() and moved.exists()
    assert len(articles(seeds)) == 5


STORY = (
    "Quiet Day in the Capital\n\nA street.\nA street.\nTT\n\n"
    "Quiet Day in the Capital\n\nA street.\nA street.\n\n"
    "Nothing much happened in the capital on Monday. It was calm.\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf.txt", STORY.replace("\n", "\r\n").encode()),
        ("bom.txt", b"\xef\xbb\xbf" + STORY.encode()),
        (
            "legacy.txt",
            STORY.replace("calm", "calm \u2013 caf\u00e9 \u201cquiet\u201d").encode("cp1252"),
        ),
        ("utf16.txt", STORY.encode("utf-16")),
    ],
)
def test_encodings_are_read(tmp_path: Path, name: str, data: bytes) -> None:
    project = make_project(tmp_path, {name: data})
    report = run_ingest(project)
    assert report.stories == 1 and report.warnings == ()
    ((data_, body),) = articles(project).values()
    assert data_["title"] == "Quiet Day in the Capital"
    assert data_["captions"] == ["A street."]
    assert body.startswith("Nothing much happened")
    if name == "legacy.txt":
        assert "calm \u2013 caf\u00e9 \u201cquiet\u201d" in body


def test_binary_and_empty_dumps_are_warned_about_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(
        tmp_path,
        {
            "a.txt": STORY.encode(),
            "empty.txt": b"",
            "blank.txt": b"\n \n",
            "image.png": b"\x89PNG\r\n\x1a\n\x00\x00",
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
            "notes.docx": b"PK\x03\x04",
        },
    )
    report = run_ingest(project)
    assert report.stories == 1
    assert "content/raw/empty.txt: empty dump; skipped" in report.warnings
    assert "content/raw/blank.txt: empty dump; skipped" in report.warnings
    assert (
        "content/raw/binary.txt: binary file (a PNG image), not a text dump; skipped"
        in report.warnings
    )
    # A file of another type is not read at all: reported once, with every such file.
    others = "not a text dump (.txt) nor a saved page (.html, .htm, .mhtml, .mht); skipped"
    assert f"content/raw/image.png, content/raw/notes.docx: {others}" in report.warnings
    assert len(report.warnings) == 4
    assert capsys.readouterr().err == ""  # the library reports; the commands print


def test_ingest_tells_its_progress_to_a_callback(seeds: Path) -> None:
    told: list[tuple[int, int]] = []
    run_ingest(seeds, progress=lambda done, total: told.append((done, total)))
    # Two dumps, then dedup and classification, then export.
    assert told[0] == (0, 4) and told[-1] == (4, 4)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert {total for _, total in told} == {4}


def test_ingest_leaves_the_build_lock_to_its_caller(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest.store.lock

    def locked(*args: object) -> None:
        raise AssertionError("ingest took the build lock itself")

    monkeypatch.setattr(digest.store.lock, "_locked", locked)
    assert run_ingest(seeds).stories == 5


def test_slugs_are_ascii_unique_and_stay_inside_articles(tmp_path: Path) -> None:
    def story(title: str, body: str) -> str:
        return f"{title}\n\nTT\n\n{title}\n\n{body}\n\n\n"

    dump = (
        story("Ça va? Über-große Straße", "One.")
        + story("../../etc/passwd", "Two.")
        + story("..", "Three.")
        + story("!!!", "Four.")
        + story("Same Title", "Five.")
        + story("Same Title", "Six, a different story.")
    )
    project = make_project(tmp_path, {"d.txt": dump.encode()})
    run_ingest(project)
    paths = sorted(
        p.relative_to(project / "content" / "articles").as_posix()
        for p in (project / "content" / "articles").rglob("*.md")
    )
    assert len(paths) == 6
    names = [p.split("/")[-1] for p in paths]
    assert all(re.fullmatch(r"[a-z0-9-]+\.md", n) for n in names), names
    assert "same-title.md" in names and "same-title-2.md" in names
    assert not (tmp_path / "etc").exists()
    before = paths
    run_ingest(project)  # stable across runs
    assert (
        sorted(
            p.relative_to(project / "content" / "articles").as_posix()
            for p in (project / "content" / "articles").rglob("*.md")
        )
        == before
    )


def test_two_stories_of_one_id_get_two_files_and_no_file_is_written_twice(
    tmp_path: Path,
) -> None:
    """Two stories known by one id (a story the ledger knew, split in two) are two files: the
    second gets an id of its own. Were they given one id, export refuses to write a file twice."""
    import datetime as dt

    from digest.ingest.export import export
    from digest.ingest.ledger_read import read_ledger
    from digest.models import Block, Classification, RawStory, Source, Story
    from digest.paths import ProjectPaths

    def story(index: int, body: str) -> Story:
        raw = RawStory(Source("d.txt", index), 1, "Same Key", (), (Block("paragraph", (body,)),))
        return Story(raw, (raw.source,), keys=("k" * 24,))

    stories = [story(1, "First text."), story(2, "Second text.")]
    classification = Classification(dt.date(2025, 1, 2), "dump", ("Europe",), ("Tag",))
    paths = ProjectPaths(tmp_path)
    report = export(stories, [classification] * 2, paths, {}, read_ledger(paths))
    assert len(set(report.written)) == 2 and len(read_ledger(paths).entries) == 2
    texts = sorted(path.read_text(encoding="utf-8") for path in report.written)
    assert "First text." in texts[0] and "Second text." in texts[1]
    (tmp_path / "content").rename(tmp_path / "before")
    with pytest.raises(RuntimeError, match="two stories written to one file"):
        export(stories, [classification] * 2, paths, {}, read_ledger(paths), ["a" * 12] * 2)


def _kursk_in_two_copies(seeds: Path) -> None:
    """Add a second copy of the Kursk story, a near duplicate: one word changed."""
    seed = (seeds / "content" / "raw" / "2025-04-28_000_795ca110c0324f7a.txt").read_bytes()
    kursk = seed[seed.index(b"Russia Says") :]
    (seeds / "content" / "raw" / "2025-05-01_more.txt").write_bytes(
        kursk.replace(b"hailed", b"praised")
    )


def _threshold(project: Path, value: str) -> None:
    settings = project / "digest.yaml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"near_duplicate_threshold: [0-9.]+", f"near_duplicate_threshold: {value}", text)
    settings.write_text(text, encoding="utf-8")


def test_a_story_split_by_a_higher_threshold_gets_a_file_of_its_own(
    seeds: Path, tmp_path: Path
) -> None:
    """Raising near_duplicate_threshold splits a merged story: each half gets its own file, as
    a fresh ingest writes them (never one written over the other); lowering it again merges
    them, and every file stays."""
    _kursk_in_two_copies(seeds)
    assert run_ingest(seeds).stories == 5
    _threshold(seeds, "1.0")
    assert run_ingest(seeds).stories == 6
    split = snapshot(seeds / "content" / "articles")
    fresh = make_project(tmp_path / "fresh", seeds=True)
    _kursk_in_two_copies(fresh)
    _threshold(fresh, "1.0")
    run_ingest(fresh)
    assert split == snapshot(fresh / "content" / "articles")
    _threshold(seeds, "0.5")
    assert run_ingest(seeds).stories == 5
    assert set(snapshot(seeds / "content" / "articles")) == set(split)


def test_an_edited_story_split_in_two_keeps_the_edit(seeds: Path) -> None:
    _kursk_in_two_copies(seeds)
    run_ingest(seeds)
    path = _article_path(seeds, "Russia Says")
    edited = path.read_bytes() + b"\nChecked by the editor.\n"
    path.write_bytes(edited)
    _threshold(seeds, "1.0")
    report = run_ingest(seeds)
    assert path.read_bytes() == edited and report.export.kept_edited == (path,)
    (written,) = report.export.written
    assert written != path and b"praised" in written.read_bytes()


def test_no_story_builds_no_classify_context_whatever_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers and the gazetteer they share take 0.2 s: not for a project whose
    stories are all written by hand (no dump), even with DIGEST_WORKERS set."""
    from digest.ingest import classify, sorting

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("workers or a classify context made for no story")

    monkeypatch.setattr(classify, "context_for", refuse)
    monkeypatch.setattr(sorting, "iter_parallel", refuse)
    project = make_project(tmp_path / "project")
    story = project / "content" / "articles" / "2026" / "01" / "mine.md"
    story.parent.mkdir(parents=True)
    story.write_text("---\ntitle: Mine\ndate: 2026-01-14\n---\nWritten by hand.\n")
    for workers in (2, 0):  # (the first one's sorting is cached: the second takes it)
        report = run_ingest(project, workers=workers)
        assert report.stories == 0


def test_a_deleted_story_split_in_two_stays_deleted(seeds: Path) -> None:
    """The editor deleted the merged story: neither half comes back when it splits."""
    _kursk_in_two_copies(seeds)
    run_ingest(seeds)
    _article_path(seeds, "Russia Says").unlink()
    before = snapshot(seeds / "content" / "articles")
    _threshold(seeds, "1.0")
    report = run_ingest(seeds)
    assert (report.stories, report.export.kept_deleted, report.export.written) == (6, 2, ())
    assert snapshot(seeds / "content" / "articles") == before


def test_a_story_with_no_body_is_written_as_a_draft_and_one_with_a_body_is_not(
    tmp_path: Path,
) -> None:
    """A headline pasted with no text under it is kept for the editor (no line lost) but
    never published as an empty page: its file says `draft: true`."""
    alone = "Headline Pasted Alone Without Its Text"
    dump = (
        f"{alone}\n\nTT\n\n{alone}\n\n\n"
        "Harbour Cranes Return\n\nTT\n\nHarbour Cranes Return\n\n"
        "The two old cranes are back on the quay after a year of repairs, the port said.\n"
    )
    project = make_project(tmp_path, {"d.txt": dump.encode()})
    run_ingest(project)
    found = articles(project)
    assert found[alone][0]["draft"] is True
    assert found[alone][1].strip() == ""
    assert "draft" not in found["Harbour Cranes Return"][0]


def test_no_story_imports_no_classify_modules(tmp_path: Path) -> None:
    """An ingest with no story (a first build of hand-written stories) does not import
    classify and the names, places and dates it reads (~8 ms of every such build's start),
    nor chrome and the bylines and date lines it reads, nor the date readers and the
    gazetteer (~40 ms): in a process of its own, since another test may have imported
    them here."""
    project = make_project(tmp_path / "project")
    story = project / "content" / "articles" / "2026" / "01" / "mine.md"
    story.parent.mkdir(parents=True)
    story.write_text("---\ntitle: Mine\ndate: 2026-01-14\n---\nWritten by hand.\n")
    code = (
        "import sys; from pathlib import Path; from digest.ingest.pipeline import run_ingest; "
        "report = run_ingest(Path(sys.argv[1])); "
        "print(report.stories, 'digest.ingest.classify' in sys.modules, "
        "'digest.ingest.chrome' in sys.modules, 'digest.ingest.printed_dates' in sys.modules)"
    )
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", code, str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": root},
        check=True,
    )
    assert done.stdout.split() == ["0", "False", "False", "False"]

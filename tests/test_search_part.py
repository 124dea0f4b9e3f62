"""Search shards are keyed by what Pagefind reads: a page's head and its indexed element.

A template edit outside the data-pagefind-body element (base.html's footer) re-renders every
page but re-indexes no shard; an edit inside it re-indexes; the index stays byte for byte
what a build from nothing writes.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.paths import CACHE_DIR, SEARCH_CACHE
from digest.reports import SiteReport
from digest.site import shard_plan
from digest.site.pagefind import pagefind_command
from digest.site.search import indexed_part
from tests.conftest_project import make_project, snapshot
from tests.test_cache import TEMPLATE, clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name

PAGE = (
    b'<!doctype html>\n<html lang="en">\n<head>\n<title>T</title>\n</head>\n<body>\n'
    b"<header>Masthead</header>\n<main><article data-pagefind-body><p>Text</p>"
    b"<article>Nested</article></article>\n<section>Related</section></main>\n"
    b"<footer>Foot</footer>\n</body>\n</html>\n"
)


def test_the_indexed_part_is_the_head_and_the_body_element() -> None:
    part = indexed_part(PAGE)
    assert b"<title>T</title>" in part and b"<p>Text</p><article>Nested</article></article>" in part
    assert b"Masthead" not in part and b"Related" not in part and b"Foot" not in part


def test_a_page_with_pagefind_attributes_elsewhere_or_no_body_element_is_read_whole() -> None:
    elsewhere = PAGE.replace(b"<footer>", b'<footer data-pagefind-filter="x">')
    assert indexed_part(elsewhere) == elsewhere
    plain = PAGE.replace(b" data-pagefind-body", b"")
    assert indexed_part(plain) == plain
    unclosed = PAGE.replace(b"</article></article>", b"")
    assert indexed_part(unclosed) == unclosed


def _base_edited(tmp_path: Path, old: str, new: str) -> tuple[Path, SiteReport]:
    """Build a project, replace *old* in its base.html with *new*, build it again."""
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    (project / "templates").mkdir()
    base = (TEMPLATE / "base.html").read_text(encoding="utf-8")
    assert old in base
    (project / "templates" / "base.html").write_text(base.replace(old, new, 1), "utf-8")
    report = build(project).report.site
    assert report is not None
    return project, report


def test_a_base_template_edit_outside_the_story_reindexes_no_shard(
    tmp_path: Path, settled: None
) -> None:
    project, edited = _base_edited(tmp_path, "</footer>", "</footer>\n<!-- x -->")
    assert edited.rendered >= edited.pages and edited.indexed == 0
    article = (TEMPLATE / "article.html").read_text(encoding="utf-8")
    inside = article.replace("{{ story.body_html }}", "<p>Read on.</p>\n{{ story.body_html }}")
    assert inside != article
    (project / "templates" / "article.html").write_text(inside)
    assert build(project).report.site.indexed == 1  # every shard: the 18 stories' one
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_base_template_edit_in_the_head_after_the_title_reindexes_no_shard(
    tmp_path: Path, settled: None
) -> None:
    """A new <meta> in the head changes every page but not what Pagefind reads of it."""
    meta = '</title>\n<meta name="author" content="The desk">'
    project, report = _base_edited(tmp_path, "</title>", meta)
    assert report.rendered >= report.pages and report.indexed == 0
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_metadata_elements_outside_the_body_are_kept_and_the_rest_left_out() -> None:
    page = PAGE.replace(
        b"<header>Masthead</header>",
        b'<header>Masthead<h1 data-pagefind-meta="title">The <em>title</em></h1></header>',
    )
    part = indexed_part(page)
    assert b'<h1 data-pagefind-meta="title">The <em>title</em></h1>' in part
    assert b"Masthead" not in part and b"Foot" not in part
    mixed = page.replace(
        b"<h1 data-pagefind-meta", b'<h1 data-pagefind-filter="x" data-pagefind-meta'
    )
    assert indexed_part(mixed) == mixed


def test_a_story_without_text_is_indexed_by_its_title() -> None:
    page = PAGE.replace(
        b"<main>", b'<main><h1 data-pagefind-meta="title">Notes <em>for</em> later</h1>'
    ).replace(b"<p>Text</p><article>Nested</article>", b"\n<!-- nothing -->\n")
    part = indexed_part(page)
    assert b"<article data-pagefind-body><p>Notes for later</p>\n<!-- nothing -->" in part


def test_a_shard_whose_one_story_has_no_text_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    lone = project / "content" / "articles" / "1995" / "07" / "notes.md"  # a decade alone
    lone.parent.mkdir(parents=True)
    lone.write_text("---\ntitle: Notes to write later\ndate: 1995-07-14\n---\n", encoding="utf-8")
    report = build(project).report.site  # Pagefind fails on a shard with nothing to index
    assert report is not None and report.shards == 2
    assert (project / "site" / "1995" / "07" / "14" / "notes" / "index.html").is_file()


def test_a_cache_of_the_month_shards_goes_unused_and_the_index_is_a_clean_builds(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project last built with a shard a month (before sparse periods were packed): the
    next build indexes its new shard, keeps none of the old ones, and writes the index a
    build from nothing writes."""
    project = make_project(tmp_path / "project")
    write_stories(project)  # 18 stories in three months of one year: one shard, or three
    packed = shard_plan.PACK_STORIES
    monkeypatch.setattr(shard_plan, "PACK_STORIES", 0)
    before = build(project).report.site
    assert before is not None and (before.shards, before.indexed) == (3, 3)
    monkeypatch.setattr(shard_plan, "PACK_STORIES", packed)
    # The packing came with a new digest: every page is rendered again, to the same bytes.
    monkeypatch.setattr(
        "digest.store.inputs.code_key", lambda known, settled: ("a later digest", {})
    )
    after = build(project).report.site
    assert after is not None and (after.shards, after.indexed) == (1, 1)
    assert len(list((project / CACHE_DIR / SEARCH_CACHE).iterdir())) == 1
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


HEADED = PAGE.replace(
    b"<title>T</title>\n",
    b'<meta charset="utf-8">\n<title>T</title>\n<meta name="description" content="D">\n'
    b'<link rel="stylesheet" href="/assets/style.0123456789.css">\n'
    b'<script type="application/ld+json">{"headline": "T"}</script>\n',
)


def test_the_head_is_cut_after_its_title() -> None:
    """Pagefind reads no text of the head: its metadata, links and JSON-LD are left out."""
    part = indexed_part(HEADED)
    head = b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
    assert part.startswith(head + b"</head>\n<body>")
    assert b"description" not in part and b"stylesheet" not in part and b"ld+json" not in part
    untitled = HEADED.replace(b"<title>T</title>\n", b"")
    assert indexed_part(untitled).startswith(b'<!doctype html>\n<html lang="en">\n<head>\n</head>')


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b'<meta name="description"', b'<meta data-pagefind-filter="x[content]" name="d"'),
        (b'<meta name="description"', b'<meta DATA-PAGEFIND-META="x[content]" name="d"'),
        (b"<title>T</title>", b"<!-- <title>X</title> --><title>T</title>"),
        (b"<title>T</title>", b"<script>var t = '</title>';</script><title>T</title>"),
        (b"<title>T</title>", b"<title>T<!-- </title> -->"),
        (b"<title>T</title>", b"<title>T"),
        (b"<title>T</title>", b"<style></style><title>T</title>"),
    ],
)
def test_a_head_whose_cut_could_change_what_pagefind_reads_is_given_whole(
    before: bytes, after: bytes
) -> None:
    page = HEADED.replace(before, after)
    assert page != HEADED
    head_end = page.index(b"</head>")
    assert indexed_part(page).startswith(page[: head_end + len(b"</head>")])


ENTRY = "pagefind-entry.json"
# Pagefind takes the <title> for a page whose body names no title: with one, empty, none.
TITLES = [
    (b"<title>T</title>", b"en"),
    (b"<title></title>", b"de"),
    (b"", b"en"),
    (b"<title>Un \xc3\xa9t\xc3\xa9</title>", b"fr"),
]


def test_pagefind_writes_the_same_index_from_the_cut_head(tmp_path: Path) -> None:
    """The same pages, whole and as `indexed_part` gives them: the same index files."""
    outputs = []
    for name, give in (("whole", lambda page: page), ("part", indexed_part)):
        site = tmp_path / name / "site"
        for number, (title, lang) in enumerate(TITLES):
            page = HEADED.replace(b"<title>T</title>", title).replace(b"Text", b"Words %d" % number)
            page = page.replace(b'lang="en"', b'lang="%s"' % lang)
            folder = site / f"p{number}"
            folder.mkdir(parents=True)
            (folder / "index.html").write_bytes(give(page))
        command = [*pagefind_command(), "--site", str(site), "--output-path"]
        subprocess.run([*command, str(tmp_path / name / "out"), "--silent"], check=True)
        files = snapshot(tmp_path / name / "out")
        # Its languages in Pagefind's hash map order, which differs run to run: read as JSON.
        outputs.append({**files, ENTRY: json.loads(files[ENTRY])})
    assert outputs[0] == outputs[1]

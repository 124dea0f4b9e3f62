"""Property tests over generated dumps: whatever the input, nothing crashes and nothing is lost.

Reuses the dump generators of tests/test_properties.py and adds what they lack: arbitrary
text and bytes, dumps that mix UTF-8 and cp1252 lines, and several dumps with duplicates
and near duplicates ingested into a project.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digest import frontmatter
from digest.config import Config, IngestConfig
from digest.engine.build import build
from digest.ingest.article_text import markdown_body
from digest.ingest.dump_results import DumpResults
from digest.ingest.dumps import decode_dump
from digest.ingest.pipeline import run_ingest
from digest.ingest.records import DumpResult
from digest.ingest.segment import collapse_spaces, segment_dump
from digest.ingest.shared_lines import with_shared_lines
from digest.models import Dump
from digest.paths import ProjectPaths
from digest.store.cache import Cache, remove_cache
from tests.conftest_project import make_project, snapshot
from tests.test_properties import GenStory, render, stories

CONFIG = IngestConfig()
COUNTER = re.compile(CONFIG.counter_pattern)

# Lines of any kind: text in any script, markers, counters, blanks, markup, YAML, repeats.
text_lines = st.one_of(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from(
        ["TT", "20", "", "", "", " ", "---", "# x", "<script>x</script>", "- a", "title: x"]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text_lines, max_size=60), st.data())
def test_segmentation_never_crashes_and_keeps_every_line(
    lines: list[str], data: st.DataObject
) -> None:
    # Repeat some lines right after themselves, as dumps repeat titles and captions.
    doubled = []
    for line in lines:
        doubled.append(line)
        if data.draw(st.integers(0, 4)) == 0:
            doubled.append(line)
    text = "\n".join(doubled)
    result = segment_dump(Dump("gen.txt", text, "utf-8"), CONFIG)
    # Header lines repeat the title or a caption, with other spacing or case: kept once.
    kept = {
        collapse_spaces(text).casefold()
        for story in result.stories
        for text in (story.title, *story.captions, *story.body_lines)
    }
    # A line judged to be a site's chrome is dropped, and recorded with its line and reason.
    kept |= {collapse_spaces(drop.text).casefold() for drop in result.dropped if drop.reason}
    markers = {marker.strip() for marker in CONFIG.markers}
    for line in doubled:
        stripped = line.strip()
        if not stripped or stripped in markers or COUNTER.match(stripped):
            continue  # blank, marker and counter lines are never text
        key = collapse_spaces(line).casefold()
        # A line under a drop capital ("H" then "ong Kong ...") is kept with its letter, which
        # may fold to two characters ("\u0130" to "i\u0307").
        capped = any(0 < len(k) - len(key) <= 2 and k.endswith(key) for k in kept)
        assert key in kept or capped, line
    for story in result.stories:
        assert story.source.dump == "gen.txt" and story.title


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_never_crashes(data: bytes) -> None:
    decoded = decode_dump(data)
    if decoded is not None:
        assert "\r" not in decoded.text
        assert "\x00" not in decoded.text


# Lines a cp1252 editor would write: words of a Latin-script language, at most one accented
# letter to three plain ones (text where most letters are accented is another script read as
# cp1252, which is skipped: tests/test_not_text.py). Its high letters are never UTF-8
# continuation bytes, so a cp1252 line is never mistaken for UTF-8.
_PLAIN = st.text(st.sampled_from("abcXYZ"), min_size=3, max_size=8)
_WORD = st.tuples(_PLAIN, st.sampled_from(["", "é", "ï", "ü", "ñ", "à", "ç", "É"]), _PLAIN).map(
    lambda parts: parts[0] + parts[1] + parts[2][:1] if parts[1] else parts[0]
)
LEGACY = st.lists(_WORD, min_size=1, max_size=5).map(lambda words: " ".join(words) + ".")
MODERN = st.text(st.sampled_from("abc XYZ.,'é€“”—ßøæ中文ñ"), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), MODERN, LEGACY), min_size=1, max_size=30))
def test_mixed_encodings_decode_line_by_line(
    lines: list[tuple[bool, str, str]],
) -> None:
    chosen = [(legacy, text if legacy else modern) for legacy, modern, text in lines]
    data = b"\n".join(
        text.encode("cp1252") if legacy else text.encode("utf-8") for legacy, text in chosen
    )
    decoded = decode_dump(data)
    assert decoded is not None
    assert decoded.text.split("\n") == [text for _, text in chosen]
    assert set(decoded.legacy_lines) <= {
        number for number, (legacy, text) in enumerate(chosen, start=1) if legacy
    }


# --- several dumps ingested into a project ------------------------------------------------


def near_copy(story: GenStory, change: int) -> GenStory:
    """Return *story* with a small edit: a word changed, or its last paragraph dropped."""
    paragraphs = list(story.paragraphs)
    if change == 0 and len(paragraphs) > 1:
        paragraphs.pop()
    else:
        first = list(paragraphs[0])
        first[0] = first[0].replace(" ", " indeed ", 1) if " " in first[0] else first[0] + " too"
        paragraphs[0] = tuple(first)
    return GenStory(story.title, story.captions, tuple(paragraphs))


@st.composite
def projects(draw: st.DrawFn) -> dict[str, bytes]:
    """Return dump files: distinct stories, spread over dumps, with exact and near copies."""
    originals = draw(st.lists(stories, min_size=1, max_size=6, unique_by=lambda s: s.title))
    pool = list(originals)
    for story in originals:
        kind = draw(st.sampled_from(["none", "exact", "near"]))
        if kind == "exact":
            pool.append(story)
        elif kind == "near":
            pool.append(near_copy(story, draw(st.integers(0, 1))))
    order = draw(st.permutations(range(len(pool))))
    count = draw(st.integers(1, 3))
    files: dict[str, bytes] = {}
    for number in range(count):
        chosen = [pool[i] for i in order[number::count]]
        if not chosen:
            continue
        marker, counter = draw(st.booleans()), draw(st.booleans())
        separator = "\n" * draw(st.integers(3, 4))
        text = separator.join(render(story, marker, counter) for story in chosen) + "\n"
        if draw(st.booleans()):
            text = text.replace("\n", "\r\n")
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
        files[f"{number:03d}_dump.txt"] = text.encode(encoding)
    return files


# Found by the test in a clean-clone run: "news end." opens or closes stories of all three
# dumps, each time beside other text, so ingest judges it the outlets' line (shared_lines).
ACROSS_DUMPS = {
    "000_dump.txt": b"Headline Number 1 Shakes Markets\n\n\nHeadline Number 1 Shakes Markets\n\n"
    b"news end.\n\n\nHeadline Number 100401 Shakes Markets\n\n\nHeadline Number 100401 Shakes "
    b"Markets\n\nnews end.\n\nnews news news news news news news end.\n*bold* end.\n",
    "001_dump.txt": b"Headline Number 550 Shakes Markets\n\n\nHeadline Number 550 Shakes Markets"
    b"\n\nnews end.\n\n\nHeadline Number 0 Shakes Markets\n\nnews news news (Photo)\nnews news "
    b"news (Photo)\n\nHeadline Number 0 Shakes Markets\n\nnews news news (Photo)\nnews news news"
    b" (Photo)\n\nminister end.\n",
    "002_dump.txt": b"Headline Number 997 Shakes Markets\n\n\nHeadline Number 997 Shakes Markets"
    b"\n\nnews end.\n\n\nHeadline Number 997 Shakes Markets\n\n\nHeadline Number 997 Shakes "
    b"Markets\n\nnews indeed end.\n",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
@example(ACROSS_DUMPS)
def test_ingest_loses_no_line_and_a_second_ingest_changes_nothing(dumps: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project", dumps)
        first = run_ingest(project)
        assert first.export.kept_edited == ()
        content = snapshot(project / "content")
        second = run_ingest(project)
        assert snapshot(project / "content") == content
        assert second.export.written == () and second.export.kept_edited == ()
        # (the guessed dates it wrote are told once: the second ingest writes none)
        assert second.guessed == 0
        assert second.summary() == dataclasses.replace(first, guessed=0).summary().replace(
            f"({len(first.export.written)} written, 0 unchanged",
            f"(0 written, {len(first.export.written)} unchanged",
        )

        articles = [
            frontmatter.parse(path.read_text(encoding="utf-8"))
            for path in sorted((project / "content" / "articles").rglob("*.md"))
        ]
        found = {
            (raw.source.dump, raw.source.index): raw
            for result in _segmented(dumps, ProjectPaths(project).raw)
            for raw in result.stories
        }
        listed = [
            [(source["dump"], source["index"]) for source in data["sources"]]
            for data, _ in articles
        ]
        # Every story found in a dump is listed by exactly one article...
        assert sorted(source for sources in listed for source in sources) == sorted(found)
        # ... whose body is, line for line, one of the versions it lists.
        for (data, body), sources in zip(articles, listed, strict=True):
            versions = {markdown_body(found[source]) for source in sources}
            assert body.rstrip("\n") in versions, data["title"]


def _segmented(dumps: dict[str, bytes], raw_dir: Path) -> tuple[DumpResult, ...]:
    """What segmenting each dump alone gives, then judged across the dumps as ingest does: a
    line several dumps print at their stories' edges is the outlets' (shared_lines)."""
    names = sorted(dumps)
    results = []
    for name in names:
        decoded = decode_dump(dumps[name])
        assert decoded is not None
        found = segment_dump(Dump(name, decoded.text, decoded.encoding), CONFIG)
        results.append(DumpResult(None, False, found.stories, (), (), b"", found.dropped))
    first = DumpResults(tuple(results), tuple(names), {})
    return with_shared_lines(first, names, raw_dir, Config(), Cache(raw_dir, None)).results


@contextlib.contextmanager
def workers(count: int) -> Iterator[None]:
    """Run builds with *count* worker processes (0: everything in this process)."""
    saved = os.environ.get("DIGEST_WORKERS")
    os.environ["DIGEST_WORKERS"] = str(count)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["DIGEST_WORKERS"]
        else:
            os.environ["DIGEST_WORKERS"] = saved


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_the_site_is_the_same_with_or_without_cache_and_with_1_or_2_workers(
    dumps: dict[str, bytes],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project", dumps)
        sites = []
        # (workers, build cache): a cold build in this process, then warm and cold ones
        # with worker processes; site/ is removed each time so that it is built again.
        for count, cached in ((0, False), (1, True), (2, False), (2, True)):
            if not cached:
                remove_cache(project)
            shutil.rmtree(project / "site", ignore_errors=True)
            with workers(count), contextlib.redirect_stderr(io.StringIO()):
                build(project)
            sites.append(snapshot(project / "site"))
        assert sites[0], "nothing was built"
        for number, site in enumerate(sites[1:], start=1):
            assert site.keys() == sites[0].keys(), number
            assert [name for name in site if site[name] != sites[0][name]] == [], number

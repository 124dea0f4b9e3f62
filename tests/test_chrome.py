"""Chrome: fixture cases of stories copied in many outlets' styles -> the story, what its
chrome told, and every other line accounted for as dropped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import Config, IngestConfig
from digest.errors import ArticleErrors
from digest.ingest.article_text import markdown_body, told_keys
from digest.ingest.blocks import chunks_of
from digest.ingest.chrome import is_sentence, shape, shapes_for
from digest.ingest.dump_results import DumpResults
from digest.ingest.photo_credits import labelled_caption
from digest.ingest.photo_lines import caption_text, glued_caption
from digest.ingest.records import DumpResult
from digest.ingest.segment import segment_dump
from digest.ingest.shared_lines import with_shared_lines
from digest.ingest.wrapped import unwrapped_chunks
from digest.models import Dump, Told
from digest.site.load import read_article
from digest.store.cache import Cache
from digest.user_patterns import PatternTimeout
from tests.fixture_cases import Case, read_cases

CASES = read_cases("chrome")


def test_fixtures_were_found() -> None:
    assert len(CASES) >= 10


def _results(case: Case, folder: Path) -> list[tuple[str, DumpResult]]:
    """Each dump of *case* with what segmenting it gave; a case of several dumps is judged
    across them too (lines the outlets print at the edges of stories of several dumps)."""
    results = []
    for name, text in case.dumps.items():
        (folder / name).write_text(text, encoding="utf-8")
        found = segment_dump(Dump(name, text, "utf-8"), IngestConfig())
        results.append((name, DumpResult(None, False, found.stories, (), (), b"", found.dropped)))
    if len(results) == 1:
        return results
    names = [name for name, _ in results]
    first = DumpResults(tuple(r for _, r in results), tuple(names), {})
    shared = with_shared_lines(first, names, folder, Config(), Cache(folder, None))
    return list(zip(names, shared.results, strict=True))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_chrome_case(case: Case, tmp_path: Path) -> None:
    got = []
    stories = [story for _, result in _results(case, tmp_path) for story in result.stories]
    for story in stories:
        item: dict[str, object] = {
            "title": story.title,
            "captions": list(story.captions),
            "body": markdown_body(story),
        }
        told = told_keys(story.told)
        if told:
            item["told"] = told
        got.append(item)
    assert got == case.expected


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_every_line_is_kept_or_dropped_with_a_reason(case: Case, tmp_path: Path) -> None:
    for name, result in _results(case, tmp_path):
        _accounted(case.dumps[name], result)


def _accounted(text: str, result: DumpResult) -> None:
    kept: set[int | str] = {story.line for story in result.stories}
    captions = {" ".join(c.split()) for story in result.stories for c in story.captions}
    # A caption keeps the credit printed over it beside it: "Caption (PA Media)".
    kept |= captions | {c.rsplit(" (", 1)[0] for c in captions if c.endswith(")")}
    kept |= {line for story in result.stories for line in story.body_lines}
    # A table keeps each row its cells apart by tabs, and a row copied one cell a line.
    rows = [
        line
        for story in result.stories
        for b in story.blocks
        if b.kind == "table"
        for line in b.lines
    ]
    kept |= {" ".join(row.split()) for row in rows} | {
        cell for row in rows for cell in row.split("\t")
    }
    dropped = {drop.line: drop.reason for drop in result.dropped}
    assert all(reason for reason in dropped.values())
    # A paragraph's lines wrapped at a width are kept joined, under the first one's number.
    chunks = list(chunks_of(text, IngestConfig()))
    whole = {
        line.number: line.text for c in unwrapped_chunks(chunks) for p in c for line in p.lines
    }
    joined = {line.number for c in chunks for p in c for line in p.lines} - set(whole)
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        spaced = " ".join(line.split())
        # A line under a drop capital is kept with the capital put back in front of it.
        capped = any(len(k) == len(spaced) + 1 and k.endswith(spaced) for k in map(str, kept))
        # A caption printed after the screen reader's labels is kept without them.
        labelled = labelled_caption(spaced)
        unlabelled = labelled is not None and labelled[0] in kept
        # ... and without a gallery's counter or a link to buy its photo ("[1/3]...").
        unlabelled = unlabelled or (caption_text(spaced) != spaced and caption_text(spaced) in kept)
        # A caption glued to the lead is kept as the caption and the lead.
        glued = glued_caption(spaced)
        unlabelled = unlabelled or (glued is not None and glued[0] in kept and glued[1] in kept)
        if line.strip():
            # A line wrapped at a width goes with the line above it, joined to it.
            whole_line = " ".join(whole.get(number, line).split())
            found = (number in joined and found) or number in kept or whole_line in kept
            found = found or spaced in kept or capped or unlabelled or number in dropped
            assert found, line


def test_keep_and_chrome_patterns_in_the_settings_change_the_judgement() -> None:
    text = "Title Of It\n\nSponsored by Acme\n\nA sentence of story text, long enough to count.\n"
    plain = segment_dump(Dump("d.txt", text, "utf-8"), IngestConfig())
    assert "Sponsored by Acme" not in plain.stories[0].body_lines
    kept = segment_dump(Dump("d.txt", text, "utf-8"), IngestConfig(keep=("^sponsored by",)))
    assert "Sponsored by Acme" in kept.stories[0].body_lines
    extra = IngestConfig(chrome=("story text that is long",))
    assert shape("A sentence of story text that is long", shapes_for(extra.chrome, ())) == "pattern"


def test_a_pattern_of_nested_repeats_does_not_hang_ingest() -> None:
    """`re` backtracks for hours on `^(\\w+\\s?)*$` and a line of words ending in "!";
    `regex`, which matches the editor's patterns (digest/user_patterns.py), does not."""
    words = " ".join(["word"] * 30) + "!"
    text = f"Title Of It\n\n{words}\n\nA sentence of story text, long enough to count.\n"
    config = IngestConfig(chrome=(r"^(\w+\s?)*$", r"^(a+)+$"), keep=(r"(\w+\d*)+\.com",))
    segmented = segment_dump(Dump("d.txt", text, "utf-8"), config)
    assert words in segmented.stories[0].body_lines


def test_a_pattern_that_backtracks_without_end_stops_ingest_naming_it() -> None:
    """`regex` too tries exponentially many ways with `^(-|--)+$` on 48 dashes and an "x":
    the time limit stops it with the setting's name instead of a hang."""
    text = "Title Of It\n\n" + "-" * 48 + "x\n\nA sentence of story text, long enough.\n"
    config = IngestConfig(chrome=("^share", r"^(-|--)+$"))
    with pytest.raises(PatternTimeout, match=r"ingest\.chrome\[1\]: '\^\(-\|--\)\+\$' took"):
        segment_dump(Dump("d.txt", text, "utf-8"), config)


def test_a_sentence_is_never_judged_by_its_words_alone() -> None:
    shapes = shapes_for((), ())
    line = "By the end of the year, the council said, the bridge will be open again."
    assert is_sentence(line) and shape(line, shapes) is None
    assert shape("Share this article", shapes) == "label"
    assert shape("Facebook Twitter Email", shapes) == "share"
    assert shape("5 min read", shapes) == "reading time"


def test_told_keys_are_written_only_when_told() -> None:
    assert told_keys(Told()) == {}
    told = Told(("Ann Lee",), "Reuters", "LONDON", "Updated 9:04 GMT")
    assert told_keys(told) == {
        "authors": ["Ann Lee"],
        "outlet": "Reuters",
        "dateline": "LONDON",
        "published": "Updated 9:04 GMT",
    }


SHOWN = Path("content/articles/story.md")


def test_front_matter_takes_the_told_keys_and_checks_them() -> None:
    good = (
        "---\ntitle: T\ndate: 2026-01-13\nauthors: [Ann Lee]\noutlet: Reuters\n"
        "dateline: LONDON\npublished: 2026-01-13T09:04:00+00:00\n---\n"
    )
    assert read_article(good.encode(), Path("2026/01/t.md"), SHOWN).title == "T"
    bad = "---\ntitle: T\ndate: 2026-01-13\nauthors: Ann Lee\noutlet: ''\n---\n"
    with pytest.raises(ArticleErrors) as caught:
        read_article(bad.encode(), Path("2026/01/t.md"), SHOWN)
    found = [(error.line, error.message) for error in caught.value.errors]
    assert found[0][0] == 4 and found[0][1].startswith("authors: expected a list")
    assert found[1] == (5, "outlet: must not be empty")

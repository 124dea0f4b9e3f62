"""What a parse worker sends back (site/story_parse.read_and_parse): each story once.

A story goes back as the cache's JSON, which the build's process reads back into the same
story; only a story JSON cannot hold exactly (a date inside `extra`) goes back as objects.
Sent both ways, each story crossed the pipe twice (objects pickled beside their JSON).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from digest.site import renderer
from digest.site.story_parse import (
    FullStory,
    ParseTask,
    parse_files,
    read_and_parse,
    setup_parser,
    story_from_json,
)
from digest.site.typography import markdown

PLAIN = '---\ntitle: Plain\ndate: 2025-03-04\n---\n\nA body with "quotes".\n'
DATED = "---\ntitle: Dated\ndate: 2025-03-05\nextra: {seen: 2025-03-01}\n---\n\nBody.\n"


def _parsed(folder: Path) -> dict[str, object]:
    items = []
    for name, text in (("2025/03/plain.md", PLAIN), ("2025/03/dated.md", DATED)):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        items.append((name, hashlib.sha256(text.encode()).hexdigest()))
    state = setup_parser(ParseTask(folder, "en"))
    return dict(read_and_parse(state, items))


def test_a_story_is_sent_once_as_the_caches_json(tmp_path: Path) -> None:
    sent = _parsed(tmp_path)
    plain = sent["2025/03/plain.md"]
    assert isinstance(plain, bytes)  # the JSON alone, no objects beside it
    state = setup_parser(ParseTask(tmp_path, "en"))
    [(_, expected)] = parse_files(state, [("2025/03/plain.md", PLAIN.encode())])
    assert story_from_json(plain) == expected


def test_a_story_json_cannot_hold_is_sent_as_objects(tmp_path: Path) -> None:
    dated = _parsed(tmp_path)["2025/03/dated.md"]
    assert isinstance(dated, FullStory)
    assert dated.article.title == "Dated"


def test_a_body_too_slow_to_lay_out_is_refused_by_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # review18 R16: 800 KB of nested brackets held one story's layout for 96 s. The bound is
    # lowered here so the refusal shows without the wait; the body still takes seconds.
    monkeypatch.setattr(renderer, "BODY_SECONDS", 0.05)
    slow = "---\ntitle: Slow\ndate: 2025-03-04\n---\n\n" + "[" * 60_000 + "]" * 60_000 + "\n"
    state = setup_parser(ParseTask(tmp_path, "en"))
    done = dict(
        parse_files(
            state, [("2025/03/slow.md", slow.encode()), ("2025/03/plain.md", PLAIN.encode())]
        )
    )
    refused = done["2025/03/slow.md"]
    assert isinstance(refused, list) and refused[0][0] == str(tmp_path / "2025/03/slow.md")
    assert "took more than 0.05 s to lay out (120,001 characters" in refused[0][1]
    assert isinstance(done["2025/03/plain.md"], FullStory)  # the other stories go on


def test_nesting_past_commonmarks_depth_is_text() -> None:
    md = markdown("en")
    assert md.options["maxNesting"] == 20  # js-default's 100 looked 100 levels ahead per "["
    assert md.render("[[a]](u) *b **c** d*") == (
        '<p><a href="u">[a]</a> <em>b <strong>c</strong> d</em></p>\n'
    )

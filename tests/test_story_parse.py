"""What a parse worker sends back (site/story_parse.read_and_parse): each story once.

A story goes back as the cache's JSON, which the build's process reads back into the same
story; only a story JSON cannot hold exactly (a date inside `extra`) goes back as objects.
Sent both ways, each story crossed the pipe twice (objects pickled beside their JSON).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from digest.site.story_parse import (
    FullStory,
    ParseTask,
    parse_files,
    read_and_parse,
    setup_parser,
    story_from_json,
)

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

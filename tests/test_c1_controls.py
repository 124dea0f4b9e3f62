"""DEL and C1 controls (U+007F-U+009F) are cp1252 punctuation garbled on its way: a dump's
are read as the characters they stand for, with a warning naming the dump and its lines; a
hand-written story's are named by file and line, shown as meant, the file never rewritten."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from digest import xml_chars
from digest.commands.cli import main
from digest.ingest.dumps import dump_from_bytes
from tests.conftest_project import SEEDS, make_project, snapshot

SEED = "2025-04-28_000_795ca110c0324f7a.txt"
C1 = re.compile("[\x7f-\x9f]")


@pytest.mark.parametrize(
    ("garbled", "meant"),
    [
        ("It\x92s", "It\u2019s"),
        ("\x93Quoted\x94", "\u201cQuoted\u201d"),
        ("1990\x962000", "1990\u20132000"),
        ("and so on\x85", "and so on\u2026"),
        ("\x80100", "\u20ac100"),
        ("a\x7fb\x81c", "abc"),  # DEL, and a byte cp1252 has no character for
    ],
)
def test_c1_controls_are_read_as_the_cp1252_characters_they_stand_for(
    garbled: str, meant: str
) -> None:
    assert xml_chars.mend(garbled) == meant


def test_a_dump_s_c1_controls_are_read_as_meant_and_named_by_dump_and_line(tmp_path: Path) -> None:
    text = "Title\n\nIt\x92s one.\nPlain line.\n\x93Two\x94 here\x85\n"
    read = dump_from_bytes(tmp_path / "d.txt", tmp_path, text.encode("utf-8"))
    assert read.dump is not None and read.dump.text == xml_chars.mend(text)
    assert not C1.search(read.dump.text)
    assert read.warning is not None
    assert "d.txt: lines 3, 5 have 4 DEL and C1 control characters" in read.warning
    utf16 = dump_from_bytes(tmp_path / "e.txt", tmp_path, text.encode("utf-16"))
    assert utf16.dump is not None and utf16.dump.text == xml_chars.mend(text)


def ingest_seed(root: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    project = make_project(root, {SEED: text.encode("utf-8")})
    assert main(["build", "-q", "-C", str(project)]) == 0
    return project, capsys.readouterr().err


def test_a_garbled_dump_gives_the_stories_the_clean_one_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = (SEEDS / SEED).read_text(encoding="utf-8")
    assert "Russia's" in seed
    clean, said = ingest_seed(tmp_path / "clean", seed.replace("'", "\u2019"), capsys)
    assert "C1 control" not in said
    garbled, said = ingest_seed(tmp_path / "garbled", seed.replace("'", "\x92"), capsys)
    lines = [n for n, line in enumerate(seed.split("\n"), start=1) if "'" in line]
    assert f"{SEED}: lines {', '.join(map(str, lines[:10]))} (and" in said
    assert "Windows-1252 punctuation garbled on its way" in said
    assert (garbled / "content" / "raw" / SEED).read_text("utf-8") == seed.replace("'", "\x92")
    stories = snapshot(garbled / "content" / "articles")
    assert stories == snapshot(clean / "content" / "articles")
    assert any("Russia\u2019s" in data.decode("utf-8") for data in stories.values())


def test_a_hand_written_story_s_c1_controls_are_named_and_shown_as_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    story = project / "content" / "articles" / "hand" / "quote.md"
    story.parent.mkdir(parents=True)
    text = (
        '---\ntitle: "It\x92s Raining"\ndate: 2026-06-03\ntags: [Rain]\n'
        'captions: ["An \\x93umbrella\\x94"]\n---\n\nSo it\x92s wet\x85\n'
    )
    story.write_text(text, encoding="utf-8")
    named = f"{story}:2: a DEL or C1 control character (U+0092), Windows-1252 punctuation"
    assert main(["check", "-q", "-C", str(project)]) == 1  # not a YAML error: a warning
    assert named in capsys.readouterr().err
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert named in capsys.readouterr().err
    assert story.read_text(encoding="utf-8") == text  # the editor's file is never rewritten
    site = project / "site"
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].title == "It\u2019s Raining"
    page = (site / "2026" / "06" / "03" / "quote" / "index.html").read_text(encoding="utf-8")
    assert "So it\u2019s wet\u2026" in page and "\u201cumbrella\u201d" in page
    assert not C1.search(page)


def test_an_escaped_c1_control_in_front_matter_is_named_by_its_key_s_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    story = project / "content" / "articles" / "hand" / "escaped.md"
    story.parent.mkdir(parents=True)
    story.write_text(
        '---\ntitle: Plain\ndate: 2026-06-03\ncaptions: ["A \\x96 B"]\n---\n\nBody.\n', "utf-8"
    )
    assert main(["check", "-q", "-C", str(project)]) == 1
    assert f"{story}:4: a DEL or C1 control character (U+0096)" in capsys.readouterr().err

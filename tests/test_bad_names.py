"""File names and templates that are not UTF-8 (a Latin-1 "caf\\xe9" from an old archive, a
template saved by a Latin-1 editor): a warning or an error naming the file, never a traceback.

A name that is not UTF-8 reaches Python with surrogate escapes, which no cache key, page path
or URL can carry: the folder walk skips it with a warning naming the folder and the name's
bytes, and the rest of the build goes on.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from digest.commands.cli import main
from tests.conftest_project import make_project
from tests.test_cache import story, write_stories

LATIN1 = b"caf\xe9"  # "cafe" with an e-acute, as Latin-1 writes it


def build(project: Path) -> tuple[int, str]:
    """Run `digest build` in this process; return its exit code and what it printed."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", "-q", "-C", str(project)])
    return code, err.getvalue()


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(folder) + b"/" + name, "wb") as file:
        file.write(data)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    (root / "digest.yaml").write_text("title: T\nbase_url: https://news.invalid/\n")
    write_stories(root, 3)
    return root


@pytest.mark.parametrize(
    ("folder", "name", "data"),
    [
        ("static", LATIN1 + b".txt", b"menu\n"),
        ("static/sub", LATIN1 + b".txt", b"menu\n"),
        ("content/articles/2025/01", LATIN1 + b".md", story(7, 1).encode()),
        (
            "content/raw",
            b"d\xe9p\xeache.txt",
            b"TT\n1\nA headline\n\nIn Paris.\n",
        ),
    ],
)
def test_a_name_not_utf8_is_skipped_with_a_warning_and_the_build_goes_on(
    project: Path, folder: str, name: bytes, data: bytes
) -> None:
    write_bytes_name(project / folder, name, data)
    (project / "static").mkdir(exist_ok=True)
    (project / "static" / "fine.txt").write_text("fine\n")
    code, err = build(project)
    assert code == 0, err
    assert "Traceback" not in err
    said = f"warning: {folder}: a file name that is not UTF-8 text, {name!r}; skipped"
    assert said in err, err
    site = project / "site"
    assert (site / "fine.txt").read_text() == "fine\n"
    assert len(list(site.glob("2025/01/*/story-0/index.html"))) == 1
    # The next build (nothing changed) says it again and still builds.
    code, again = build(project)
    assert code == 0 and f"{name!r}; skipped" in again, again


def test_a_folder_not_utf8_is_skipped_whole(project: Path) -> None:
    inside = project / "content" / "articles" / os.fsdecode(LATIN1)
    write_bytes_name(inside, b"story.md", story(8, 1).encode())
    code, err = build(project)
    assert code == 0, err
    assert f"warning: content/articles: a file name that is not UTF-8 text, {LATIN1!r}" in err
    assert not list((project / "site").glob("2025/*/*/story/index.html"))
    assert len(list((project / "site").glob("2025/*/*/story-*/index.html"))) == 3


def test_a_template_not_utf8_is_named_with_its_line(project: Path) -> None:
    (project / "templates").mkdir()
    text = '{% extends "base.html" %}\n{% block main %}\n<p>Caf\u00e9</p>\n{% endblock %}\n'
    (project / "templates" / "home.html").write_bytes(text.encode("latin-1"))
    code, err = build(project)
    assert code == 1
    assert err.startswith("digest: error: ") and "Traceback" not in err
    assert "templates/home.html:3: not UTF-8 text (byte 0xe9): save the template as UTF-8" in err


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("content/raw", "2026-05-10_a\nwarning: everything is fine.txt"),
        ("content/raw", "bad\x1b[31mred\x07.txt"),
        ("content/articles/2025/01", "evil\r\x1b[1A\x1b[2K.md"),
        ("static", "x\x9b2J.txt"),  # a C1 control: the terminal's one-byte CSI
    ],
)
def test_a_name_holding_a_control_character_is_skipped_and_shown_escaped(
    project: Path, folder: str, name: str
) -> None:
    """A line break or escape in a name forged a warning line, cleared the screen or erased
    the error above it when the name was printed (review15 F10)."""
    (project / folder).mkdir(parents=True, exist_ok=True)
    (project / folder / name).write_text("Harbour talks\n\nDock workers met on Monday.\n")
    (project / "static").mkdir(exist_ok=True)
    persian = project / "static" / "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.txt"
    persian.write_text("a zero-width non-joiner is part of a Persian word, not a control\n")
    code, err = build(project)
    assert code == 0, err
    assert f"warning: {folder}: a file name holding a control character, " in err
    assert ascii(name) in err
    assert not any(char in err for char in "\x1b\x07\r\x9b"), ascii(err)
    assert "\nwarning: everything is fine" not in err
    assert (project / "site" / persian.name).exists()

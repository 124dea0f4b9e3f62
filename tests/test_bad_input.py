"""Bad input through the whole pipeline: a clear message naming the file (and line), no crash.

Broken dumps are passed over with a warning and the rest of the build goes on; broken front
matter, settings or themes stop the build with exit code 1 and leave site/ as it was.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from digest import frontmatter
from digest.commands.cli import main
from digest.site.typography import typeset
from tests.conftest_project import make_project, snapshot
from tests.cpu_time import cpu_time

TEN_MB = 10 * 1024 * 1024
VOCABULARY = [
    *("harbour", "bridge", "council", "minister", "farmers", "river", "election", "budget"),
    *("school", "hospital", "rail", "strike", "court", "museum", "drought", "storm"),
    *("vaccine", "festival", "border", "tariff", "census", "reactor", "dam", "library"),
    *("airport", "factory", "mine", "forest", "glacier", "canal", "market", "bank"),
]
YAML_TITLE = "--- : # - \" ' { } [ ] | > & * ! % @ ` Title"
YAML_CAPTION = "---caption: # {x} [y] | > & * ! 'q' \"d\" key: value"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(*args: str) -> Run:
    """Run the command line in this process (the same `main` as the `digest` script)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def story(title: str, *body: str, captions: tuple[str, ...] = ()) -> str:
    """Return one story as the news sites print it (header twice, marker line)."""
    doubled = [line for caption in captions for line in (caption, caption)]
    header = [title, "", *doubled, "TT", "", title, ""] + ([*doubled, ""] if doubled else [])
    return "\n".join([*header, "\n\n".join(body)]) + "\n"


def last_line(data: bytes) -> int:
    """Return the number of the last line of *data* (which ends with a newline)."""
    return data.count(b"\n")


BAD_DUMPS: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"\n \n\t\n\r\n",
    "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "late-nul.txt": story("Late Nul Story", "Text " * 3000).encode() + b"\x00 more",
    "one-line.txt": (b"word " * (TEN_MB // 5 + 1))[: TEN_MB - 1] + b".",
    "long-line-inside.txt": (
        story("Before The Long Line", "A normal paragraph before it.")
        + "\n\n"
        + story("The Long Line Story", "x" * 200_000)
        + "\n\n"
        + story("After The Long Line", "A normal paragraph after it.")
    ).encode(),
    "mixed.txt": story("Caf\u00e9 Owners Meet In Paris", "The caf\u00e9 opened on Monday.").encode()
    + "A na\u00efve line from an older file.\n".encode("cp1252"),
    "bom-cp1252.txt": b"\xef\xbb\xbf"
    + story("Bom Story About S\u00e3o Paulo", "Said \u201cyes\u201d.").encode()
    + "Ann\u00e9e line.\n".encode("cp1252"),
    "undefined-cp1252.txt": story("Odd Bytes Story", "Good line.").encode("cp1252")
    + b"Bad \x81\x8d byte line.\n",
    "utf16.txt": story("Utf Sixteen Story", "Read from UTF-16 with a BOM.").encode("utf-16"),
    "titles-only.txt": b"Only A Title\n\n\nAnother Title\n\n\nThird Title\n",
    "yaml.txt": story(
        YAML_TITLE,
        "---",
        "- not a list item",
        "key: not a mapping",
        "{ not: flow } [ nor, this ] | > & * !",
        captions=(YAML_CAPTION,),
    ).encode(),
    "slugs.txt": "\n\n\n".join(
        [
            story("!!!", "Body of the bang story."),
            story("..", "Body of the dots story."),
            story("Iran: Talks", "The first body about talks in Tehran and Muscat."),
            story("Iran Talks", "A second, different body about other talks in Vienna."),
        ]
    ).encode(),
}


@pytest.fixture(scope="module")
def bad_dumps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """Return a project with the seeds and every bad dump, built once, and what it printed."""
    project = make_project(tmp_path_factory.mktemp("bad") / "project", BAD_DUMPS, seeds=True)
    return project, run("build", "-q", "-C", str(project))


def articles(project: Path) -> dict[str, tuple[dict[str, object], str, Path]]:
    """Return each article's front matter, body and path, by title."""
    found = {}
    for path in sorted((project / "content" / "articles").rglob("*.md")):
        data, body = frontmatter.parse(path.read_text(encoding="utf-8"))
        found[str(data["title"])] = (data, body, path)
    return found


def page_of(project: Path, path: Path) -> str:
    """Return the HTML of the story page built from the article file *path*."""
    (page,) = (project / "site").rglob(f"{path.stem}/index.html")
    return page.read_text(encoding="utf-8")


def test_bad_dumps_are_warned_about_and_the_build_goes_on(bad_dumps: tuple[Path, Run]) -> None:
    project, result = bad_dumps
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line]
    assert all(line.startswith("warning: ") for line in warnings), warnings
    long_inside = BAD_DUMPS["long-line-inside.txt"].decode()
    long_title = long_inside.count("\n", 0, long_inside.index("The Long Line Story")) + 1
    long_line = long_inside.count("\n", 0, long_inside.index("x" * 1000)) + 1
    expected = [
        "warning: content/raw/empty.txt: empty dump; skipped",
        "warning: content/raw/blank.txt: empty dump; skipped",
        "warning: content/raw/picture.txt: binary file (a PNG image), not a text dump; skipped",
        "warning: content/raw/"
        f"late-nul.txt: line {last_line(BAD_DUMPS['late-nul.txt']) + 1} holds NUL bytes,"
        " which text never has (a damaged file?); save it again as UTF-8 text; skipped",
        "warning: content/raw/"
        "one-line.txt:1: line of 10,485,760 characters (at most 100,000 make sense "
        "in a story); the story starting at line 1 is skipped, the dump is unchanged",
        "warning: content/raw/"
        f"long-line-inside.txt:{long_line}: line of 200,000 characters (at most "
        f"100,000 make sense in a story); the story starting at line {long_title} is skipped, "
        "the dump is unchanged",
        "warning: content/raw/"
        f"mixed.txt: line {last_line(BAD_DUMPS['mixed.txt'])} is not UTF-8 like the "
        "rest of the dump; read as cp1252",
        "warning: content/raw/"
        f"bom-cp1252.txt: line {last_line(BAD_DUMPS['bom-cp1252.txt'])} is not UTF-8 "
        "like the rest of the dump; read as cp1252",
        "warning: content/raw/"
        f"undefined-cp1252.txt: line {last_line(BAD_DUMPS['undefined-cp1252.txt'])} "
        "has bytes that are neither UTF-8 nor cp1252; shown as \ufffd",
        "warning: content/raw/"
        "titles-only.txt:1: story 'Only A Title' has no body: written as a draft, "
        "not published",
        "warning: content/raw/"
        "titles-only.txt:4: story 'Another Title' has no body: written as a draft, "
        "not published",
        "warning: content/raw/"
        "titles-only.txt:7: story 'Third Title' has no body: written as a draft, "
        "not published",
        # The sample settings' base_url is https://example.org/, which no reader can reach.
        "warning: digest.yaml: base_url 'https://example.org/' is an example domain: the feeds, "
        "sitemap and canonical links point there; set base_url to the address the site is "
        "published at",
    ]
    for line in expected:
        assert line in warnings, (line, warnings)
    assert len(warnings) == len(expected), warnings
    # The seeds' stories and the good stories of the bad dumps are all there.
    titles = set(articles(project))
    assert "Finland Summons Iran Envoy Over Deadly Protests" in titles
    assert {"Before The Long Line", "After The Long Line"} <= titles
    assert "The Long Line Story" not in titles
    assert (project / "site" / "index.html").is_file()


def test_dumps_are_never_written(bad_dumps: tuple[Path, Run]) -> None:
    project, _ = bad_dumps
    for name, data in BAD_DUMPS.items():
        assert (project / "content" / "raw" / name).read_bytes() == data


def test_mixed_encodings_are_read_line_by_line(bad_dumps: tuple[Path, Run]) -> None:
    project, _ = bad_dumps
    found = articles(project)
    _, body, _ = found["Caf\u00e9 Owners Meet In Paris"]
    # (each a sentence on a line of its own: a paragraph each, review16 G24)
    assert "The caf\u00e9 opened on Monday.\n\nA na\u00efve line from an older file." in body
    _, body, _ = found["Bom Story About S\u00e3o Paulo"]
    assert "Said \u201cyes\u201d.\n\nAnn\u00e9e line." in body
    _, body, _ = found["Odd Bytes Story"]
    assert "Bad \ufffd\ufffd byte line." in body
    assert "Utf Sixteen Story" in found


def test_stories_without_a_body_are_drafts_not_pages(bad_dumps: tuple[Path, Run]) -> None:
    """A headline with no text is kept for the editor to finish (no line lost), but never
    published as an empty page, in a feed or in the sitemap."""
    project, _ = bad_dumps
    found = articles(project)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    for title in ("Only A Title", "Another Title", "Third Title"):
        data, body, path = found[title]
        assert body.strip() == "" and data["draft"] is True
        assert not list((project / "site").rglob(f"{path.stem}/index.html"))
        assert f"/{path.stem}/" not in sitemap


def test_yaml_characters_survive_front_matter_and_pages(bad_dumps: tuple[Path, Run]) -> None:
    project, _ = bad_dumps
    data, body, path = articles(project)[YAML_TITLE]
    assert data["captions"] == [YAML_CAPTION]
    assert body.split("\n") == [
        "\\---",
        "",
        "\\- not a list item",
        "",
        "key: not a mapping",
        "",
        "{ not: flow } \\[ nor, this \\] | > & \\* !",
        "",
    ]
    page = page_of(project, path)
    title = re.search(r'<h1 data-pagefind-meta="title" dir="auto">(.*?)</h1>', page)
    # Only set as type: curly quotes and dashes (digest/site/typography.py).
    assert title and html.unescape(title.group(1)) == typeset(YAML_TITLE)
    assert html.escape(YAML_CAPTION, quote=False) in page.replace("&#34;", '"').replace(
        "&#39;", "'"
    )
    # The escaped first dash stays as it is; the typographer sets the other two as an en dash.
    assert "<p>-\u2013</p>" in page and "<p>- not a list item</p>" in page
    assert "<hr" not in page.split("<main")[1]  # "---" stayed text, not a rule


def test_titles_that_slug_to_nothing_or_alike_get_distinct_files_and_pages(
    bad_dumps: tuple[Path, Run],
) -> None:
    project, _ = bad_dumps
    found = articles(project)
    names = {title: found[title][2].name for title in ("!!!", "..", "Iran: Talks", "Iran Talks")}
    assert names == {
        "!!!": "story.md",
        "..": "story-2.md",
        "Iran: Talks": "iran-talks.md",
        "Iran Talks": "iran-talks-2.md",
    }
    for title, name in names.items():
        page = page_of(project, found[title][2])
        assert html.escape(typeset(title), quote=False) in page, name  # ".." is set as "…"


# --- broken articles ----------------------------------------------------------------------

BROKEN_ARTICLES = {
    "not-a-mapping.md": ("---\n- a\n- b\n---\n\nBody.\n", 2, "front matter must be a mapping"),
    "tags-text.md": (
        "---\ntitle: T\ndate: 2026-01-13\ntags: Iran\n---\n",
        4,
        "tags: expected a list such as [a, b], got text 'Iran'",
    ),
    "impossible-date.md": (
        "---\ntitle: T\ndate: 2026-02-30\n---\n",
        3,
        "impossible date",
    ),
    "date-text.md": (
        "---\ntitle: T\ndate: next Tuesday\n---\n",
        3,
        "date: expected a date (2026-01-13) or ISO 8601 date-time, got text 'next Tuesday'",
    ),
    "unknown-key.md": (
        "---\ntitle: T\ndate: 2026-01-13\ncolour: red\n---\n",
        4,
        "unknown key 'colour'",
    ),
    "duplicate-key.md": (
        "---\ntitle: A\ndate: 2026-01-13\ntitle: B\n---\n",
        "4:1",
        "duplicate key 'title': it is given on line 2 and again here",
    ),
    "no-closing.md": ("---\ntitle: T\ndate: 2026-01-13\n", 1, "no closing '---' line"),
    "no-front-matter.md": ("Just text.\n", 1, "must start with a '---' line"),
    "empty.md": ("", 1, "must start with a '---' line"),
    "bad-yaml.md": (
        "---\ntitle: [unclosed\ndate: 2026-01-13\n---\n",
        "2:8",
        "not valid YAML: a list opened with '[' here is not closed",
    ),
    "draft-text.md": (
        "---\ntitle: T\ndate: 2026-01-13\ndraft: maybe\n---\n",
        4,
        "draft: expected true or false, got text 'maybe'",
    ),
}


def test_broken_front_matter_stops_the_build_naming_every_file_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    assert run("build", "-q", "-C", str(project)).code == 0
    site = snapshot(project / "site")
    folder = project / "content" / "articles" / "broken"
    folder.mkdir()
    for name, (text, _, _) in BROKEN_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    latin1 = "---\ntitle: Caf\u00e9\ndate: 2026-01-13\n---\n".encode("cp1252")
    (folder / "latin1.md").write_bytes(latin1)
    (folder / "no-body.md").write_text("---\ntitle: No Body\ndate: 2026-01-13\n---\n")
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1
    errors = result.err.splitlines()
    assert errors[0].startswith("digest: error: ")
    for name, (_, line, message) in BROKEN_ARTICLES.items():
        where = f"{folder / name}:{line}: " if line else f"{folder / name}:"
        assert any(where in error and message in error for error in errors), (name, errors)
    assert any(f"{folder / 'latin1.md'}:2: not UTF-8 text" in error for error in errors)
    assert not any("no-body.md" in error for error in errors)
    assert snapshot(project / "site") == site
    for name, (text, _, _) in BROKEN_ARTICLES.items():
        assert (folder / name).read_text(encoding="utf-8") == text  # never rewritten

    for path in folder.iterdir():
        if path.name != "no-body.md":
            path.unlink()
    result = run("build", "-q", "-C", str(project))
    assert result.code == 0, result.err
    assert (project / "site" / "2026" / "01" / "13" / "no-body" / "index.html").is_file()


# --- broken settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "messages"),
    [
        (
            "title: 3\npaginat: 2\ningest:\n  markers: TT\n  shingle_words: five\n",
            [
                "digest.yaml:1: title: expected str, got int 3",
                "digest.yaml:2: paginat: unknown key (known keys: ",
                "digest.yaml:5: ingest.shingle_words: expected int, got str 'five'",
            ],
        ),
        ("- a list\n- not settings\n", ["digest.yaml: the top level: expected a mapping"]),
        (
            "title: [unclosed\n",
            ["digest.yaml:1:8: not valid YAML: a list opened with '[' here is not closed"],
        ),
        ("classify:\n  regions: Europe\n", ["digest.yaml:2: classify.regions: expected a mapping"]),
        ("paginate: 0\n", ["digest.yaml:1: paginate: must be at least 1, got 0"]),
        ("base_url: example.org\n", ["digest.yaml:1: base_url: expected an absolute http(s) URL"]),
        ("theme: ../../etc\n", ["digest.yaml:1: theme: not a theme name: '../../etc'"]),
        ("title: T\ntheme: nowhere\n", ["digest.yaml:2: theme: 'nowhere' not found in "]),
        (
            "classify:\n  min_tags: 10\n  max_tags: 2\n",
            ["digest.yaml:2: classify.min_tags: 10 is more than classify.max_tags (2)"],
        ),
        (
            'classify:\n  regions:\n    "": [Lisbon]\n',
            ["digest.yaml:3: classify.regions.'': a name must not be empty"],
        ),
        (
            "classify:\n  topics:\n    strikes: [strike*, '  ']\n",
            ["digest.yaml:3: classify.topics.strikes[1]: an empty name"],
        ),
        (  # each named by its own line, not its mapping's
            "classify:\n  aliases:\n    Kyiv:\n      - Kiev\n      - ''\n",
            ["digest.yaml:5: classify.aliases.Kyiv[1]: an empty name"],
        ),
        (  # review17 H29: "-" in regions and ignore was a KeyError traceback in gazetteer
            "classify:\n  regions:\n    Europe: ['-']\n  ignore: ['-', '*']\n",
            [
                "digest.yaml:3: classify.regions.Europe[0]: '-' has no letters or digits",
                "digest.yaml:4: classify.ignore[0]: '-' has no letters or digits",
                "classify.ignore[1]: '*' has no letters or digits",
            ],
        ),
        (
            "classify:\n  regions:\n    Europe: [Paris]\n    Asia: 5\n",
            ["digest.yaml:4: classify.regions.Asia: expected a list, got int"],
        ),
        (
            'classify:\n  topics:\n    "Pay: rises": [pay]\n    Strikes:\n      - "walk\\aout"\n',
            ["digest.yaml:5: classify.topics.Strikes[0]: a control character (U+0007)"],
        ),
        ('title: "Daily\\a Digest"\n', ["digest.yaml:1: title: a control character (U+0007)"]),
        (
            'classify:\n  regions:\n    "North\\eSea": [Bergen]\n',
            ["digest.yaml:3: classify.regions.'North\\x1bSea': a control character (U+001B)"],
        ),
        (
            "base_url: https://user:secret@news.example.org/\n",
            ["digest.yaml:1: base_url: must not hold a user name or password"],
        ),
        (
            "base_url: https://news.example.org/my digest/\n",
            ["digest.yaml:1: base_url: a space or a character a URL cannot hold"],
        ),
    ],
)
def test_broken_settings_stop_the_build_before_anything_is_written(
    tmp_path: Path, settings: str, messages: list[str]
) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    (project / "digest.yaml").write_text(settings, encoding="utf-8")
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1
    assert result.err.startswith("digest: error: ")
    for message in messages:
        assert message in result.err, result.err
    assert not (project / "site").exists()


def test_settings_that_are_not_utf8_are_named(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    (project / "digest.yaml").write_bytes("title: Caf\u00e9\n".encode("cp1252"))
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1 and "digest.yaml:1: not UTF-8 text (byte 0xe9)" in result.err


def test_settings_saved_as_utf16_say_so(tmp_path: Path) -> None:
    """Notepad's "Unicode" is UTF-16: Python's codec words said nothing of it (review19 S20)."""
    project = make_project(tmp_path / "project", seeds=True)
    text = (project / "digest.yaml").read_text(encoding="utf-8")
    (project / "digest.yaml").write_bytes(text.encode("utf-16"))
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1 and "digest.yaml:1: saved as UTF-16" in result.err, result.err
    assert "codec" not in result.err


# --- broken themes ------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Path]:
    project = make_project(tmp_path / "project", seeds=True)
    assert run("build", "-q", "-C", str(project)).code == 0
    yield project


@pytest.mark.parametrize(
    ("template", "text", "message"),
    [
        (
            "article.html",
            '{% extends "base.html" %}\n{% block main %}\n{{ story.title \n{% endblock %}\n',
            "templates/article.html:4: expected token 'end of print statement', got '{'",
        ),
        (
            "home.html",
            '{% extends "base.html" %}\n{% block main %}\n{% include "nowhere.html" %}\n'
            "{% endblock %}\n",
            "templates/home.html:3: template 'nowhere.html' not found",
        ),
        (
            "home.html",
            '{% extends "base.html" %}\n{% block main %}\n\n{{ no_such_value.title }}\n'
            "{% endblock %}\n",
            "templates/home.html:4: 'no_such_value' is undefined",
        ),
        ("home.html", '{% extends "nobase.html" %}\n', "template 'nobase.html' not found"),
        (  # review19 S20: Python's "RecursionError: maximum recursion depth exceeded"
            "article.html",
            '\n{% include "article.html" %}\n',
            "templates/article.html:2: the template includes, imports or extends itself",
        ),
    ],
)
def test_a_broken_template_is_named_with_its_line_and_the_site_stays(
    built: Path, template: str, text: str, message: str
) -> None:
    site = snapshot(built / "site")
    (built / "templates").mkdir()
    (built / "templates" / template).write_text(text, encoding="utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert result.err.startswith("digest: error: ")
    assert message in result.err, result.err
    assert snapshot(built / "site") == site


def test_a_theme_without_a_template_it_needs_is_named(built: Path) -> None:
    site = snapshot(built / "site")
    theme = built / "themes" / "bare"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text("<html></html>\n")
    (built / "digest.yaml").write_text("theme: bare\n", encoding="utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert re.search(r"theme 'bare': template '\w+\.html' not found", result.err), result.err
    assert snapshot(built / "site") == site


def test_a_broken_theme_yaml_is_named(built: Path) -> None:
    theme = built / "themes" / "odd"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: [default]\ncolour: red\n")
    (built / "digest.yaml").write_text("theme: odd\n", encoding="utf-8")
    result = run("build", "-q", "-C", str(built))
    assert result.code == 1
    assert "themes/odd/theme.yaml:2: unknown key 'colour'" in result.err


# --- volume -------------------------------------------------------------------------------


def test_ten_thousand_stories_with_one_title(tmp_path: Path) -> None:
    parts = []
    for number in range(10_000):
        body = " ".join(random.Random(number).choices(VOCABULARY, k=20))
        parts.append(story("The Same Title Again", f"{body} (number {number})."))
    project = make_project(tmp_path / "project", {"same.txt": "\n\n".join(parts).encode()})
    with cpu_time() as spent:  # its workers too: children, waited for
        result = run("ingest", "-q", "-C", str(project))
    assert result.code == 0, result.err
    files = sorted((project / "content" / "articles").rglob("*.md"))
    names = {path.name for path in files}
    assert len(files) == len(names) == 10_000
    assert {"the-same-title-again.md", "the-same-title-again-10000.md"} <= names
    assert spent.seconds < 60, f"ingest of 10 000 stories took {spent.seconds:.0f} s of CPU"


def test_the_real_command_prints_no_traceback_for_a_broken_project(
    bad_dumps: tuple[Path, Run], tmp_path: Path
) -> None:
    project = make_project(tmp_path / "project", {"hostile.txt": BAD_DUMPS["yaml.txt"]})
    (project / "content" / "articles").mkdir(parents=True)
    (project / "content" / "articles" / "x.md").write_text("---\n[\n---\n")
    result = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-C", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{project / 'content' / 'articles' / 'x.md'}:" in result.stderr


def test_every_skipped_file_is_named_relative_to_the_project_whatever_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review19 S20: skipped dumps were named three ways (bare, relative, absolute)."""
    project = make_project(
        tmp_path / "project",
        {"junk.txt": b"junk \x00\x01\x02\x00 binary", "notes.docx": b"PK\x03\x04"},
        seeds=True,
    )
    raw = project / "content" / "raw"
    os.mkfifo(raw / "pipe.txt")
    (raw / "link.txt").symlink_to(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for given in (str(project), "../project"):  # -C absolute, and relative to where it runs
        result = run("build", "-q", "-C", given)
        assert result.code == 0, result.err
        warnings = [line for line in result.err.splitlines() if "digest.yaml" not in line]
        assert warnings and str(project) not in "\n".join(warnings), warnings
        for name in ("junk.txt", "notes.docx", "pipe.txt", "link.txt"):
            assert any(line.startswith(f"warning: content/raw/{name}:") for line in warnings)


def test_a_content_folder_linked_out_of_the_project_is_named_as_the_link(tmp_path: Path) -> None:
    """review19 S20: the error named content/articles, and its warnings content/articles and
    content/raw: the link the editor made, and must remove, is content/."""
    project = make_project(tmp_path / "project", seeds=True)
    (project / "content").rename(tmp_path / "content")
    (project / "content").symlink_to(tmp_path / "content")
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1
    assert "digest: error: content: a symbolic link out of the project" in result.err
    assert f"warning: content: a symbolic link to {tmp_path / 'content'}," in result.err
    assert "content/articles" not in result.err and "content/raw" not in result.err
    assert "Traceback" not in result.err

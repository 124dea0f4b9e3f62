"""Saved web pages in content/raw/ (issue 18): one story each, its metadata and its photo.

The fixture pages in tests/fixtures/saved/ are written for these tests: an article saved
"complete" (harbour.html with harbour_files/), a site's front page and a search result.
"""

from __future__ import annotations

import email.generator
import email.mime.image
import email.mime.multipart
import email.mime.text
import hashlib
import io
import json
import os
import shutil
import socket
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from digest import frontmatter
from digest.commands.cli import main
from digest.errors import DigestError
from digest.ingest.photos import _link_new
from digest.ingest.pipeline import run_ingest
from digest.ingest.records import DumpResult
from digest.ingest.saved_extract import page_story
from digest.ingest.saved_pages import (
    MAX_HTML_BYTES,
    MAX_MARKUP_CHARS,
    decode_html,
    read_saved_page,
)
from tests.conftest_project import make_project, snapshot
from tests.cpu_time import cpu_time

FIXTURES = Path(__file__).parent / "fixtures" / "saved"
HARBOUR = (FIXTURES / "harbour.html").read_bytes()
PHOTO = (FIXTURES / "harbour_files" / "ferry-at-dawn.jpg").read_bytes()
TITLE = "Harbour Ferries Return After Three-Week Strike"


def stories(project: Path) -> dict[str, tuple[dict[str, Any], str, Path]]:
    """Return each written story's front matter, body and path, by title."""
    found = {}
    for path in sorted((project / "content" / "articles").rglob("*.md")):
        data, body = frontmatter.parse(path.read_text(encoding="utf-8"))
        found[data["title"]] = (data, body, path)
    return found


def saved_project(root: Path, *names: str) -> Path:
    """Return a project whose content/raw/ holds the fixture pages *names* (and folders)."""
    project = make_project(root)
    for name in names:
        source = FIXTURES / name
        if source.is_dir():
            shutil.copytree(source, project / "content" / "raw" / name)
        else:
            shutil.copyfile(source, project / "content" / "raw" / name)
    return project


def mhtml_of(html: bytes, pictures: dict[str, bytes]) -> bytes:
    """Return an MHTML archive (RFC 2557) of a page and its pictures, as browsers save one."""
    archive = email.mime.multipart.MIMEMultipart("related", type="text/html")
    archive["Date"] = "Wed, 05 Mar 2025 10:00:00 +0000"
    archive["Snapshot-Content-Location"] = "https://news.example.org/2025/03/04/harbour-ferries"
    page = email.mime.text.MIMEText(html.decode("utf-8"), "html", "utf-8")
    page["Content-Location"] = "https://news.example.org/2025/03/04/harbour-ferries"
    archive.attach(page)
    for location, data in pictures.items():
        picture = email.mime.image.MIMEImage(data, "jpeg")
        picture["Content-Location"] = location
        archive.attach(picture)
    out = io.BytesIO()
    email.generator.BytesGenerator(out).flatten(archive)
    return out.getvalue()


def test_a_saved_page_is_one_story_with_its_metadata_and_photo(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    report = run_ingest(project)
    assert report.warnings == ()
    (data, body, path) = stories(project)[TITLE]
    assert data["authors"] == ["Mara Lindqvist"]
    assert data["outlet"] == "Coastal Courier"
    assert data["url"] == "https://news.example.org/2025/03/04/harbour-ferries"
    # The time the page states, in its own zone: the date resolver's `page` evidence.
    assert data["published"] == "2025-03-04T07:45:00+01:00"
    assert (data["date_source"], data["date_precision"]) == ("page", "time")
    assert data["sources"] == [{"dump": "harbour.html", "index": 1}]
    image = data["image"]
    assert image == {
        "file": path.stem + ".jpg",
        "alt": "A ferry leaves the harbour at dawn",
        "caption": "The first ferry leaves the east pier on Tuesday morning.",
        "credit": "Photo: Jonas Berg/Coastal Courier",
    }
    assert (path.parent / image["file"]).read_bytes() == PHOTO
    # Paragraphs, sub-headings, lists and quotes kept; the headline not repeated; no chrome.
    assert body.startswith("The harbour ferries sailed again on Tuesday morning")
    assert "\n\n## What the crews won\n\n" in body
    assert "- Four percent more pay from April\n- At most two night shifts a week\n" in body
    assert "> We did not want to stop the boats, but we could not go on as before." in body
    for chrome in ("Copyright", "Local team wins the cup", "Subscribe", "By Mara"):
        assert chrome not in body


def test_nothing_executable_reaches_the_site(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    assert main(["build", "-q", "-C", str(project)]) == 0
    (_, _, path) = stories(project)[TITLE]
    (page,) = (project / "site").rglob(f"{path.stem}/index.html")
    html = page.read_text(encoding="utf-8")
    assert "The union\u2019s spokeswoman said" in html  # set as type: a curly apostrophe
    for executable in ("alert(", "steal(", "tracker(", "javascript:", "<iframe", "onerror"):
        assert executable not in html
    assert "analytics.js" not in html
    for built in (project / "site").rglob("*"):
        assert "analytics" not in built.name


def test_a_page_that_is_not_an_article_is_warned_about(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "front-page.html", "search-results.html")
    report = run_ingest(project)
    assert report.stories == 0
    assert report.warnings == (
        "content/raw/front-page.html: not an article page (a site's home page); no story",
        "content/raw/search-results.html: not an article page (12 headlines linking elsewhere, "
        "1 paragraph(s) of its own); no story",
    )


def test_a_short_page_in_chinese_or_japanese_is_an_article_paragraph_by_paragraph(
    tmp_path: Path,
) -> None:
    """Review16 G19: a brief of three paragraphs (some 150 characters) is an article, its
    characters counted as words are in a script written without spaces, and each of its
    paragraphs stays one: the page read again favouring recall (headline and date glued to
    the text) was taken for a longer one."""
    project = saved_project(tmp_path, "brief-zh.html")
    report = run_ingest(project)
    assert report.warnings == ()
    ((data, body, _),) = stories(project).values()
    assert data["title"] == "港口罢工结束 渡轮恢复运行"
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("本网3月4日电")


def test_a_saved_photo_gallery_is_its_captions_each_a_paragraph(tmp_path: Path) -> None:
    """Review16 G4: figures with captions and no paragraph; its headline and date line are
    not its text, its captions are not glued into one, their credits are in brackets."""
    project = saved_project(tmp_path, "gallery.html")
    report = run_ingest(project)
    assert report.warnings == ()
    ((data, body, _),) = stories(project).values()
    assert data["title"] == "Snow in the harbour town, in photos"
    assert body.strip().split("\n\n") == [
        "The first ferry of the morning leaves the snowy pier at dawn. (Nora Quill)",
        "Children sledge down the hill behind the old lighthouse. (Tom Reed)",
        "Fishing boats lie under a white blanket in the inner harbour.",
    ]


def test_a_page_whose_markup_is_too_long_to_read_is_skipped_with_its_name() -> None:
    """Review16 G26: 21 MB of paragraphs (under the 24 MiB of bytes a file may have) took
    minutes and 1.2 GB; the markup besides scripts and styles is bounded too, the page
    skipped with a warning naming it, never parsed. A 20 MiB script alone is no markup."""
    paragraph = b"<p>The port reopened after a long strike by dock workers over pay.</p>"
    wide = b"<html><body><article><h1>Wide page</h1>" + paragraph * 80_000 + b"</article>"
    assert len(wide) < MAX_HTML_BYTES
    expected = (
        f"wide.html: saved page with {len(wide):,} characters of markup besides its scripts "
        f"and styles (at most {MAX_MARKUP_CHARS:,} are read); skipped, the file is unchanged"
    )
    assert read_saved_page("wide.html", "html", wide) == expected
    archived = read_saved_page("wide.mhtml", "mhtml", mhtml_of(wide, {}))
    assert isinstance(archived, str) and "characters of markup besides" in archived
    script = b"<script>" + b"var x = 1;\n" * (MAX_MARKUP_CHARS // 10) + b"</script>"
    assert not isinstance(read_saved_page("page.html", "html", script + HARBOUR), str)


def test_an_mhtml_page_gives_the_same_story_and_its_photo(tmp_path: Path) -> None:
    html = HARBOUR.replace(b"./harbour_files/", b"https://cdn.example.org/photos/")
    archive = mhtml_of(html, {"https://cdn.example.org/photos/ferry-at-dawn.jpg": PHOTO})
    project = make_project(tmp_path, {"Harbour ferries.mhtml": archive})
    run_ingest(project)
    (data, body, path) = stories(project)[TITLE]
    assert data["sources"] == [{"dump": "Harbour ferries.mhtml", "index": 1}]
    assert (path.parent / data["image"]["file"]).read_bytes() == PHOTO
    assert data["image"]["credit"] == "Photo: Jonas Berg/Coastal Courier"
    assert "\n\n## What the crews won\n\n" in body


def _huge_png() -> bytes:
    """A PNG's header saying 30 000 x 30 000 pixels: more than Pillow decodes safely."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize("photo", [PHOTO[:300], _huge_png()], ids=["cut-short", "too-large"])
def test_a_damaged_or_huge_photo_is_not_copied_and_the_build_passes(
    tmp_path: Path, photo: bytes
) -> None:
    """A photo the site would refuse (an interrupted "Save page as", a decompression bomb)
    is checked by the site's own decoder at ingest: not copied, named in a warning."""
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    (project / "content" / "raw" / "harbour_files" / "ferry-at-dawn.jpg").write_bytes(photo)
    report = run_ingest(project)
    assert report.warnings == (
        "content/raw/harbour.html: its photo ./harbour_files/ferry-at-dawn.jpg: not a picture, "
        "or a damaged one or too large (a whole JPEG, PNG, WebP or GIF file the site can "
        "publish); not copied, the story has no image",
    )
    (data, _, path) = stories(project)[TITLE]
    assert "image" not in data
    assert data["image_url"] == "https://cdn.example.org/photos/ferry-at-dawn.jpg"
    assert [p.suffix for p in path.parent.iterdir()] == [".md"]
    assert main(["build", "-q", "-C", str(project)]) == 0


def test_a_picture_the_page_only_links_to_is_recorded_never_fetched(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"harbour.html": HARBOUR})  # no harbour_files/
    run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    assert "image" not in data
    assert data["image_url"] == "https://cdn.example.org/photos/ferry-at-dawn.jpg"
    assert [p.suffix for p in path.parent.iterdir()] == [".md"]


def test_reading_a_page_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = read_saved_page("harbour.html", "html", HARBOUR)
    assert not isinstance(page, str)
    story, _ = page_story(page, FIXTURES)
    assert story is not None and story.title == TITLE


TEXT_COPY = f"""{TITLE}

By Mara Lindqvist

The first ferry leaves the east pier on Tuesday morning. Photo: Jonas Berg/Coastal Courier

The harbour ferries sailed again on Tuesday morning after a three-week strike that had cut \
the islands off from the mainland, as crews accepted a new pay offer late on Monday night.

The first boat left the east pier at six o'clock with a full deck of commuters, delivery \
vans and a school class returning from a trip that the strike had turned into a long stay.

What the crews won

The agreement raises wages by four percent this year and three percent next year, and it \
limits night shifts to two a week for every crew member who asks for it.

Four percent more pay from April
At most two night shifts a week
A review of the timetable before the summer

We did not want to stop the boats, but we could not go on as before.

The union's spokeswoman said the members had voted by a large majority for the deal, and \
that the crews were glad to be back at work after weeks on the quay. Read the deal.

The ferry company said every route would run to the normal timetable from Wednesday, and \
that tickets bought for cancelled crossings would be refunded in full until the end of the \
month.
"""


def test_a_saved_page_and_a_text_copy_of_it_are_one_story(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    (project / "content" / "raw" / "a-copy.txt").write_text(TEXT_COPY, encoding="utf-8")
    report = run_ingest(project)
    assert report.stories == 1 and report.near_merged == 1
    ((data, _, _),) = stories(project).values()
    assert data["sources"] == [
        {"dump": "a-copy.txt", "index": 1},
        {"dump": "harbour.html", "index": 1},
    ]
    # The page's richer metadata wins over the copy's, though the copy comes first.
    assert data["url"] == "https://news.example.org/2025/03/04/harbour-ferries"
    assert data["image"]["file"].endswith(".jpg")
    assert data["published"] == "2025-03-04T07:45:00+01:00"


def test_edits_and_reingest_work_as_for_dumps(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    raw_before = snapshot(project / "content" / "raw")
    run_ingest(project)
    (_, _, path) = stories(project)[TITLE]
    again = run_ingest(project)
    assert again.export.written == () and again.export.unchanged == 1
    path.write_text(path.read_text(encoding="utf-8").replace("ferries", "boats"), "utf-8")
    (project / "content" / "raw" / "harbour.html").write_bytes(HARBOUR + b"\n<!-- resaved -->")
    edited = run_ingest(project)
    assert edited.export.kept_edited == (path,)
    assert "boats" in path.read_text(encoding="utf-8")
    assert snapshot(project / "content" / "raw") == {
        **raw_before,
        "harbour.html": HARBOUR + b"\n<!-- resaved -->",
    }


def test_a_page_s_files_are_its_own_never_dumps_nor_other_files(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    files = project / "content" / "raw" / "harbour_files"
    (files / "notes.txt").write_text("Not a dump.\n\nJust a page's file.\n", encoding="utf-8")
    (files / "analytics.js").write_text("alert(1)\n", encoding="utf-8")
    report = run_ingest(project)
    assert (report.dumps, report.stories, report.warnings) == (1, 1, ())


def test_a_photo_outside_content_raw_is_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ferry-at-dawn.jpg").write_bytes(PHOTO)
    project = make_project(tmp_path / "project", {"harbour.html": HARBOUR})
    (project / "content" / "raw" / "harbour_files").symlink_to(outside)
    climbing = HARBOUR.replace(b"./harbour_files/", b"../../../outside/")
    (project / "content" / "raw" / "climb.html").write_bytes(climbing.replace(b"Three", b"3"))
    run_ingest(project)
    for data, _, path in stories(project).values():
        assert "image" not in data
        assert [p.suffix for p in path.parent.iterdir()] == [".md"]


@pytest.mark.parametrize(
    ("data", "declared", "text", "note"),
    [
        ("Caf\u00e9 \u2013 ok".encode(), None, "Caf\u00e9 \u2013 ok", None),
        ("Caf\u00e9 \u2013 ok".encode("cp1252"), None, "Caf\u00e9 \u2013 ok", "declares no"),
        ("Caf\u00e9".encode("cp1252"), "utf-8", "Caf\u00e9", "declares 'utf-8' but is not"),
        ("Caf\u00e9".encode("iso-8859-1"), "latin-1", "Caf\u00e9", None),
        ("Caf\u00e9".encode(), "iso-8859-1", "Caf\u00e9", None),  # a wrong declaration
        ("\u65e5\u672c".encode("shift_jis"), "shift_jis", "\u65e5\u672c", None),
        ("Caf\u00e9".encode("cp1252"), "no-such-charset", "Caf\u00e9", "declares 'no-such"),
    ],
)
def test_a_missing_or_wrong_charset_is_survived(
    data: bytes, declared: str | None, text: str, note: str | None
) -> None:
    found, said = decode_html(data, declared)
    assert found == text
    assert (said is None) == (note is None) and (note is None or note in (said or ""))


def test_broken_markup_and_huge_pages_give_a_story_or_a_clear_warning(tmp_path: Path) -> None:
    broken = (
        HARBOUR[: HARBOUR.index(b"<h2>What")] + b"<p>Unclosed <b><i><div></table>\xff\xfe <p \x01"
    )
    script = b"<script>" + b"var x = 1;\n" * (20 * 1024 * 1024 // 11) + b"</script>"
    huge = HARBOUR.replace(b"</head>", script + b"</head>")
    assert len(huge) > 20 * 1024 * 1024
    project = make_project(
        tmp_path,
        {
            "broken.html": broken,
            "huge.html": huge.replace(b"Three", b"Four"),
            "too-huge.html": HARBOUR + b" " * (25 * 1024 * 1024),
            "empty.mhtml": b"",
            "no-page.mhtml": b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello\n",
        },
    )
    with cpu_time() as spent:
        report = run_ingest(project, workers=0)
    assert spent.seconds < 60
    titles = set(stories(project))
    assert TITLE in titles and TITLE.replace("Three", "Four") in titles
    assert report.warnings == (
        "content/raw/broken.html: declares 'UTF-8' but is not UTF-8; read as cp1252",
        "content/raw/empty.mhtml: empty saved page; skipped",
        "content/raw/no-page.mhtml: no HTML page in this MHTML file; skipped",
        f"content/raw/too-huge.html: saved page of {len(HARBOUR) + 25 * 1024 * 1024:,} bytes "
        "(at most 25,165,824 are read); skipped, the file is unchanged",
    )


def test_a_page_s_facts_survive_the_cache(tmp_path: Path) -> None:
    page = read_saved_page("harbour.html", "html", HARBOUR)
    assert not isinstance(page, str)
    story, _ = page_story(page, FIXTURES)
    assert story is not None and story.page is not None and story.page.photo is not None
    result = DumpResult(None, False, (story,), (), ("key",), b"\x00\x01")
    assert DumpResult.from_json(result.to_json(), 2) == result


def test_a_picture_added_to_the_page_s_folder_later_is_found(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"harbour.html": HARBOUR})
    run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    assert "image" not in data
    path.unlink()  # the editor's deletion would keep it away: start the story afresh
    ledger = project / "content" / ".ingest.json"
    ledger.unlink()
    files = project / "content" / "raw" / "harbour_files"
    files.mkdir()
    (files / "ferry-at-dawn.jpg").write_bytes(PHOTO)
    run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    assert (path.parent / data["image"]["file"]).read_bytes() == PHOTO


def test_two_saved_pages_of_one_story_are_one_story(tmp_path: Path) -> None:
    html = HARBOUR.replace(b"./harbour_files/", b"https://cdn.example.org/photos/")
    archive = mhtml_of(html, {"https://cdn.example.org/photos/ferry-at-dawn.jpg": PHOTO})
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    (project / "content" / "raw" / "same.mhtml").write_bytes(archive)
    report = run_ingest(project)
    assert (report.stories, report.exact_merged + report.near_merged) == (1, 1)
    ((data, _, _),) = stories(project).values()
    assert [source["dump"] for source in data["sources"]] == ["harbour.html", "same.mhtml"]


def test_a_publication_time_after_the_page_was_saved_is_not_its_own(tmp_path: Path) -> None:
    archive = mhtml_of(HARBOUR, {}).replace(
        b"Date: Wed, 05 Mar 2025 10:00:00 +0000", b"Date: Mon, 03 Mar 2025 10:00:00 +0000"
    )
    assert b"Mon, 03 Mar 2025" in archive
    project = make_project(tmp_path, {"early.mhtml": archive})
    run_ingest(project)
    (data, _, _) = stories(project)[TITLE]
    assert "published" not in data and data["date_source"] != "page"


@pytest.mark.parametrize(
    "stated", ["0001-01-01T00:00:00+05:00", "2025-13-45T07:45:00+01:00", "0200-03-04T07:45:00Z"]
)
def test_a_placeholder_or_impossible_publication_time_is_no_evidence(
    tmp_path: Path, stated: str
) -> None:
    # CMS pages print .NET's least time or nonsense in their metadata: the story is still
    # read, dated by its other evidence, and builds (a year before 1000 is refused at load).
    page = HARBOUR.replace(b"2025-03-04T07:45:00+01:00", stated.encode())
    assert stated.encode() in page
    project = make_project(tmp_path, {"harbour.html": page})
    report = run_ingest(project)
    assert report.stories == 1 and not report.warnings
    (data, _, _) = stories(project)[TITLE]
    assert str(data["date"]) == "2025-03-04"  # the day the page prints in its text
    assert str(data.get("published", "")).startswith("2025-03-04")


# The editor's pictures: a photo digest did not write, or that was changed since, is theirs.

STEM = "harbour-ferries-return-after-three-week-strike"


def copy_of_the_page(project: Path, folder: str) -> None:
    """Save the page once more (a second source of the same story) in content/raw/*folder*."""
    raw = project / "content" / "raw"
    (raw / folder).mkdir()
    shutil.copyfile(raw / "harbour.html", raw / folder / "harbour.html")
    shutil.copytree(raw / "harbour_files", raw / folder / "harbour_files")


def test_a_new_story_s_photo_never_takes_the_name_of_a_picture_of_the_editor_s(
    tmp_path: Path,
) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    folder = project / "content" / "articles" / "2025" / "03"
    folder.mkdir(parents=True)
    (folder / f"{STEM}.jpg").write_bytes(b"the editor's own picture")
    (folder / f"{STEM}-2.jpg").symlink_to("a-picture-not-there-yet.jpg")
    mine = snapshot(folder)
    report = run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    assert report.export.written == (path,) and report.warnings == ()
    assert path == folder / f"{STEM}-3.md" and data["image"]["file"] == f"{STEM}-3.jpg"
    assert (folder / f"{STEM}-3.jpg").read_bytes() == PHOTO
    assert {name: snapshot(folder)[name] for name in mine} == mine
    assert os.readlink(folder / f"{STEM}-2.jpg") == "a-picture-not-there-yet.jpg"


def test_a_photo_the_editor_replaced_is_never_copied_over_again(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    photo = path.parent / data["image"]["file"]
    photo.write_bytes(b"the editor's better picture")
    copy_of_the_page(project, "again")
    report = run_ingest(project)
    assert report.export.written == (path,)  # unedited, it lists the new source
    assert len(stories(project)[TITLE][0]["sources"]) == 2
    assert photo.read_bytes() == b"the editor's better picture"
    assert [warning for warning in report.warnings if str(photo) in warning], report.warnings


def test_a_photo_digest_wrote_and_nobody_changed_follows_the_page(tmp_path: Path) -> None:
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    run_ingest(project)
    (data, _, path) = stories(project)[TITLE]
    photo = path.parent / data["image"]["file"]
    (project / "content" / "raw" / "harbour_files" / "ferry-at-dawn.jpg").write_bytes(
        PHOTO + b"saved again"
    )
    copy_of_the_page(project, "again")
    report = run_ingest(project)
    assert report.export.written == (path,) and report.warnings == ()
    assert photo.read_bytes() == PHOTO + b"saved again"
    ledger = json.loads((project / "content" / ".ingest.json").read_text(encoding="utf-8"))
    (entry,) = ledger["stories"].values()
    assert entry["photo"] == [photo.name, hashlib.sha256(PHOTO + b"saved again").hexdigest()]


def test_a_ledger_without_photo_records_still_reads(tmp_path: Path) -> None:
    """Ledgers written before photos were recorded: a photo there is digest's only while it
    holds the bytes digest would write."""
    project = saved_project(tmp_path, "harbour.html", "harbour_files")
    run_ingest(project)
    ledger = project / "content" / ".ingest.json"
    data = json.loads(ledger.read_text(encoding="utf-8"))
    (entry,) = data["stories"].values()
    photo = entry.pop("photo")
    assert photo[1] == hashlib.sha256(PHOTO).hexdigest()
    ledger.write_text(json.dumps(data), encoding="utf-8")
    copy_of_the_page(project, "again")
    assert run_ingest(project).export.written
    (entry,) = json.loads(ledger.read_text(encoding="utf-8"))["stories"].values()
    assert entry["photo"] == photo
    entry["photo"] = [photo[0]]
    ledger.write_text(json.dumps({**data, "stories": {"x": entry}}), encoding="utf-8")
    with pytest.raises(DigestError, match=r"\.ingest\.json:\d+: not an ingest ledger: x: photo: "):
        run_ingest(project)


def test_a_photo_s_name_taken_at_the_last_moment_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New photos are created exclusively: by a hard link, else with O_EXCL."""
    written = tmp_path / ".photo.tmp"
    written.write_bytes(PHOTO)
    theirs = tmp_path / "theirs.jpg"
    theirs.write_bytes(b"the editor's")
    assert not _link_new(written, theirs) and theirs.read_bytes() == b"the editor's"
    assert _link_new(written, tmp_path / "new.jpg")
    assert (tmp_path / "new.jpg").read_bytes() == PHOTO

    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "hard links not allowed here")

    monkeypatch.setattr(os, "link", no_links)
    assert not _link_new(written, theirs) and theirs.read_bytes() == b"the editor's"
    assert _link_new(written, tmp_path / "copied.jpg")
    assert (tmp_path / "copied.jpg").read_bytes() == PHOTO


def test_control_characters_in_a_saved_page_are_dropped_not_the_story(tmp_path: Path) -> None:
    # A bell byte and references to an escape and a bell, invisible on the saved page: lxml
    # found no text at all in such a page, and the story was lost as "not an article page".
    marked = HARBOUR.replace(b"The harbour ferries", b"The harbour\x07 ferries&#x1b; &#7;&#12;", 1)
    assert marked != HARBOUR
    project = make_project(tmp_path, {"harbour.html": marked})
    report = run_ingest(project, workers=0)
    assert report.stories == 1 and report.warnings == ()
    _, body, _ = stories(project)[TITLE]
    assert "The harbour ferries" in body
    assert not any(ord(char) < 32 and char not in "\n\t" for char in body)


# A blog's post saved whole: its metadata gives only the time of its last change (bumped by
# every comment approved), its text the day it was posted and by whom (review15 F15).
BLOG = (FIXTURES / "blog-modified.html").read_bytes()


def test_a_saved_page_s_printed_post_date_beats_its_modification_time(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"blogpost.html": BLOG})
    run_ingest(project)
    (data, body, _) = stories(project)["Why the harbour plan is wrong"]
    assert (str(data["date"]), data["date_source"], data["date_precision"]) == (
        "2025-03-02",
        "page",
        "day",
    )
    assert str(data["published"]) == "2025-03-02" and data["authors"] == ["Ana Ruiz"]
    assert "I completely disagree" not in body  # nor its comment's time, nor its text


def test_a_modification_time_alone_is_no_publication_time(tmp_path: Path) -> None:
    page = BLOG.replace(b'Posted on <span class="date">March 2, 2025</span> by ', b"By ")
    assert b"Posted on" not in page
    project = make_project(tmp_path, {"blogpost.html": page})
    run_ingest(project)
    (data, _, _) = stories(project)["Why the harbour plan is wrong"]
    assert data["date_source"] != "page" and "published" not in data
    assert str(data["date"]) != "2025-11-20"  # the day of the comment's approval


def test_a_saved_page_s_printed_publication_beats_its_printed_update(tmp_path: Path) -> None:
    page = BLOG.replace(
        b'Posted on <span class="date">March 2, 2025</span> by Ana Ruiz',
        b'Actualizado el 5 de marzo de 2025</div><div class="meta">'
        b"Publicado el 2 de marzo de 2025 por Ana Ruiz",
    )
    project = make_project(tmp_path, {"blogpost.html": page})
    run_ingest(project)
    (data, _, _) = stories(project)["Why the harbour plan is wrong"]
    assert (str(data["date"]), data["date_source"]) == ("2025-03-02", "page")
    assert data["authors"] == ["Ana Ruiz"]


def test_a_change_s_day_is_the_page_s_when_its_address_prints_it(tmp_path: Path) -> None:
    # Forbes' pages give only og:updated_time, on the day their address prints: that day is
    # evidence (the change's time is not).
    page = BLOG.replace(b'Posted on <span class="date">March 2, 2025</span> by ', b"By ").replace(
        b'<meta property="og:type" content="article">',
        b'<meta property="og:type" content="article">\n'
        b'<link rel="canonical" href="https://ana.example.org/2025/11/20/harbour-plan/">',
    )
    project = make_project(tmp_path, {"blogpost.html": page})
    run_ingest(project)
    (data, _, _) = stories(project)["Why the harbour plan is wrong"]
    assert (str(data["date"]), data["date_source"], data["date_precision"]) == (
        "2025-11-20",
        "page",
        "day",
    )


def test_a_saved_page_s_standfirst_site_name_and_closing_pitch(tmp_path: Path) -> None:
    """review17 H37: the line under the headline that the page's description repeats is the
    summary; the site's name for readers (og:site_name) is the outlet, not the publisher's
    company; the newsletter pitch closing the text is no paragraph of it."""
    project = saved_project(tmp_path, "standfirst.html")
    run_ingest(project)
    (data, body, _) = stories(project)["Les trains de nuit reviennent entre Paris et Berlin"]
    assert data["summary"] == (
        "La liaison, supprimée en 2014, reprend trois fois par semaine avec des "
        "voitures-couchettes neuves"
    )
    assert data["outlet"] == "Le Quotidien du Rhin"
    assert data["authors"] == ["Élise Marchand"]
    assert body.rstrip().endswith("se passer d'aides publiques.")
    assert "Abonnez-vous" not in body and "La liaison, supprimée" not in body


def test_a_description_that_repeats_the_lead_is_no_summary(tmp_path: Path) -> None:
    page = (FIXTURES / "standfirst.html").read_text(encoding="utf-8")
    lead = (
        "Le premier train de nuit direct entre Paris et Berlin depuis dix ans a quitté la gare "
        "de l'Est jeudi soir, avec près de quatre cents voyageurs à bord, a indiqué la "
        "compagnie ferroviaire."
    )
    page = page.replace(
        'content="La liaison, supprimée en 2014, reprend trois fois par semaine avec des '
        'voitures-couchettes neuves"',
        f'content="{lead}"',
    )
    project = make_project(tmp_path)
    (project / "content" / "raw" / "lead.html").write_text(page, encoding="utf-8")
    run_ingest(project)
    (data, body, _) = stories(project)["Les trains de nuit reviennent entre Paris et Berlin"]
    assert "summary" not in data
    assert body.startswith("Le premier train de nuit direct")


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("LE QUOTIDIEN DU RHIN", ["Élise Marchand"]),  # the outlet, as Spiegel's pages name it
        ("Paul Girard", ["Paul Girard", "Élise Marchand"]),  # near miss: a second writer
    ],
)
def test_a_meta_author_that_is_the_outlet_is_no_author(
    tmp_path: Path, author: str, expected: list[str]
) -> None:
    """review19 S21: a page's `<meta name="author">` naming the outlet itself ("DER SPIEGEL"
    over JSON-LD's writer) is no writer; another name there is one."""
    page = (FIXTURES / "standfirst.html").read_text(encoding="utf-8")
    page = page.replace("<head>", f'<head>\n<meta name="author" content="{author}">', 1)
    project = make_project(tmp_path)
    (project / "content" / "raw" / "meta.html").write_text(page, encoding="utf-8")
    run_ingest(project)
    (data, _, _) = stories(project)["Les trains de nuit reviennent entre Paris et Berlin"]
    assert data["outlet"] == "Le Quotidien du Rhin"
    assert data["authors"] == expected


def _brief(time: str) -> bytes:
    meta = f'<meta property="article:published_time" content="{time}">' if time else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Bridge shut for repairs - City News</title>{meta}</head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        "<article><h1>Bridge shut for repairs</h1>"
        "<p>The city shut the old bridge for repairs on Friday, the mayor's office said.</p>"
        "<p>Buses take the ring road until the summer.</p></article>"
        "<footer>City News</footer></body></html>"
    ).encode()


def test_a_brief_whose_page_says_when_it_was_published_is_an_article(tmp_path: Path) -> None:
    """review19 S32: a three-sentence brief saved as a page was "not an article page (no
    story text found: 39 words)" though its markup says it is one, and its text copy was a
    story; a page with the same few lines and no publication time stays no story."""
    project = make_project(
        tmp_path, {"brief.html": _brief("2026-12-05T12:30:00+03:00"), "undated.html": _brief("")}
    )
    report = run_ingest(project)
    assert report.stories == 1
    (data, body, _) = stories(project)["Bridge shut for repairs"]
    assert "Buses take the ring road" in body and str(data["date"]) == "2026-12-05"
    assert report.warnings == (
        "content/raw/undated.html: not an article page (no story text found: 22 words); no story",
    )

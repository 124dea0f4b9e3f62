"""Pictures and static files: page bundles, static/, `image:`, resizing cached by content.

A story's picture is shown on its page (a figure with caption and credit), on its cards, as
og:image and in feeds, at the widths the theme uses, with srcset, width and height; a
rebuild re-encodes no picture whose bytes did not change.
"""

from __future__ import annotations

import io
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from digest.commands.cli import main
from digest.config import load_config
from digest.engine.site_build import build_site
from digest.errors import ArticleErrors, DigestError
from digest.pictures import Decoded, decoded
from digest.site import picture_cache
from tests.conftest import WriteArticle, build
from tests.conftest_project import snapshot

SRCSET = re.compile(r'srcset="([^"]+)"')


def jpeg(path: Path, size: tuple[int, int] = (1600, 900), color: int = 30) -> Path:
    """Write a JPEG photo with camera metadata (which the published pictures must not keep)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8298] = "Secret Photographer"  # Copyright
    Image.new("RGB", size, (200, color, 30)).save(path, quality=90, exif=exif)
    return path


def png(path: Path, size: tuple[int, int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", size, (0, 30, 200, 128)).save(path)
    return path


HARBOUR = """title: Harbour Reopens
date: 2026-01-13
regions: [Europe]
image:
  file: photo.jpg
  alt: Ships in the harbour
  caption: The harbour at dawn.
  credit: Reuters"""


@pytest.fixture
def pictured(project: Path, write_article: WriteArticle) -> Path:
    """A project with a page bundle, a story pictured from static/ and one without a picture."""
    write_article("2026/01/harbour/index.md", HARBOUR, "Body ![inline](photo.jpg) text.\n")
    jpeg(project / "content/articles/2026/01/harbour/photo.jpg")
    write_article(
        "2026/01/map.md", "title: Map Story\ndate: 2026-01-13\nregions: [Asia]\n"
        "image: {file: /images/map.png}",
    )  # fmt: skip
    write_article("2026/01/plain.md", "title: Plain Story\ndate: 2026-01-12\nregions: [Asia]")
    png(project / "static/images/map.png", (500, 300))
    (project / "static/docs").mkdir(parents=True)
    (project / "static/docs/guide.txt").write_text("A guide.\n", encoding="utf-8")
    return project


def sizes_of(site: Path, name: str) -> list[tuple[int, int]]:
    found = []
    for path in sorted((site / "pictures").glob(f"{name}-*")):
        with Image.open(path) as picture:
            found.append(picture.size)
    return sorted(found)


def test_a_page_bundle_gives_its_story_its_slug_picture_and_files(pictured: Path) -> None:
    site = build(pictured)
    source = pictured / "content/articles/2026/01/harbour/photo.jpg"
    # The slug is the bundle's folder; the bundle's other files are published beside the page.
    assert (site / "2026/01/13/harbour/index.html").is_file()
    assert (site / "2026/01/13/harbour/photo.jpg").read_bytes() == source.read_bytes()
    # Resized to the theme's widths, never wider than the original, without its metadata.
    assert sizes_of(site, "photo") == [(400, 225), (800, 450), (1200, 675)]
    for path in (site / "pictures").glob("photo-*"):
        data = path.read_bytes()
        assert b"Secret Photographer" not in data and b"Camera Maker" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG" and not picture.getexif()


def test_the_story_page_shows_its_figure_with_srcset_size_caption_and_credit(
    pictured: Path,
) -> None:
    site = build(pictured)
    page = (site / "2026/01/13/harbour/index.html").read_text(encoding="utf-8")
    figure = page[page.index('<figure class="picture">') : page.index("</figure>")]
    img = figure[figure.index("<img") : figure.index(">", figure.index("<img"))]
    srcset = SRCSET.search(img)
    assert srcset is not None
    entries = [entry.split() for entry in srcset.group(1).split(", ")]
    assert [width for _, width in entries] == ["400w", "800w", "1200w"]
    for url, _ in entries:
        assert (site / url.lstrip("/")).is_file(), url
    assert 'width="1200" height="675"' in img and 'sizes="' in img
    assert 'alt="Ships in the harbour"' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img  # the lead is not lazy
    assert '<figcaption>The harbour at dawn. <span class="credit">Reuters</span>' in figure


def test_og_image_is_an_absolute_url_of_a_published_file(pictured: Path) -> None:
    site = build(pictured)
    page = (site / "2026/01/13/harbour/index.html").read_text(encoding="utf-8")
    found = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert found is not None
    url = found.group(1)
    assert url.startswith("https://example.org/pictures/photo-1200.")
    assert (site / url.removeprefix("https://example.org/")).is_file()
    assert '<meta property="og:image:width" content="1200">' in page
    plain = (site / "2026/01/12/plain/index.html").read_text(encoding="utf-8")
    assert "og:image" not in plain


def test_static_files_are_published_at_their_own_paths(pictured: Path) -> None:
    site = build(pictured)
    assert (site / "images/map.png").read_bytes() == (
        pictured / "static/images/map.png"
    ).read_bytes()
    assert (site / "docs/guide.txt").read_text(encoding="utf-8") == "A guide.\n"
    # Only the theme's assets are fingerprinted.
    assert not (site / "style.css").exists()
    assert any(
        re.fullmatch(r"style\.[0-9a-f]{10}\.css", p.name) for p in (site / "assets").iterdir()
    )
    # A picture from static/: never enlarged, its transparency kept.
    assert sizes_of(site, "map") == [(400, 240), (500, 300)]
    for path in (site / "pictures").glob("map-*"):
        with Image.open(path) as picture:
            assert picture.format == "PNG" and picture.mode == "RGBA"


def test_cards_show_pictures_and_only_the_first_loads_eagerly(pictured: Path) -> None:
    site = build(pictured)
    day = (site / "2026/01/13/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<img class="teaser-picture"[^>]*>', day)
    assert len(cards) == 2
    for card in cards:
        assert SRCSET.search(card) and 'sizes="' in card
        assert re.search(r'width="\d+" height="\d+"', card)
    assert 'fetchpriority="high"' in cards[0] and 'loading="lazy"' not in cards[0]
    assert 'loading="lazy"' in cards[1]
    month = (site / "2026/01/index.html").read_text(encoding="utf-8")
    assert month.count('class="teaser-picture"') == 2


def test_feeds_give_each_pictured_story_its_picture(pictured: Path) -> None:
    site = build(pictured)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {entry.title: entry for entry in feed.entries}
    harbour = entries["Harbour Reopens"]
    [enclosure] = harbour.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("https://example.org/pictures/photo-800.")
    assert (site / enclosure.href.removeprefix("https://example.org/")).is_file()
    [media] = harbour.media_content
    assert media["url"] == enclosure.href and media["width"] == "800"
    assert enclosure.href in harbour.content[0].value  # shown atop the entry's content
    assert entries["Map Story"].enclosures[0].type == "image/png"
    assert not entries["Plain Story"].get("enclosures")


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("image: 12", "image: expected a mapping"),
        ("image: {alt: A photo}", "image.file: missing"),
        ("image: {file: a.jpg, size: 3}", "image: unknown key 'size'"),
        ("image: {file: 'https://example.com/a.jpg'}", "image.file: expected a path"),
    ],
)
def test_a_malformed_image_is_an_error_naming_file_and_line(
    project: Path, write_article: WriteArticle, front: str, expected: str
) -> None:
    story = write_article("2026/01/bad.md", f"title: Bad\ndate: 2026-01-13\n{front}")
    with pytest.raises(ArticleErrors) as raised:
        build(project)
    assert f"{story}:4: {expected}" in str(raised.value)


def error_of(project: Path) -> str:
    with pytest.raises(ArticleErrors) as raised:
        build(project)
    return str(raised.value)


def pictured_story(write_article: WriteArticle, file: str) -> Path:
    return write_article(
        "2026/01/story.md",
        f"title: Story\ndate: 2026-01-13\nregions: [Asia]\nimage:\n  file: {file}",
    )


def test_a_missing_picture_is_an_error_naming_the_story_and_line(
    project: Path, write_article: WriteArticle
) -> None:
    story = pictured_story(write_article, "gone.jpg")
    assert f"{story}:5: image: gone.jpg: no such file" in error_of(project)
    other = pictured_story(write_article, "/images/gone.png")
    assert f"{other}:5: image: /images/gone.png: no such file" in error_of(project)


def test_a_picture_outside_the_project_or_its_folders_is_refused(
    project: Path, write_article: WriteArticle, tmp_path: Path
) -> None:
    outside = jpeg(tmp_path / "outside.jpg")
    story = pictured_story(write_article, "../../../../../outside.jpg")
    assert f"{story}:5: image: ../../../../../outside.jpg: lies outside the project" in error_of(
        project
    )
    jpeg(project / "elsewhere/x.jpg")
    pictured_story(write_article, "../../../elsewhere/x.jpg")
    assert "lies outside content/articles/" in error_of(project)
    (project / "content/articles/2026/01/link.jpg").symlink_to(outside)
    pictured_story(write_article, "link.jpg")
    assert f"{story}:5: image: link.jpg: a symbolic link out of content/articles/" in error_of(
        project
    )
    (project / "static").mkdir()
    (project / "static/leak.jpg").symlink_to(outside)
    pictured_story(write_article, "/leak.jpg")
    assert "image: /leak.jpg: a symbolic link out of static/" in error_of(project)


def test_a_file_that_is_no_picture_is_an_error(project: Path, write_article: WriteArticle) -> None:
    story = pictured_story(write_article, "notes.jpg")
    (story.parent / "notes.jpg").write_text("not a picture\n", encoding="utf-8")
    assert f"{story}:5: image: notes.jpg: not a picture" in error_of(project)


@pytest.mark.parametrize("kind", ["jpg", "png", "gif", "webp"])
def test_a_picture_cut_short_is_an_error_naming_its_story(
    project: Path, write_article: WriteArticle, kind: str
) -> None:
    """A half-downloaded photo has a whole header: it must fail where the story names it."""
    story = pictured_story(write_article, f"cut.{kind}")
    noise = random.Random(1).randbytes(300 * 200 * 3)
    whole = io.BytesIO()
    Image.frombytes("RGB", (300, 200), noise).save(whole, format="JPEG" if kind == "jpg" else kind)
    (story.parent / f"cut.{kind}").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 3])
    assert f"{story}:5: image: cut.{kind}: not a picture, or a damaged one" in error_of(project)


def test_a_picture_with_too_many_pixels_says_its_size_and_is_never_decoded(
    project: Path, write_article: WriteArticle
) -> None:
    # review18 R14: a picture past Pillow's bound was "not a picture, or a damaged one".
    story = pictured_story(write_article, "bomb.png")
    Image.new("1", (10_000, 9_000)).save(story.parent / "bomb.png")  # 90 MP in a few KB
    message = error_of(project)
    assert f"{story}:5: image: bomb.png: 10000 x 9000 pixels (90 million), more than" in message
    assert message.rstrip().endswith("resize it")
    assert decoded((story.parent / "bomb.png").read_bytes()) == Decoded("", 10_000, 9_000)


def test_a_camera_sized_jpeg_past_pillows_own_bound_is_a_picture(tmp_path: Path) -> None:
    # review18 R14: a 102-megapixel camera frame was refused; a JPEG decodes at an eighth.
    photo = tmp_path / "frame.jpg"
    Image.new("L", (9_500, 9_500), 90).save(photo, quality=60)  # 90.25 MP > 89.48 MP
    assert decoded(photo.read_bytes()) == Decoded("JPEG", 9_500, 9_500)


def test_digest_check_reports_a_missing_picture(
    project: Path, write_article: WriteArticle, capsys: pytest.CaptureFixture[str]
) -> None:
    story = pictured_story(write_article, "gone.jpg")
    assert main(["check", "-C", str(project)]) == 1
    assert f"{story}:5: image: gone.jpg: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("robots.txt", "static/robots.txt"),
        ("index.html", "static/index.html"),
        ("tags", "static/tags"),  # a file where the site has a folder
        ("feed.xml/x.txt", "static/feed.xml/x.txt"),  # a folder where it has a file
        ("pagefind/pagefind.js", "static/pagefind/pagefind.js"),
    ],
)
def test_a_static_file_may_not_take_the_path_of_a_generated_file(
    pictured: Path, name: str, named: str
) -> None:
    (pictured / "static" / name).parent.mkdir(parents=True, exist_ok=True)
    (pictured / "static" / name).write_text("mine\n", encoding="utf-8")
    with pytest.raises(DigestError) as raised:
        build(pictured)
    assert f"{named}: would be published at {name}" in str(raised.value)


def test_a_bundle_file_may_not_take_its_page_s_path(pictured: Path) -> None:
    (pictured / "content/articles/2026/01/harbour/index.html").write_text("x", encoding="utf-8")
    with pytest.raises(DigestError) as raised:
        build(pictured)
    assert "harbour/index.html: would be published at 2026/01/13/harbour/index.html" in str(
        raised.value
    )


def test_editor_backups_and_autosaves_in_a_bundle_or_static_are_never_published(
    pictured: Path,
) -> None:
    bundle = pictured / "content/articles/2026/01/harbour"
    leftovers = ["#index.md#", "index.md.bak", "index.md.orig", "photo.jpg~", "notes.txt.swp"]
    for name in leftovers:
        (bundle / name).write_text("UNPUBLISHED DRAFT\n", encoding="utf-8")
    (pictured / "static/docs/guide.txt.orig").write_text("UNPUBLISHED DRAFT\n", encoding="utf-8")
    (pictured / "static/docs/#guide.txt#").write_text("UNPUBLISHED DRAFT\n", encoding="utf-8")
    site = build(pictured)
    assert sorted(path.name for path in (site / "2026/01/13/harbour").iterdir()) == [
        "index.html",
        "photo.jpg",
    ]
    assert sorted(path.name for path in (site / "docs").iterdir()) == ["guide.txt"]
    assert not [path for path in site.rglob("*") if b"UNPUBLISHED" in _bytes(path)]


def _bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def test_a_static_file_may_not_take_a_theme_asset_s_or_a_picture_s_path(pictured: Path) -> None:
    site = build(pictured)
    (stylesheet,) = (site / "assets").glob("style.*.css")
    (picture,) = (site / "pictures").glob("photo-400.*.jpg")
    for taken in (stylesheet, picture):
        name = taken.relative_to(site).as_posix()
        mine = pictured / "static" / name
        mine.parent.mkdir(parents=True, exist_ok=True)
        mine.write_text("/* mine */\n", encoding="utf-8")
        with pytest.raises(DigestError) as raised:
            build(pictured)
        assert f"static/{name}: would be published at {name}, a path of the site digest" in str(
            raised.value
        )
        mine.unlink()
        assert taken.read_bytes() != b"/* mine */\n"


Counter = Callable[[], int]


def count_encodes(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every picture encoded in this process (builds here run without workers)."""
    calls: list[str] = []
    real = picture_cache.encode

    def counted(job: picture_cache.FileJob) -> bytes:
        calls.append(job.source)
        return real(job)

    monkeypatch.setattr(picture_cache, "encode", counted)
    return lambda: len(calls)


def rebuild(project: Path) -> int:
    """Build in this process; return how many pictures the build reports it encoded."""
    return build_site(project, load_config(project), workers=0).report.pictures_encoded


def test_a_rebuild_re_encodes_no_unchanged_picture(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    encodes = count_encodes(monkeypatch)
    for number in range(30):
        folder = f"2026/01/story-{number:02d}"
        write_article(
            f"{folder}/index.md",
            f"title: Story {number}\ndate: 2026-01-{10 + number % 5}\nimage: {{file: p.jpg}}",
        )
        jpeg(project / "content/articles" / folder / "p.jpg", (900, 600), color=number * 8)
    assert rebuild(project) == encodes() == 30 * 3  # 400, 800 and 900 wide
    story = project / "content/articles/2026/01/story-03/index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    assert rebuild(project) == 0 and encodes() == 90  # an edited story: nothing re-encoded
    shutil.rmtree(project / "site")
    assert rebuild(project) == 0 and encodes() == 90  # site/ lost: the cache has them
    before = set((project / "site/pictures").iterdir())
    jpeg(project / "content/articles/2026/01/story-07/p.jpg", (900, 600), color=250)
    assert rebuild(project) == 3 and encodes() == 93  # one picture changed: its three sizes
    after = set((project / "site/pictures").iterdir())
    assert len(before - after) == 3 and len(after - before) == 3  # new names, old ones gone
    page = (project / "site/2026/01/12/story-07/index.html").read_text(encoding="utf-8")
    assert all(f"/pictures/{path.name}" in page for path in after - before)  # its srcset


def test_a_rebuild_of_4000_stories_re_encodes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encodes = count_encodes(monkeypatch)
    folder = project / "content/articles/2026/01"
    folder.mkdir(parents=True)
    for number in range(4000):
        day = 1 + number % 28
        picture = f"image: {{file: p{number}.png}}\n" if number % 10 == 0 else ""
        front = f"title: Story {number}\ndate: 2026-01-{day:02d}\n{picture}"
        (folder / f"s{number}.md").write_text(f"---\n{front}---\n\nBody {number}.\n", "utf-8")
        if picture:
            colour = (number % 256, number // 256, 0)
            Image.new("RGB", (60, 40), colour).save(folder / f"p{number}.png")
    config = load_config(project)
    assert build_site(project, config).report.pictures_encoded == 400  # in worker processes
    (folder / "s1.md").write_text(
        "---\ntitle: Story 1 edited\ndate: 2026-01-02\n---\n\nBody.\n", encoding="utf-8"
    )
    assert rebuild(project) == 0 and encodes() == 0  # re-encodes nothing: counted in-process


def without_search(folder: Path) -> dict[str, bytes]:
    return {
        name: data for name, data in snapshot(folder).items() if not name.startswith("pagefind/")
    }


def test_serve_picks_up_a_changed_picture_and_a_story_given_one(
    pictured: Path, tmp_path: Path
) -> None:
    from digest.serve.http import Broadcaster, BuildGate
    from digest.serve.rebuild import Rebuilder
    from digest.serve.watch import ChangeBatch

    rebuilder = Rebuilder(pictured, BuildGate(), Broadcaster())
    try:
        first = rebuilder.rebuild()
        assert first is not None and first.message == "built"
        page = pictured / "site/2026/01/13/harbour/index.html"
        before = page.read_text(encoding="utf-8")
        photo = jpeg(pictured / "content/articles/2026/01/harbour/photo.jpg", color=250)
        changed = rebuilder.rebuild(ChangeBatch((photo,)))  # not a story: a full build
        assert changed is not None and changed.message == "rebuilt"
        after = page.read_text(encoding="utf-8")
        assert SRCSET.findall(after) != SRCSET.findall(before)
        for url in SRCSET.findall(after)[0].split(", "):
            assert (pictured / "site" / url.split()[0].lstrip("/")).is_file()
        # A story given a picture is applied in memory, its picture resized and written.
        jpeg(pictured / "content/articles/2026/01/plain.jpg", (640, 480))
        plain = pictured / "content/articles/2026/01/plain.md"
        text = plain.read_text(encoding="utf-8").replace("---\n\n", "image: plain.jpg\n---\n\n")
        plain.write_text(text, encoding="utf-8")
        edited = rebuilder.rebuild(ChangeBatch((plain,)))
        assert edited is not None and edited.message.startswith("updated"), edited
        story = (pictured / "site/2026/01/12/plain/index.html").read_text(encoding="utf-8")
        assert '<figure class="picture">' in story
    finally:
        rebuilder.close()
    clean = tmp_path / "clean"
    shutil.copytree(pictured, clean, ignore=shutil.ignore_patterns("site", ".digest-*"))
    build(clean)
    assert without_search(pictured / "site") == without_search(clean / "site")


def test_digest_check_passes_a_site_with_pictures_without_resizing_them(
    pictured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    encodes = count_encodes(monkeypatch)
    assert main(["check", "-C", str(pictured)]) == 0, capsys.readouterr().err
    assert encodes() == 0 and not (pictured / "site").exists()


def test_new_encoder_settings_rename_the_pictures_and_relink_their_pages(
    pictured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(pictured)
    before = {path.name for path in (pictured / "site/pictures").iterdir()}
    monkeypatch.setattr(picture_cache, "ENCODING", picture_cache.ENCODING + " sharper")
    picture_cache.encoder.cache_clear()
    try:
        assert rebuild(pictured) == len(before)  # every picture again, none of the pages stale
    finally:
        picture_cache.encoder.cache_clear()
    after = {path.name for path in (pictured / "site/pictures").iterdir()}
    assert before.isdisjoint(after)
    page = (pictured / "site/2026/01/13/harbour/index.html").read_text(encoding="utf-8")
    assert all(name in page for name in after if name.startswith("photo-"))

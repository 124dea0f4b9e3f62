"""A tag's or region's page whose slug changed keeps its readers: its old URL redirects and
its feed keeps its <id>; a history written before term pages were kept still works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest

from digest.errors import DigestError
from tests.conftest import WriteArticle, build
from tests.test_redirects import page_target, rules

HISTORY = Path("content") / ".urls.json"
CPP = "id: story-cpp\ntitle: Compiler Ships\ndate: 2026-01-13\nregions: [Europe]\ntags: [C++]"
LONG = "Ministry Of Transport And Infrastructure Of The Autonomous Region " * 2
LONG_STORY = f"id: story-long\ntitle: Long Name\ndate: 2026-01-12\ntags: [{LONG.strip()}]"


def feed_id(site: Path, page: str) -> str:
    parsed = feedparser.parse((site / page / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return str(parsed.feed.id)


def heading(name: str) -> str:
    return f'<h1 dir="auto">{name}</h1>'


def rewrite_history(project: Path, change: object) -> None:
    path = project / HISTORY
    data = json.loads(path.read_text(encoding="utf-8"))
    assert callable(change)
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def as_version_1(data: dict[str, object]) -> None:
    """Make *data* what digest wrote before it kept term pages."""
    data["version"] = 1
    del data["terms"]


def as_built_before(site: Path, pages: dict[str, str | None]) -> None:
    """Make *site* what an earlier digest built: each page folder moved to its old path
    (None: no such page then)."""
    for now, then in pages.items():
        if then is None:
            shutil.rmtree(site / now)
        else:
            (site / now).rename(site / then)


def test_a_tag_page_whose_slug_changed_redirects_and_keeps_its_feed_id(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/cpp.md", CPP, "The compiler shipped.\n")
    site = build(project)
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c-plus-plus/feed.xml"
    terms = json.loads((project / HISTORY).read_text())["terms"]
    assert terms["tags/c-plus-plus/"] == {"name": "C++"}
    assert terms["regions/europe/"] == {"name": "Europe"}

    def published_at_c(data: dict[str, dict[str, object]]) -> None:
        # What a digest whose slugs dropped "+" recorded: the page at tags/c/.
        data["terms"]["tags/c/"] = data["terms"].pop("tags/c-plus-plus/")

    rewrite_history(project, published_at_c)
    site = build(project)
    assert rules(site) == {
        "/tags/c/": "/tags/c-plus-plus/",
        "/tags/c/feed.xml": "/tags/c-plus-plus/feed.xml",
    }
    assert page_target(site, "/tags/c/") == "/tags/c-plus-plus/"
    assert not (site / "tags" / "c" / "feed.xml").exists()  # a rule only: no HTML as a feed
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c/feed.xml"
    terms = json.loads((project / HISTORY).read_text())["terms"]
    assert terms["tags/c-plus-plus/"] == {"name": "C++", "old": ["tags/c/"], "first": "tags/c/"}
    assert "tags/c/" not in terms

    # Later builds, a story added to the tag too, keep the redirect and the feed's id.
    write_article("2026/01/more.md", CPP.replace("cpp", "more").replace("Ships", "Again"))
    site = build(project)
    assert rules(site)["/tags/c/"] == "/tags/c-plus-plus/"
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c/feed.xml"


def test_a_history_from_before_term_pages_were_kept_gives_the_moved_pages_redirects(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/cpp.md", CPP, "The compiler shipped.\n")
    write_article("2026/01/long.md", LONG_STORY, "A long name.\n")
    site = build(project)
    (long_page,) = [p.name for p in (site / "tags").iterdir() if p.name.startswith("ministry")]
    assert len(long_page) <= 80
    rewrite_history(project, as_version_1)
    plain = "-".join(LONG.lower().split())  # the slug of the whole name, as it was
    # The site a digest whose slugs were a name's plain slug built.
    as_built_before(site, {"tags/c-plus-plus": "tags/c", f"tags/{long_page}": f"tags/{plain}"})
    site = build(project)
    assert rules(site) == {
        "/tags/c/": "/tags/c-plus-plus/",
        "/tags/c/feed.xml": "/tags/c-plus-plus/feed.xml",
        f"/tags/{plain}/": f"/tags/{long_page}/",
        f"/tags/{plain}/feed.xml": f"/tags/{long_page}/feed.xml",
    }
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c/feed.xml"
    assert json.loads((project / HISTORY).read_text())["version"] == 2


def test_a_history_from_before_term_pages_were_kept_without_a_site_takes_the_plain_slugs(
    project: Path, write_article: WriteArticle
) -> None:
    """A fresh clone (no site/, no cache): the pages are taken to be the plain slugs'."""
    write_article("2026/01/cpp.md", CPP, "The compiler shipped.\n")
    build(project)
    rewrite_history(project, as_version_1)
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".digest-cache")
    site = build(project)
    assert rules(site) == {
        "/tags/c/": "/tags/c-plus-plus/",
        "/tags/c/feed.xml": "/tags/c-plus-plus/feed.xml",
    }
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c/feed.xml"


def test_a_history_from_session_13_keeps_the_pages_its_site_had(
    project: Path, write_article: WriteArticle
) -> None:
    """Session 13's digest (b57113e) spelled "C++" out but gave 北京 no hash, and wrote a
    version 1 history: its site had /tags/c-plus-plus/ and /tags/bei-jing/, never /tags/c/.
    Converted, C++ keeps its page and its feed's <id>; 北京's page moved; a tag no story has
    now is kept as gone."""
    write_article("2026/01/cpp.md", CPP.replace("[C++]", "[C++, 北京]"), "Shipped.\n")
    write_article("2026/01/old.md", CPP.replace("cpp", "old").replace("C++", "Retired"), "Old.\n")
    site = build(project)
    (beijing,) = [p.name for p in (site / "tags").iterdir() if p.name.startswith("bei-jing")]
    (project / "content" / "articles" / "2026" / "01" / "old.md").unlink()
    rewrite_history(project, as_version_1)
    as_built_before(site, {f"tags/{beijing}": "tags/bei-jing"})
    site = build(project)
    assert {old: new for old, new in rules(site).items() if old.startswith("/tags/")} == {
        "/tags/bei-jing/": f"/tags/{beijing}/",
        "/tags/bei-jing/feed.xml": f"/tags/{beijing}/feed.xml",
        "/tags/retired/": "/tags/",  # gone: to the index (site/gone_terms.py)
    }
    assert not (site / "tags" / "c").exists()
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c-plus-plus/feed.xml"
    assert feed_id(site, f"tags/{beijing}") == "https://example.org/tags/bei-jing/feed.xml"
    terms = json.loads((project / HISTORY).read_text())["terms"]
    assert terms["tags/c-plus-plus/"] == {"name": "C++"}
    assert terms["tags/retired/"] == {"name": "retired", "gone": True}
    assert "tags/c/" not in terms


def test_a_page_the_old_url_still_names_wins_over_a_redirect(
    project: Path, write_article: WriteArticle
) -> None:
    """'C' and 'C++' shared /tags/c/ before; 'C' keeps it, 'C++' is a new page and feed."""
    write_article("2026/01/cpp.md", CPP, "The compiler shipped.\n")
    write_article("2026/01/c.md", CPP.replace("cpp", "c").replace("C++", "C"), "C too.\n")
    site = build(project)
    rewrite_history(project, as_version_1)
    as_built_before(site, {"tags/c-plus-plus": None})
    site = build(project)
    assert not (site / "_redirects").exists()
    assert "C too." in (site / "tags" / "c" / "index.html").read_text()
    assert feed_id(site, "tags/c-plus-plus") == "https://example.org/tags/c-plus-plus/feed.xml"
    assert feed_id(site, "tags/c") == "https://example.org/tags/c/feed.xml"


@pytest.mark.parametrize(
    "terms",
    [
        [],
        {"tags/c/": "C"},
        {"/etc/": {"name": "C"}},
        {"tags/c/": {"name": ""}},
        {"tags/c/": {"name": "C", "old": ["../../x/"]}},
        {"tags/c/": {"name": "C", "first": "http://evil.example/"}},
        {"tags/c/": {"name": "C", "gone": "yes"}},
    ],
)
def test_a_broken_term_history_is_an_error_naming_the_file(
    project: Path, write_article: WriteArticle, terms: object
) -> None:
    write_article("2026/01/cpp.md", CPP, "The compiler shipped.\n")
    build(project)

    def broken(data: dict[str, object]) -> None:
        data["terms"] = terms

    rewrite_history(project, broken)
    with pytest.raises(DigestError, match=r"\.urls\.json: terms"):
        build(project)


def test_names_that_transliterate_alike_get_pages_of_their_own_and_the_old_one_redirects(
    project: Path, write_article: WriteArticle
) -> None:
    """北京 (Beijing) and 背景 (background) shared /tags/bei-jing/, titled by the one most
    stories used; each has its own page now, and the shared page leads to that one's."""
    beijing = CPP.replace("cpp", "bj").replace("[C++]", "[北京]")
    write_article("2026/01/bj.md", beijing, "Beijing.\n")
    write_article("2026/01/bj2.md", beijing.replace("bj", "bj2"), "Beijing again.\n")
    write_article("2026/01/bg.md", CPP.replace("cpp", "bg").replace("[C++]", "[背景]"), "Bg.\n")
    site = build(project)
    pages = sorted(p.name for p in (site / "tags").iterdir() if p.name.startswith("bei-jing"))
    assert len(pages) == 2 and "bei-jing" not in pages
    titles = {page: (site / "tags" / page / "index.html").read_text() for page in pages}
    shown = [
        (heading("北京") in text, heading("背景") in text, "again" in text)
        for text in titles.values()
    ]
    assert sorted(shown) == [(False, True, False), (True, False, True)]
    rewrite_history(project, as_version_1)  # as a build before slugs told them apart left it
    (kept, other) = pages
    as_built_before(site, {f"tags/{kept}": "tags/bei-jing", f"tags/{other}": None})
    site = build(project)
    (beijing_page,) = [page for page, text in titles.items() if heading("北京") in text]
    assert rules(site)["/tags/bei-jing/"] == f"/tags/{beijing_page}/"
    assert feed_id(site, f"tags/{beijing_page}") == "https://example.org/tags/bei-jing/feed.xml"

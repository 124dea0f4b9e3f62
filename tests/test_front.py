"""The front page's edition, typography, honest dates, bylines, JSON-LD and the tags index."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.config import FrontConfig
from digest.models import Article, Source
from digest.site.front import choose_lead, edition
from digest.site.group import group
from digest.site.story_facts import byline, card_date, credit, story_date
from digest.site.typography import markdown, typeset
from tests.conftest import WriteArticle, build


def story(name: str, day: int, region: str = "Europe", **more: object) -> Article:
    date = dt.date(2026, 1, day)
    return Article(Path(f"{name}.md"), name, name.title(), date, "", regions=(region,), **more)  # type: ignore[arg-type]


def test_the_editor_chooses_the_lead_by_lead_or_weight() -> None:
    plain = [story("a", 13), story("b", 13)]
    assert choose_lead([*plain, story("c", 12, lead=True)]).id == "c"  # type: ignore[union-attr]
    assert choose_lead([*plain, story("d", 11, weight=5)]).id == "d"  # type: ignore[union-attr]
    merged = story("e", 13, sources=(Source("x.txt", 1), Source("y.txt", 2)))
    assert choose_lead([*plain, merged]).id == "e"  # type: ignore[union-attr]
    newer = choose_lead([story("f", 11), story("g", 13)])
    assert newer is not None and newer.id == "g"
    assert choose_lead([]) is None


def test_a_story_dated_by_a_guess_leads_only_where_no_date_is_known() -> None:
    # review18 R20: a story dated by its dump's day (a guess) led the page, a day newer
    # than the stories that printed theirs.
    guessed = story("guessed", 14, date_precision="guess", sources=(Source("x.txt", 1),) * 2)
    known = story("known", 13, date_precision="day")
    assert choose_lead([guessed, known]) is known
    assert choose_lead([guessed, story("other", 14, date_precision="guess")]) is guessed
    assert choose_lead([guessed, story("heavy", 12, weight=1)]).id == "heavy"  # type: ignore[union-attr]


def test_the_edition_fills_from_earlier_days_and_shows_top_stories_per_region() -> None:
    articles = [story("lonely", 20)] + [
        story(f"s{day}{n}", day, ("Europe", "Asia", "Africa")[n % 3])
        for day in (1, 2, 3, 4, 5)
        for n in range(6)
    ]
    groups = group(articles, related=0)
    front = edition(groups, FrontConfig(days=2, per_region=2, at_least=12))
    # Day 20 has one story: days 5 and 4 are not enough either, so day 3 fills in.
    assert [day.date.day for day in front.days] == [20, 5, 4]
    assert front.count == 13 and front.lead is not None
    shown = [front.lead, *front.top, *(a for pick in front.regions for a in pick.articles)]
    assert len({a.id for a in shown}) == len(shown)
    assert all(len(pick.articles) <= 2 for pick in front.regions)
    assert sum(len(p.articles) + p.more for p in front.regions) + 1 + len(front.top) == 13


def test_titles_and_bodies_are_set_with_curly_quotes_and_dashes() -> None:
    assert (
        typeset('Kim\'s "big" day -- or not...')
        == "Kim\u2019s \u201cbig\u201d day \u2013 or not\u2026"
    )
    assert typeset('AT&T *says* "no" [x](y)') == "AT&T *says* \u201cno\u201d [x](y)"
    assert typeset('"Nein"', "de") == "\u201eNein\u201c"
    html = markdown().render('KAMPALA - He said "yes" in `a "b" - c` at <http://e.org/a--b>\n')
    assert "KAMPALA \u2013 He said \u201cyes\u201d" in html
    assert "<code>a &quot;b&quot; - c</code>" in html and "http://e.org/a--b</a>" in html


def test_a_date_is_shown_as_precisely_as_it_is_known() -> None:
    base = story("a", 13)
    assert story_date(base) == "Tuesday 13 January 2026"
    guess = replace(base, date_precision="guess", date_source="seen")
    assert story_date(guess) == "first seen 13 January 2026"
    assert card_date(guess) == "first seen 13 Jan 2026"
    weekday = replace(guess, date_source="weekday")
    assert story_date(weekday) == "probably Tuesday 13 January 2026"
    assert card_date(weekday) == "probably 13 Jan 2026"
    no_year = replace(base, date_precision="day-without-year")
    assert story_date(no_year) == "January 13" and card_date(no_year) == "Jan 13"


def test_bylines_and_credits() -> None:
    base = story("a", 13, authors=("Jane Doe", "John Roe", "Ann Poe"), outlet="Reuters")
    assert byline(base) == "By Jane Doe, John Roe and Ann Poe"
    assert credit(base) == "Reuters"
    merged = replace(base, sources=(Source("x", 1), Source("y", 1)))
    assert credit(merged) == "Reuters; 2 copies merged"


class _Page(HTMLParser):
    """Collect a story page's JSON-LD, h1, byline, kicker, <time> and meta tags."""

    def __init__(self) -> None:
        super().__init__()
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.text: dict[str, str] = {}
        self.time = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in = "json"
        elif tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "h1" or values.get("class") in ("authors", "kicker"):
            self._in = values.get("class") or tag
        elif tag == "time" and not self.time:
            self.time = values["datetime"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "h1", "span", "p"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "json":
            self.json_ld.append(data)
        elif self._in is not None:
            self.text[self._in] = self.text.get(self._in, "") + data


def test_a_story_page_carries_news_article_json_ld_that_matches_it(
    project: Path, write_article: WriteArticle
) -> None:
    write_article(
        "2026/01/kim.md",
        'title: "Kim\'s \\"New\\" Plan -- </script> Maybe"\ndate: 2026-01-13\n'
        "published: 2026-01-13T09:12:00+02:00\nregions: [Asia, Europe]\ntags: [North Korea]\n"
        "authors: [Jane Doe]\noutlet: Reuters\ndateline: SEOUL\ndate_precision: time",
        'North Korea\'s leader said "soon".\n',
    )
    page = _Page()
    page.feed((build(project) / "2026/01/13/kim/index.html").read_text())
    [raw] = page.json_ld
    assert "</script" not in raw
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
    assert (
        data["headline"]
        == page.text["h1"]
        == "Kim\u2019s \u201cNew\u201d Plan \u2013 </script> Maybe"
    )
    assert data["datePublished"] == "2026-01-13T09:12:00+02:00" == data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": "Jane Doe"}]
    assert page.text["authors"] == "By Jane Doe"
    assert data["articleSection"] == "Asia" == page.text["kicker"].split(",")[0]
    assert data["publisher"]["name"] == "Test Digest" == page.meta["og:site_name"]
    assert data["url"] == "https://example.org/2026/01/13/kim/" == page.meta["og:url"]
    assert page.meta["og:title"] == data["headline"] and page.meta["twitter:card"] == "summary"
    assert page.meta["og:type"] == "article" and page.meta["article:section"] == "Asia"
    html = (project / "site/2026/01/13/kim/index.html").read_text()
    assert 'href="/regions/asia/feed.xml"' in html  # a feed of each of its regions
    assert re.search(r'<span class="dateline">SEOUL</span>', html)


def test_the_tags_index_is_one_page_grouped_by_letter(
    project: Path, write_article: WriteArticle
) -> None:
    tags = ", ".join(f"{letter}tag{n}" for letter in "abcdefgh" for n in range(3)) + ", 9lives"
    write_article("s.md", f"title: Story\ndate: 2026-01-13\ntags: [{tags}]")
    site = build(project)  # paginate: 2
    index = (site / "tags/index.html").read_text()
    assert not (site / "tags/page/2/index.html").exists()
    assert len(re.findall(r'<a href="/tags/[^"]+/">', index)) == 25
    headings = re.findall(r'<h2 id="letter-\d+-name">(.)</h2>', index)
    assert headings == ["#", "A", "B", "C", "D", "E", "F", "G", "H"]


@pytest.mark.parametrize("precision", ["guess", "day-without-year"])
def test_story_pages_and_cards_show_an_unsure_date_as_such(
    project: Path, write_article: WriteArticle, precision: str
) -> None:
    write_article(
        "s.md",
        f"title: Story\ndate: 2026-01-13\ndate_precision: {precision}\ndate_source: seen",
    )
    site = build(project)
    page = (site / "2026/01/13/s/index.html").read_text()
    home = (site / "index.html").read_text()
    if precision == "guess":
        assert "first seen 13 January 2026" in page and "first seen 13 Jan 2026" in home
    else:
        assert ">January 13</a>" in page and ">Jan 13</time>" in home
        assert "2026</a></time>" not in page

"""Render: grouped articles -> every file of the site as {output path: bytes} (stage 7).

Nothing here writes to disk. Rendering is split in two so that a build can skip what did
not change: `plan_pages` and `plan_feeds` describe every page and feed, naming stories by
StoryRef (which carries a digest of everything the story shows), and `page_key` and
`feed_key` hash such a plan with what every page shares (templates, settings, assets,
digest's code). A `Renderer` then turns plans into bytes, given the full stories. Each
story's Markdown is parsed once; each teaser and feed entry is rendered once per process
and reused by every list that shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.meta
from markdown_it import MarkdownIt
from markupsafe import Markup

from digest.config import Config
from digest.models import Article
from digest.paths import NOT_FOUND_FILE, TEMPLATES_DIR
from digest.site.feeds import (
    Feed,
    FeedEntry,
    render_entry,
    render_feed,
    story_time,
)
from digest.site.group import (
    DigestDay,
    Groups,
    Month,
    Term,
    by_region,
    in_region_order,
    paginate,
    slug,
)
from digest.site.theme import Theme, ThemeError, environment
from digest.urls import UrlScheme

Item = TypeVar("Item")  # what a paginated list holds: stories or term links

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TEASER_WORDS = 40
TEASER_TEMPLATE = "_teaser.html"  # what the `teaser()` function renders
STORY_TEMPLATE = "article.html"  # the template of story pages
EARLIER_DAYS = 14


# Page keys are made of the repr of page plans (thousands a build): the plan classes spell
# theirs out, as the generated one guards against recursion at several times the cost.


@dataclass(frozen=True, slots=True, repr=False)
class Link:
    """A named link to a page of the site."""

    name: str
    path: str
    count: int = 0

    def __repr__(self) -> str:
        return f"Link({self.name!r}, {self.path!r}, {self.count!r})"


@dataclass(frozen=True, slots=True)
class Story:
    """An article ready for templates: its page, rendered body and links."""

    article: Article
    path: str
    body_html: Markup
    teaser: str
    regions: tuple[Link, ...]
    tags: tuple[Link, ...]

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> dt.date:
        return self.article.date

    @property
    def time(self) -> str:
        """Return the machine-readable time for <time datetime>."""
        moment = self.article.datetime
        return moment.isoformat() if moment is not None else self.article.date.isoformat()

    @property
    def captions(self) -> tuple[str, ...]:
        return self.article.captions


@dataclass(frozen=True, slots=True, repr=False)
class StoryRef:
    """A story as a page plan names it; *digest* covers everything the story shows.

    Its repr is its digest, so the repr of a plan is a faithful, cheap key of the page.
    """

    id: str
    digest: str
    path: str
    title: str
    teaser: str

    def __repr__(self) -> str:
        return f"StoryRef({self.digest})"


@dataclass(frozen=True, slots=True, repr=False)
class Pager:
    """Where a page is in a paginated list."""

    number: int
    count: int
    previous: str | None
    next: str | None

    def __repr__(self) -> str:
        return f"Pager({self.number!r}, {self.count!r}, {self.previous!r}, {self.next!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Meta:
    """What the page layout needs: title, canonical path, description, nav section, feed."""

    path: str
    title: str
    description: str
    section: str
    og_type: str = "website"
    feed: Link | None = None
    indexable: bool = True

    def __repr__(self) -> str:
        return (
            f"Meta({self.path!r}, {self.title!r}, {self.description!r}, {self.section!r},"
            f" {self.og_type!r}, {self.feed!r}, {self.indexable!r})"
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page to render: its template and the values it shows."""

    template: str
    meta: Meta
    values: Mapping[str, Any] = field(default_factory=dict)
    changed: dt.date | None = None  # for the sitemap


@dataclass(frozen=True, slots=True, repr=False)
class SectionView:
    """A region heading of a day's digest and its stories."""

    region: Link | None
    stories: tuple[StoryRef | Story, ...]

    def __repr__(self) -> str:
        return f"SectionView({self.region!r}, {self.stories!r})"


@dataclass(frozen=True, slots=True, repr=False)
class DayView:
    """One day within a month archive page."""

    date: dt.date
    path: str
    stories: tuple[StoryRef | Story, ...]

    def __repr__(self) -> str:
        return f"DayView({self.date!r}, {self.path!r}, {self.stories!r})"


def long_date(date: dt.date) -> str:
    """Return "Tuesday 13 January 2026" in any locale."""
    return f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """Return "13 Jan 2026" in any locale."""
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def story_count(count: int) -> str:
    """Return "1 story" or "12 stories"."""
    return f"{count} {'story' if count == 1 else 'stories'}"


def month_name(year: int, month: int) -> str:
    """Return "January 2026"."""
    return f"{MONTHS[month - 1]} {year}"


def markdown() -> MarkdownIt:
    """Return the Markdown parser: CommonMark and tables, raw HTML off (dumps are never markup)."""
    return MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})


def render_body(article: Article, md: MarkdownIt) -> tuple[str, str]:
    """Parse *article*'s Markdown once into its page body (HTML) and its teaser."""
    tokens = md.parse(article.body)
    body = md.renderer.render(tokens, md.options, {})
    teaser = article.summary or _first_paragraph(tokens)
    return body, _shorten(teaser, TEASER_WORDS)


def make_story(article: Article, body_html: str, teaser: str, urls: UrlScheme) -> Story:
    """Return *article* ready for templates, with its rendered body and teaser."""
    return Story(
        article=article,
        path=urls.article(article.date, article.slug),
        body_html=Markup(body_html),  # markdown-it output: raw HTML is off, so it is safe
        teaser=teaser,
        regions=tuple(Link(name, urls.region(slug(name))) for name in article.regions),
        tags=tuple(Link(name, urls.tag(slug(name))) for name in article.tags),
    )


def story_ref(article: Article, digest: str, teaser: str, urls: UrlScheme) -> StoryRef:
    """Return the reference by which plans name *article* (a card or a full article)."""
    return StoryRef(
        article.id, digest, urls.article(article.date, article.slug), article.title, teaser
    )


def _first_paragraph(tokens: Sequence[Any]) -> str:
    for before, token in itertools.pairwise(tokens):
        if before.type == "paragraph_open" and token.type == "inline":
            parts = (
                child.content if child.type in ("text", "code_inline") else " "
                for child in token.children or ()
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            return "".join(parts)
    return ""


def _shorten(text: str, words: int) -> str:
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + "\u2026"


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """An Atom feed to render: what it is about and its newest stories."""

    path: str
    about: Feed
    entries: tuple[StoryRef, ...]


@dataclass(frozen=True, slots=True)
class RenderSetup:
    """What any process needs to render pages: plain values, so that it can be pickled."""

    site: Mapping[str, str]
    urls: UrlScheme
    theme: Theme
    theme_name: str
    asset_paths: Mapping[str, str]
    updated: dt.datetime | None
    code_cache: Path | None = None  # where compiled templates are kept between builds


def render_setup(
    config: Config, theme: Theme, asset_paths: Mapping[str, str], updated: dt.datetime | None
) -> RenderSetup:
    """Return the set-up for rendering the site of *config* with *theme*."""
    urls = UrlScheme.from_base_url(config.base_url)
    site = {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": urls.base_url,
    }
    return RenderSetup(site, urls, theme, config.theme, dict(asset_paths), updated)


def templates_digest(theme: Theme) -> str:
    """Return a hash of every template file a page could use (overrides and prefixed copies)."""
    hasher = hashlib.blake2b(digest_size=16)
    folders = [*theme.template_dirs, *(folder / TEMPLATES_DIR for folder in theme.chain)]
    for number, folder in enumerate(folders):
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
            if path.is_file():
                name = f"{number}:{path.relative_to(folder).as_posix()}"
                hasher.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def template_keys(theme: Theme, names: Iterable[str]) -> dict[str, str]:
    """Return, for each template in *names*, a hash of it and of every template it uses.

    A page's key holds only its own template's hash, so that editing article.html
    re-renders story pages and nothing else, while editing base.html re-renders all.
    What a template uses is what it extends, includes or imports, and `_teaser.html`
    when it calls `teaser()`; a template naming another by a variable could use any,
    so it depends on all of them. Raises jinja2.TemplateError for a broken template.
    """
    env = environment(theme, {})
    sources: dict[str, str | None] = {}
    uses: dict[str, frozenset[str] | None] = {}

    def look(name: str) -> None:
        if name in sources:
            return
        assert env.loader is not None
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            # Not there (yet): one made later changes the key of the templates naming it.
            sources[name], uses[name] = None, frozenset()
            return
        sources[name] = source
        tree = env.parse(source, name, filename)
        try:
            found = list(jinja2.meta.find_referenced_templates(tree))
            undeclared = jinja2.meta.find_undeclared_variables(tree)
        except jinja2.TemplateSyntaxError as error:  # an unknown filter, found by compiling
            error.name, error.filename = name, filename  # not jinja's "<introspection>"
            raise
        named = frozenset(item for item in found if item is not None)
        if "teaser" in undeclared:
            named |= {TEASER_TEMPLATE}
        uses[name] = None if None in found else named
        for other in sorted(named):
            look(other)

    keys = {}
    for name in names:
        look(name)
        closure, todo = {name}, [name]
        dynamic = False
        while todo:
            used = uses[todo.pop()]
            if used is None:
                dynamic = True
                continue
            for other in used - closure:
                closure.add(other)
                todo.append(other)
        if dynamic:
            everything = env.list_templates()
            for other in everything:
                look(other)
            closure |= set(everything)
        hasher = hashlib.blake2b(digest_size=16)
        for other in sorted(closure):
            source = sources[other]
            hasher.update(f"{other}\0{'-' if source is None else source}\0".encode())
        keys[name] = hasher.hexdigest()
    return keys


def setup_key(setup: RenderSetup, code: str) -> str:
    """Return the part of every page's key that all pages share (templates aside)."""
    parts = (
        code,
        repr(sorted(setup.site.items())),
        setup.urls.base_url,
        setup.theme_name,
        repr(sorted(setup.asset_paths.items())),
        repr(setup.updated),
    )
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def page_key(shared: str, template: str, page: Page) -> str:
    """Return a key that changes whenever the bytes of *page* could change.

    *template* is the key of the page's template (`template_keys`).
    """
    text = f"{shared}\0{template}\0{page.template}\0{page.meta!r}\0{page.values!r}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def feed_key(shared: str, feed: FeedPlan) -> str:
    """Return a key that changes whenever the bytes of *feed* could change (no template)."""
    text = f"{shared}\0feed\0{feed.path}\0{feed.about!r}\0{feed.entries!r}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def map_refs(value: Any, change: Callable[[StoryRef], Any]) -> Any:
    """Return *value* (a plan's values) with every StoryRef in it replaced by change(ref)."""
    if isinstance(value, StoryRef):
        return change(value)
    if isinstance(value, tuple):
        return tuple(map_refs(item, change) for item in value)
    if isinstance(value, SectionView | DayView):
        return replace(value, stories=map_refs(value.stories, change))
    if isinstance(value, dict):
        return {name: map_refs(item, change) for name, item in value.items()}
    return value


def resolve(value: Any, stories: Mapping[str, Story]) -> Any:
    """Return *value* (a plan's values) with every StoryRef replaced by its full Story."""
    return map_refs(value, lambda ref: stories[ref.id])


def with_refs(value: Any, refs: Mapping[str, StoryRef]) -> Any:
    """Return *value* (a plan's values) with each StoryRef whose id is in *refs* replaced."""
    return map_refs(value, lambda ref: refs.get(ref.id, ref))


def referenced(value: Any) -> Iterator[StoryRef]:
    """Yield every StoryRef in a plan's values (the stories a page needs in full)."""
    if isinstance(value, StoryRef):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from referenced(item)
    elif isinstance(value, SectionView | DayView):
        yield from referenced(value.stories)
    elif isinstance(value, dict):
        for item in value.values():
            yield from referenced(item)


class Renderer:
    """Renders plans with one Jinja2 environment, reusing teasers and feed entries."""

    def __init__(self, setup: RenderSetup) -> None:
        self.setup = setup
        self._teasers: dict[tuple[str, int], Markup] = {}
        self._entries: dict[str, tuple[dt.datetime, str]] = {}
        urls = setup.urls
        paths = setup.asset_paths

        def asset(name: str) -> str:
            if name not in paths:
                raise ThemeError(
                    f"theme {setup.theme_name!r}: a template uses {name!r}, not in static/"
                )
            return urls.href(paths[name])

        self.env = environment(
            setup.theme,
            code_cache=setup.code_cache,
            functions={
                "href": urls.href,
                "absolute": urls.absolute,
                "asset": asset,
                "teaser": self._teaser,
                "long_date": long_date,
                "short_date": short_date,
                "month_name": month_name,
                "story_count": story_count,
                "urls": urls,
            },
        )

    def forget(self, ids: Iterable[str]) -> None:
        """Drop the teasers and feed entries kept of stories *ids* (they have changed)."""
        gone = set(ids)
        self._teasers = {key: value for key, value in self._teasers.items() if key[0] not in gone}
        for name in gone:
            self._entries.pop(name, None)

    def _teaser(self, story: Story, level: int = 2) -> Markup:
        key = (story.article.id, level)
        if key not in self._teasers:
            rendered = self.env.get_template(TEASER_TEMPLATE).render(story=story, level=level)
            self._teasers[key] = Markup(rendered.strip())  # rendered by an autoescaping template
        return self._teasers[key]

    def page(self, page: Page, stories: Mapping[str, Story]) -> bytes:
        """Return the HTML of *page*; *stories* holds every story it names, by id."""
        values = resolve(dict(page.values), stories)
        template = self.env.get_template(page.template)
        return template.render(site=self.setup.site, meta=page.meta, **values).encode("utf-8")

    def feed(self, plan: FeedPlan, stories: Mapping[str, Story]) -> bytes:
        """Return the Atom feed of *plan*, newest entries first."""
        latest = sorted(
            (self._entry(stories[ref.id]) for ref in plan.entries),
            key=lambda item: item[0],
            reverse=True,
        )
        return render_feed(plan.about, latest, self.setup.urls, self.setup.updated)

    def _entry(self, story: Story) -> tuple[dt.datetime, str]:
        article = story.article
        if article.id not in self._entries:
            moment = story_time(article.date, article.datetime)
            captions = "".join(f"<p><em>{Markup.escape(text)}</em></p>" for text in story.captions)
            content = FeedEntry(
                title=article.title,
                path=story.path,
                updated=moment,
                summary=story.teaser,
                content_html=captions + str(story.body_html),
                categories=article.regions + article.tags,
            )
            self._entries[article.id] = (moment, render_entry(content, self.setup.urls))
        return self._entries[article.id]


def sitemap_pages(pages: Iterable[Page]) -> list[tuple[str, dt.date | None]]:
    """Return (path, last change) of every page that belongs in the sitemap, sorted."""
    return sorted((page.meta.path, page.changed) for page in pages if page.meta.indexable)


def plan_story_page(
    groups: Groups,
    stories: Mapping[str, StoryRef],
    config: Config,
    urls: UrlScheme,
    article: Article,
) -> Page:
    """Return the page of one story of *groups* (as `plan_pages` plans it)."""
    return _Plan(groups, stories, config, urls).article(article)


def plan_pages(
    groups: Groups, stories: Mapping[str, StoryRef], config: Config, urls: UrlScheme
) -> Iterator[Page]:
    """Yield every HTML page of the site."""
    plan = _Plan(groups, stories, config, urls)
    yield from plan.home()
    yield from plan.days()
    yield from plan.months()
    yield from plan.archive()
    yield from plan.articles()
    yield from plan.terms("region", groups.regions, urls.regions(), urls.region)
    yield from plan.terms("tag", groups.tags, urls.tags(), urls.tag)
    yield from plan.fixed()


def plan_feeds(
    groups: Groups, stories: Mapping[str, StoryRef], config: Config, urls: UrlScheme
) -> list[FeedPlan]:
    """Return the site's feed and one feed per region and per tag."""

    def feed(title: str, page_path: str, articles: Sequence[Article]) -> FeedPlan:
        path = urls.feed(page_path)
        about = Feed(title, config.description, path, page_path, config.language, config.title)
        entries = tuple(stories[article.id] for article in articles[: config.feed_entries])
        return FeedPlan(path, about, entries)

    feeds = [feed(config.title, "", groups.articles)]
    for terms, term_path in ((groups.regions, urls.region), (groups.tags, urls.tag)):
        for term in terms:
            feeds.append(
                feed(f"{term.name} \u2013 {config.title}", term_path(term.slug), term.articles)
            )
    return feeds


@dataclass(frozen=True, slots=True)
class _Plan:
    groups: Groups
    stories: Mapping[str, StoryRef]
    config: Config
    urls: UrlScheme

    def _stories(self, articles: Sequence[Article]) -> tuple[StoryRef, ...]:
        return tuple(self.stories[article.id] for article in articles)

    def _sections(self, articles: Sequence[Article]) -> tuple[SectionView, ...]:
        return tuple(
            SectionView(
                None if section.region is None else self._term_link(section.region, "region"),
                self._stories(section.articles),
            )
            for section in by_region(articles, self.groups.regions)
        )

    def _term_link(self, term: Term, kind: str) -> Link:
        path = self.urls.region(term.slug) if kind == "region" else self.urls.tag(term.slug)
        return Link(term.name, path, len(term.articles))

    def _pages(
        self, path: str, items: Sequence[Item]
    ) -> Iterator[tuple[str, Pager, tuple[Item, ...]]]:
        pages = paginate(items, self.config.paginate)
        for number, page in enumerate(pages, start=1):
            previous = self.urls.paged(path, number - 1) if number > 1 else None
            following = self.urls.paged(path, number + 1) if number < len(pages) else None
            pager = Pager(number, len(pages), previous, following)
            yield self.urls.paged(path, number), pager, page

    def _meta(self, path: str, title: str, section: str, **more: Any) -> Meta:
        return Meta(path, title, more.pop("description", self.config.description), section, **more)

    def home(self) -> Iterator[Page]:
        days = self.groups.days
        latest = days[0] if days else None
        values: dict[str, Any] = {"day": None, "sections": (), "more": None, "count": 0}
        if latest is not None:
            day_path = self.urls.day(latest.date)
            ordered = in_region_order(latest.articles, self.groups.regions)
            pages = paginate(ordered, self.config.paginate)
            values = {
                "day": Link(long_date(latest.date), day_path, len(latest.articles)),
                "date": latest.date,
                "sections": self._sections(pages[0]),
                "more": self.urls.paged(day_path, 2) if len(pages) > 1 else None,
                "count": len(latest.articles),
            }
        earlier = tuple(
            Link(long_date(day.date), self.urls.day(day.date), len(day.articles))
            for day in days[1 : 1 + EARLIER_DAYS]
        )
        meta = self._meta(
            "", self.config.title, "home", feed=Link(self.config.title, self.urls.feed())
        )
        yield Page("home.html", meta, {**values, "earlier": earlier})

    def days(self) -> Iterator[Page]:
        days = self.groups.days
        for index, day in enumerate(days):
            path = self.urls.day(day.date)
            newer = days[index - 1] if index > 0 else None
            older = days[index + 1] if index + 1 < len(days) else None
            ordered = in_region_order(day.articles, self.groups.regions)
            for page_path, pager, articles in self._pages(path, ordered):
                title = long_date(day.date)
                yield Page(
                    "day.html",
                    self._meta(page_path, title, "archive"),
                    {
                        "date": day.date,
                        "count": len(day.articles),
                        "sections": self._sections(articles),
                        "pager": pager,
                        "month": Link(
                            month_name(day.date.year, day.date.month),
                            self.urls.month(day.date.year, day.date.month),
                        ),
                        "newer": self._day_link(newer),
                        "older": self._day_link(older),
                    },
                    changed=day.date,
                )

    def _day_link(self, day: DigestDay | None) -> Link | None:
        if day is None:
            return None
        return Link(long_date(day.date), self.urls.day(day.date), len(day.articles))

    def months(self) -> Iterator[Page]:
        months = self.groups.months
        for index, month in enumerate(months):
            path = self.urls.month(month.year, month.month)
            newer = months[index - 1] if index > 0 else None
            older = months[index + 1] if index + 1 < len(months) else None
            for page_path, pager, articles in self._pages(path, month.articles):
                days: dict[dt.date, list[Article]] = {}
                for article in articles:
                    days.setdefault(article.date, []).append(article)
                views = tuple(
                    DayView(date, self.urls.day(date), self._stories(items))
                    for date, items in days.items()
                )
                title = month_name(month.year, month.month)
                yield Page(
                    "month.html",
                    self._meta(page_path, title, "archive"),
                    {
                        "year": month.year,
                        "month": month.month,
                        "count": month.count,
                        "days": views,
                        "pager": pager,
                        "newer": self._month_link(newer),
                        "older": self._month_link(older),
                    },
                )

    def _month_link(self, month: Month | None) -> Link | None:
        if month is None:
            return None
        path = self.urls.month(month.year, month.month)
        return Link(month_name(month.year, month.month), path, month.count)

    def archive(self) -> Iterator[Page]:
        years: dict[int, list[Link]] = {}
        for month in self.groups.months:
            years.setdefault(month.year, []).append(
                Link(
                    month_name(month.year, month.month),
                    self.urls.month(month.year, month.month),
                    month.count,
                )
            )
        yield Page(
            "archive.html",
            self._meta(self.urls.archive(), "Archive", "archive"),
            {
                "years": tuple((year, tuple(months)) for year, months in years.items()),
                "count": len(self.groups.articles),
            },
        )

    def articles(self) -> Iterator[Page]:
        for article in self.groups.articles:
            yield self.article(article)

    def article(self, article: Article) -> Page:
        story = self.stories[article.id]
        related = self._stories(self.groups.related.get(article.id, ()))
        return Page(
            STORY_TEMPLATE,
            self._meta(
                story.path,
                story.title,
                "article",
                description=story.teaser or self.config.description,
                og_type="article",
            ),
            {
                "story": story,
                "related": related,
                "day": Link(long_date(article.date), self.urls.day(article.date)),
            },
            changed=article.date,
        )

    def terms(
        self,
        kind: str,
        terms: Sequence[Term],
        index_path: str,
        term_path: Callable[[str], str],
    ) -> Iterator[Page]:
        plural = f"{kind}s"
        links = tuple(self._term_link(term, kind) for term in terms)
        for page_path, pager, page_links in self._pages(index_path, links):
            yield Page(
                f"{plural}.html",
                self._meta(page_path, plural.capitalize(), plural),
                {"terms": page_links, "pager": pager, "count": len(links)},
            )
        for term, link in zip(terms, links, strict=True):
            path = term_path(term.slug)
            feed = Link(f"{term.name} \u2013 {self.config.title}", self.urls.feed(path))
            for page_path, pager, articles in self._pages(path, term.articles):
                yield Page(
                    f"{kind}.html",
                    self._meta(page_path, term.name, plural, feed=feed),
                    {"term": link, "stories": self._stories(articles), "pager": pager},
                    changed=term.articles[0].date,
                )

    def fixed(self) -> Iterator[Page]:
        yield Page("search.html", self._meta(self.urls.search(), "Search", "search"))
        yield Page(
            NOT_FOUND_FILE,  # the template is named as the page's file
            self._meta(self.urls.not_found(), "Page not found", "", indexable=False),
        )

"""Renderer: page and feed plans + full stories -> bytes, with one Jinja2 environment.

Each story's Markdown is parsed once (`render_body`); each teaser and feed entry is
rendered once per process and reused by every list that shows it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from digest.config import Config
from digest.errors import ArticleError
from digest.languages import foreign_language
from digest.models import Article
from digest.paths import ARTICLES_DIR
from digest.site.feeds import (
    EntryIdentity,
    FeedEntry,
    entry_updated,
    published_time,
    render_entry,
    render_feed,
)
from digest.site.group import (
    term_slug,
)
from digest.site.images import Picture, feed_image
from digest.site.prose import prose_html, prose_tokens, render_prose
from digest.site.story_facts import (
    byline,
    card_date,
    credit,
    date_note,
    json_ld,
    story_date,
    updated_note,
)
from digest.site.theme import Theme, ThemeError, environment
from digest.site.theme_limits import TemplateTooBig, time_limit
from digest.site.typography import typeset
from digest.site.views import (
    FeedPlan,
    Link,
    Page,
    Story,
    StoryRef,
    long_date,
    month_name,
    resolve,
    short_date,
    story_count,
)
from digest.urls import UrlScheme

TEASER_WORDS = 40
TEASER_TEMPLATE = "_teaser.html"  # what the `teaser()` function renders
# Rendered teasers remembered by a renderer: pages are rendered in plan order, so a story's
# teaser is reused by the pages beside it; a bound keeps a worker's memory flat at 100 000.
TEASER_MEMO = 20_000
TeaserKey = tuple[str, int, str, bool]  # story id, heading level, region under, eager
TITLE_MEMO = 20_000  # typeset titles a renderer keeps


def render_body(article: Article, md: MarkdownIt) -> tuple[str, str]:
    """Parse *article*'s Markdown once into its page body (HTML) and its teaser; a long
    body is laid out within BODY_SECONDS, or refused by its file (ArticleError)."""
    if len(article.body) <= _GUARDED_CHARS:
        return _render_body(article, md)
    try:
        with time_limit(BODY_SECONDS):
            return _render_body(article, md)
    except TemplateTooBig:
        raise ArticleError(
            ARTICLES_DIR / article.path,
            f"its text took more than {BODY_SECONDS:g} s to lay out ({len(article.body):,}"
            " characters; deeply nested brackets, lists or emphasis?): shorten or simplify it",
        ) from None


# A body longer than this is laid out under a time bound: markdown-it took 96 s on 800 KB of
# nested brackets (review18 R16), and a story file may hold 16 MiB. An ordinary story of
# 3 000 words takes ~10 ms and is spared the timer's two system calls.
_GUARDED_CHARS = 50_000
BODY_SECONDS = 10.0


def _render_body(article: Article, md: MarkdownIt) -> tuple[str, str]:
    plain = prose_html(md, article.body)
    if plain is not None:  # plain prose no typographer's rule changes: no token made
        body, first = plain
        return body, _shorten(article.summary or first, TEASER_WORDS)
    tokens = prose_tokens(md, article.body)
    if tokens is None:
        tokens = md.parse(article.body)
        body = md.renderer.render(tokens, md.options, {})
    else:  # plain prose: the same tokens and HTML, without markdown-it's parsers
        body = render_prose(md, tokens)
    teaser = article.summary or _first_paragraph(tokens)
    return body, _shorten(teaser, TEASER_WORDS)


def make_story(
    article: Article,
    body_html: str,
    teaser: str,
    urls: UrlScheme,
    picture: Picture | None = None,
) -> Story:
    """Return *article* ready for templates, with its rendered body, teaser and picture."""
    return Story(
        article=article,
        path=urls.article(article.date, article.slug),
        body_html=Markup(body_html),  # markdown-it output: raw HTML is off, so it is safe
        teaser=teaser,
        regions=tuple([_term_link(urls, True, name) for name in article.regions]),
        tags=tuple([_term_link(urls, False, name) for name in article.tags]),
        picture=picture,
    )


@functools.lru_cache(maxsize=1 << 14)
def _term_link(urls: UrlScheme, region: bool, name: str) -> Link:
    """Return the link to a story's region or tag *name*: made once each (4 000 stories
    name ~40 000, of a few hundred, as the build's own process sets up the story pages)."""
    slug = term_slug(name)
    return Link(name, urls.region(slug) if region else urls.tag(slug))


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
class RenderSetup:
    """What any process needs to render pages: plain values, so that it can be pickled."""

    site: Mapping[str, str]
    urls: UrlScheme
    theme: Theme
    theme_name: str
    asset_paths: Mapping[str, str]
    updated: dt.datetime | None
    code_cache: Path | None = None  # where compiled templates are kept between builds
    search: bool = True  # the site has a search page and index (`search:` setting)
    picture_cache: Path | None = None  # where resized pictures are kept (picture_cache.py)


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
    return RenderSetup(
        site, urls, theme, config.theme, dict(asset_paths), updated, search=config.search
    )


def _no_asset(name: str, theme: str) -> str:
    """The error of `asset(name)` for a file no static/ folder holds (template_errors adds
    the template's file and line)."""
    return (
        f"asset({name!r}): no such file in the static/ folders of theme {theme!r}, "
        "the themes it extends or the project"
    )


class Renderer:
    """Renders plans with one Jinja2 environment, reusing teasers and feed entries."""

    def __init__(self, setup: RenderSetup) -> None:
        self.setup = setup
        # What templates see as `site`: the settings, and whether the site has search.
        self.site: Mapping[str, object] = {**setup.site, "search": setup.search}
        self._teasers: dict[TeaserKey, Markup] = {}
        self._fresh: list[TeaserKey] = []  # rendered here since `new_teasers` was asked
        self._titles: dict[str, str] = {}  # each title as written -> typeset
        self._fresh_titles: list[str] = []  # typeset here since `new_titles` was asked
        self._entries: dict[str, tuple[EntryIdentity, tuple[dt.datetime, str]]] = {}
        self._teaser_template: jinja2.Template | None = None
        urls, paths = setup.urls, setup.asset_paths

        def asset(name: str) -> str:
            if name not in paths:
                raise ThemeError(_no_asset(name, setup.theme_name))
            return urls.href(paths[name])

        def image_url(story: Story) -> str | None:
            """The absolute URL of the largest size made of the story's picture, if any."""
            picture = story.picture
            return None if picture is None else str(urls.absolute(picture.largest.path))

        def story_json_ld(story: Story, description: str) -> Markup:
            data = json_ld(
                story.article,
                headline=self.typeset(story.title),
                url=urls.absolute(story.path),
                site=setup.site,
                description=description,
                image=image_url(story),
            )
            return Markup(data)  # JSON with <, > and & escaped: safe inside <script>

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
                "typeset": self.typeset,
                "story_date": story_date,
                "card_date": card_date,
                "date_note": date_note,
                "updated_note": updated_note,
                "byline": byline,
                "credit": credit,
                "image_url": image_url,
                "json_ld": story_json_ld,
                "lang_of": self.lang_of,
            },
        )

    def lang_of(self, article: Article) -> Markup:
        """Return ` lang="sw"` for a title or teaser of a story in another language than the
        site's, else nothing (the template function `lang_of`)."""
        language = foreign_language(article.language, self.setup.site["language"])
        return Markup("") if language is None else Markup(' lang="{}"').format(language)

    def forget(self, ids: Iterable[str]) -> None:
        """Drop the teasers and feed entries kept of stories *ids* (they have changed)."""
        gone = set(ids)
        self._teasers = {key: value for key, value in self._teasers.items() if key[0] not in gone}
        for name in gone:
            self._entries.pop(name, None)

    def _teaser(self, story: Story, level: int = 2, under: str = "", eager: bool = False) -> Markup:
        """Return *story*'s card with a heading of *level*; *under* is the region it is shown
        under (not named again on the card); its picture loads *eager*ly (atop a page)."""
        key = (story.article.id, level, under, eager)
        if key not in self._teasers:
            if len(self._teasers) >= TEASER_MEMO:  # a large site's teasers never all at once
                self._teasers.clear()
            template = self._teaser_template
            if template is None:  # looked up once: a build renders ~20 000 teasers
                template = self._teaser_template = self.env.get_template(TEASER_TEMPLATE)
            rendered = template.render(story=story, level=level, under=under, eager=eager)
            self._teasers[key] = Markup(rendered.strip())  # rendered by an autoescaping template
            self._fresh.append(key)
        return self._teasers[key]

    def teasers(self) -> dict[TeaserKey, str]:
        """Return the teasers rendered or taken so far (for the workers of the next pass)."""
        return {key: str(html) for key, html in self._teasers.items()}

    def new_teasers(self) -> dict[TeaserKey, str]:
        """Return the teasers rendered here since this was last asked (a worker's, sent back)."""
        fresh, self._fresh = self._fresh, []
        return {key: str(self._teasers[key]) for key in fresh if key in self._teasers}

    def take_teasers(self, teasers: Mapping[TeaserKey, str]) -> None:
        """Reuse teasers another renderer made of the same stories (a worker of this build).

        A teaser is the same HTML on every page (its key says all it depends on), so the
        list pages' workers start with those the story pages' workers rendered.
        """
        for key, html in teasers.items():
            if len(self._teasers) >= TEASER_MEMO:
                return
            self._teasers.setdefault(key, Markup(html))

    def typeset(self, text: str) -> str:
        """Return *text* typeset in the site's language (`typography.typeset`).

        Kept here to be handed on like the teasers: each worker of each pass typeset the
        titles of the stories its pages show (13 500 for 4 000 titles), about 0.1 s of CPU.
        """
        found = self._titles.get(text)
        if found is None:
            if len(self._titles) >= TITLE_MEMO:  # a large site's titles never all at once
                self._titles.clear()
                self._fresh_titles.clear()
            found = self._titles[text] = typeset(text, self.setup.site["language"])
            self._fresh_titles.append(text)
        return found

    def titles(self) -> dict[str, str]:
        """Return the titles typeset or taken so far (for the workers of the next pass)."""
        return dict(self._titles)

    def new_titles(self) -> dict[str, str]:
        """Return the titles typeset here since this was last asked (a worker's, sent back)."""
        fresh, self._fresh_titles = self._fresh_titles, []
        return {text: self._titles[text] for text in fresh if text in self._titles}

    def take_titles(self, titles: Mapping[str, str]) -> None:
        """Reuse titles another renderer typeset (a worker of this build, same language)."""
        for text, typeset_text in titles.items():
            if len(self._titles) >= TITLE_MEMO:
                return
            self._titles.setdefault(text, typeset_text)

    def page(self, page: Page, stories: Mapping[str, Story]) -> bytes:
        """Return the HTML of *page*; *stories* holds every story it names, by id."""
        values = resolve(dict(page.values), stories)
        template = self.env.get_template(page.template)
        return template.render(site=self.site, meta=page.meta, **values).encode("utf-8")

    def feed(self, plan: FeedPlan, stories: Mapping[str, Story]) -> bytes:
        """Return the Atom feed of *plan*, newest entries first."""
        made = [
            (self._entry(stories[ref.id], identity), identity)
            for ref, identity in zip(plan.entries, plan.identities, strict=True)
        ]
        latest = sorted((entry for entry, _ in made), key=lambda item: item[0], reverse=True)
        changed = [entry_updated(identity, entry[0]) for entry, identity in made]
        return render_feed(plan.about, latest, self.setup.urls, self.setup.updated, changed)

    def _entry(self, story: Story, identity: EntryIdentity) -> tuple[dt.datetime, str]:
        article = story.article
        known = self._entries.get(article.id)
        if known is None or known[0] != identity:
            moment = published_time(article.date, article.datetime, article.published)
            captions = "".join(f"<p><em>{Markup.escape(text)}</em></p>" for text in story.captions)
            image = feed_image(story.picture, self.setup.urls)
            content = FeedEntry(
                title=self.typeset(article.title),
                path=story.path,
                identity=identity,
                published=moment,
                summary=story.teaser,
                content_html=(image.html if image else "") + captions + str(story.body_html),
                categories=article.regions + article.tags,
                image=image,
                language=foreign_language(article.language, self.setup.site["language"]),
            )
            known = (identity, (moment, render_entry(content, self.setup.urls)))
            self._entries[article.id] = known
        return known[1]

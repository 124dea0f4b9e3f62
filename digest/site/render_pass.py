"""Render pass: planned files -> checked bytes in a sink. The only place a file becomes bytes.

`digest check`, `digest build` and `digest serve` differ only in which planned files they
render and where the bytes go: check renders every file into a MemorySink (nothing is
written), build renders the files it cannot reuse into a StagingSink (the next site/),
serve renders the files whose key differs from site/'s manifest into a DiffSink (what it
then writes). Every rendered file is link-checked and, for a story page, digested for the
search index, here. Templates are loaded in page order before anything is rendered, and a
failure is reported for the first failing file in plan order, so that the three report the
same first template error.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from digest.parallel import chunks, iter_parallel_as_done, run_parallel, worker_count
from digest.paths import SEARCH_DIR
from digest.site.links import BrokenLink, LinkChecker
from digest.site.picture_cache import FileJob, made_bytes
from digest.site.plan import Arranged, SitePlan, referenced_ids
from digest.site.renderer import Renderer, RenderSetup, TeaserKey, make_story
from digest.site.search import SearchInput, indexed_part, part_digest
from digest.site.stories import FullStory, StoryFile
from digest.site.template_errors import in_theme, theme_errors
from digest.site.theme import ThemeError
from digest.site.views import STORY_TEMPLATE, FeedPlan, Page, Story
from digest.store.staging import Staging
from digest.store.write import Entry, OutStamp, digest_of, digest_or_none
from digest.urls import UrlScheme

NO_STAMP: OutStamp = (0, 0, 0)  # the stamp of bytes that are not (yet) a file


class Sink(Protocol):
    """Where the bytes of a render pass go."""

    @property
    def parallel(self) -> bool:
        """Tell whether workers may place files (what they place lands on disk)."""

    def place(self, path: str, key: str, data: bytes) -> tuple[Entry, str]:
        """Take the bytes of file *path*, made from *key*; return its entry and what was done."""


@dataclass(slots=True)
class MemorySink:
    """Keeps every file in memory (`digest check`)."""

    files: dict[str, bytes] = field(default_factory=dict)
    parallel: bool = False

    def place(self, path: str, key: str, data: bytes) -> tuple[Entry, str]:
        self.files[path] = data
        return Entry(key, digest_of(data), NO_STAMP), "written"


@dataclass(frozen=True, slots=True)
class StagingSink:
    """Places files in the staging folder of the next site/ (`digest build`)."""

    staging: Staging
    parallel: bool = True

    def place(self, path: str, key: str, data: bytes) -> tuple[Entry, str]:
        return self.staging.place(path, key, data)


@dataclass(slots=True)
class DiffSink:
    """Keeps the files whose bytes differ from *manifest*'s (`digest serve`)."""

    manifest: Mapping[str, Entry]
    writes: dict[str, bytes] = field(default_factory=dict)
    parallel: bool = False

    def place(self, path: str, key: str, data: bytes) -> tuple[Entry, str]:
        digest = digest_of(data)
        before = self.manifest.get(path)
        if digest == digest_or_none(before):
            assert before is not None
            return replace(before, key=key), "kept"
        self.writes[path] = data
        return Entry(key, digest, NO_STAMP), "written"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A file of a render pass: its entry, what the sink did and its broken links."""

    path: str
    entry: Entry
    action: str
    broken: tuple[BrokenLink, ...]


class TemplateFailure(ThemeError):
    """A template failed while rendering the file at *order* in plan order."""

    def __init__(self, message: str, order: int) -> None:
        super().__init__(message)
        self.order = order


@dataclass(frozen=True, slots=True)
class _Job:
    path: str
    key: str
    order: int  # the file's place in plan order
    page: Page | None = None
    feed: FeedPlan | None = None
    data: bytes | None = None  # a file made without a template
    made: FileJob | None = None  # a file made from a project file (a picture, a bundle's)


@dataclass(frozen=True, slots=True)
class _Shared:
    setup: RenderSetup
    stories: Mapping[str, Story]
    sink: Sink
    existing: frozenset[str]
    redirects: Mapping[str, str]  # file of an old URL -> where it leads
    # Every job of the pass: forked workers inherit them, and are sent only which span to
    # render (pickling the page plans to the workers cost a second of the build's own CPU).
    jobs: Sequence[_Job] = ()
    search_input: SearchInput | None = None  # where story pages' indexed parts go
    # Teasers rendered by the workers of earlier passes: rendered once, shown on many pages.
    teasers: Mapping[TeaserKey, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)  # typeset by earlier workers too


Progress = Callable[[Sequence["Rendered"]], None]


_State = tuple[Renderer, LinkChecker, _Shared]


def render_pass(
    plan: SitePlan,
    wanted: Collection[str],
    stories: Mapping[str, Story],
    sink: Sink,
    *,
    workers: int | None = 0,
    renderer: Renderer | None = None,
    search_input: SearchInput | None = None,
    progress: Progress | None = None,
) -> list[Rendered]:
    """Render the planned files *wanted* (in plan order) with *stories* into *sink*.

    Raises TemplateFailure for the first file, in plan order, that a template fails on.
    *progress* is told of each chunk of files as it is done (a build starts Pagefind on the
    story pages rendered so far); with *search_input*, what Pagefind reads of each story
    page is written there too.
    """
    order = {path: number for number, path in enumerate(plan.keys)}
    jobs = [_job(plan, path, order[path]) for path in sorted(wanted, key=order.__getitem__)]
    renderer = renderer or Renderer(plan.setup)
    load_templates(renderer, plan)
    # In this process too when the files are few beside the site's (a deploy's: `worker_count`).
    count = worker_count(len(jobs), requested=workers, whole=len(order)) if sink.parallel else 0
    shared = _Shared(
        plan.setup,
        stories,
        sink,
        plan.existing,
        plan.redirects,
        tuple(jobs),
        search_input,
        renderer.teasers() if count else {},
        renderer.titles() if count else {},
    )
    results = []
    if count:
        results = _in_workers(renderer, shared, count, progress)
    else:
        checker = LinkChecker(plan.setup.urls, shared.existing, shared.redirects)
        results.append(_render_jobs((renderer, checker, shared), jobs))
        if progress is not None:
            progress(results[0][0])
    failures = [failure for _, failure in results if failure is not None]
    if failures:
        order_of_first, message = min(failures)
        raise TemplateFailure(message, order_of_first)
    return [rendered for batch, _ in results for rendered in batch]


_Batch = tuple[list[Rendered], tuple[int, str] | None]  # files rendered, the failure if any


def _in_workers(
    renderer: Renderer, shared: _Shared, count: int, progress: Progress | None
) -> list[_Batch]:
    """Render the jobs of *shared* in *count* workers; return each span's, in plan order.

    Each worker renders runs of neighbouring files (one from the front of the plan, one
    from the back), which show many of the same stories: each teaser is rendered by one
    worker, not by both (`iter_parallel_as_done`). Spans come back as they are done.
    """
    spans = [(span[0], span[-1] + 1) for span in chunks(range(len(shared.jobs)), count * 8)]
    by_span: dict[int, _Batch] = {}
    for number, (done, failure, teasers, titles) in iter_parallel_as_done(
        _worker, _render_span, shared, spans, workers=count
    ):
        by_span[number] = (done, failure)
        renderer.take_teasers(teasers)  # for the workers of the next pass
        renderer.take_titles(titles)
        if progress is not None:
            progress(done)
    return [by_span[number] for number in sorted(by_span)]


def load_templates(renderer: Renderer, plan: SitePlan) -> None:
    """Load every template of the plan in page order: a broken one fails as the home page would."""
    templates = dict.fromkeys(page.template for page in plan.pages.values())
    theme = plan.setup.theme_name
    in_theme(theme, lambda: [renderer.env.get_template(name) for name in templates])


def _job(plan: SitePlan, path: str, order: int) -> _Job:
    key = plan.keys[path]
    if path in plan.pages:
        return _Job(path, key, order, page=plan.pages[path])
    if path in plan.feeds:
        return _Job(path, key, order, feed=plan.feeds[path])
    if path in plan.made:
        return _Job(path, key, order, made=plan.made[path])
    return _Job(path, key, order, data=plan.byte_files[path])


def _worker(shared: _Shared) -> _State:
    checker = LinkChecker(shared.setup.urls, shared.existing, shared.redirects)
    renderer = Renderer(shared.setup)
    renderer.take_teasers(shared.teasers)
    renderer.take_titles(shared.titles)
    return renderer, checker, shared


def _bytes_of(renderer: Renderer, job: _Job, stories: Mapping[str, Story]) -> bytes:
    if job.page is not None:
        return renderer.page(job.page, stories)
    if job.feed is not None:
        return renderer.feed(job.feed, stories)
    if job.made is not None:
        return made_bytes(job.made, renderer.setup.picture_cache)
    assert job.data is not None
    return job.data


def _render_span(
    state: _State, span: tuple[int, int]
) -> tuple[list[Rendered], tuple[int, str] | None, dict[TeaserKey, str], dict[str, str]]:
    """Render the jobs of the pass from *span*'s start to its stop (in a worker); send back
    the teasers rendered and the titles typeset on the way too."""
    start, stop = span
    done, failure = _render_jobs(state, state[2].jobs[start:stop])
    return done, failure, state[0].new_teasers(), state[0].new_titles()


def _render_jobs(
    state: _State, jobs: Sequence[_Job]
) -> tuple[list[Rendered], tuple[int, str] | None]:
    """Render, place and link-check a chunk of jobs (in a worker or in this process).

    A template error comes back as a value, since workers can only return data.
    """
    renderer, checker, shared = state
    done: list[Rendered] = []
    for job in jobs:
        message: str | None = None
        data: bytes | None = job.data  # a static file, published as it is: no template's
        if data is None:  # output, so no page's bounds (a 60 MB podcast is no page)
            message, data = theme_errors(
                shared.setup.theme_name,
                functools.partial(_bytes_of, renderer, job, shared.stories),
            )
        if message is not None or data is None:
            return done, (job.order, str(message))
        entry, action = shared.sink.place(job.path, job.key, data)
        if shared.setup.search and job.page is not None and job.page.template == STORY_TEMPLATE:
            part = indexed_part(data)
            entry = replace(entry, search=part_digest(part))
            if shared.search_input is not None:
                shared.search_input.write(job.path, part)
        done.append(Rendered(job.path, entry, action, tuple(checker.check(job.path, data))))
    return done, None


LoadFull = Callable[[Sequence[StoryFile]], Mapping[str, FullStory]]


def stories_for(
    plan: SitePlan,
    arranged: Arranged,
    paths: Collection[str],
    have: Mapping[str, Story],
    load: LoadFull,
    wanted: Collection[str] | None = None,
) -> dict[str, Story]:
    """Return the full story of every story the files at *paths* show, by id.

    Stories in *have* are taken as they are; the others are loaded with *load* (by their
    files' keys) and given the slug the plan gave them. *wanted*: their ids, when known.
    """
    wanted = referenced_ids(plan, paths) if wanted is None else wanted
    stories = {name: have[name] for name in wanted if name in have}
    missing = sorted(name for name in wanted if name not in stories)
    if not missing:
        return stories
    full = load([arranged.file_of[name] for name in missing])
    cards = {card.id: card for card in arranged.shown}
    for name in missing:
        story = full[arranged.file_of[name].key]
        article, slug = story.article, cards[name].slug
        if article.slug != slug:  # only a story sharing its day's slug was given another
            article = replace(article, slug=slug)
        media = arranged.media.get(name)
        picture = None if media is None else media.picture
        stories[name] = make_story(article, story.html, story.teaser, plan.setup.urls, picture)
    return stories


@dataclass(frozen=True, slots=True)
class _CheckShared:
    urls: UrlScheme
    root: Path
    existing: frozenset[str]
    redirects: Mapping[str, str]


def links_to_gone(
    plan: SitePlan,
    before: Collection[str],
    checked: Collection[str],
    root: Path,
    *,
    workers: int | None = 0,
) -> list[BrokenLink]:
    """Check again the files under *root* not checked now, when files of *before* have gone.

    A file rendered by an earlier build or update passed then; a template may link to a
    page that no longer exists.
    """
    existing = plan.existing
    gone = [path for path in before if path not in existing]
    if not any(not path.startswith(SEARCH_DIR + "/") for path in gone):
        return []
    unchecked = sorted(path for path in existing if path not in checked)
    count = worker_count(len(unchecked), requested=workers)
    batches = chunks(unchecked, count * 4) if count else [unchecked]
    shared = _CheckShared(plan.setup.urls, root, existing, plan.redirects)
    found = run_parallel(_check_worker, _check_files, shared, batches, workers=count)
    return [link for batch in found for link in batch]


def _check_worker(shared: _CheckShared) -> tuple[LinkChecker, Path]:
    return LinkChecker(shared.urls, shared.existing, shared.redirects), shared.root


def _check_files(state: tuple[LinkChecker, Path], paths: Sequence[str]) -> list[BrokenLink]:
    checker, root = state
    broken: list[BrokenLink] = []
    for path in paths:
        with contextlib.suppress(OSError):  # a file gone meanwhile is rendered again anyway
            broken.extend(checker.check(path, (root / path).read_bytes()))
    return broken

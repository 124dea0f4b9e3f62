"""Edit build: a build after story edits that leave every story where it was, planned from
the last build's plan.

When every input of the site but some article files' bytes is as the last build planned it
(`plan_index.base_of`), and every changed story keeps what places it on the site (its id,
file, date, title, slug, regions, tags, draft flag, aliases, front-page fields, sources and
picture: `live_model.shape`, which `digest serve` uses for the same decision), the site
differs from the last one only on the pages and feeds that name a changed story. So the
build reads the plans of those files alone (`plan_index`), gives them the stories' new
references (`plan.replan_edited`, as `digest serve` does), loads the cards of the stories
they show, and takes every other file from the last sites by its key: it neither loads
4 000 cards nor plans 6 000 pages. Rendering, the search index and publishing are the full
build's (`assembly`). Anything else (a story added, removed, moved, retitled, retagged; a
template, a setting, a picture changed; a file of site/ changed behind digest's back) is a
full build. The result is byte for byte what a full build writes
(`tests/test_incremental_equal.py`).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.config import Config
from digest.engine.assembly import Assembly, Shown, assemble, site_report
from digest.engine.deploy_plan import pass_lists
from digest.engine.edit_ahead import Ahead, closing_on_failure
from digest.engine.edit_search import EarlySearch, search_early
from digest.engine.live_model import shape
from digest.engine.plan_index import PlanIndex, put_history, put_index, ref_fields, warnings_of
from digest.engine.plan_records import put_plan, read_plans
from digest.engine.site_plan import Loaded, remember_cards
from digest.engine.trees import Trees
from digest.models import Article
from digest.paths import ARTICLES_DIR, PICTURE_CACHE, Output
from digest.reports import SiteReport
from digest.site.article_json import article_from_json
from digest.site.feed_ids import PastUrls
from digest.site.group import Groups
from digest.site.keys import setup_key
from digest.site.limits import over_limits
from digest.site.media import picture_parts
from digest.site.pagefind_early import Runs, close_runs
from digest.site.plan import Arranged, SitePlan, ref_digest, replan_edited
from digest.site.renderer import Renderer, RenderSetup, render_setup, story_ref
from digest.site.stories import (
    LoadedStories,
    StoryFile,
    load_stories,
    path_order,
    remember_some_restamps,
)
from digest.site.story_views import StoryViews
from digest.site.theme import Assets, Theme
from digest.site.views import FeedPlan, Page, StoryRef
from digest.source_date import source_date
from digest.store.cache import Cache, Stamp, checksum, load_json
from digest.store.inputs import ProjectInputs, visible
from digest.store.staging import Guard, Staging
from digest.store.state import CARDS, TEMPLATE_CODE
from digest.urls import UrlScheme

NO_GROUPS = Groups((), (), (), (), (), {})  # an edit build plans no page from the groups


@dataclass(frozen=True, slots=True)
class EditInputs:
    """What a build knows before it plans an edit: the project, its settings and inputs."""

    project: Path
    config: Config
    cache: Cache
    inputs: ProjectInputs
    code: str  # digest's code stamp
    theme: Theme
    assets: Assets
    past: PastUrls


@dataclass(frozen=True, slots=True)
class EditPlan:
    """The plan of a build after story edits: the files they touch, planned again."""

    index: PlanIndex  # the last build's
    cache: Cache
    loaded: Loaded  # the changed files and those of the stories the touched files show
    plan: SitePlan  # every file's key; the plans of the touched files alone
    touched: frozenset[str]
    changed: Mapping[str, StoryRef]  # the new reference of each story whose one changed
    project: Path
    # Pagefind started on the edited stories' shards (`edit_ahead`), waiting for their
    # pages: the build gives them (`edit_search`) or kills the runs.
    runs: Runs = field(default_factory=dict)

    def at_hand(self, staging: Staging) -> bool:
        """Tell whether every file the edits do not touch is at hand for its key."""
        touched = self.touched
        return all(
            path in touched or staging.reusable(path, key) is not None
            for path, key in self.plan.keys.items()
        )


def plan_edit(given: EditInputs, index: PlanIndex | None, ahead: Ahead | None) -> EditPlan | None:
    """Return the plan of a build after story edits, or None when it must plan everything
    (*ahead*: `edit_ahead.edit_ahead`'s answer for *index*; its runs are closed unless the
    plan keeps them).

    Raises ArticleErrors for a changed story that is broken, as a full build would.
    """
    if index is None or ahead is None:
        return None
    changed, runs = ahead
    with closing_on_failure(runs):
        edit = _plan_edit(given, index, changed)
    if edit is None:
        close_runs(runs)
        return None
    return replace(edit, runs=runs)


def _plan_edit(given: EditInputs, index: PlanIndex, changed: Sequence[str]) -> EditPlan | None:
    """`plan_edit` once the changed files are known and few."""
    cache, config, past = given.cache, given.config, given.past
    stamps = visible(given.inputs.articles)
    folder = given.project / ARTICLES_DIR
    known = cache.get_many(CARDS, changed)
    edited = _load(given, stamps, changed, known)
    over_limits([file.card for file in edited.files], folder, config.limits)  # as arrange does
    for file in edited.files:
        old = _old_card(known.get(file.path))
        if old is None or shape(old) != shape(file.card):
            return None
    setup = render_setup(config, given.theme, given.assets.paths, source_date(os.environ))
    if setup_key(setup, given.code) != index.shared_key:
        return None
    refs = _changed_refs(index, edited.files, setup.urls)
    users = index.users(refs)
    touched = frozenset(path for paths in users.values() for path in paths)
    plans = read_plans(cache, index, [path for path in index.keys if path in touched])
    if plans is None:
        return None
    shown = {name for path in touched for name in index.shows[path]} - refs.keys()
    paths = [index.files[name] for name in shown if index.files[name] not in changed]
    records = {**known, **cache.get_many(CARDS, paths)}
    others = _load(given, stamps, paths, records)
    kept = cache.folder
    setup = replace(setup, code_cache=kept / TEMPLATE_CODE, picture_cache=kept / PICTURE_CACHE)
    files = (*edited.files, *others.files)
    arranged = _arranged(index, files, refs)
    last = _plan(index, setup, plans, users, past)
    plan = replan_edited(last, arranged, config, refs, past.clock)
    full = {**edited.full, **others.full}
    # The stamps under which files were found to hold their records' bytes: kept for the
    # next build (a deploy of a small site is a story-edit build of every file).
    restamped = {**edited.restamped, **others.restamped}
    stories = LoadedStories(files, full, edited.parsed + others.parsed, restamped)
    loaded = Loaded(stories, arranged, {path: checksum(data) for path, data in records.items()})
    return EditPlan(index, cache, loaded, plan, touched, refs, given.project)


def _plan(
    index: PlanIndex,
    setup: RenderSetup,
    plans: Mapping[str, object],
    users: Mapping[str, frozenset[str]],
    past: PastUrls,
) -> SitePlan:
    """Return the last build's plan as far as the index holds it: every file's key, and the
    plans of the touched files (*plans*)."""
    return SitePlan(
        setup,
        index.shared_key,
        index.template_keys,
        {path: plan for path, plan in plans.items() if isinstance(plan, Page)},
        {path: plan for path, plan in plans.items() if isinstance(plan, FeedPlan)},
        {},
        index.keys,
        users,
        past.history,
        index.redirects,
        index.made,
        index.digests,
    )


def _load(
    given: EditInputs, stamps: Mapping[str, Stamp], paths: Sequence[str], known: Mapping[str, bytes]
) -> LoadedStories:
    """Load the article files at *paths* (parsing those the cache's cards cannot answer)."""
    return load_stories(
        given.project / ARTICLES_DIR,
        {path: stamps[path] for path in sorted(paths, key=path_order)},
        given.inputs.taken_ns,
        known,
        given.cache,
        given.code,
        language=given.config.language,
        workers=0,
    )


def _old_card(saved: bytes | None) -> Article | None:
    """Return the card the last build recorded of a file (None when it has none)."""
    try:
        record = load_json(saved) if saved is not None else None
        return article_from_json(record["card"]) if isinstance(record, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _changed_refs(
    index: PlanIndex, files: Sequence[StoryFile], urls: UrlScheme
) -> dict[str, StoryRef]:
    """Return the new reference of each shown story whose reference the edits changed."""
    refs: dict[str, StoryRef] = {}
    for file in files:
        name = file.card.id
        before = index.ref(name)
        if before is None:  # a draft: the site does not show it
            continue
        slug = index.slugs[name]
        card = replace(file.card, slug=slug)
        digest = ref_digest(file.key, slug, *picture_parts(index.media.get(name)))
        ref = story_ref(card, digest, file.teaser, urls)
        if ref != before:
            refs[name] = ref
    return refs


def _arranged(
    index: PlanIndex, files: Sequence[StoryFile], changed: Mapping[str, StoryRef]
) -> Arranged:
    """Return the stories the touched files show, as the last build arranged them."""
    cards = tuple(
        replace(file.card, slug=index.slugs[file.card.id])
        if file.card.id in index.slugs and index.slugs[file.card.id] != file.card.slug
        else file.card
        for file in files
    )
    shown = tuple(card for card in cards if card.id in index.refs)
    file_of = {file.card.id: file for file in files}
    refs: dict[str, StoryRef] = {}  # of the stories loaded: what an edit build looks up
    for card in shown:
        ref = changed.get(card.id) or index.ref(card.id)
        if ref is not None:
            refs[card.id] = ref
    return Arranged(cards, shown, file_of, NO_GROUPS, refs, index.media)


def build_edited(
    edit: EditPlan,
    trees: Trees,
    output: Output,
    theme: Theme,
    workers: int | None,
    guard: Guard | None,
    started: float,
    early: EarlySearch | None = None,
) -> SiteReport:
    """Render the touched files, take the others from the last sites, index and publish.

    *early*: Pagefind started on the edited stories' shards, and its renderer (`edit_search`)."""
    cache, plan, loaded, index = edit.cache, edit.plan, edit.loaded, edit.index
    project = edit.project
    folder = project / ARTICLES_DIR
    early = early or EarlySearch({}, Renderer(plan.setup), StoryViews(plan, loaded.arranged, theme))
    views, renderer = early.views, early.renderer
    assembly = Assembly(trees, plan, loaded, cache, folder, workers, renderer, views, output)

    def remember() -> Iterator[None]:  # while Pagefind indexes, the runs looked at after
        remember_cards(cache, loaded, index.code)
        remember_some_restamps(cache, loaded.stories)
        for path in edit.touched:
            put_plan(cache, plan, path)
        put_index(cache, following)
        pass_lists(cache, index.token, following.token)
        # Written now, beside Pagefind, not with site/'s manifest once it is published (the
        # index's head, ~1 MB at 4 000 stories, checksummed and inserted: ~0.02 s at the end
        # of every edit). A build that fails after this leaves the index unread: no history
        # record names its token (`put_history`), as when `put` writes past PENDING_LIMIT.
        cache.commit()
        yield

    following = _next_index(edit, project)
    counts = assemble(assembly, index.dated(), index.story_pages, remember, guard, early.runs)
    put_history(cache, following, project)
    warnings = following.warnings  # every story's: the edited ones' made again
    shown = Shown(plan.keys, len(index.refs), index.cards - len(index.refs))
    ordered = tuple(line for path in sorted(warnings, key=path_order) for line in warnings[path])
    return site_report(assembly, counts, shown, time.perf_counter() - started, output.site, ordered)


def early_search(edit: EditPlan, site: Path, theme: Theme) -> EarlySearch:
    """Render the edited stories' pages in memory and give them to the runs started on their
    shards (`edit_search.search_early`), the other pages of each read from *site*."""
    parts = (edit.plan, edit.loaded, edit.changed, edit.index, edit.cache, edit.runs)
    with closing_on_failure(edit.runs):
        return search_early(*parts, edit.project, site, theme)


def _warnings(
    index: PlanIndex, folder: Path, files: Sequence[StoryFile]
) -> dict[str, tuple[str, ...]]:
    warnings = dict(index.warnings)
    for file in files:
        warnings.pop(file.path, None)
    warnings.update(warnings_of(folder, files))
    return warnings


def _next_index(edit: EditPlan, project: Path) -> PlanIndex:
    """Return the index after this build: the edited files' stamps, references and plans."""
    index, plan, loaded = edit.index, edit.plan, edit.loaded
    stamps = dict(index.stamps)
    stamps.update((file.path, file.stamp) for file in loaded.stories.files)
    folder = project / ARTICLES_DIR
    # Which stories each file names is as it was: an edit moved none.
    return replace(
        index,
        token=uuid.uuid4().hex,
        history=None,
        stamps=stamps,
        refs={**index.refs, **{name: ref_fields(ref) for name, ref in edit.changed.items()}},
        keys=plan.keys,
        digests=plan.digests,
        warnings=_warnings(index, folder, loaded.stories.files),
    )

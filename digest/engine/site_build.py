"""Site build: content/articles/ -> site/ (load, plan, render, check links, index, publish).

`build_site` is what `digest build` runs after ingest. It does no work twice: an article
file is parsed only when its bytes are new (stories.py); every page and feed is planned
and keyed (plan.py), and a file the last builds wrote from the same key is reused; only
the others are rendered (render_pass.py, in worker processes when there are many), and only
bytes that changed are written (write.py); the search index is rebuilt only for shards
whose story pages changed (search.py). The result is byte for byte what a build from
nothing writes. After story edits that move no story, only the files that name them are
planned again, from the last build's plans (`edit_build`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from digest.config import Config
from digest.engine.assembly import Assembly, Shown, assemble, site_report
from digest.engine.collector import pause, resume
from digest.engine.deploy_plan import keep_lists, plan_added
from digest.engine.edit_ahead import Early, close_ahead, edit_ahead
from digest.engine.edit_build import EditInputs, EditPlan, build_edited, early_search, plan_edit
from digest.engine.plan_index import (
    PlanIndex,
    forget,
    make_index,
    put_history,
    put_index,
    read_index,
)
from digest.engine.plan_records import plans_in_pieces
from digest.engine.search_feed import dated_pages
from digest.engine.site_plan import (
    Loaded,
    check_settings,
    hash_aside,
    load_cards,
    past_urls,
    plan_build,
    remember_cards,
    remember_packs,
)
from digest.engine.template_aside import TemplatesAside, start_templates
from digest.engine.trees import Trees, open_trees, scan_aside
from digest.errors import DigestError
from digest.paths import ARTICLES_DIR, Output, ProjectPaths
from digest.reports import SiteReport as SiteReport
from digest.site.feed_ids import PastUrls
from digest.site.pagefind_early import close_runs
from digest.site.picture_cache import ensure_pictures
from digest.site.plan import SitePlan
from digest.site.renderer import Renderer
from digest.site.stories import remember_restamps
from digest.site.story_views import StoryViews
from digest.site.theme import Assets, Theme, resolve_theme, site_assets
from digest.source_date import source_date
from digest.store.cache import Cache, open_cache
from digest.store.code import code_stamp
from digest.store.file_hashes import Hashing
from digest.store.inputs import ProjectInputs, build_settings, scan_project
from digest.store.lock import build_lock
from digest.store.spare_scan import SpareScan
from digest.store.staging import Guard, Staging
from digest.store.state import CARDS, TEMPLATE_CODE
from digest.store.write import Entry
from digest.story_files import story_warnings


@dataclass(frozen=True, slots=True)
class PlannedSite:
    """The site in site/ as planned: what `digest serve` keeps in memory."""

    loaded: Loaded
    plan: SitePlan
    theme: Theme
    assets: Assets
    code: str
    manifest: Mapping[str, Entry]  # site/ as published
    cache_folder: Path


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """A site just built: its report and what was planned (`digest serve` starts from it)."""

    report: SiteReport
    planned: PlannedSite | None  # None after an edit build or a deploy: planned in part
    # How it was planned: "whole", "edited" (`edit_build`) or "added" (`deploy_plan`).
    planning: str = "whole"


def build_site(
    project: Path,
    config: Config,
    *,
    drafts: bool = False,
    output: Output | None = None,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
    workers: int | None = None,
    guard: Guard | None = None,
    early: Early | None = None,
    hashing: Hashing | None = None,
) -> BuiltSite:
    """Render the site of *project* and replace site/ with it (or *output*'s folder: the
    drafts' preview, `paths.Output`); it is untouched on failure.

    Without *cache*, *output*'s build cache is opened (and the lock held) for this call.
    *guard* is held while the new site takes the place of site/ (the only moment it changes).
    *early*: the plan index and a story edit's Pagefind runs, as `edit_ahead.read_ahead` read
    and started them for *inputs* in *cache* before this module was imported (`engine/build`).
    *hashing*: a first build's article files being hashed since then (`engine/build`).
    """
    output = output or ProjectPaths(project).output()
    if cache is not None:
        given = (inputs, workers, guard, early, hashing)
        return _build_site(project, config, drafts, output, cache, *given)
    close_ahead(early)  # read in another cache: not to be used
    with build_lock(project):
        own = open_cache(project, output.cache)
        try:
            return _build_site(project, config, drafts, output, own, inputs, workers, guard)
        finally:
            own.close()


def _build_site(
    project: Path,
    config: Config,
    drafts: bool,
    output: Output,
    cache: Cache,
    inputs: ProjectInputs | None,
    workers: int | None,
    guard: Guard | None,
    early: Early | None = None,
    hashing: Hashing | None = None,
) -> BuiltSite:
    started = time.perf_counter()
    pause()  # till the site is planned: what is made meanwhile is kept (`collector`)
    inputs = _checked(project, config, drafts, inputs, early)
    code, folder, site = inputs.code or code_stamp(), project / ARTICLES_DIR, output.site
    hashing, scan = hash_aside(folder, site, inputs, hashing), scan_aside(cache)  # children
    (before, ahead), theme, past, assets = _ahead(project, site, config, cache, inputs, code, early)
    aside = _templates_aside(site, theme, cache, before)
    given = EditInputs(project, config, cache, inputs, code, theme, assets, past)
    edit = plan_edit(given, before, ahead)
    trees = None
    if edit is not None:  # it forgets the index as soon as Pagefind is started
        built, trees = _build_edited(edit, cache, output, theme, workers, guard, started, scan)
        if built is not None:
            return built
    forget(cache)  # from here the cards and site/ change: a failed build leaves no index
    loaded = load_cards(folder, inputs, cache, code, config, drafts, workers, past.history, hashing)
    added = plan_added(loaded, config, theme, assets, code, cache, past, before, inputs, project)
    trees = trees or open_trees(cache, site, scan)
    added = added if added is None or _at_hand(added.plan, trees.staging) else None
    plan = (
        added.plan if added else plan_build(loaded, config, theme, assets, code, cache, past, aside)
    )
    resume()
    renderer, views = Renderer(plan.setup), StoryViews(plan, loaded.arranged, theme)
    assembly = Assembly(trees, plan, loaded, cache, folder, workers, renderer, views, output)
    encoded = _encode_pictures(plan, trees, workers)
    dated = dated_pages(loaded.arranged.groups.articles, plan.setup.urls)
    story_pages = [page for _, page in dated] if added is not None else plan.story_pages()
    index: list[PlanIndex] = []

    def remember() -> Iterator[None]:  # while Pagefind indexes, the runs looked at between
        _remember_cards(cache, loaded, code)
        yield
        shows = yield from plans_in_pieces(cache, plan, before)
        made = make_index(inputs, code, loaded, plan, project, shows, dated, story_pages)
        index.append(made)
        put_index(cache, made, before)  # only the months that changed
        lists = added.lists if added is not None else None
        keep_lists(cache, made.token, project, inputs, loaded.arranged.groups, plan, lists)

    counts = assemble(assembly, dated, story_pages, remember, guard)
    put_history(cache, index[0], project)  # the URL history as this build leaves it
    seconds = time.perf_counter() - started
    report = replace(_report(assembly, counts, seconds, site), pictures_encoded=encoded)
    if added is not None:  # planned in part: `digest serve` plans for itself
        return BuiltSite(report, None, "added")
    planned = PlannedSite(loaded, plan, theme, assets, code, assembly.manifest, cache.folder)
    return BuiltSite(report, planned)


def _build_edited(
    edit: EditPlan,
    cache: Cache,
    output: Output,
    theme: Theme,
    workers: int | None,
    guard: Guard | None,
    started: float,
    scan: SpareScan | None,
) -> tuple[BuiltSite | None, Trees]:
    """Build after story edits; no site (and the trees opened) when a file the edits do not
    touch was changed behind digest's back: then the whole site is planned."""
    early = early_search(edit, output.site, theme)  # Pagefind indexes while the staging opens
    try:
        # From here the cards and site/ change: a failed build leaves no index. Dropping it
        # (a transaction deleting a large record) waited for no Pagefind run before.
        forget(cache)
        trees = open_trees(cache, output.site, scan)
        if not edit.at_hand(trees.staging):
            return None, trees
        report = build_edited(edit, trees, output, theme, workers, guard, started, early)
        return BuiltSite(report, None, "edited"), trees
    finally:
        close_runs(early.runs)  # those the build did not take over


def _ahead(
    project: Path,
    site: Path,
    config: Config,
    cache: Cache,
    inputs: ProjectInputs,
    code: str,
    early: Early | None,
) -> tuple[Early, Theme, PastUrls, Assets]:
    """Return the plan index and a story edit's Pagefind runs (*early*, else read and started
    now: `edit_ahead`), the theme, the URL history and the assets; the runs are ended when
    one of those fails."""
    try:
        if early is None:
            before = read_index(cache, code, project)
            # Pagefind started on an edited story's shard before the URL history, the theme
            # and its assets are read: its parse of the shard's other pages is what the edit
            # waits for.
            early = before, edit_ahead(project, config.search, cache, inputs, before, site)
        theme = resolve_theme(project, config.theme)
        past = past_urls(project, source_date(os.environ))
        return early, theme, past, site_assets(project, theme)
    except BaseException:
        close_ahead(early)
        raise


def _checked(
    project: Path,
    config: Config,
    drafts: bool,
    inputs: ProjectInputs | None,
    early: Early | None = None,
) -> ProjectInputs:
    """Return the stamps of the inputs (*inputs* if given); raise on a setting out of range
    (ending *early*'s Pagefind runs)."""
    if problems := check_settings(config):
        close_ahead(early)
        raise DigestError("\n".join(problems))
    if inputs is None:
        inputs = scan_project(project, build_settings(drafts=drafts, environ=os.environ))
    return inputs


def _templates_aside(
    site: Path, theme: Theme, cache: Cache, before: PlanIndex | None
) -> TemplatesAside | None:
    """Return, in a first build (no *site*), the child keying and compiling *theme*'s
    templates while the build reads its stories (`template_aside`); else None.

    Not with a plan index (*before*: a fresh clone with its cache restored, a deploy): the
    build it was made by keyed and compiled these templates into the cache, and a fork of
    the build, ~0.7 GiB at 100 000 stories by then, has every page it writes afterwards
    faulted again (copy-on-write).
    """
    if before is not None or site.exists():
        return None
    return start_templates(theme, cache.folder / TEMPLATE_CODE)


def _at_hand(plan: SitePlan, staging: Staging) -> bool:
    """Tell whether every file *plan* did not plan again is at hand for its key (a deploy
    keeps no file that was changed behind digest's back)."""
    pages, feeds, byte_files, made = plan.pages, plan.feeds, plan.byte_files, plan.made
    held = staging.held
    for path, key in plan.keys.items():
        entry = held.get(path)
        if entry is not None and entry.key == key:
            continue  # the staging folder holds it (`reusable`'s first answer, asked first)
        if path in pages or path in feeds or path in byte_files or path in made:
            continue
        if staging.reusable(path, key) is None:
            return False
    return True


def _encode_pictures(plan: SitePlan, trees: Trees, workers: int | None) -> int:
    """Resize the pictures that neither the cache nor the last sites hold; return how many."""
    folder = plan.setup.picture_cache
    if folder is None:
        return 0
    staging = trees.staging
    wanted = [
        job for path, job in plan.made.items() if staging.reusable(path, plan.keys[path]) is None
    ]
    return ensure_pictures(wanted, folder, workers)


def _report(
    assembly: Assembly, counts: tuple[int, int, int], seconds: float, site: Path
) -> SiteReport:
    loaded = assembly.loaded
    arranged = loaded.arranged
    shown = Shown(
        assembly.plan.existing, len(arranged.shown), len(arranged.cards) - len(arranged.shown)
    )
    warnings = story_warnings(assembly.folder, (file.card for file in loaded.stories.files))
    return site_report(assembly, counts, shown, seconds, site, tuple(warnings))


def _remember_cards(cache: Cache, loaded: Loaded, code: str) -> None:
    """Record the card of every new or changed article file; forget those that went."""
    held = remember_cards(cache, loaded, code)
    remember_packs(cache, loaded, code, held)
    remember_restamps(cache, loaded.stories)
    present = {file.path for file in loaded.stories.files}
    cache.delete(CARDS, [path for path in loaded.known if path not in present])

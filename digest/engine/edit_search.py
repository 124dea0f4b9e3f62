"""Edit search: a story edit's search shard indexed from before the staging folder opens.

An edit build starts Pagefind on each edited story's shard as soon as it knows which files
changed (`edit_ahead.search_ahead`, the edited pages named pipes), before it parses the
edited stories, plans anything or even imports the site's code: Pagefind reads and parses the
shard's other pages while the build plans. The edited pages are rendered in memory once the
edit is planned and given to those runs (`search_early`, `pagefind_early.feed_later`);
where no run could be started so (no named pipes), one is started then with the pages
rendered. Either run indexes while the build opens its staging folder, renders and checks
links, and is taken over only when it read what the new site gives Pagefind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.engine.plan_index import PlanIndex
from digest.engine.site_plan import Loaded
from digest.parallel import available_cores
from digest.paths import ARTICLES_DIR
from digest.site.pagefind import pagefind_command
from digest.site.pagefind_early import Runs, close_runs, feed_later, start_early
from digest.site.plan import SitePlan
from digest.site.render_pass import MemorySink, TemplateFailure, render_pass
from digest.site.renderer import Renderer
from digest.site.search import SearchIndexError, indexed_part
from digest.site.shard_plan import plan_shards
from digest.site.stories import FullStory, StoryFile, full_stories
from digest.site.story_views import StoryViews
from digest.site.theme import Theme
from digest.site.views import StoryRef
from digest.store.cache import Cache
from digest.urls import output_file


@dataclass(frozen=True, slots=True)
class EarlySearch:
    """Pagefind started on the edited stories' shards, and the renderer that made their pages
    (`search_early`): the build renders with it, its templates loaded and teasers made."""

    runs: Runs
    renderer: Renderer
    views: StoryViews


def search_early(
    plan: SitePlan,
    loaded: Loaded,
    changed: Mapping[str, StoryRef],
    index: PlanIndex,
    cache: Cache,
    runs: Runs,
    project: Path,
    site: Path,
    theme: Theme,
) -> EarlySearch:
    """Render the page of each story of *changed* (new references) in memory and give it
    to the run Pagefind started on its shard (*runs*, `edit_ahead.search_ahead`), or start one
    now with the shard's other pages as the last site holds them.

    No run goes on with `search: false`, when an edited story's page was not planned again,
    when a template fails (the build reports it as a full build would) or when Pagefind
    cannot be found (the build says so when it needs it). Should this raise, the caller
    ends *runs* (`edit_build.early_search`): each waits on its pipes till given them."""
    early = EarlySearch(runs, Renderer(plan.setup), StoryViews(plan, loaded.arranged, theme))
    pages = sorted({output_file(ref.path) for ref in changed.values()})
    if not plan.setup.search or not pages or not all(page in plan.pages for page in pages):
        close_runs(early.runs)
        return early
    folder = project / ARTICLES_DIR
    language = plan.setup.site["language"]

    def full(files: Sequence[StoryFile]) -> Mapping[str, FullStory]:
        return full_stories(files, loaded.stories.full, cache, folder, language)

    try:
        command = pagefind_command()
        sink = MemorySink()
        stories = early.views.for_files(pages, full)
        render_pass(plan, pages, stories, sink, workers=0, renderer=early.renderer)
    except (SearchIndexError, TemplateFailure):
        close_runs(early.runs)
        return early
    parts = {page: indexed_part(sink.files[page]) for page in pages}
    feed_later(early.runs, parts, site)
    given = {page for run in early.runs.values() for page in run.fed}
    rest = {page for page in pages if page not in given}  # no run started ahead for them
    if rest:
        shards = [shard for shard in plan_shards(index.dated(), []) if rest & set(shard.pages)]
        room = max(0, available_cores() - len(early.runs))
        if len(shards) <= room:  # as `start_early` judges, with the runs going counted
            early.runs.update(start_early(command, shards, site, cache.folder, parts))
    return early

"""Edit ahead: a story edit found from the stamps and the last build's plan index, and
Pagefind started on the edited story's shard before the site's code is even imported.

A one-story edit's longest part is Pagefind's run on the edited story's month: it reads and
parses the shard's other pages, then builds the index once it has the edited page. That run
is started here (`search_ahead`, the edited pages named pipes the build writes once it has
rendered them: `edit_search`), as soon as the plan index tells which pages the changed
article files made and the other inputs are as the last build planned them. This module
imports only what reading the plan index and starting Pagefind need: `engine/build` calls
it (`read_ahead`) before it imports the site builder, whose ~200 modules (jinja2,
markdown-it, the renderer and planner) load while Pagefind reads the shard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from digest.engine.collector import pause
from digest.engine.plan_index import PlanIndex, base_of, history_digest, read_index, sound
from digest.paths import SEARCH_DIR, site_paths
from digest.site.pagefind import pagefind_command
from digest.site.pagefind_early import Runs, close_runs, start_early
from digest.site.search import SearchIndexError
from digest.site.shard_plan import plan_shards
from digest.store.cache import Cache
from digest.store.code import code_stamp
from digest.store.inputs import ProjectInputs, visible
from digest.urls import output_file

if TYPE_CHECKING:  # the settings' module loads after Pagefind is started (`read_ahead`)
    from digest.config import Config

# Changed article files beyond which a build plans everything (a pull, a deploy): reading
# their plans one by one would cost more than planning the site.
EDIT_LIMIT = 32

# What an edit build knows before it plans (`edit_ahead`): the changed article files, and
# Pagefind's runs started on their shards.
Ahead = tuple[list[str], Runs]
# The last build's plan index, as read (None: none to use), and `edit_ahead`'s answer for it.
Early = tuple[PlanIndex | None, Ahead | None]


def read_ahead(
    project: Path, config: Config | None, cache: Cache, inputs: ProjectInputs, site: Path
) -> Early | None:
    """Read the plan index and start Pagefind on the edited stories' shards (`edit_ahead`),
    before the site builder is imported; None when there is no *site* (the output folder,
    site/ or the drafts' preview, whose build *cache* holds the index; a fresh clone: its
    records are read beside the children `site_build` starts first, and no shard's pages are
    at hand to start a run on).

    *config* None: the settings are not read yet (`engine/build` reads them, and imports
    their ~20 modules, YAML's and `regex`'s, after Pagefind is started). Only `search` is
    wanted here: the last site's search index stands for it, since a story edit is read
    ahead only when the settings' bytes are those the last build planned with (`base_of`),
    and site/pagefind/ is digest's alone (a static file there is refused)."""
    if not site.is_dir():
        return None
    pause()  # as `site_build` does before it reads the index, till the site is planned
    # Checked (`sound`: ~0.014 s at 4 000 stories, at load) once Pagefind is started on the
    # pages it reads, which are checked first (`search_ahead`).
    index = read_index(cache, inputs.code or code_stamp(), project, checked=False)
    search = (site / SEARCH_DIR).is_dir() if config is None else config.search
    try:
        ahead = edit_ahead(project, search, cache, inputs, index, site)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return None, None  # values of the wrong shape: a damaged index, as `sound` finds it
    if index is not None and not sound(index, project):
        close_ahead((index, ahead))
        return None, None
    return index, ahead


def edit_ahead(
    project: Path,
    search: bool,
    cache: Cache,
    inputs: ProjectInputs,
    index: PlanIndex | None,
    site: Path,
) -> Ahead | None:
    """Return the article files changed since the last build, when they are few and the rest
    of the site's inputs are as it planned them, with Pagefind started on their shards
    (`search_ahead`, none with *search* false); None when the build must plan everything."""
    if index is None or index.base != base_of(inputs):
        return None
    stamps = visible(inputs.articles)
    if stamps.keys() != index.stamps.keys() or index.history != history_digest(project):
        return None
    changed = [path for path, stamp in stamps.items() if index.stamps[path] != stamp]
    if len(changed) > EDIT_LIMIT or not _same_pictures(index):
        return None
    return changed, search_ahead(index, changed, site, cache) if search else {}


def close_ahead(early: Early | None) -> None:
    """End the runs *early* started (a build that failed before its edit was planned)."""
    if early is not None and early[1] is not None:
        close_runs(early[1][1])  # a run waits on its pipes till it is given them, or killed


@contextmanager
def closing_on_failure(runs: Runs) -> Iterator[None]:
    """End *runs* when the block raises: a run waits on its pipes till it is given them, or
    killed (the build plans or renders with them still waiting)."""
    try:
        yield
    except BaseException:
        close_runs(runs)
        raise


def search_ahead(index: PlanIndex, changed: list[str], site: Path, cache: Cache) -> Runs:
    """Start Pagefind on the shard of each page the last build made of a story of the
    *changed* files, that page a named pipe for the build to give it once rendered
    (`pagefind_early`): it reads the shard's other pages while the edit is planned. None is
    started for drafts, or when Pagefind cannot be found.

    A file the last build found too new to trust its stamp (None: an edit saved just before
    that build) counts only when no other file changed: it is most often that build's edit,
    unchanged since, and a run on its shard would only compete with the edit's for the
    cores. Its page, if it did change, is indexed once rendered (`edit_search`)."""
    sure = [path for path in changed if index.stamps[path] is not None]
    files = set(sure or changed)
    pages = {
        output_file(index.refs[name][2])
        for name, path in index.files.items()
        if path in files and name in index.refs
    }
    if not pages:
        return {}
    shards = [shard for shard in plan_shards(index.dated(), []) if pages & set(shard.pages)]
    if not site_paths([page for shard in shards for page in shard.pages]):
        return {}  # the index is not `sound`: `read_ahead` finds it so
    try:
        command = pagefind_command()
    except SearchIndexError:
        return {}
    return start_early(command, shards, site, cache.folder, {}, pages)


def _same_pictures(index: PlanIndex) -> bool:
    """Tell whether each picture of the last plan would be made as it was (its encoder)."""
    return all(job.key == index.keys.get(path) for path, job in index.made.items())

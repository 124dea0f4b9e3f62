"""Site plan: a project's story files -> the planned site, for `digest build` and `digest serve`.

Loads a card for every article (full stories only for what is parsed now), arranges and
plans them (site/plan.py), with the related stories and template keys answered from the
build cache while their inputs are as before.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from digest.config import Config, range_problems
from digest.engine.collector import settle
from digest.engine.related_record import remembered_related
from digest.engine.template_aside import TemplatesAside
from digest.paths import ARTICLES_DIR, CONFIG_FILE, PICTURE_CACHE
from digest.reports import SiteReport as SiteReport
from digest.site.card_packs import NO_PACKS, Held, Packs, read_packs, write_packs
from digest.site.feed_ids import PastUrls, file_clock
from digest.site.keys import template_keys, templates_digest
from digest.site.media import MediaFinder, project_of
from digest.site.plan import Arranged, SitePlan, arrange, plan_site
from digest.site.renderer import render_setup
from digest.site.sources import CACHE_KIND as SOURCES
from digest.site.sources import SourceFacts
from digest.site.stories import LoadedStories, load_stories
from digest.site.template_errors import in_theme
from digest.site.theme import Assets, Theme
from digest.source_date import source_date
from digest.store.cache import Cache, Stamp, checksum, key_of
from digest.store.file_hashes import Hashing, start_hashing
from digest.store.inputs import ProjectInputs, visible
from digest.store.state import CARDS, TEMPLATE_CODE
from digest.store.url_history import UrlHistory, read_history


def check_settings(config: Config) -> list[str]:
    """Return the problems of the site settings that the settings loader cannot see."""
    return [f"{CONFIG_FILE}: {problem}" for problem in range_problems(config)]


@dataclass(frozen=True, slots=True)
class Loaded:
    """The articles of a build: their files and stories, arranged, and the cache's cards."""

    stories: LoadedStories
    arranged: Arranged
    # The checksum of each file's card record as the cache held it before this build.
    known: Mapping[str, str]
    packs: Packs = NO_PACKS  # the card packs read (`card_packs`)


def load_cards(
    folder: Path,
    inputs: ProjectInputs,
    cache: Cache,
    code: str,
    config: Config,
    drafts: bool,
    workers: int | None,
    history: UrlHistory,
    hashing: Hashing | None = None,
) -> Loaded:
    """Load cards for every article (full stories only for what is parsed now) and group them
    (*history*: the URL history the build starts from, which keeps each story's slug).

    *hashing*: the article files being hashed by a child (`hash_aside`).
    """
    stamps = visible(inputs.articles)
    known = cache.checksums(CARDS)
    packs = read_packs(cache, code, known)
    loaded = load_stories(
        folder,
        stamps,
        inputs.taken_ns,
        _records(cache, stamps, known, packs),
        cache,
        code,
        language=config.language,
        workers=workers,
        hashing=hashing,
        packed=packs.rows,
    )
    related = remembered_related(cache, code)
    facts = SourceFacts(project_of(folder), cache.get_kind(SOURCES))
    media = MediaFinder(facts.project, facts)
    arranged = arrange(loaded.files, folder, config, drafts, related, media, history=history)
    remember_facts(cache, facts)
    settle()  # kept till the build ends: set aside from the cycle collector
    return Loaded(loaded, arranged, known, packs)


def _records(
    cache: Cache, stamps: Mapping[str, Stamp], known: Mapping[str, str], packs: Packs
) -> dict[str, bytes]:
    """Return the card records of the files in *stamps* that no pack answers."""
    wanted = [path for path in stamps if path in known and path not in packs.rows]
    if 2 * len(wanted) > len(known):  # most of them (no packs yet): one query
        return cache.get_kind(CARDS)
    return cache.get_many(CARDS, wanted)


def hash_aside(
    folder: Path, site: Path, inputs: ProjectInputs, started: Hashing | None = None
) -> Hashing | None:
    """Start hashing the article files in *folder* when the project has no *site* folder
    (unless a child was *started* already: `engine/build` starts one before ingest).

    A fresh clone (a deploy: its cache restored, no site/) has every file under a new stamp,
    so every file is read and hashed to be matched with its card record; a child does it
    while the build reads its records (`file_hashes`). With a site/ the stamps are as the
    last build recorded them but for the files changed since: nothing to hash aside.
    """
    if started is not None or site.exists():
        return started
    return start_hashing(folder, list(visible(inputs.articles)))


def remember_cards(cache: Cache, loaded: Loaded, code: str) -> dict[str, Held]:
    """Record the card of every file of *loaded* that is new or changed since the cache's;
    return each file's record as the cache holds it now, of those whose card it holds."""
    held: dict[str, Held] = {}
    for file in loaded.stories.files:
        if file.held is not None and file.held.check == loaded.known.get(file.path):
            held[file.path] = file.held
            continue
        record = file.record(code)
        cache.put(CARDS, file.path, record)
        if b'"card":null' not in record:  # JSON could not hold it: parsed every time
            held[file.path] = Held(checksum(record), None if file.stamp is None else [*file.stamp])
    return held


def remember_packs(cache: Cache, loaded: Loaded, code: str, held: Mapping[str, Held]) -> None:
    """Pack the cards of *loaded*'s files by month (those *held*: `remember_cards`)."""
    files = loaded.stories.files
    rows = ((f.path, f.sha, f.key, held[f.path], f.card, f.teaser) for f in files if f.path in held)
    write_packs(cache, code, loaded.packs, rows)


def remember_facts(cache: Cache, facts: SourceFacts) -> None:
    """Record the facts of the source files read now; forget those of files no longer used."""
    for path, record in facts.read.items():
        cache.put(SOURCES, path, record)
    cache.keep_only(SOURCES, facts.used)


def known_template_keys(
    cache: Cache, theme: Theme, names: Sequence[str], aside: TemplatesAside | None = None
) -> dict[str, str]:
    """Return `template_keys`, from the cache while no template file has changed.

    Parsing every template to find what it uses costs a tenth of a second; reading and
    hashing the files costs a millisecond. *aside*: a child keying them since the build
    began (`template_aside`), whose keys are taken for these template files.
    """
    digest = templates_digest(theme)
    key = key_of("template-keys", digest, sorted(names))
    known = cache.get_json("templates", key)
    if isinstance(known, dict) and all(isinstance(known.get(name), str) for name in names):
        return {name: str(known[name]) for name in names}
    found = aside.keys(digest, names) if aside is not None else None
    if found is None:
        found = in_theme(theme.name, lambda: template_keys(theme, names))
    cache.keep_only("templates", [])
    cache.put_json("templates", key, found)
    return found


def past_urls(project: Path, updated: dt.datetime | None) -> PastUrls:
    """Return the project's URL history and the clock of its story edits (*updated*: S_D_E)."""
    return PastUrls(read_history(project), file_clock(project / ARTICLES_DIR, updated))


def plan_build(
    loaded: Loaded,
    config: Config,
    theme: Theme,
    assets: Assets,
    code: str,
    cache: Cache,
    past: PastUrls,
    aside: TemplatesAside | None = None,
) -> SitePlan:
    """Plan every file of the site of a build (template keys from the cache when it can, or
    from *aside*, the child keying them: `template_aside`)."""
    setup = render_setup(config, theme, assets.paths, source_date(os.environ))
    plan = plan_site(
        loaded.arranged,
        config,
        setup,
        assets.files,
        lambda names: known_template_keys(cache, theme, names, aside),
        code,
        past,
        assets.own,
    )
    folder = cache.folder
    setup = replace(setup, code_cache=folder / TEMPLATE_CODE, picture_cache=folder / PICTURE_CACHE)
    settle()
    return replace(plan, setup=setup)

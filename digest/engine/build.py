"""`digest build`: the whole pipeline, from raw dumps to the written site.

A build first stamps every input (inputs.py). When every stamp, the settings and digest's
own code are as the last successful build recorded them, and site/ still holds exactly the
files that build wrote, there is nothing to do: the build says so and writes nothing,
having loaded neither the ingest nor the site pipeline. Otherwise ingest and site run, each
redoing only what the build cache cannot answer; ingest is not even loaded when it has no
dump to read and what else it reads is as the last build found it (`_last_ingest`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digest.engine.collector import fewer_collections
from digest.paths import ARTICLES_DIR, URL_HISTORY, Output, ProjectPaths
from digest.reports import BuildReport, IngestReport, report_from_json, report_json
from digest.store.cache import open_cache, read_entries, read_state, stamp_of
from digest.store.inputs import (
    ProjectInputs,
    build_settings,
    file_record,
    rescan_content,
    same_file,
    scan_project,
    visible,
)
from digest.store.lock import DEFAULT_WAIT_SECONDS, build_lock
from digest.store.state import SEAL, STATE, STATE_BUILD, STATE_TREES

if TYPE_CHECKING:
    from digest.config import Config
    from digest.engine.edit_ahead import Early
    from digest.engine.site_build import BuiltSite
    from digest.store.cache import Cache
    from digest.store.file_hashes import Hashing
    from digest.store.staging import Guard

Progress = Callable[[int, int], None]  # ingest's steps done, of how many
# What ingest reads when there is no dump (`_last_ingest`): ProjectInputs.record()'s kinds.
INGEST_INPUTS = ("config", "ledger", "dumps", "code", "settings")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, the warnings to show, and the site it planned (`digest serve`)."""

    report: BuildReport
    # A build with nothing to do repeats its ingest's warnings and those of the stories.
    warnings: tuple[str, ...]
    project: Path
    drafts: bool
    config: Config | None = None  # None, like site, when there was nothing to do
    site: BuiltSite | None = None
    # The settings' base_url, also when there was nothing to do (the last build recorded it):
    # the command warns of a placeholder address without reading the settings.
    base_url: str | None = None
    output: Output | None = None  # where it wrote (None: site/, the published site)


def build(
    project: Path,
    *,
    drafts: bool = False,
    progress: Progress | None = None,
    guard: Guard | None = None,
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
    settings_required: bool = False,
    output: Output | None = None,
) -> BuildResult:
    """Ingest content/raw/ into content/articles/, then render and write site/ (or *output*:
    `digest serve --drafts`'s own site and cache, `paths.Output`).

    *settings_required*: a project without digest.yaml is a ConfigError, not the built-in
    settings (serve: the file gone for a moment must not re-ingest and rewrite stories).

    The build lock is taken here, once for the run (waiting at most *wait* seconds for
    another build, telling *on_wait*). *guard* is held while the new site takes the place
    of site/ (see `staging.publish`).
    """
    started = time.perf_counter()
    with (
        fewer_collections(),
        build_lock(project, wait=wait, on_wait=on_wait or (lambda _: None)),
    ):
        output = output or ProjectPaths(project).output()
        states = read_state(project, STATE_BUILD, STATE_TREES, folder=output.cache)
        inputs = scan_project(
            project, build_settings(drafts=drafts, environ=os.environ), _code_files(states)
        )
        unchanged = _unchanged_report(project, output, inputs, started, states)
        if unchanged is not None:
            report, base_url = unchanged
            warnings = (*report.ingest.warnings, *report.site.story_warnings)
            return BuildResult(report, warnings, project, drafts, base_url=base_url, output=output)
        last = _last_ingest(project, inputs, states.get(STATE_BUILD))
        return _pipeline(project, output, inputs, drafts, progress, guard, last, settings_required)


def _pipeline(
    project: Path,
    output: Output,
    inputs: ProjectInputs,
    drafts: bool,
    progress: Progress | None,
    guard: Guard | None,
    last: IngestReport | None,
    settings_required: bool = False,
) -> BuildResult:
    """Ingest (unless *last*: the last ingest's report, when it has nothing new to do), then
    build the site into *output*; record the inputs and report for the next build in its
    cache."""
    from digest.engine.edit_ahead import close_ahead, read_ahead

    cache = open_cache(project, output.cache)
    try:
        # A story edit's Pagefind run is started before the site builder's ~200 modules are
        # imported, and before the settings are read when ingest has nothing to do: it reads
        # the edited story's shard meanwhile (`edit_ahead`).
        early = None if last is None else read_ahead(project, None, cache, inputs, output.site)
        hashing = _hash_early(project, output, inputs, last)
        try:
            config, ingest, inputs, early = _settings_and_ingest(
                project, output, inputs, progress, last, settings_required, cache, early
            )
            from digest.engine.site_build import build_site
        except BaseException:
            close_ahead(early)
            if hashing is not None:
                hashing.stop()
            raise
        site = build_site(
            project,
            config,
            drafts=drafts,
            output=output,
            cache=cache,
            inputs=inputs,
            guard=guard,
            early=early,
            hashing=hashing,
        )
        report = BuildReport(ingest, site.report, tuple(cache.warnings))
        record = {
            "inputs": inputs.record(),
            "report": report_json(report),
            "base_url": config.base_url,
            "account": _account_stamp(project),
            "urls": file_record(project, URL_HISTORY),
            "code_files": inputs.code_files,
        }
        cache.put_json(STATE, STATE_BUILD, record)
    finally:
        cache.close()
    warnings = (*ingest.warnings, *site.report.story_warnings, *report.warnings)
    return BuildResult(report, warnings, project, drafts, config, site, config.base_url, output)


def _hash_early(
    project: Path, output: Output, inputs: ProjectInputs, last: IngestReport | None
) -> Hashing | None:
    """Start hashing a first build's article files now (no site/: a first build or a deploy's
    fresh clone), while the settings, ingest and the site builder's modules load, when ingest
    cannot change them (no dump, or nothing for ingest to do: *last*). Started by the site
    build, the child (`file_hashes`: its own interpreter's start, then every file) was still
    at it when the build asked for its answer: 0.12-0.23 s of the build's process waiting at
    500 stories, 0.22-0.39 s at 2 000, on a loaded machine. Its answers are taken only under
    the stamps the build scans after ingest, as ever."""
    if (inputs.dumps and last is None) or output.site.exists():
        return None
    from digest.store.file_hashes import start_hashing

    return start_hashing(project / ARTICLES_DIR, list(visible(inputs.articles)))


def _settings_and_ingest(
    project: Path,
    output: Output,
    inputs: ProjectInputs,
    progress: Progress | None,
    last: IngestReport | None,
    settings_required: bool,
    cache: Cache,
    early: Early | None,
) -> tuple[Config, IngestReport, ProjectInputs, Early | None]:
    """Read the settings and ingest (unless *last*), then read a story edit ahead (unless
    *early* was, before the settings); return them and the inputs as ingest left them.

    Ingest writes the project's stories, whichever the output: it keeps its records in the
    project's cache (the drafts' preview would otherwise read every dump again)."""
    from digest.config import load_config

    config = load_config(project, required=settings_required)
    if last is not None:
        return config, last, inputs, early
    from digest.engine.edit_ahead import read_ahead
    from digest.ingest.pipeline import run_ingest

    if output.published:
        ingest = run_ingest(project, config, progress=progress, cache=cache, inputs=inputs)
    else:  # its own cache's warnings are said with the ingest's
        ingest = run_ingest(project, config, progress=progress, inputs=inputs)
    inputs = rescan_content(inputs, project, wrote=bool(ingest.export.written))
    return config, ingest, inputs, read_ahead(project, config, cache, inputs, output.site)


def _last_ingest(project: Path, inputs: ProjectInputs, previous: object) -> IngestReport | None:
    """Return the last build's ingest report when ingest has nothing to do that it did not
    do then: no dump in content/raw/, then or now, no temporary file of a killed write, and
    the settings, the ledger, digest's code and the command line as then. Ingest then reads
    the ledger and writes what it wrote then (an empty account, the same memory), and its
    ~50 modules need not be imported: ~0.015 s of a one-story edit's start, before Pagefind
    can start. Else None: ingest runs."""
    if inputs.dumps or inputs.leftovers or not isinstance(previous, dict):
        return None
    if not inputs.matches(previous.get("inputs"), project, INGEST_INPUTS):
        return None
    if previous.get("account") != _account_stamp(project):
        return None  # the ingest report gone or changed: ingest writes it again
    try:
        return report_from_json(previous["report"], 0.0).ingest
    except (KeyError, TypeError, ValueError):
        return None


def _unchanged_report(
    project: Path, output: Output, inputs: ProjectInputs, started: float, states: dict[str, object]
) -> tuple[BuildReport, str | None] | None:
    """Return the last build's report and base_url when nothing changed since it, else None."""
    previous, trees = states.get(STATE_BUILD), states.get(STATE_TREES)
    if not isinstance(previous, dict) or not isinstance(trees, dict):
        return None
    if not inputs.matches(previous.get("inputs"), project) or not isinstance(
        trees.get("site"), str
    ):
        return None
    if previous.get("account") != _account_stamp(project):
        return None  # the ingest report (`digest report`) gone or changed: ingest writes it
    if not same_file(project, URL_HISTORY, previous.get("urls")):
        # Edited since (a merge's conflict markers): the site build reads it, and says so
        # here as it would on the host, not after a push.
        return None
    from digest.store.seal import sealed

    site = output.site.resolve()
    found = read_entries(project, [(SEAL, trees["site"])], raw=True, folder=output.cache)
    data = found.get((SEAL, trees["site"]))
    if not sealed(site, data if isinstance(data, bytes) else None):
        return None
    base_url = previous.get("base_url")
    try:
        report = report_from_json(previous["report"], time.perf_counter() - started)
    except (KeyError, TypeError, ValueError):
        return None
    return report, base_url if isinstance(base_url, str) else None


def _code_files(states: dict[str, object]) -> object:
    """Return the record of digest's files the last build kept (`code.code_key`), if any:
    the files whose stamps are as recorded are not read and hashed again."""
    previous = states.get(STATE_BUILD)
    return previous.get("code_files") if isinstance(previous, dict) else None


def _account_stamp(project: Path) -> list[int] | None:
    """Return the stamp of the ingest's report, content/.ingest-report.json (None: none).

    `digest report` tells the editor to run `digest build` when the report is missing or
    damaged: a build with nothing else to do must write it again, so it is no-op only while
    the report is the one the last build left.
    """
    try:
        return list(stamp_of(os.lstat(ProjectPaths(project).ingest_report)))
    except OSError:
        return None

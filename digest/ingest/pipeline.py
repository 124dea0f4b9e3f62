"""Ingest: content/raw/ dumps and saved pages -> content/articles/ Markdown (segment or
extract, dedup, classify, export).

Each step is done once per input. A dump's segmentation, exact keys and MinHash signatures
are cached under a hash of its bytes, the settings and digest's code, and computed in worker
processes when many dumps are new (dump_results). Dedup and classification are cached under
the list of dump hashes, and computed together in worker processes when there are many
stories (sorting). When neither the dumps nor the ledger changed since the last ingest, a
story goes through export again only if its article file changed (export_skip); the others
would come out of export exactly as they are.

The caller holds the build lock (the commands and `engine.build` take it once per run).
Nothing here prints: warnings are in the report, progress goes to a callback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from digest.config import Config, load_config
from digest.ingest.account import Accounted, account_json, write_account
from digest.ingest.article_ids import known_ids
from digest.ingest.dedup_heads import retitled_warnings
from digest.ingest.dump_results import dump_results
from digest.ingest.dumps import named_dump
from digest.ingest.export_skip import export_changed
from digest.ingest.ledger_read import read_ledger
from digest.ingest.records import DumpResult, IngestMemory, Stamped, path_order
from digest.ingest.references import reference_times
from digest.ingest.shared_lines import with_shared_lines
from digest.ingest.sorting import Gathered, sort_stories, sorting_key, warm_classify
from digest.ingest.written_dates import as_first_dated, as_written, refused_warnings
from digest.models import RawStory
from digest.paths import RAW_DIR, ProjectPaths, page_of_resource, raw_kind
from digest.reports import IngestReport as IngestReport
from digest.store.cache import Cache, open_cache
from digest.store.inputs import ProjectInputs, scan_project
from digest.store.state import STATE, STATE_INGEST

Progress = Callable[[int, int], None]  # told how many of ingest's steps are done, of how many


class _Steps:
    """Ingest's steps (each dump, then dedup and classify, then export), told to *progress*."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done = 0
        self.total = total
        self.progress = progress
        if progress is not None:
            progress(0, total)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


def run_ingest(
    project: Path,
    config: Config | None = None,
    *,
    progress: Progress | None = None,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Read every dump and write one Markdown file per distinct story.

    The caller holds the build lock. *config*, *cache* and *inputs* default to the
    project's own; the report carries every warning.
    """
    config = config or load_config(project)
    if inputs is None:
        inputs = scan_project(project, {})
    if cache is not None:
        return _ingest(ProjectPaths(project), config, cache, inputs, workers, progress)
    own = open_cache(project)
    try:
        report = _ingest(ProjectPaths(project), config, own, inputs, workers, progress)
    finally:
        own.close()
    # A build reports its cache's warnings itself; ingest on its own says them here.
    return dataclasses.replace(report, warnings=(*own.warnings, *report.warnings))


def _ingest(
    paths: ProjectPaths,
    config: Config,
    cache: Cache,
    inputs: ProjectInputs,
    workers: int | None,
    progress: Progress | None,
) -> IngestReport:
    memory = IngestMemory.from_json(cache.get_json(STATE, STATE_INGEST))
    inputs, skipped, resources = _readable(inputs)
    steps = _Steps(len(inputs.dumps) + 2, progress)
    # Ingest holds every story of every dump at once and makes no reference cycles: the
    # cycle collector would only walk those objects again and again (a tenth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        report = _ingest_with(paths, config, cache, (inputs, resources), workers, memory, steps)
    finally:
        if collecting:
            _to_oldest()
            gc.enable()
    named = tuple(named_dump(warning, inputs.dumps) for warning in report.warnings)
    return dataclasses.replace(report, warnings=(*skipped, *named))


def _to_oldest() -> None:
    """Put what ingest made into the collector's oldest generation without walking it.

    Re-enabled, the collector would walk every object made since it was turned off as one
    young generation, at the next allocation: the stories, their classifications, the
    classify context (0.04-0.1 s of one core at 10 000 stories, with nothing to collect).
    They are walked with the oldest objects when those next are; the program itself never
    walks them (`commands.cli` freezes all at its end). Done only when nothing else set
    objects aside (`gc.freeze`), which would be put back too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _readable(inputs: ProjectInputs) -> tuple[ProjectInputs, tuple[str, ...], dict[str, str]]:
    """Keep the dumps and saved pages of content/raw/; say once which other files were skipped.

    A saved page's `_files/` folder is its own: the stamps of its files are returned by page,
    so that a picture added or changed there reads the page again.
    """
    names = frozenset(inputs.dumps)
    kinds = {name: raw_kind(name, names) for name in names}
    kept = {name: stamp for name, stamp in inputs.dumps.items() if kinds[name] != "other"}
    kept = {name: stamp for name, stamp in kept.items() if kinds[name] != "resource"}
    held: dict[str, list[str]] = {}
    for name in sorted(names):
        page = page_of_resource(name, names) if kinds[name] == "resource" else None
        if page is not None:
            held.setdefault(page, []).append(f"{name}:{inputs.dumps[name]}")
    resources = {page: "\n".join(files) for page, files in held.items()}
    others = sorted(name for name, kind in kinds.items() if kind == "other")
    if not others:
        return dataclasses.replace(inputs, dumps=kept), (), resources
    named = [f"{RAW_DIR.as_posix()}/{name}" for name in others[:10]]
    shown = ", ".join(named) + (f" (and {len(others) - 10} more)" if len(others) > 10 else "")
    warning = (
        f"{shown}: not a text dump (.txt) nor a saved page (.html, .htm, .mhtml, .mht); skipped"
    )
    return dataclasses.replace(inputs, dumps=kept), (warning,), resources


def _ingest_with(
    paths: ProjectPaths,
    config: Config,
    cache: Cache,
    given: tuple[ProjectInputs, Mapping[str, str]],  # the inputs, and saved pages' own files
    workers: int | None,
    memory: IngestMemory,
    steps: _Steps,
) -> IngestReport:
    inputs, resources = given
    ledger = read_ledger(paths)  # first (a damaged one stops all), once: dates, export
    dumps = dump_results(
        paths.raw,
        config,
        inputs,
        cache,
        memory.dumps,
        advance=steps.advance,
        workers=workers,
        resources=resources,
        meanwhile=partial(warm_classify, config.classify),
    )
    names = sorted(inputs.dumps, key=path_order)
    dumps = with_shared_lines(dumps, names, paths.raw, config, cache)
    references, collected = reference_times(paths, inputs, ledger, dumps.results)
    gathered, read, warnings = _gather(dumps.results, references)
    key = sorting_key(inputs.code, config, dumps.keys, references)
    deduplication, classifications = sort_stories(gathered, config, cache, key, workers)
    stories = deduplication.stories
    ids, id_record = _article_ids(paths, inputs, memory, bool(stories))
    article_ids = ledger.story_ids(stories, paths.articles, ids, config.ingest)  # file's date
    classifications = as_first_dated(article_ids, classifications, ledger.dated_of)
    steps.advance()

    exported, remembered = export_changed(
        stories, classifications, paths, ids, inputs, key, memory.export, (ledger, article_ids)
    )
    warnings += [*collected, *retitled_warnings(gathered.raw, gathered.keys, deduplication.members)]
    warnings.extend(refused_warnings(stories, classifications, gathered.raw, deduplication.members))
    warnings.extend(exported.warnings)
    written = as_written(classifications, remembered.stories, paths.articles)
    zone = ZoneInfo(config.timezone)
    accounted = Accounted(
        names, dumps.results, stories, written, remembered.stories, references, zone
    )
    write_account(paths.ingest_report, account_json(accounted))
    steps.advance()

    cache.put_json(STATE, STATE_INGEST, IngestMemory(dumps.record, id_record, remembered).to_json())
    cache.commit()
    return IngestReport(
        dumps=read,
        stories=len(stories),
        exact_merged=deduplication.exact_merged,
        near_merged=deduplication.near_merged,
        export=exported,
        warnings=tuple(warnings),
        guessed=_guessed(accounted),
    )


def _guessed(accounted: Accounted) -> int:
    """Return how many stories this ingest wrote with a date that is a guess."""
    return sum(
        record.outcome == "written" and classification.precision == "guess"
        for record, classification in zip(accounted.records, accounted.classifications, strict=True)
    )


def _article_ids(
    paths: ProjectPaths, inputs: ProjectInputs, memory: IngestMemory, exporting: bool
) -> tuple[dict[str, str], Mapping[str, Stamped]]:
    """Return the ids of the article files and the record of them to keep.

    They only matter to stories being exported: with none (a deploy, no dump), the 100 000
    files with new stamps are not read, and the last record is kept (each entry is trusted
    only while its file's stamp is the same).
    """
    if not exporting:
        return {}, memory.ids
    return known_ids(paths.articles, inputs, memory.ids)


def _gather(
    results: Sequence[DumpResult], references: Mapping[str, dt.datetime]
) -> tuple[Gathered, int, list[str]]:
    """Join the stories of the dumps read; return them, how many dumps were read, warnings."""
    warnings: list[str] = []
    raw: list[RawStory] = []
    keys: list[str] = []
    signed: list[bytes] = []
    read = 0
    for result in results:
        if result.warning is not None:  # skipped, or read with a note (mixed encodings)
            warnings.append(result.warning)
        if result.skipped:
            continue
        read += 1
        warnings.extend(result.warnings)
        raw.extend(result.stories)
        keys.extend(result.keys)
        width = len(result.signatures) // max(1, len(result.stories))
        signed.extend(
            result.signatures[start : start + width]
            for start in range(0, len(result.signatures), width or 1)
        )
    return Gathered(raw, keys, signed, references), read, warnings

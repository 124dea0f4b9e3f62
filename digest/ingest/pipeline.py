"""Ingest: content/raw/ dumps -> content/articles/ Markdown (segment, dedup, classify, export).

Each step is done once per input. A dump's segmentation, exact keys and MinHash signatures
are cached under a hash of its bytes, the settings and digest's code, and computed in worker
processes when many dumps are new. Dedup and classification are cached under the list of
dump hashes, and computed together in worker processes when there are many stories. When
neither the dumps nor the ledger changed since the last ingest, a story goes through export
again only if its article file changed (export then decides, as always, whether an edit is
the editor's); the others would come out of export exactly as they are.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.config import Config, IngestConfig, load_config
from digest.ingest.export import ExportReport
from digest.models import Block, Classification, RawStory, Source, Story
from digest.parallel import chunks, run_parallel, worker_count
from digest.reports import IngestReport as IngestReport
from digest.store.cache import Cache, Stamp, dump_json, key_of, open_cache
from digest.store.inputs import ProjectInputs, file_stamp, is_racy, scan_project
from digest.store.lock import build_lock
from digest.store.state import STATE, STATE_INGEST

if TYPE_CHECKING:  # classify and dedup are imported only when there is work for them
    from digest.ingest.classify import Context, Finding
    from digest.ingest.dedup import Deduplication

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)


def _article_id(path: Path) -> str | None:
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    end = head.find("\n---", 3)
    match = _ID_LINE.search(head, 0, end if end > 0 else len(head))
    return match.group(1) if match else None


def _path_order(relative: str) -> tuple[str, ...]:
    """Order relative paths as sorted Path objects are ordered (by their parts)."""
    return tuple(relative.split("/"))


def _trusted(stamp: Stamp | None, taken_ns: int) -> list[int] | None:
    return None if stamp is None or is_racy(stamp, taken_ns) else list(stamp)


def _known_ids(
    articles_dir: Path, inputs: ProjectInputs, known: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, Any]]:
    """Map the id in each article file's front matter to its path (the first path wins).

    Only files whose stamp changed are read; the rest comes from *known*, which this
    returns anew as its second value.
    """
    ids: dict[str, str] = {}
    record: dict[str, Any] = {}
    for relative in sorted(inputs.articles, key=_path_order):
        stamp = _trusted(inputs.articles[relative], inputs.taken_ns)
        previous = known.get(relative)
        if stamp is not None and isinstance(previous, list) and previous[0] == stamp:
            found = previous[1]
        else:
            found = _article_id(articles_dir / relative)
        if stamp is not None:
            record[relative] = [stamp, found]
        if isinstance(found, str):
            ids.setdefault(found, relative)
    return ids, record


# --- dumps --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DumpResult:
    """What a dump gave: a warning when it was skipped or odd, stories, keys, signatures.

    *date* is the dump's date as its stories give it (classify.dump_date), in ISO form.
    """

    warning: str | None
    skipped: bool
    stories: tuple[RawStory, ...]
    warnings: tuple[str, ...]
    keys: tuple[str, ...]
    signatures: bytes
    date: str | None = None


def _story_json(story: RawStory) -> list[Any]:
    blocks = [[block.kind, list(block.lines)] for block in story.blocks]
    return [
        story.source.dump,
        story.source.index,
        story.line,
        story.title,
        list(story.captions),
        blocks,
    ]


def _story_from_json(value: list[Any]) -> RawStory:
    dump, index, line, title, captions, blocks = value
    return RawStory(
        Source(dump, index),
        line,
        title,
        tuple(captions),
        tuple(Block(kind, tuple(lines)) for kind, lines in blocks),
    )


def _dump_json(result: _DumpResult) -> dict[str, Any]:
    return {
        "warning": result.warning,
        "skipped": result.skipped,
        "stories": [_story_json(story) for story in result.stories],
        "warnings": list(result.warnings),
        "keys": list(result.keys),
        "signatures": base64.b64encode(result.signatures).decode("ascii"),
        "date": result.date,
    }


def _dump_from_json(value: Mapping[str, Any]) -> _DumpResult:
    return _DumpResult(
        warning=value["warning"],
        skipped=bool(value["skipped"]),
        stories=tuple(_story_from_json(story) for story in value["stories"]),
        warnings=tuple(value["warnings"]),
        keys=tuple(value["keys"]),
        signatures=base64.b64decode(value["signatures"]),
        date=value["date"],
    )


@dataclass(frozen=True, slots=True)
class _DumpTask:
    raw_dir: Path
    config: IngestConfig


def _dump_setup(shared: _DumpTask) -> tuple[_DumpTask, dict[str, int]]:
    return shared, {}  # the word hashes every dump of this worker shares


def _read_dumps(
    state: tuple[_DumpTask, dict[str, int]], items: Sequence[tuple[str, bytes]]
) -> list[bytes]:
    """Decode, segment, key and sign a chunk of dumps (in a worker or in this process).

    Each result comes back as the JSON the cache keeps: encoding it here, in parallel, is
    cheaper than pickling the stories back and encoding them again in the main process.
    """
    from digest.ingest.classify import dump_date
    from digest.ingest.dedup import fingerprints
    from digest.ingest.dumps import dump_from_bytes
    from digest.ingest.segment import segment_dump

    shared, words = state
    results = []
    for name, data in items:
        read = dump_from_bytes(shared.raw_dir / name, shared.raw_dir, data)
        if read.dump is None:
            results.append(dump_json(_dump_json(_DumpResult(read.warning, True, (), (), (), b""))))
            continue
        segmentation = segment_dump(read.dump, shared.config)
        stories = segmentation.stories
        date = dump_date(stories)
        found = fingerprints(stories, shared.config, words)
        result = _DumpResult(
            read.warning,
            False,
            stories,
            segmentation.warnings,
            tuple(key for key, _ in found),
            b"".join(signed for _, signed in found),
            None if date is None else date.isoformat(),
        )
        results.append(dump_json(_dump_json(result)))
    return results


@dataclass(frozen=True, slots=True)
class _Dumps:
    """Every dump's result in order, and the keys that name them in the cache."""

    results: tuple[_DumpResult, ...]
    keys: tuple[str, ...]
    record: dict[str, Any]


def _dumps(
    raw_dir: Path,
    config: Config,
    inputs: ProjectInputs,
    cache: Cache,
    known: Mapping[str, Any],
    *,
    advance: Callable[[int], None],
    workers: int | None,
) -> _Dumps:
    """Return each dump's segmentation, keys and signatures, computing only new dumps."""
    settings = repr(config.ingest)
    names = sorted(inputs.dumps, key=_path_order)
    shas: dict[str, str] = {}
    data: dict[str, bytes] = {}
    unreadable: dict[str, str] = {}
    record: dict[str, Any] = {}
    for name in names:
        stamp = _trusted(inputs.dumps[name], inputs.taken_ns)
        previous = known.get(name)
        if stamp is not None and isinstance(previous, list) and previous[0] == stamp:
            shas[name] = str(previous[1])
        else:
            try:
                data[name] = (raw_dir / name).read_bytes()
            except OSError as error:
                unreadable[name] = f"{name}: cannot be read ({error.strerror}); skipped"
                continue
            shas[name] = hashlib.sha256(data[name]).hexdigest()
        if stamp is not None:
            record[name] = [stamp, shas[name]]
    keys = {name: key_of("dump", inputs.code, settings, name, sha) for name, sha in shas.items()}
    found = cache.get_many("dump", keys.values())
    results: dict[str, _DumpResult] = {}
    missing: list[tuple[str, bytes]] = []
    for name in shas:
        value = found.get(keys[name])
        if value is not None:
            try:
                results[name] = _dump_from_json(json.loads(value))
                continue
            except (KeyError, TypeError, ValueError):
                pass
        if name not in data:
            data[name] = (raw_dir / name).read_bytes()
            if hashlib.sha256(data[name]).hexdigest() != shas[name]:
                shas[name] = hashlib.sha256(data[name]).hexdigest()
                keys[name] = key_of("dump", inputs.code, settings, name, shas[name])
                record.pop(name, None)
        missing.append((name, data[name]))
    advance(len(names) - len(missing))  # read from the cache
    if missing:
        # About one story per 5 kB of dump: parallel when there are many stories to read.
        count = worker_count(sum(len(data) for _, data in missing) // 5000, requested=workers)
        # Many small chunks, so that no worker waits long for the last one to finish.
        batches = chunks(missing, count * 16 if count else 1)
        task = _DumpTask(raw_dir, config.ingest)
        if count:
            # datasketch imports scipy (half a second): once here, and the forked workers
            # inherit it, rather than once in each worker and again here for dedup.
            import datasketch  # noqa: F401
        computed = run_parallel(_dump_setup, _read_dumps, task, batches, workers=count)
        for batch, done in zip(batches, computed, strict=True):
            for (name, _), encoded in zip(batch, done, strict=True):
                results[name] = _dump_from_json(json.loads(encoded))
                cache.put("dump", keys[name], encoded)
            advance(len(batch))
    ordered = []
    order = []
    for name in names:
        if name in unreadable:
            ordered.append(_DumpResult(unreadable[name], True, (), (), (), b""))
            order.append(key_of("unreadable", name))
        else:
            ordered.append(results[name])
            order.append(keys[name])
    return _Dumps(tuple(ordered), tuple(order), record)


class _Progress:
    """A bar over ingest's steps (each dump, then dedup and classify, then export).

    Only on a terminal, and only once ingest has taken a second (tqdm's delay).
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar: Any = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc="ingest", unit="step", delay=1.0, file=sys.stderr, leave=False
            )

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --- dedup and classification -------------------------------------------------------------


def _classification_json(value: Classification) -> list[Any]:
    return [
        value.date.isoformat(),
        value.date_source,
        list(value.regions),
        list(value.tags),
        list(value.region_reasons),
    ]


def _classification_from_json(value: list[Any]) -> Classification:
    date, source, regions, tags, reasons = value
    return Classification(
        dt.date.fromisoformat(date), source, tuple(regions), tuple(tags), tuple(reasons)
    )


@dataclass(frozen=True, slots=True)
class _Sorting:
    """What the workers of dedup and classification share (forked, so never pickled)."""

    raw: Sequence[RawStory]
    keys: Sequence[str]
    signed: Sequence[bytes]
    config: Config


@dataclass(slots=True)
class _Sorter:
    """A worker's state: its classify context, made when it first classifies (not before a
    dedup that it may have to do first)."""

    shared: _Sorting
    context: Context | None = None


@dataclass(frozen=True, slots=True)
class _Sorted:
    """One part of the work: the dedup groups (and merge counts), or findings."""

    members: tuple[tuple[int, ...], ...] = ()
    exact: int = 0
    near: int = 0
    findings: tuple[Finding, ...] = ()


def _sorting_setup(shared: _Sorting) -> _Sorter:
    return _Sorter(shared)


def _sort(state: _Sorter, positions: Sequence[int] | None) -> _Sorted:
    """Deduplicate every story (*positions* None), or find what those at *positions* say."""
    from digest.ingest.classify import context_for, find
    from digest.ingest.dedup import deduplicate

    shared = state.shared
    if positions is None:
        found = deduplicate(
            shared.raw, shared.config.ingest, keys=shared.keys, signed=shared.signed
        )
        return _Sorted(found.members, found.exact_merged, found.near_merged)
    if state.context is None:
        state.context = context_for(shared.config.classify)
    return _Sorted(findings=tuple(find([shared.raw[p] for p in positions], state.context)))


def _deduplicate_and_classify(
    raw: Sequence[RawStory],
    keys: Sequence[str],
    signed: Sequence[bytes],
    config: Config,
    workers: int | None,
    dumps: Mapping[str, dt.date],
) -> tuple[Deduplication, list[Classification]]:
    """Merge duplicates and classify the stories, in worker processes when there are many.

    Which version represents a story is known only after dedup, but what a version says of
    itself does not depend on the others: so one worker deduplicates while the others read
    the first version of every distinct text, and only a near duplicate's reading is unused.
    """
    from digest.ingest.classify import context_for, date_stories, find
    from digest.ingest.dedup import Deduplication, deduplicate, merge

    first_with_key: dict[str, int] = {}
    for position, key in enumerate(keys):
        first_with_key.setdefault(key, position)
    firsts = list(first_with_key.values())  # an exact duplicate needs no reading of its own
    count = worker_count(len(firsts), requested=workers)
    if count == 0:
        deduplication = deduplicate(raw, config.ingest, keys=keys, signed=signed)
        primaries = [story.primary for story in deduplication.stories]
        findings = find(primaries, context_for(config.classify)) if primaries else []
        return deduplication, date_stories(deduplication.stories, findings, dumps)
    # Many small chunks: the worker that deduplicates takes fewer, and none waits long at the end.
    batches = chunks(firsts, count * 16)
    parts = run_parallel(
        _sorting_setup,
        _sort,
        _Sorting(raw, keys, signed, config),
        [None, *batches],
        workers=count,
    )
    grouped = parts[0]
    deduplication = Deduplication(
        merge(raw, keys, grouped.members), grouped.exact, grouped.near, grouped.members
    )
    found = {
        position: finding
        for batch, part in zip(batches, parts[1:], strict=True)
        for position, finding in zip(batch, part.findings, strict=True)
    }
    # A group's first position is its key's first: the others of that key are in the group.
    findings = [found[group[0]] for group in deduplication.members]
    return deduplication, date_stories(deduplication.stories, findings, dumps)


# --- the stage ----------------------------------------------------------------------------


def ingest(
    project: Path,
    config: Config,
    *,
    progress: bool = False,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Read every dump and write one Markdown file per distinct story."""
    if inputs is None:
        inputs = scan_project(project, {})
    if cache is not None:
        return _ingest(project, config, progress, cache, inputs, workers)
    with build_lock(project):
        own = open_cache(project)
        try:
            report = _ingest(project, config, progress, own, inputs, workers)
        finally:
            own.close()
        # A build reports its cache's warnings itself; ingest on its own says them here.
        return dataclasses.replace(report, warnings=(*own.warnings, *report.warnings))


def _ingest(
    project: Path,
    config: Config,
    progress: bool,
    cache: Cache,
    inputs: ProjectInputs,
    workers: int | None,
) -> IngestReport:
    state = cache.get_json(STATE, STATE_INGEST)
    state = state if isinstance(state, dict) else {}
    bar = _Progress(len(inputs.dumps) + 2, progress)
    # Ingest holds every story of every dump at once and makes no reference cycles: the
    # cycle collector would only walk those objects again and again (a tenth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _ingest_with(project, config, cache, inputs, workers, state, bar)
    finally:
        if collecting:
            gc.enable()
        bar.close()


def _ingest_with(
    project: Path,
    config: Config,
    cache: Cache,
    inputs: ProjectInputs,
    workers: int | None,
    state: dict[str, Any],
    bar: _Progress,
) -> IngestReport:
    from digest.ingest.dedup import Deduplication, merge

    content_dir = project / "content"
    articles_dir = content_dir / "articles"
    dumps = _dumps(
        content_dir / "raw",
        config,
        inputs,
        cache,
        state.get("dumps") or {},
        advance=bar.advance,
        workers=workers,
    )
    warnings: list[str] = []
    raw: list[RawStory] = []
    keys: list[str] = []
    signed: list[bytes] = []
    dated: dict[str, dt.date] = {}
    read = 0
    for result in dumps.results:
        if result.warning is not None:  # skipped, or read with a note (mixed encodings)
            warnings.append(result.warning)
        if result.skipped:
            continue
        read += 1
        if result.date is not None:
            dated[result.stories[0].source.dump] = dt.date.fromisoformat(result.date)
        warnings.extend(result.warnings)
        raw.extend(result.stories)
        keys.extend(result.keys)
        width = len(result.signatures) // max(1, len(result.stories))
        signed.extend(
            result.signatures[start : start + width]
            for start in range(0, len(result.signatures), width or 1)
        )

    ingest_key = key_of(
        "ingest", inputs.code, repr(config.ingest), repr(config.classify), list(dumps.keys)
    )
    known = cache.get_json("ingest", ingest_key)
    deduplication: Deduplication | None = None
    classifications: list[Classification] = []
    if isinstance(known, dict):
        try:
            members = tuple(tuple(group) for group in known["members"])
            deduplication = Deduplication(
                merge(raw, keys, members), int(known["exact"]), int(known["near"]), members
            )
            classifications = [_classification_from_json(item) for item in known["classes"]]
        except (KeyError, TypeError, ValueError, IndexError):
            deduplication = None
    if deduplication is None or len(classifications) != len(deduplication.stories):
        deduplication, classifications = _deduplicate_and_classify(
            raw, keys, signed, config, workers, dated
        )
        cache.put_json(
            "ingest",
            ingest_key,
            {
                "members": [list(group) for group in deduplication.members],
                "exact": deduplication.exact_merged,
                "near": deduplication.near_merged,
                "classes": [_classification_json(item) for item in classifications],
            },
        )
    stories = deduplication.stories
    bar.advance()

    ids, id_record = _known_ids(articles_dir, inputs, state.get("ids") or {})
    exported, outcomes = _export(
        stories, classifications, content_dir, ids, inputs, ingest_key, state.get("export")
    )
    warnings.extend(exported.warnings)
    bar.advance()
    cache.put_json(
        STATE,
        STATE_INGEST,
        {"dumps": dumps.record, "ids": id_record, "export": outcomes},
    )
    cache.commit()
    return IngestReport(
        dumps=read,
        stories=len(stories),
        exact_merged=deduplication.exact_merged,
        near_merged=deduplication.near_merged,
        export=exported,
        warnings=tuple(warnings),
    )


def _sha_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _still(mark: Any, path: Path, stamp: Stamp | None, taken_ns: int) -> bool:
    """Tell whether a file is as recorded: same stamp, or (recorded racy) the same bytes."""
    if mark == "missing":
        return stamp is None
    if stamp is None:
        return False
    if isinstance(mark, list):
        return _trusted(stamp, taken_ns) == mark
    if isinstance(mark, dict) and isinstance(mark.get("sha"), str):
        return bool(_sha_of(path) == mark["sha"])
    return False


def _mark(path: Path, sha: str | None) -> Any:
    """Return how a file is recorded: its stamp, or when racy the hash of its known bytes."""
    import time

    stamp = file_stamp(path)
    if stamp is None:
        return "missing"
    if not is_racy(stamp, time.time_ns()):
        return list(stamp)
    return {"sha": sha} if sha else "racy"


def _export(
    stories: Sequence[Story],
    classifications: Sequence[Classification],
    content_dir: Path,
    ids: dict[str, str],
    inputs: ProjectInputs,
    ingest_key: str,
    previous: Any,
) -> tuple[ExportReport, dict[str, Any]]:
    """Export the stories that may need it; return the report of all and what to remember.

    A story is left out only when the dumps, the settings and the ledger are as the last
    ingest left them, its file is as that ingest recorded it, and no other file took its
    id: export would then do nothing to it, so it reports as it did.
    """
    from digest.ingest.export import LEDGER_NAME, export, read_ledger, story_id

    articles_dir = content_dir / "articles"
    ledger_path = content_dir / LEDGER_NAME
    skipped: dict[int, list[Any]] = {}
    if (
        isinstance(previous, dict)
        and previous.get("key") == ingest_key
        and _still(previous.get("ledger"), ledger_path, inputs.ledger, inputs.taken_ns)
        and isinstance(previous.get("stories"), list)
        and len(previous["stories"]) == len(stories)
    ):
        for position, known in enumerate(previous["stories"]):
            article, relative, _, mark = known
            stamp = inputs.articles.get(relative) if relative else None
            same = _still(mark, articles_dir / relative, stamp, inputs.taken_ns)
            if same and ids.get(article, relative) == relative:
                skipped[position] = known
    subset = [position for position in range(len(stories)) if position not in skipped]
    if subset or not isinstance(previous, dict):
        report = export(
            [stories[position] for position in subset],
            [classifications[position] for position in subset],
            content_dir,
            ids,
        )
    else:
        if inputs.leftovers:  # export, had it run, would have removed them
            from digest.ingest.export import remove_stale_temporaries

            remove_stale_temporaries(content_dir)
        report = ExportReport((), 0, (), 0, ())

    written = {str(path) for path in report.written}
    edited = {str(path) for path in report.kept_edited}
    records: dict[int, list[Any]] = {}
    if subset:
        ledger, _ = read_ledger(content_dir)
        for position in subset:
            story = stories[position]
            article = ledger.id_for(story.keys) or story_id(story)
            entry = ledger.entries.get(article)
            relative = entry.path if entry is not None else ids.get(article, "")
            path = str(articles_dir / relative)
            if path in written:
                outcome = "written"
            elif path in edited:
                outcome = "edited"
            elif not relative or not (articles_dir / relative).is_file():
                outcome = "deleted"
            else:
                outcome = "unchanged"
            # Only a file as export wrote or found it may be recognised by its bytes.
            known_sha = entry.sha256 if entry is not None and outcome != "edited" else None
            mark = _mark(articles_dir / relative, known_sha) if relative else "missing"
            records[position] = [article, relative, outcome, mark]
    unchanged = report.unchanged
    deleted = report.kept_deleted
    kept_edited = []
    for position in range(len(stories)):
        if position in skipped:
            article, relative, outcome, mark = skipped[position]
            if outcome in ("written", "unchanged"):
                unchanged += 1
                outcome = "unchanged"
            elif outcome == "deleted":
                deleted += 1
            elif outcome == "edited":
                kept_edited.append(articles_dir / relative)
            records[position] = [article, relative, outcome, mark]
        elif records[position][2] == "edited":
            kept_edited.append(articles_dir / records[position][1])
    remembered = {
        "key": ingest_key,
        "ledger": _mark(ledger_path, _sha_of(ledger_path)),
        "stories": [records[position] for position in range(len(stories))],
    }
    if not skipped:
        return report, remembered
    combined = ExportReport(
        written=report.written,
        unchanged=unchanged,
        kept_edited=tuple(kept_edited),
        kept_deleted=deleted,
        warnings=report.warnings,
    )
    return combined, remembered


def run_ingest(
    project: Path,
    config: Config | None = None,
    *,
    progress: bool = False,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
) -> IngestReport:
    """Ingest with the project's settings, printing every warning to stderr."""
    report = ingest(
        project, config or load_config(project), progress=progress, cache=cache, inputs=inputs
    )
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return report

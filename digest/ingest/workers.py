"""What ingest runs in worker processes: reading dumps and saved pages, dedup, classification.

Each function here is handed to `run_parallel`, which runs it in forked workers when there
is enough work and in this process otherwise: its setup makes a worker's state from what
every worker shares, and the function does one chunk of the work with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from digest.config import Config, IngestConfig
from digest.ingest.records import DumpResult
from digest.models import RawStory
from digest.paths import raw_kind

if TYPE_CHECKING:  # classify and dedup are imported only when there is work for them
    from digest.ingest.classify import Context, Finding
    from digest.ingest.fingerprints import WordHashes


def _encoded(value: object) -> bytes:
    """Return *value* as store.cache.dump_json does (compact UTF-8 JSON, the same bytes), with
    orjson: a twentieth of the standard library's time on a dump's stories."""
    return orjson.dumps(value)


# --- reading dumps --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DumpTask:
    """What every worker reading dumps shares: where dumps are, and the ingest settings."""

    raw_dir: Path
    config: IngestConfig


def dump_setup(shared: DumpTask) -> tuple[DumpTask, WordHashes]:
    from digest.ingest.fingerprints import WordHashes

    return shared, WordHashes()  # the word hashes every dump of this worker shares


def read_dump_chunk(
    state: tuple[DumpTask, WordHashes], items: Sequence[tuple[str, bytes]]
) -> list[bytes]:
    """Decode, segment, key and sign a chunk of dumps in a worker process.

    Each result comes back as the JSON the cache keeps: encoding it here, in parallel, is
    cheaper than pickling the stories back and encoding them again in the main process.
    """
    return [_encoded(read_dump(state, name, data).to_json()) for name, data in items]


def read_dump(state: tuple[DumpTask, WordHashes], name: str, data: bytes) -> DumpResult:
    """Decode, segment, key and sign one dump (or saved page) as `read_dump_chunk` does; in
    this process, the result is kept as it is, not read back from its JSON."""
    from digest.ingest.dumps import dump_from_bytes
    from digest.ingest.fingerprints import fingerprints
    from digest.ingest.segment import segment_dump

    shared, words = state
    kind = raw_kind(name, frozenset())
    if kind in ("html", "mhtml"):
        return _page_result(shared, name, kind, data, words)
    read = dump_from_bytes(shared.raw_dir / name, shared.raw_dir, data)
    if read.dump is None:
        return DumpResult.skipped_with(read.warning)
    segmentation = segment_dump(read.dump, shared.config)
    stories = segmentation.stories
    found = fingerprints(stories, shared.config, words)
    return DumpResult(
        read.warning,
        False,
        stories,
        segmentation.warnings,
        tuple(key for key, _ in found),
        b"".join(signed for _, signed in found),
        segmentation.dropped,
    )


def encoded_result(result: DumpResult) -> bytes:
    """Return a dump's result as the cache keeps it (what `read_dump_chunk` sends back)."""
    return _encoded(result.to_json())


def _page_result(
    shared: DumpTask, name: str, kind: str, data: bytes, words: WordHashes
) -> DumpResult:
    """Read one saved page: its one story (or a warning), keyed and signed as a dump's."""
    from digest.ingest.fingerprints import fingerprints
    from digest.ingest.saved_extract import page_story
    from digest.ingest.saved_pages import read_saved_page

    page = read_saved_page(name, kind, data)
    if isinstance(page, str):
        return DumpResult.skipped_with(page)
    try:
        story, warnings = page_story(page, shared.raw_dir)
    except Exception as error:  # trafilatura on any markup: a page it fails on is skipped
        return DumpResult.skipped_with(f"{name}: not readable as an article ({error!r}); skipped")
    if story is None:
        return DumpResult.skipped_with("; ".join(warnings))
    found = fingerprints([story], shared.config, words)
    signed = b"".join(signature for _, signature in found)
    return DumpResult(None, False, (story,), tuple(warnings), (found[0][0],), signed)


# --- dedup and classification ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sorting:
    """What the workers of dedup and classification share (forked, so never pickled)."""

    raw: Sequence[RawStory]
    keys: Sequence[str]
    signed: Sequence[bytes]
    config: Config
    # The classify context, built once before the workers are forked (each would build its
    # own gazetteer otherwise); None: each worker makes its own when it first classifies.
    context: Context | None = None


@dataclass(slots=True)
class Sorter:
    """A worker's state: its classify context, the shared one or made when it first
    classifies (not before a dedup that it may have to do first)."""

    shared: Sorting
    context: Context | None = None


# A finding as a worker sends it back: its fields, with its date clues' and their dateline's
# as plain tuples. Pickle takes a frozen dataclass with slots apart and puts it together
# again field by field in Python (`dataclasses.fields` each way, each object): five times a
# tuple's time, ~12 us a story in the workers and in this process.
FindingRow = tuple[
    tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[Any, ...] | None, tuple[Any, ...]
]


@dataclass(frozen=True, slots=True)
class Sorted:
    """One part of the work: the dedup groups (and merge counts), or findings."""

    members: tuple[tuple[int, ...], ...] = ()
    exact: int = 0
    near: int = 0
    findings: tuple[FindingRow, ...] = ()


def finding_row(finding: Finding) -> FindingRow:
    """Return *finding* as a worker sends it (`finding_of` reads it back)."""
    clues = finding.clues
    line = clues.dateline  # (DateClues' first field: the rest follow it in order)
    plain = None if line is None else _values(line)
    return finding.regions, finding.reasons, finding.tags, plain, _values(clues)[1:]


def finding_of(row: FindingRow) -> Finding:
    """Return the finding a worker sent as `finding_row`."""
    from digest.ingest.classify import Finding
    from digest.ingest.dates import DateClues, Dateline

    regions, reasons, tags, line, clues = row
    dateline = None if line is None else Dateline(*line)
    return Finding(regions, reasons, tags, DateClues(dateline, *clues))


def _values(value: Any) -> tuple[Any, ...]:
    """The fields of a dataclass with slots, in order."""
    return tuple(getattr(value, name) for name in value.__slots__)


def sorting_setup(shared: Sorting) -> Sorter:
    return Sorter(shared, shared.context)


def sort_part(state: Sorter, positions: Sequence[int] | None) -> Sorted:
    """Deduplicate every story (*positions* None), or find what those at *positions* say."""
    from digest.ingest.classify import context_for, find
    from digest.ingest.dedup import deduplicate

    shared = state.shared
    if positions is None:
        found = deduplicate(
            shared.raw, shared.config.ingest, keys=shared.keys, signed=shared.signed
        )
        return Sorted(found.members, found.exact_merged, found.near_merged)
    if state.context is None:
        state.context = context_for(shared.config.classify)
    findings = find([shared.raw[p] for p in positions], state.context)
    return Sorted(findings=tuple(map(finding_row, findings)))

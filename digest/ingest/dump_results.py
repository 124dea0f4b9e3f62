"""Ingest's first step: every dump in content/raw/ -> its stories, keys and signatures.

A dump's result is cached under a hash of its bytes, the settings and digest's code; the
hash itself is remembered by the dump's stamp, so an unchanged dump is not even read. Only
new dumps are segmented, in worker processes when there are many.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from digest.config import Config
from digest.ingest.records import (
    DumpResult,
    Stamped,
    path_order,
    signature_bytes,
    trusted_stamp,
)
from digest.ingest.workers import (
    DumpTask,
    dump_setup,
    encoded_result,
    read_dump,
    read_dump_chunk,
)
from digest.parallel import chunks, forks_workers, iter_parallel, worker_count
from digest.paths import raw_kind
from digest.store.cache import Cache, key_of, load_json
from digest.store.inputs import ProjectInputs


@dataclass(frozen=True, slots=True)
class DumpResults:
    """Every dump's result in order, the keys that name them in the cache, and each dump's
    hash by its stamp (for the ingest state)."""

    results: tuple[DumpResult, ...]
    keys: tuple[str, ...]
    record: dict[str, Stamped]


@dataclass(slots=True)
class _Hashes:
    """The hash of each readable dump, the bytes read to make it, and what could not be read."""

    shas: dict[str, str] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    record: dict[str, Stamped] = field(default_factory=dict)


# The most bytes one dump may hold. Reading a dump holds all its stories, their signatures
# and the record of every line at once: about 33 times its size in memory (a 40 MB dump took
# 1.3 GB), which a build host's 4-8 GB would not survive much beyond this; the same stories
# in several dumps cost a fraction of it. A larger dump is skipped with a warning naming it.
MOST_DUMP_BYTES = 50_000_000


def _hash_dumps(
    raw_dir: Path, names: list[str], inputs: ProjectInputs, known: Mapping[str, Stamped]
) -> _Hashes:
    """Hash every dump, reading only those whose stamp the last ingest did not record."""
    hashes = _Hashes()
    for name in names:
        size = inputs.dumps[name][0] if inputs.dumps[name] else 0
        if size > MOST_DUMP_BYTES:
            hashes.unreadable[name] = _too_large(name, size)
            continue
        stamp = trusted_stamp(inputs.dumps[name], inputs.taken_ns)
        previous = known.get(name)
        if stamp is not None and previous is not None and previous.stamp == stamp:
            sha = previous.value
        else:
            sha = None
        if sha is not None:
            hashes.shas[name] = sha
        else:
            try:
                hashes.data[name] = (raw_dir / name).read_bytes()
            except OSError as error:
                hashes.unreadable[name] = f"{name}: cannot be read ({error.strerror}); skipped"
                continue
            if len(hashes.data[name]) > MOST_DUMP_BYTES:  # grown since it was stamped
                hashes.unreadable[name] = _too_large(name, len(hashes.data.pop(name)))
                continue
            hashes.shas[name] = hashlib.sha256(hashes.data[name]).hexdigest()
        if stamp is not None:
            hashes.record[name] = Stamped(stamp, hashes.shas[name])
    return hashes


def _too_large(name: str, size: int) -> str:
    """The warning of a dump larger than MOST_DUMP_BYTES."""
    return (
        f"{name}: {size / 1e6:.0f} MB, more than one dump may hold"
        f" ({MOST_DUMP_BYTES / 1e6:.0f} MB; reading it would take about {size * 33 / 1e9:.1f} GB"
        " of memory): skipped; split it into several dumps (a day's or a week's stories each)"
    )


def dump_results(
    raw_dir: Path,
    config: Config,
    inputs: ProjectInputs,
    cache: Cache,
    known: Mapping[str, Stamped],
    *,
    advance: Callable[[int], None],
    workers: int | None,
    resources: Mapping[str, str] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> DumpResults:
    """Return each dump's segmentation, keys and signatures, computing only new dumps.

    *resources* are the stamps of each saved page's own files (its pictures): part of its key.
    *meanwhile* is run in a thread of this process while worker processes read the dumps
    (when they do): work of a later step, whose errors that step meets again.
    """
    settings = repr(config.ingest)
    width = signature_bytes(config.ingest)
    held = resources or {}

    def key(name: str, sha: str) -> str:
        extra = (held[name],) if name in held else ()
        return key_of("dump", inputs.code, settings, name, sha, *extra)

    names = sorted(inputs.dumps, key=path_order)
    hashes = _hash_dumps(raw_dir, names, inputs, known)
    shas, data = hashes.shas, hashes.data
    keys = {name: key(name, sha) for name, sha in shas.items()}
    found = cache.get_many("dump", keys.values())
    results: dict[str, DumpResult] = {}
    missing: list[tuple[str, bytes]] = []
    for name in shas:
        value = found.get(keys[name])
        if value is not None:
            try:
                results[name] = DumpResult.from_json(load_json(value), width)
                continue
            except ValueError:  # not what ingest writes: the dump is read again
                pass
        if name not in data:
            data[name] = (raw_dir / name).read_bytes()
            if hashlib.sha256(data[name]).hexdigest() != shas[name]:
                shas[name] = hashlib.sha256(data[name]).hexdigest()
                keys[name] = key(name, shas[name])
                hashes.record.pop(name, None)
        missing.append((name, data[name]))
    advance(len(names) - len(missing))  # read from the cache
    if missing:
        task = DumpTask(raw_dir, config.ingest)
        _segment(missing, task, cache, (keys, results), advance, workers, meanwhile)
    return _in_order(names, hashes, results, keys)


def _in_order(
    names: list[str], hashes: _Hashes, results: Mapping[str, DumpResult], keys: Mapping[str, str]
) -> DumpResults:
    """Return every dump's result and key in the order of *names*, the unreadable ones too."""
    ordered = []
    order = []
    for name in names:
        if name in hashes.unreadable:
            ordered.append(DumpResult.skipped_with(hashes.unreadable[name]))
            order.append(key_of("unreadable", name))
        else:
            ordered.append(results[name])
            order.append(keys[name])
    return DumpResults(tuple(ordered), tuple(order), hashes.record)


def _segment(
    missing: list[tuple[str, bytes]],
    task: DumpTask,
    cache: Cache,
    found: tuple[Mapping[str, str], dict[str, DumpResult]],  # each dump's key; the results
    advance: Callable[[int], None],
    workers: int | None,
    meanwhile: Callable[[], object] | None,
) -> None:
    """Read the dumps the cache does not have, into the results and the cache."""
    keys, results = found
    # About one story per 5 kB of dump: parallel when there are many stories to read.
    count = worker_count(sum(len(data) for _, data in missing) // 5000, requested=workers)
    if not count:
        # In this process the results are at hand: encoded for the cache, not read back
        # from their JSON (reading it back costs a tenth of what making them did).
        state = dump_setup(task)
        for name, data in missing:
            results[name] = read_dump(state, name, data)
            cache.put("dump", keys[name], encoded_result(results[name]))
        advance(len(missing))
        return
    # numpy takes a tenth of a second to import: once here, and the forked workers inherit
    # it, rather than once in each worker and again here for dedup.
    import numpy  # noqa: F401

    if any(raw_kind(name, frozenset()) in ("html", "mhtml") for name, _ in missing):
        import trafilatura  # noqa: F401  (as long again to import: once, for every worker)
    # Many small chunks, so that no worker waits long for the last one to finish: a core is
    # idle for about half a chunk at the end (10 000 stories: ~150 stories a chunk).
    batches = chunks(missing, count * 32)
    # Each chunk's results are read back and kept for the cache as soon as they are in, while
    # the workers read the next dumps (not all at the end, with one core idle).
    computed = iter_parallel(dump_setup, read_dump_chunk, task, batches, workers=count, ahead=2)
    # (a process that runs other threads already, serve's, spawns workers that do all again)
    beside = None if meanwhile is None or not forks_workers() else meanwhile
    started: threading.Thread | None = None
    try:
        for batch, done in zip(batches, computed, strict=True):
            if started is None and beside is not None:
                # Started once the first results are in, so after the workers are forked: a
                # process forks only while it runs one thread (parallel.forks_workers).
                started = threading.Thread(target=_quietly, args=(beside,), daemon=True)
                started.start()
            for (name, _), encoded in zip(batch, done, strict=True):
                result = DumpResult.from_json(load_json(encoded), signature_bytes(task.config))
                results[name] = result
                cache.put("dump", keys[name], encoded)
            advance(len(batch))
    finally:
        if started is not None:
            started.join()  # before any other step forks its workers


def _quietly(work: Callable[[], object]) -> None:
    """Run *work* of a later step ahead of it; that step meets its errors again, and says
    them (an error here would be a traceback in a thread)."""
    with contextlib.suppress(Exception):  # the step that needs the work does it again
        work()

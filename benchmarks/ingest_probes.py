"""Probes of ingest's per-story steps in one process, each variant timed against the code's own.

    PYTHONPATH=CHECKOUT python benchmarks/ingest_probes.py PROBE -C PROJECT [--dumps 200]

PROJECT holds synthetic dumps (`time_ingest.py --synthetic`'s, or `synthetic.write_dumps`).
Each probe segments the first --dumps dumps in this process (as a dump worker does: the memos
of segmentation hold the dump's lines) and times one step with `time.process_time`, the
variants alternating chunk by chunk so that a busy machine slows them alike; the outputs are
asserted equal. Ingest10 (benchmarks/README.md) kept or dropped each idea by these:

- `normalize`: a story line's `fingerprints.normalize` against its memoized `blocks.line_key`;
- `memo`: `fingerprints` with the worker's word-hash memo against a memo per dump in front;
- `topics`: `tags.find_topics` against one pass of a `Counter` over every token;
- `hints`: `describes_photo`'s eleven hint scans against one regex;
- `write`: `Path.write_bytes` against `os.open`/`os.write` (3 000 files in --dir).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import timeit
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import filterfalse
from pathlib import Path
from typing import Any

from digest.config import load_config
from digest.ingest import blocks, classify, fingerprints, photo_lines, tags
from digest.ingest.dumps import dump_from_bytes
from digest.ingest.segment import segment_dump
from digest.models import RawStory


def _dumps(project: Path, count: int) -> list[tuple[RawStory, ...]]:
    config = load_config(project).ingest
    raw = project / "content" / "raw"
    found = []
    for path in sorted(raw.iterdir())[:count]:
        read = dump_from_bytes(path, raw, path.read_bytes()).dump
        if read is not None:
            found.append(tuple(segment_dump(read, config).stories))
    return found


def _alternate(chunks: Sequence[Any], variants: dict[str, Callable[[Any], Any]]) -> None:
    """Time each variant on each chunk, the order swapped every chunk; print the totals."""
    spent = dict.fromkeys(variants, 0.0)
    for number, chunk in enumerate(chunks):
        names = list(variants) if number % 2 else list(variants)[::-1]
        results = {}
        for name in names:
            start = time.process_time()
            results[name] = variants[name](chunk)
            spent[name] += time.process_time() - start
        first = results[names[0]]
        assert all(result == first for result in results.values()), "the variants differ"
    base = next(iter(spent.values()))
    print(
        ", ".join(
            f"{name} {seconds:.3f} s ({seconds / base:.3f} x)" for name, seconds in spent.items()
        )
    )


def normalize_probe(project: Path, count: int) -> None:
    """Per line, as the worker meets them: one dump segmented, its lines normalized."""
    config = load_config(project).ingest
    raw = project / "content" / "raw"
    path = sorted(raw.iterdir())[min(3, count - 1)]
    read = dump_from_bytes(path, raw, path.read_bytes()).dump
    assert read is not None
    parts = [
        part
        for story in segment_dump(read, config).stories
        for part in (story.title, *story.captions, *story.body_lines)
    ]

    def old() -> list[str]:
        return [fingerprints.normalize(part) for part in parts]

    def new() -> list[str]:
        return [
            blocks.line_key(part) if part.isascii() else fingerprints.normalize(part)
            for part in parts
        ]

    assert old() == new()
    for name, function in (("normalize", old), ("line_key", new)) * 2:
        best = min(timeit.repeat(function, number=20, repeat=5)) / 20 / len(parts)
        print(f"{name}: {best * 1e9:.0f} ns a line ({len(parts)} lines)")


class _DumpWords(dict[bytes, bytes]):
    """A dump's own word hashes, in front of the worker's."""

    def __init__(self, worker: fingerprints.WordHashes) -> None:
        super().__init__()
        self.worker = worker

    def __missing__(self, word: bytes) -> bytes:
        value = self[word] = self.worker[word]
        return value


def memo_probe(project: Path, count: int) -> None:
    config = load_config(project).ingest
    worker, beside = fingerprints.WordHashes(), fingerprints.WordHashes()
    _alternate(
        _dumps(project, count),
        {
            "worker's memo": lambda stories: fingerprints.fingerprints(stories, config, worker),
            "a memo per dump": lambda stories: fingerprints.fingerprints(
                stories,
                config,
                _DumpWords(beside),  # type: ignore[arg-type]
            ),
        },
    )


def _one_counter(title: str, lead: str, body: str, vocabulary: Any, memo: Any) -> Any:
    points: Counter[str] = Counter()
    if not memo.counted:
        memo.counted.update(vocabulary.phrase_starts)
    for text, weight in ((title.lower(), 3), (lead.lower(), 2), (body.lower(), 1)):
        every = Counter(text.split())
        for word in set(filterfalse(memo.seen.__contains__, every)):
            memo.seen.add(word)
            found = tags._word_topics(word.strip(tags._PUNCTUATION), vocabulary)
            if found:
                memo.topical[word] = found
                memo.counted.add(word)
        counted = list(filter(memo.counted.__contains__, every))
        if not counted:
            continue
        for word in counted:
            for topic in memo.topical.get(word, ()):
                points[topic] += weight * every[word]
        for first in vocabulary.phrase_starts.keys() & every.keys():
            for phrase, topics in vocabulary.phrase_starts[first]:
                number = text.count(phrase)
                for topic in topics:
                    points[topic] += weight * number
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))


def topics_probe(project: Path, count: int) -> None:
    context = classify.context_for(load_config(project).classify)
    texts = []
    for story in (story for stories in _dumps(project, count) for story in stories):
        sections = classify._read(story).sections
        lead = next((s.text for s in sections if s.position == "lead"), "")
        body = "\n".join(
            s.text for s in sections if s.position in ("caption", "body") and not s.capitalised
        )
        texts.append((story.title, lead, body))
    memos = {"find_topics": tags.TopicMemo(), "one Counter": tags.TopicMemo()}
    functions: dict[str, Callable[..., Any]] = {
        "find_topics": tags.find_topics,
        "one Counter": _one_counter,
    }

    def runner(name: str) -> Callable[[list[tuple[str, str, str]]], list[Any]]:
        return lambda chunk: [
            functions[name](*text, context.vocabulary, memos[name]) for text in chunk
        ]

    _alternate(
        [texts[start : start + 100] for start in range(0, len(texts), 100)],
        {name: runner(name) for name in functions},
    )


def hints_probe(project: Path, count: int) -> None:
    lines = [
        line
        for stories in _dumps(project, count)
        for story in stories
        for line in (story.title, *story.body_lines)
    ]
    hints = photo_lines._PHOTO_HINTS
    pattern = re.compile("|".join(map(re.escape, hints)), re.IGNORECASE)

    def scans() -> None:
        for text in lines:
            lowered = text.casefold()
            any(map(lowered.__contains__, hints))

    def regex() -> None:
        for text in lines:
            pattern.search(text)

    for name, function in (("eleven scans", scans), ("one regex", regex)) * 2:
        best = min(timeit.repeat(function, number=1, repeat=3))
        print(f"{name}: {best:.3f} s for {len(lines)} lines")


def write_probe(folder: Path) -> None:
    data = b"x" * 5500
    paths = [folder / f"probe-{number}.md" for number in range(3000)]

    def path_write() -> None:
        for path in paths:
            path.write_bytes(data)

    def os_write() -> None:
        for path in paths:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
            try:
                os.write(handle, data)
            finally:
                os.close(handle)

    spent: dict[str, list[float]] = {"Path.write_bytes": [], "os.write": []}
    for run in range(6):
        for name, function in (("Path.write_bytes", path_write), ("os.write", os_write))[
            :: 1 if run % 2 else -1
        ]:
            start = time.process_time()
            function()
            spent[name].append((time.process_time() - start) / len(paths))
    for path in paths:
        path.unlink()
    for name, seconds in spent.items():
        print(f"{name}: {statistics.mean(seconds) * 1e6:.2f} us a file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("probe", choices=("normalize", "memo", "topics", "hints", "write"))
    parser.add_argument("-C", dest="project", type=Path, help="a project of synthetic dumps")
    parser.add_argument("--dumps", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path("/dev/shm"), help="where `write` writes")
    args = parser.parse_args()
    if args.probe == "write":
        write_probe(args.dir)
        return
    if args.project is None:
        sys.exit("-C PROJECT is needed")
    probes = {
        "normalize": normalize_probe,
        "memo": memo_probe,
        "topics": topics_probe,
        "hints": hints_probe,
    }
    probes[args.probe](args.project, args.dumps)


if __name__ == "__main__":
    main()

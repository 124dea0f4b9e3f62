"""Shared lines: lines that open or close the stories of several dumps -> the outlets' chrome.

An outlet prints some lines over or under every story it publishes ("Copyright 2020 The
Outlet. All rights reserved.", "Save articles to read later.", "The site is not responsible
for the content of external sites."). They read as sentences, and a dump holding one page of
that outlet cannot tell them from its story's first or last sentence (a rights notice closes
many a syndicated story as its own). Across dumps they show (issue 15: a line that recurs
across dumps is the outlet's chrome): the line stands at the edge of stories of several
dumps, each time next to other text. A story copied again stands next to the same text, and
dedup is the one to merge it. The dumps where such a line stands are segmented again with it
as repeated chrome, so that every rule that knows the dump's repeated lines judges it (a part
left with no story text is dropped, each line recorded), cached like a first segmentation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from digest.config import Config
from digest.ingest.blocks import collapse_spaces
from digest.ingest.dump_results import DumpResults
from digest.ingest.records import DumpResult, signature_bytes
from digest.store.cache import Cache, dump_json, key_of, load_json

# A line is the outlets' when it stands at a story's edge in this many dumps at least ...
_DUMPS = 3
# ... and has at most this many characters (a paragraph of text is no outlet's line).
_MOST_CHARS = 400
# How many times the dumps are looked at again for lines that a first look uncovered.
_ROUNDS = 3
# A notice's years and counts aside, its words are the outlet's.
_DIGITS = str.maketrans("123456789", "000000000")


def with_shared_lines(
    dumps: DumpResults, names: Sequence[str], raw_dir: Path, config: Config, cache: Cache
) -> DumpResults:
    """Return *dumps* (in the order of *names*) with each text dump that has shared lines
    at a story's edge segmented again, those lines judged as the dump's repeated chrome."""
    results = list(dumps.results)
    keys = list(dumps.keys)
    given: list[frozenset[str]] = [frozenset()] * len(results)
    for _ in range(_ROUNDS):
        # A line judged the outlets' may leave another at a story's edge (a notice over a
        # standfirst that was the outlets' too): a few rounds find those.
        shared = _shared(results)
        if not shared:
            break
        changed = False
        for index, name in enumerate(names):
            mine = given[index] | {k for k, _ in _edges(results[index]) if _group(k) in shared}
            if mine == given[index] or not name.endswith(".txt"):
                continue
            key = key_of("dump", dumps.keys[index], *sorted(mine))
            again = _resegmented(raw_dir, name, config, frozenset(mine), cache, key)
            if again is None:
                continue  # the dump changed since it was read: its next ingest reads it
            results[index] = again
            keys[index], given[index], changed = key, frozenset(mine), True
        if not changed:
            break
    return DumpResults(tuple(results), tuple(keys), dumps.record)


def _shared(results: Sequence[DumpResult]) -> frozenset[str]:
    """Return the groups (keys with digits dropped) of the lines standing at stories' edges,
    next to other text each time, that several dumps print (there, or dropped as chrome)."""
    dumps: dict[str, set[int]] = defaultdict(set)
    neighbours: dict[str, set[str]] = defaultdict(set)
    printings: dict[str, int] = defaultdict(int)
    for number, result in enumerate(results):
        for key, beside in _edges(result):
            group = _group(key)
            dumps[group].add(number)
            neighbours[group].add(beside)
            printings[group] += 1
    if not dumps:
        return frozenset()
    shortest = min(len(group) for group in dumps)
    for number, result in enumerate(results):
        for drop in result.dropped:
            # (Most dropped lines are shorter than any edge line: no key to make for those.)
            if len(drop.text) >= shortest and (group := _group(_key(drop.text))) in dumps:
                dumps[group].add(number)
    return frozenset(
        group
        for group, found in dumps.items()
        if len(found) >= _DUMPS and len(neighbours[group]) == printings[group]
    )


def _edges(result: DumpResult) -> Iterator[tuple[str, str]]:
    """Yield the key of each story's first and last body line, each with the key of the
    line next to it inside the story (its title for a story of one line)."""
    if result.skipped:
        return
    for story in result.stories:
        if story.page is not None or not story.blocks:
            continue  # a saved page's text was found by its markup
        # The two lines at each end, without making the list of every line of the body.
        head = [line for block in story.blocks[:2] for line in block.lines][:2]
        tail = [line for block in story.blocks[-2:] for line in block.lines][-2:]
        if len(head) == 1:
            ends = [(head[0], story.title)]
        else:
            ends = [(head[0], head[1]), (tail[1], tail[0])]
        for line, beside in ends:
            if len(line) <= _MOST_CHARS:
                yield _key(line), _key(beside)


def _resegmented(
    raw_dir: Path, name: str, config: Config, shared: frozenset[str], cache: Cache, key: str
) -> DumpResult | None:
    """Return the dump segmented with *shared* as its repeated lines, from the cache by *key*
    when it holds a record that reads, else read again and cached."""
    width = signature_bytes(config.ingest)
    cached = cache.get("dump", key)
    if cached is not None:
        try:
            return DumpResult.from_json(load_json(cached), width)
        except ValueError:  # not what ingest writes: read the dump again
            pass
    cached = _segmented(raw_dir, name, config, shared)
    if cached is None:
        return None
    cache.put("dump", key, cached)
    return DumpResult.from_json(load_json(cached), width)


def _segmented(raw_dir: Path, name: str, config: Config, shared: frozenset[str]) -> bytes | None:
    """Read and segment one dump again with *shared* as its repeated lines; the JSON the
    cache keeps, or None when it can no longer be read."""
    from digest.ingest.dumps import dump_from_bytes
    from digest.ingest.fingerprints import fingerprints
    from digest.ingest.segment import segment_dump

    try:
        data = (raw_dir / name).read_bytes()
    except OSError:
        return None
    read = dump_from_bytes(raw_dir / name, raw_dir, data)
    if read.dump is None:
        return None
    segmentation = segment_dump(read.dump, config.ingest, shared)
    found = fingerprints(segmentation.stories, config.ingest)
    result = DumpResult(
        read.warning,
        False,
        segmentation.stories,
        segmentation.warnings,
        tuple(key for key, _ in found),
        b"".join(signed for _, signed in found),
        segmentation.dropped,
    )
    return dump_json(result.to_json())


def _key(text: str) -> str:
    return collapse_spaces(text).casefold()


def _group(key: str) -> str:
    return key.translate(_DIGITS)

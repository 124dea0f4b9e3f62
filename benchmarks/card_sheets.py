"""What a deploy would pay for its old stories kept as month sheets instead of card records.

    python benchmarks/card_sheets.py BASE [--rounds 5] [--scale 25]

BASE is a project a build left (`deploy_ab.py base --work DIR` makes DIR/base); its cache is
read with `sqlite3`, read-only (digest never opens it: a cache opened from another folder
than the one it records is set aside). A deploy decodes every story's card record (JSON,
then an `Article`) to arrange 100 000 stories, 50 of them new (benchmarks/README.md, the
deploy's twelfth and thirteenth passes). The design measured here keeps, by month of the
stories' dates, one "sheet": each story's id, file, record checksum, sha256 and story key,
slug, sort key, tag and region slugs, draft flag, title and teaser, as plain rows (marshal):
what proving a fresh clone's files, merging the site's and each term's lists (months newest
first, each month newest first: no sort) and naming each story on a page take, with no
`Article` made. Printed, the CPU of each way (best of --rounds, the cycle collector off as
a build has it) on the base's records, and times --scale (a 4 000-story base, x25: 100 000).
"""

from __future__ import annotations

import argparse
import gc
import marshal
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from digest.models import Article
from digest.site.article_json import card_of_record, record_of
from digest.site.card_packs import Held, _packed, _unpacked, month_of
from digest.site.group import newest_first, term_slug
from digest.store.cache import checksum

Row = tuple[str, bytes, str]  # a card record: its file, its bytes, its checksum
CODE = "code"  # the card packs' (any: the same for all)


def best(name: str, work: Callable[[], object], rounds: int, scale: int) -> float:
    """Print and return the least CPU of *rounds* runs of *work*."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    least = min(times)
    print(f"{name:52} {least:8.4f} s   x{scale} {least * scale:7.3f} s", flush=True)
    return least


def card_rows(base: Path) -> list[Row]:
    """Return every card record of *base*'s cache, read-only."""
    uri = f"file:{base / '.digest-cache' / 'cache.sqlite'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        found = connection.execute("SELECT key, value, checksum FROM entries WHERE kind = 'card'")
        return [(str(path), bytes(value), str(check)) for path, value, check in found]


def decoded(rows: Sequence[Row]) -> list[tuple[str, Article, str]]:
    """Return each record's story key, card and teaser, as a deploy decodes them now."""
    found = []
    for path, value, _ in rows:
        record = record_of(value)
        held = None if record is None else card_of_record(path, record, record["code"])
        if held is not None:
            found.append(held)
    return found


def sheets_of(rows: Sequence[Row]) -> dict[int, bytes]:
    """Return the month sheets of *rows* (by months since year 0), each made by itself,
    newest first, as a deploy would make the sheet of a month its new stories enter."""
    months: dict[int, list[tuple[Article, dict[str, Any], Row]]] = defaultdict(list)
    for row in rows:
        record = record_of(row[1])
        held = None if record is None else card_of_record(row[0], record, record["code"])
        if record is not None and held is not None:
            card = held[1]
            months[card.date.year * 12 + card.date.month - 1].append((card, record, row))
    sheets: dict[int, bytes] = {}
    for month, stories in months.items():
        stories.sort(key=lambda story: newest_first(story[0]))
        sheets[month] = marshal.dumps([_row(*story) for story in stories])
    return sheets


def _row(card: Article, record: dict[str, Any], row: Row) -> tuple[object, ...]:
    """Return a story's row of its month's sheet."""
    moment = card.datetime
    seconds = -1 if moment is None else moment.hour * 3600 + moment.minute * 60 + moment.second
    return (
        card.id,
        row[0],
        row[2],
        record["sha"],
        record["key"],
        card.slug,
        card.date.toordinal(),
        seconds,
        tuple(term_slug(name) for name in card.tags),
        tuple(term_slug(name) for name in card.regions),
        card.draft,
        card.title,
        record["teaser"],
    )


def merged(sheets: dict[int, bytes]) -> tuple[list[tuple[Any, ...]], dict[str, list[str]]]:
    """Return the site's stories (rows) and the ids of each tag's ("tag:<slug>") and region's
    ("region:<slug>"), newest first, from *sheets*: the months newest first, no sort."""
    site = [row for month in sorted(sheets, reverse=True) for row in marshal.loads(sheets[month])]
    terms: dict[str, list[str]] = defaultdict(list)
    for row in site:
        for slug in dict.fromkeys(row[8]):
            terms[f"tag:{slug}"].append(row[0])
        for slug in dict.fromkeys(row[9]):
            terms[f"region:{slug}"].append(row[0])
    return site, terms


def proved(sheets: dict[int, bytes], hashes: dict[str, str]) -> bool:
    """Tell whether every file holds the bytes its sheet names: its sha256 as the hashing
    child gives it (`file_hashes`), against the sheet's (no card record read)."""
    named = {row[1]: row[3] for month in sheets.values() for row in marshal.loads(month)}
    return named.keys() == hashes.keys() and all(named[path] == sha for path, sha in hashes.items())


def packs_of(rows: Sequence[Row]) -> dict[str, bytes]:
    """Return the card packs of *rows* (`site/card_packs`: what a build keeps by month)."""
    members: dict[str, list[tuple[str, str, str, Held, Article, str]]] = defaultdict(list)
    for path, value, check in rows:
        record = record_of(value)
        held = None if record is None else card_of_record(path, record, record["code"])
        if record is not None and held is not None:
            key, card, teaser = held
            found = (path, record["sha"], key, Held(check, record["stamp"]), card, teaser)
            members[month_of(path)].append(found)
    return {month: _packed(files, CODE) for month, files in members.items()}


def unpacked(packs: dict[str, bytes]) -> int:
    """Return how many cards *packs* give (each pack read and checked, its cards made)."""
    return sum(len(_unpacked(pack, CODE)) for pack in packs.values())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=int, default=25)
    args = parser.parse_args(argv)
    rows = card_rows(args.base)
    sheets = sheets_of(rows)
    size = sum(len(sheet) for sheet in sheets.values()) / 1e6
    print(f"{len(rows)} card records, {sum(len(row[1]) for row in rows) / 1e6:.2f} MB;", end=" ")
    print(f"{len(sheets)} month sheets, {size:.2f} MB", flush=True)
    gc.disable()  # as a build has it while it plans (`engine/collector`)
    runs = args.rounds, args.scale
    best("card records decoded (orjson, `card_of_record`)", lambda: decoded(rows), *runs)
    best("month sheets loaded, the site's and terms' lists", lambda: merged(sheets), *runs)
    hashes = {row[0]: str(record["sha"]) for row in rows if (record := record_of(row[1]))}
    best("month sheets checked against the files' sha256", lambda: proved(sheets, hashes), *runs)
    packs = packs_of(rows)
    print(f"{len(packs)} card packs, {sum(map(len, packs.values())) / 1e6:.2f} MB", flush=True)
    for _ in range(2):  # the way a deploy reads its cards now, and the records', in turn
        best("card packs read, checked, cards made", lambda: unpacked(packs), *runs)
        best("card records decoded (orjson, `card_of_record`)", lambda: decoded(rows), *runs)
    every = [row[1] for row in rows]
    best(
        "every record's checksum (blake2b), as the cache", lambda: list(map(checksum, every)), *runs
    )


if __name__ == "__main__":
    main()

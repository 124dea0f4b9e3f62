"""Near duplicates merged, and distinct stories kept apart, on the shared corpus (review15 F19).

Takes the first --stories records of Reuters and of Wikinews, and makes one altered copy of
every record in each way below; deduplicates the originals with each kind of copy and prints
how many copies were merged with their original, and how many originals were merged with
another original (a story lost). Run it with each checkout on PYTHONPATH to compare.

    PYTHONPATH=<checkout> python benchmarks/dedup_heads.py [--stories 400]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from typing import Any

from corpus_dumps import REUTERS, WIKINEWS, read_corpus, story_text

from digest.config import IngestConfig
from digest.ingest.dedup import deduplicate
from digest.ingest.segment import segment_dump
from digest.models import Dump, RawStory

Record = dict[str, Any]


def _paragraphs(record: Record) -> list[str]:
    return [part for part in record["text"].split("\n\n") if part.strip()]


def _with(record: Record, title: str, paragraphs: list[str]) -> Record:
    return {**record, "title": title, "text": "\n\n".join(paragraphs)}


def _words_changed(record: Record) -> Record:
    rng = random.Random(record["id"])
    words = record["text"].split(" ")
    for _ in range(3):
        words[rng.randrange(len(words))] = "changed"
    return {**record, "text": " ".join(words)}


def _last_dropped(record: Record) -> Record:
    parts = _paragraphs(record)
    return _with(record, record["title"], parts[:-1] if len(parts) > 2 else parts)


def _paragraph_added(record: Record) -> Record:
    extra = "The company did not immediately respond to a request for comment on the matter."
    return _with(record, record["title"], [*_paragraphs(record), extra])


def _retitled(record: Record) -> Record:
    return _with(record, "Update: what we know so far", _paragraphs(record))


def _lead_rewritten(record: Record) -> Record:
    parts = _paragraphs(record)
    new = "In a developing story, officials confirmed the latest details late on Tuesday."
    return _with(record, record["title"], [new, *parts[1:]])


KINDS: dict[str, Callable[[Record], Record]] = {
    "3 words changed": _words_changed,
    "last paragraph dropped": _last_dropped,
    "paragraph added": _paragraph_added,
    "re-titled": _retitled,
    "lead rewritten": _lead_rewritten,
}


_TAIL = [
    "About Acme Robotics: Acme Robotics designs and builds automation systems for warehouses,"
    " distribution centres and factories in more than forty countries. Founded in 2009 and"
    " based in Austin, Texas, the company employs more than 6,000 people.",
    "This release contains forward-looking statements within the meaning of the Private"
    " Securities Litigation Reform Act of 1995. These statements are based on current"
    " expectations and are subject to risks and uncertainties that could cause actual results"
    " to differ materially, including changes in demand for our products, supply chain"
    " disruptions, competition and general economic conditions. The company undertakes no"
    " obligation to update any forward-looking statement, whether as a result of new"
    " information, future events or otherwise, except as required by law. Readers are"
    " cautioned not to place undue reliance on these statements.",
]


def _short_with_tail(record: Record) -> Record:
    """The record's first paragraph and a company's long boilerplate: a press release."""
    return _with(record, record["title"], [_paragraphs(record)[0], *_TAIL])


def _raw(records: list[Record], dump: str, config: IngestConfig) -> list[RawStory]:
    text = "\n\n\n".join(story_text(record) for record in records)
    return list(segment_dump(Dump(dump, text, "utf-8"), config).stories)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=400)
    count = parser.parse_args().stories
    config = IngestConfig()
    for corpus in (REUTERS, WIKINEWS):
        records = [r for r in read_corpus(corpus, count * 2) if len(r["text"].split()) >= 60]
        records = records[:count]
        originals = _raw(records, "a.txt", config)
        alone = deduplicate(originals, config)
        lost = len(originals) - len(alone.stories)
        print(f"{corpus.name}: {len(originals)} originals, {lost} merged into another")
        releases = _raw([_short_with_tail(record) for record in records], "c.txt", config)
        apart = deduplicate(releases, config)
        lost = len(releases) - len(apart.stories)
        print(f"  the same with one boilerplate tail: {lost} merged into another")
        for kind, alter in KINDS.items():
            copies = _raw([alter(record) for record in records], "b.txt", config)
            result = deduplicate([*originals, *copies], config)
            merged = sum(
                any(s.dump == "a.txt" for s in story.sources)
                and any(s.dump == "b.txt" for s in story.sources)
                for story in result.stories
            )
            print(f"  {kind}: {merged} of {len(copies)} copies merged with an original")


if __name__ == "__main__":
    main()

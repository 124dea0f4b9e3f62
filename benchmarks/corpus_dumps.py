"""Turn the shared news corpus into raw dumps in the seeds' layout, for evaluation and timing.

The corpus lives in ../shared/corpus/ and is for research and evaluation only: it is read from
there at run time and never copied into this repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
REUTERS = CORPUS / "reuters21578-en.jsonl"
WIKINEWS = CORPUS / "wikinews-en-2019-2020.jsonl"


def read_corpus(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Return the corpus records (at most *limit*)."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


def story_text(record: dict[str, Any], counter: bool = False) -> str:
    """Return one story in the seeds' layout: title, marker, title again, paragraphs."""
    title = " ".join(record["title"].split())
    header = [title, "", "TT"] + (["20"] if counter else []) + ["", title, ""]
    text: str = record["text"]
    return "\n".join(header) + "\n" + text.strip() + "\n"


def dumps_by_date(records: list[dict[str, Any]], per_dump: int = 25) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) dumps of at most *per_dump* stories of one date each."""
    by_date: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_date.setdefault(record["date"], []).append(record)
    for date, group in sorted(by_date.items()):
        for part in range(0, len(group), per_dump):
            chunk = group[part : part + per_dump]
            text = "\n\n\n".join(story_text(r, counter=i % 2 == 0) for i, r in enumerate(chunk))
            yield f"{date}-{part // per_dump:02d}.txt", text


def write_dumps(records: list[dict[str, Any]], raw_dir: Path, per_dump: int = 25) -> int:
    """Write the records as dumps into *raw_dir*; return how many dumps were written."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, text in dumps_by_date(records, per_dump):
        (raw_dir / name).write_text(text, encoding="utf-8")
        count += 1
    return count

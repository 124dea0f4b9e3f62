"""The ids of the article files: which file in content/articles/ carries each story id.

An editor may move or rename an article file; its front matter's `id` still names its story.
Only files whose stamp changed since the last ingest are read again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from digest.bounded_read import MAX_STORY_BYTES
from digest.ingest.records import Stamped, path_order, trusted_stamp
from digest.store.inputs import ProjectInputs

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)


def article_id(path: Path | str) -> str | None:
    """Return the id in an article file's front matter, without parsing the whole file."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(MAX_STORY_BYTES)  # a bigger file is refused by the loader
    except OSError:
        return None
    end = head.find("\n---", 3)
    match = _ID_LINE.search(head, 0, end if end > 0 else len(head))
    return match.group(1) if match else None


def known_ids(
    articles_dir: Path, inputs: ProjectInputs, known: Mapping[str, Stamped]
) -> tuple[dict[str, str], dict[str, Stamped]]:
    """Map the id in each article file's front matter to its path (the first path wins).

    Only files whose stamp changed are read; the rest comes from *known*, which this
    returns anew as its second value.
    """
    ids: dict[str, str] = {}
    record: dict[str, Stamped] = {}
    base = os.path.join(articles_dir, "")  # str joins: a deploy reads every file (new stamps)
    for relative in sorted(inputs.articles, key=path_order):
        stamp = trusted_stamp(inputs.articles[relative], inputs.taken_ns)
        previous = known.get(relative)
        if stamp is not None and previous is not None and previous.stamp == stamp:
            found = previous.value
        else:
            found = article_id(base + relative)
        if stamp is not None:
            record[relative] = Stamped(stamp, found)
        if found is not None:
            ids.setdefault(found, relative)
    return ids, record

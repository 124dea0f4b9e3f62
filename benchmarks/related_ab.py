"""The related stories of a deploy at 100 000 stories, in one process: a checkout's finder.

    python benchmarks/related_ab.py CHECKOUT [--rounds 3]

Makes 100 000 synthetic stories' cards (`synthetic.make_stories`, seed 1) and 50 dated the
day after, answers the 100 000's related stories into a fresh cache in /dev/shm (the last
deploy's record), then times, in this process's CPU, the finder answering the 100 050 from
that cache and its records written (`Cache.commit`), best of --rounds; and prints a SHA-256
of every answer, which two checkouts must share. CHECKOUT's finder is
`engine.related_record.remembered_related` where it has one, else the one record of every
story that `engine.site_plan._remembered_related` kept (before session 15).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkout", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    models = importlib.import_module("digest.models")
    group = importlib.import_module("digest.site.group")
    cache_module = importlib.import_module("digest.store.cache")
    finder: Callable[..., Any]
    try:
        finder = importlib.import_module("digest.engine.related_record").remembered_related
    except ImportError:
        finder = importlib.import_module("digest.engine.site_plan")._remembered_related

    def card(story: synthetic.Story, day: dt.date | None = None) -> Any:
        return models.Article(
            path=Path(f"{story.date:%Y/%m}/{story.slug}-{story.number}.md"),
            id=f"s{story.number:07d}",
            title=story.title,
            date=day or story.date,
            body="",
            regions=story.regions,
            tags=story.tags,
            slug=story.slug,
        )

    stories = synthetic.make_stories(100_050, 1)
    old = [card(story) for story in stories[:100_000]]
    day = max(article.date for article in old) + dt.timedelta(days=1)
    new = [card(story, day) for story in stories[100_000:]]
    before = tuple(sorted(old, key=group.newest_first))
    after = tuple(sorted(old + new, key=group.newest_first))
    shm = Path("/dev/shm")
    project = (shm if shm.is_dir() else Path("/tmp")) / "related-ab" / args.checkout.name
    name = args.checkout.name
    timings: list[float] = []
    found: Any = {}
    for _ in range(args.rounds):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        cache = cache_module.open_cache(project)
        finder(cache, "code")(before, 5)
        cache.commit()
        cache.close()
        cache = cache_module.open_cache(project)
        started = time.process_time()
        found = finder(cache, "code")(after, 5)
        cache.commit()
        timings.append(time.process_time() - started)
        cache.close()
        print(f"{name}: {timings[-1]:.3f} s", flush=True)
    answers = repr([(a.id, [other.id for other in found[a.id]]) for a in after])
    digest = hashlib.sha256(answers.encode()).hexdigest()[:16]
    print(f"{name}: best {min(timings):.3f} s; every answer's sha256 {digest}")
    shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()

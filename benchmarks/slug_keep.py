"""unique_slugs on N stories: path order alone (no URL history) against the URL history kept.

The cost of keeping published slugs (site/slugs.py) in every build that arranges the stories:
each story's history entry read and its URL compared. Prints the least CPU time of each, A/B
alternating in one process.

    PYTHONPATH=. python benchmarks/slug_keep.py --stories 100000 --runs 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

from digest.site.load import read_article
from digest.site.slugs import unique_slugs
from digest.store.url_history import EMPTY_HISTORY, StoryUrls, UrlHistory
from digest.urls import UrlScheme


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = read_article(b"---\ntitle: T\ndate: 2026-01-14\n---\nB\n", Path("a.md"), Path("a.md"))
    stories = [
        replace(
            base,
            id=f"id{n}",
            slug=f"story-{n}" if n % 100 else "weather",  # one in a hundred collide
            date=dt.date(2020, 1, 1) + dt.timedelta(days=n % 2000),
            path=Path(f"{n:07d}.md"),
            text_digest=f"text {n}",
        )
        for n in range(args.stories)
    ]
    published = unique_slugs(stories, EMPTY_HISTORY)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    urls = UrlScheme("https://example.org/")
    history = UrlHistory(
        {
            card.id: StoryUrls(urls.article(card.date, card.slug), (), card.text_digest, when, 2026)
            for card in published
        }
    )
    added = [replace(base, id=f"new{n}", slug="weather", path=Path(f"a{n}.md")) for n in range(50)]
    stories = added + stories  # 50 new stories sorted first, all colliding
    best = {"path order": float("inf"), "history kept": float("inf")}
    for _ in range(args.runs):
        for name, known in (("path order", EMPTY_HISTORY), ("history kept", history)):
            start = time.process_time()
            unique_slugs(stories, known)
            best[name] = min(best[name], time.process_time() - start)
    for name, seconds in best.items():
        print(f"{name:13} {seconds:.3f} s CPU ({len(stories)} stories)")
    print(f"ratio {best['history kept'] / best['path order']:.2f}")


if __name__ == "__main__":
    main()

"""What a full build adds to keep its plan for story-edit builds (engine/plan_index, issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/plan_keep.py PROJECT [--runs 3]

Loads and plans the built PROJECT in this process as a build does, then times, --runs times:
every page's and feed's plan pickled as a record of its own (`put_plans` with no earlier
index: what a cold build or the first build after a code change does), the index made and
pickled, and the cache's transaction that writes them. CPU seconds.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path

from digest.config import load_config
from digest.engine.plan_index import make_index, put_index
from digest.engine.plan_records import put_plans
from digest.engine.search_feed import dated_pages
from digest.engine.site_plan import load_cards, past_urls, plan_build
from digest.paths import ARTICLES_DIR
from digest.site.theme import resolve_theme, site_assets
from digest.store.cache import open_cache
from digest.store.inputs import build_settings, scan_project


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    config = load_config(project)
    inputs = scan_project(project, build_settings(drafts=False, environ=os.environ))
    cache = open_cache(project)
    try:
        theme = resolve_theme(project, config.theme)
        folder = project / ARTICLES_DIR
        past = past_urls(project, None)
        loaded = load_cards(folder, inputs, cache, inputs.code, config, False, 0, past.history)
        plan = plan_build(
            loaded, config, theme, site_assets(project, theme), inputs.code, cache, past
        )
        dated = dated_pages(loaded.arranged.groups.articles, plan.setup.urls)
        cache.commit()
        for _ in range(args.runs):
            began = time.process_time()
            shows = put_plans(cache, plan, None)
            kept = time.process_time()
            put_index(
                cache,
                make_index(
                    inputs, inputs.code, loaded, plan, project, shows, dated, plan.story_pages()
                ),
            )
            indexed = time.process_time()
            cache.commit()
            done = time.process_time()
            print(
                f"plans kept {kept - began:.3f} s   index made and pickled {indexed - kept:.3f} s"
                f"   committed {done - indexed:.3f} s"
            )
    finally:
        cache.close()


if __name__ == "__main__":
    main()

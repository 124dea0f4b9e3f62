"""A deploy's plan against a whole plan, timed in one process on a large trial clone.

    PYTHONPATH=<checkout> python benchmarks/plan_ab.py --work DIR --new NEW [--runs 3]
                                                      [--stamp TEXT]

DIR/base is the base `deploy_big.py` made (its cache belongs to DIR/deploy); NEW holds the
new stories. The clone is made as a trial makes it (hard links, the cache file copied, NEW
added), its cards loaded and arranged once, then `deploy_plan.plan_added` and
`site_plan.plan_build` are timed in turn (CPU seconds), and every file's key and plan
digest of the two plans compared: a deploy's plan must key the site as a whole plan does.
The clone is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deploy_big


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stamp", default="pinned-code-stamp")
    args = parser.parse_args(argv)
    base, clone = args.work.resolve() / "base", args.work.resolve() / "deploy"
    deploy_big.make_clone(base, clone, args.new)
    import digest.store.code as code_module

    stamp = args.stamp
    code_module.code_stamp = lambda: stamp  # as `deploy_big.command` pins it
    try:
        run(clone, args.runs)
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def run(project: Path, runs: int) -> None:
    from digest.config import load_config
    from digest.engine.deploy_plan import plan_added
    from digest.engine.plan_index import read_index
    from digest.engine.site_plan import load_cards, past_urls, plan_build
    from digest.paths import ARTICLES_DIR
    from digest.site.theme import resolve_theme, site_assets
    from digest.source_date import source_date
    from digest.store.cache import open_cache
    from digest.store.inputs import build_settings, scan_project

    config = load_config(project)
    inputs = scan_project(project, build_settings(drafts=False, environ=os.environ))
    code = inputs.code
    cache = open_cache(project)
    try:
        theme = resolve_theme(project, config.theme)
        assets = site_assets(project, theme)
        past = past_urls(project, source_date(os.environ))
        index = read_index(cache, code, project)
        folder = project / ARTICLES_DIR
        loaded = load_cards(folder, inputs, cache, code, config, False, 0, past.history)
        for number in range(runs):
            began = time.process_time()
            added = plan_added(
                loaded, config, theme, assets, code, cache, past, index, inputs, project
            )
            middle = time.process_time()
            whole = plan_build(loaded, config, theme, assets, code, cache, past)
            done = time.process_time()
            if added is None:
                sys.exit("the clone is not a deploy of its base: planned whole")
            same = added.plan.keys == whole.keys and added.plan.digests == whole.digests
            print(
                f"run {number + 1}: plan_added {middle - began:.2f} s"
                f" ({len(added.plan.pages)} pages, {len(added.plan.feeds)} feeds planned),"
                f" plan_build {done - middle:.2f} s ({len(whole.pages)} pages),"
                f" same keys {same}, load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if not same:
                sys.exit("the two plans key the site differently")
    finally:
        cache.close()


if __name__ == "__main__":
    main()

"""How long the search page takes to its first result, in headless Chromium, sites alternating.

    python benchmarks/search_latency.py --query Kenya --runs 8 SITE SITE ...

Each SITE is a built site/ folder. For each run and each site in turn it serves the folder on
127.0.0.1, opens search/?q=QUERY in a new browser context (nothing cached) and times from the
navigation's start to the first result shown; it prints the median and least per site, and
whether each site shows the same count and the same first titles as the first site.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, serve_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--query", default="Kenya")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: dict[Path, list[float]] = {site: [] for site in args.sites}
    shown: dict[Path, tuple[str, list[str]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(args.runs):
                for site in args.sites:
                    with serve_folder(site) as url:
                        context = browser.new_context()
                        page = context.new_page()
                        started = time.perf_counter()
                        page.goto(f"{url}search/?q={args.query}")
                        page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
                        times[site].append(time.perf_counter() - started)
                        titles = page.locator(".search-result h2 a").all_inner_texts()
                        shown[site] = (page.inner_text("#search-status"), titles)
                        context.close()
        finally:
            browser.close()
    first = args.sites[0]
    for site in args.sites:
        runs = " ".join(f"{seconds:.2f}" for seconds in times[site])
        print(
            f"{site}: median {statistics.median(times[site]):.3f} s, least "
            f"{min(times[site]):.3f} s ({runs})"
        )
        print(
            f"    {shown[site][0]}; same count and titles as {first}: {shown[site] == shown[first]}"
        )


if __name__ == "__main__":
    main()

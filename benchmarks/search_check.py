"""What the search page's shard check costs and keeps, in headless Chromium, query by query.

    python benchmarks/search_check.py SITE --query Algeria --query Alge --rounds 3

SITE is a built site/ folder. It is served on 127.0.0.1 and its search page opened once; in
the page, Pagefind's module is loaded and every shard merged as the theme's search.js merges
them (each shard's pages tagged with its folder), then for each query and round it times
Pagefind's search, the shard check (`honest`, whose code is taken from the theme's search.js
in this checkout, so that a site built before a change of it is checked with the new one)
and the fetch of the first 20 results' data. It prints, per round, the milliseconds of each
and the count of results before and after the check. The first round of a query loads what
the others find in the browser's cache. Wall milliseconds in the page: the machine's load
is in them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, serve_folder

SCRIPT = Path(__file__).resolve().parent.parent / "digest/themes/default/static/search.js"
FIRST, AFTER = "  const fold = (text) =>", "  // Pagefind excerpts are escaped text"

PROBE = """async ([query, rounds]) => {
  const form = document.querySelector("form[data-search]");
  const bundle = new URL(form.dataset.bundle, location.href);
  const pagefind = await import(bundle.href);
  if (!window.shardsMerged) {
    await pagefind.options({ baseUrl: form.dataset.base });
    await pagefind.init();
    const response = await fetch(new URL("shards.json", bundle));
    const shards = response.ok ? (await response.json()).shards : [];
    for (const shard of shards) {
      const path = new URL(shard, bundle).pathname;
      await pagefind.mergeIndex(path, { baseUrl: form.dataset.base, mergeFilter: { shard } });
    }
    await pagefind.options({ mergeFilter: { shard: "." } });
    window.shardsMerged = true;
  }
CHECK
  const out = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const found = await pagefind.search(query);
    const searched = performance.now();
    const results = await honest(pagefind, query, found);
    const checked = performance.now();
    await Promise.all(results.slice(0, 20).map((hit) => hit.data()));
    const done = performance.now();
    out.push([searched - started, checked - searched, done - checked, found.results.length,
      results.length]);
  }
  return out;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    script = SCRIPT.read_text(encoding="utf-8")
    check = script[script.index(FIRST) : script.index(AFTER)]
    probe = PROBE.replace("CHECK", check)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, serve_folder(args.site) as url:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(f"{url}search/")
            for query in args.query:
                for number, (search, check, data, found, kept) in enumerate(
                    page.evaluate(probe, [query, args.rounds]), 1
                ):
                    print(
                        f"{json.dumps(query)} round {number}: search {search:5.0f} ms, check "
                        f"{check:5.0f} ms, 20 results' data {data:5.0f} ms; {found} found, "
                        f"{kept} kept",
                        flush=True,
                    )
        finally:
            browser.close()


if __name__ == "__main__":
    main()

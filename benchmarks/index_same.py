"""Each search shard of a built site against Pagefind run from nothing on its pages (issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/index_same.py PROJECT [SHARD ...]

A story edit's run finds the last index's files in its output folder and writes only what
changed (`site/pagefind_kept`); the index must still be byte for byte what a run from nothing
writes. For each shard of PROJECT's site/ (planned from the cache's plan index, as an edit
build plans them), what Pagefind reads of its pages (`search.indexed_part`, made in page order
as the build makes them) is indexed into an empty folder and compared, file by file, with the
shard's files in site/. Prints the shards that differ and how many were checked.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.engine.plan_index import read_index
from digest.site.pagefind import pagefind_command
from digest.site.search import indexed_part
from digest.site.shard_plan import plan_shards
from digest.store.cache import open_cache
from digest.store.code import code_stamp

_SHARD_FILES = ("fragment", "index", "filter", "pagefind-entry.json")


def _files(folder: Path, shard_only: bool) -> set[str]:
    found = set()
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if not path.is_file() or name.startswith("shards"):
            continue
        if not shard_only or name.split("/")[0] in _SHARD_FILES or name.endswith(".pf_meta"):
            found.add(name)
    return found


def differing(project: Path, only: Sequence[str] = ()) -> tuple[int, list[str]]:
    """Return how many shards were checked and the names of those that differ."""
    site = project / "site"
    cache = open_cache(project)
    try:
        index = read_index(cache, code_stamp(), project)
    finally:
        cache.close()
    if index is None:
        raise SystemExit(f"{project}: no plan index (build it first)")
    shards = plan_shards(index.dated(), [])
    checked, bad = 0, []
    for number, shard in enumerate(shards):
        if only and shard.name not in only:
            continue
        checked += 1
        newest = number == len(shards) - 1  # its index is pagefind/ itself
        placed = site / "pagefind" if newest else site / "pagefind" / "shards" / shard.name
        work = Path(tempfile.mkdtemp(prefix="index-same-", dir="/dev/shm"))
        try:
            for page in shard.pages:
                (work / "site" / page).parent.mkdir(parents=True, exist_ok=True)
                (work / "site" / page).write_bytes(indexed_part((site / page).read_bytes()))
            command = [*pagefind_command(), "--site", "site", "--output-path", "out", "--silent"]
            subprocess.run(command, cwd=work, check=True, stdout=subprocess.DEVNULL)
            want = _files(work / "out", not newest)
            have = _files(placed, not newest) - {"shards.json"}
            same = want == have and all(
                filecmp.cmp(work / "out" / name, placed / name, shallow=False) for name in want
            )
            if not same:
                bad.append(shard.name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return checked, bad


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("shards", nargs="*", help="only these shards (default: all)")
    args = parser.parse_args(argv)
    checked, bad = differing(args.project, args.shards)
    for name in bad:
        print(f"{name}: differs from Pagefind run from nothing")
    print(f"{checked} shards checked, {len(bad)} differing")


if __name__ == "__main__":
    main()

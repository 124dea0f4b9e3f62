"""Instructions (valgrind's callgrind) of the pieces of a one-story edit's start, by checkout.

    python benchmarks/edit_pieces.py --repeat 3 PROJECT CHECKOUT [CHECKOUT ...]

On a machine shared with other work, CPU seconds of a 0.01-0.05 s step move by a fifth from
run to run; instruction counts do not. Each piece runs in a new `python` under callgrind
with PYTHONPATH at the checkout, once with nothing repeated and once with the piece
repeated --repeat times: the difference over --repeat is the piece's count. Pieces:

- `imports`: `commands/cli`, `engine/build` and `engine/edit_ahead`, all imported before a
  story edit's Pagefind run starts (the whole count, not a difference);
- `scan`: `inputs.scan_project` of PROJECT, given the last build's record of digest's files
  when the checkout keeps one (`code.code_key`);
- `manifests`: site/'s and the spare's manifests read as `trees.open_trees` reads them
  (`write.manifest_view` for site/'s when the checkout has it), with the set of site/'s paths.

PROJECT must have been built by each checkout's code last (its records are read).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

PIECES = ("imports", "scan", "manifests")
FIRST = "import digest.commands.cli, digest.engine.build, digest.engine.edit_ahead"

INNER = """import inspect, os, sys
from pathlib import Path
piece, project, repeat = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
FIRST
from digest.store import cache as cache_module, inputs, write
from digest.store.state import MANIFEST, STATE_BUILD
if piece == "scan":
    states = cache_module.read_state(project, STATE_BUILD, folder=project / ".digest-cache")
    settings = inputs.build_settings(drafts=False, environ=os.environ)
    known = len(inspect.signature(inputs.scan_project).parameters) > 2
    record = states.get(STATE_BUILD, {}).get("code_files")
    for _ in range(repeat):
        inputs.scan_project(project, settings, *([record] if known else []))
elif piece == "manifests":
    from digest.engine.trees import trees_record
    cache = cache_module.open_cache(project, project / ".digest-cache")
    trees = trees_record(cache)
    site, spare = cache.get(MANIFEST, trees["site"]), cache.get(MANIFEST, trees["spare"])
    read_site = getattr(write, "manifest_view", write.manifest_from_bytes)
    for _ in range(repeat):
        set(read_site(site))
        write.manifest_from_bytes(spare)
""".replace("FIRST", FIRST)


def instructions(checkout: Path, piece: str, project: Path, repeat: int) -> int:
    """Return the instructions callgrind counts for one run of INNER."""
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # digest's byte code as a build uses it
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        code = FIRST if piece == "imports" else INNER
        arguments = [] if piece == "imports" else [piece, str(project), str(repeat)]
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                code,
                *arguments,
            ],
            env=environment,
            capture_output=True,
            check=True,
        )
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no total")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("checkouts", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pieces", default=",".join(PIECES))
    args = parser.parse_args(argv)
    for piece in args.pieces.split(","):
        for checkout in args.checkouts:  # checkouts in turn, as the other A/B scripts
            if piece == "imports":
                count = instructions(checkout, piece, args.project, 0)
            else:
                more = instructions(checkout, piece, args.project, args.repeat)
                count = (more - instructions(checkout, piece, args.project, 0)) // args.repeat
            print(f"{piece:<10} {checkout.name:<16} {count / 1e6:9.1f} M instructions", flush=True)


if __name__ == "__main__":
    main()

"""A dump worker's and a sorting worker's work, checkouts alternating: CPU a story, in one process.

    python benchmarks/ingest_stage_ab.py -C PROJECT --dumps 80 --runs 6 CHECKOUT [CHECKOUT ...]
    PYTHONPATH=CHECKOUT python benchmarks/ingest_stage_ab.py -C PROJECT --dumps 80 --one [--seg]

PROJECT holds synthetic dumps (`synthetic.write_dumps`, as `time_ingest.py --synthetic` makes
them). For each run and checkout (the order swapped every run, so that a busy machine slows
them alike) a child process with that checkout's code reads the first --dumps dumps as a dump
worker does (`workers.read_dump`: decoded, segmented, keyed and signed, the worker's memos
kept from dump to dump) and then finds what their stories say as a sorting worker does
(`classify.find`, 160 stories a call); it prints the CPU (`time.process_time`) of
segmentation, of the rest of read_dump (fingerprints, the dump's decoding) and of classify.
The medians of each checkout follow, with their ratio to the first's. Whole processes on a
machine shared by others move by +-5 % between runs: these steps alone move less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

STEPS = ("segment", "fingerprints", "classify")


def one(project: Path, dumps: int, classify: bool) -> dict[str, float]:
    """Time the steps with the digest on sys.path; return their CPU seconds."""
    import gc

    import digest.ingest.workers as workers
    from digest.config import load_config

    config = load_config(project)
    raw = project / "content" / "raw"
    data = [(path.name, path.read_bytes()) for path in sorted(raw.iterdir())[:dumps]]
    gc.disable()  # as ingest runs its steps
    state = workers.dump_setup(workers.DumpTask(raw, config.ingest))
    spent = dict.fromkeys(STEPS, 0.0)
    import digest.ingest.segment as segment

    segment_dump = segment.segment_dump

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return segment_dump(*args, **kwargs)
        finally:
            spent["segment"] += time.process_time() - start

    segment.segment_dump = timed  # (read_dump imports it from there at each call)
    start = time.process_time()
    results = [workers.read_dump(state, name, text) for name, text in data]
    spent["fingerprints"] = time.process_time() - start - spent["segment"]
    if classify:
        from digest.ingest.classify import context_for, find

        stories = [story for result in results for story in result.stories]
        context = context_for(config.classify)
        start = time.process_time()
        for at in range(0, len(stories), 160):
            find(stories[at : at + 160], context)
        spent["classify"] = time.process_time() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-C", dest="project", type=Path, required=True)
    parser.add_argument("--dumps", type=int, default=80)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--one", action="store_true", help="time this process's digest once")
    parser.add_argument("--seg", action="store_true", help="the dump worker's steps alone")
    parser.add_argument("checkouts", nargs="*", type=Path)
    args = parser.parse_args()
    if args.one:
        spent = one(args.project.resolve(), args.dumps, not args.seg)
        print(" ".join(f"{step} {seconds:.4f}" for step, seconds in spent.items()))
        return
    found: dict[Path, dict[str, list[float]]] = {
        code: {step: [] for step in STEPS} for code in args.checkouts
    }
    for run in range(args.runs):
        for code in args.checkouts if run % 2 == 0 else args.checkouts[::-1]:
            env = dict(os.environ, PYTHONPATH=str(code.resolve()))
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            command = [sys.executable, __file__, "--one", "-C", str(args.project.resolve())]
            command += ["--dumps", str(args.dumps)] + (["--seg"] if args.seg else [])
            out = subprocess.run(
                command, env=env, cwd=code, capture_output=True, text=True, check=True
            ).stdout.split()
            for step, seconds in zip(out[0::2], out[1::2], strict=True):
                found[code][step].append(float(seconds))
            print(f"run {run} {code}: {' '.join(out)}", flush=True)
    first = {step: statistics.median(values) for step, values in found[args.checkouts[0]].items()}
    for code, steps in found.items():
        medians = {step: statistics.median(values) for step, values in steps.items()}
        said = (f"{k} {s:.3f} s ({s / max(first[k], 1e-9):.3f} x)" for k, s in medians.items())
        print(f"{code}: " + ", ".join(said))


if __name__ == "__main__":
    main()

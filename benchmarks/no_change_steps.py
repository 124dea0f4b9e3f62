"""CPU of each step of the no-change check, in one process, best of N.

    PYTHONPATH=<checkout> python benchmarks/no_change_steps.py PROJECT [--runs N] [--pin-code-stamp]

PROJECT must have been built with nothing changed since (by the same checkout, whose records
it reads). Steps: stamping every input, the code stamp, reading the last build's record,
comparing the stamps, and checking site/ (its seal; or, with the code before branch `big5`,
its manifest, a `stat` a line). `--pin-code-stamp`: as `big.py --pin-code-stamp`.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import digest.store.code as code


def _timed(label: str, step: Callable[[], object], runs: int) -> object:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        result = step()
        best = min(best, time.process_time() - started)
    print(f"{label:<28}{best * 1000:9.1f} ms   {str(result)[:40]!r}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pin-code-stamp", action="store_true")
    args = parser.parse_args()
    real = code.code_stamp
    if args.pin_code_stamp:  # before the modules below import it
        code.code_stamp = lambda: (real(), "pinned-code-stamp")[1]
    from digest.paths import SITE_DIR
    from digest.store.cache import read_entries, read_state
    from digest.store.inputs import build_settings, scan_project
    from digest.store.state import STATE_BUILD, STATE_TREES

    project, runs = args.project.resolve(), args.runs
    settings = build_settings(drafts=False, environ=os.environ)
    inputs = _timed("stamp every input", lambda: scan_project(project, settings), runs)
    _timed("of it, the code stamp", real, runs)
    states = _timed(
        "read the last record", lambda: read_state(project, STATE_BUILD, STATE_TREES), runs
    )
    assert isinstance(states, dict) and STATE_BUILD in states, (
        "not built, or built by another version"
    )
    record, token = states[STATE_BUILD]["inputs"], states[STATE_TREES]["site"]
    _timed("compare the stamps", lambda: inputs.matches(record, project), runs)  # type: ignore[attr-defined]
    site = project / SITE_DIR
    try:
        from digest.store.seal import sealed
        from digest.store.state import SEAL

        data = _timed(
            "read site/'s seal",
            lambda: read_entries(project, [(SEAL, token)], raw=True)[(SEAL, token)],
            runs,
        )
        _timed("check site/'s files", lambda: sealed(site, data), runs)  # type: ignore[arg-type]
    except ImportError:  # the code before branch big5
        from digest.store.state import MANIFEST
        from digest.store.write import all_intact  # type: ignore[attr-defined]

        data = _timed(
            "read site/'s manifest",
            lambda: read_entries(project, [(MANIFEST, token)], raw=True)[(MANIFEST, token)],
            runs,
        )
        _timed("check site/'s files", lambda: all_intact(site, data), runs)


if __name__ == "__main__":
    main()

"""`digest <argv>` with each worker process profiled: a cProfile file per worker, CPU clock.

    python benchmarks/worker_profile.py OUT -- build -q -C <project>
    python -c "import pstats, glob; pstats.Stats(*glob.glob('OUT/_render_span-*.out'))
        .sort_stats('tottime').print_stats(40)"

Every worker's loop (`digest.parallel._serve`) runs under `cProfile` with
`time.process_time` as its clock (a worker's own CPU, not the time it waited for a core on a
busy machine), and writes OUT/<task>-<pid>.out as it ends: `_render_span-*` for the render
workers, `read_and_parse-*` for the parse workers. The build's own process is not profiled
(`timed_calls.py` times its calls). Profiled code runs several times slower, most where it
makes many small Python calls: read shares and call counts, not seconds.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import digest.parallel
from digest.commands.cli import main as digest_main

_serve = digest.parallel._serve


def _profiled(
    connection: Any,
    setup: Any,
    task: Any,
    shared: Any,
    parent: int,
    inherited: Sequence[Any] | None = None,
) -> None:
    profile = cProfile.Profile(time.process_time)
    try:
        profile.runcall(_serve, connection, setup, task, shared, parent, inherited)
    finally:
        profile.dump_stats(os.path.join(sys.argv[1], f"{task.__name__}-{os.getpid()}.out"))


def main() -> int:
    if len(sys.argv) < 3 or sys.argv[2] != "--":
        raise SystemExit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    digest.parallel._serve = _profiled  # workers are forked: they run this one
    return digest_main(sys.argv[3:])


if __name__ == "__main__":
    sys.exit(main())

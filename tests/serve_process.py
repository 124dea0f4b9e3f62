"""`digest serve` as a real process for tests: start it on a free loopback port, stop it."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Served:
    project: Path
    url: str
    process: subprocess.Popen[str]


def start_serve(project: Path, *extra: str) -> Served:
    """Start `digest serve` on a free loopback port; return its URL once it serves."""
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "serve", "-q", "-C", str(project), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r" at (http://127\.0\.0\.1:\d+/\S*)", line)
        if found:
            return Served(project, found.group(1), process)
    process.kill()
    _, err = process.communicate(timeout=30)
    raise AssertionError(f"digest serve did not start: {err}")


def stop_serve(served: Served) -> str:
    """Stop `digest serve` as Ctrl-C does; check it exits cleanly; return its stderr."""
    served.process.send_signal(signal.SIGINT)
    try:
        _, err = served.process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.communicate(timeout=30)
        raise
    assert served.process.returncode == 0, err
    assert "Traceback" not in err, err
    return err

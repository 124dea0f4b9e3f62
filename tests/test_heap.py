"""The heap of a one-shot command: what it frees kept for its own reuse (`digest.heap`)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_malloc_takes_both_settings() -> None:
    # In a fresh interpreter: the test process's heap is left as it is. A threshold glibc
    # refuses (over its largest mmap threshold) answers False.
    said = subprocess.run(
        [sys.executable, "-c", "from digest.heap import keep_freed; print(keep_freed())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert said.stdout.strip() == "True"

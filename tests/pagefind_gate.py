"""Pagefind held back by a gate file, for tests that need its runs to outlast a stage.

A sleep before each run does not: on a busy machine the render outlasts any sleep short
enough for a test. The hold is bounded (120 s) so that a run never outlives a failed test.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from digest.site import pagefind

HOLD_LOOPS = 6000  # of 0.02 s: 120 s


def gated_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, free: int = 0) -> Path:
    """Make every Pagefind run wait until the returned gate file exists (but the first *free*
    runs), and return the gate."""
    gate, script = tmp_path / "gate", tmp_path / "gated-pagefind"
    real = " ".join(shlex.quote(part) for part in pagefind.pagefind_command())
    opened = f"[ -e {shlex.quote(str(gate))} ]"
    hold = f"i=0; while ! {opened} && [ $i -lt {HOLD_LOOPS} ]; do sleep 0.02; i=$((i+1)); done"
    if free:
        # mkdir succeeds once a name: the first *free* runs to get there go at once.
        names = " ".join(shlex.quote(str(tmp_path / f"free-run-{n}")) for n in range(free))
        hold = f"go=; for d in {names}; do mkdir $d 2>/dev/null && go=1 && break; done\n"
        hold += f'if [ -z "$go" ]; then i=0; while ! {opened} && [ $i -lt {HOLD_LOOPS} ]; '
        hold += "do sleep 0.02; i=$((i+1)); done; fi"
    script.write_text(f'#!/bin/sh\n{hold}\nexec {real} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(pagefind, "pagefind_command", lambda: [str(script)])
    return gate

"""Ingest and the cycle collector: off while ingest runs, back on after, nothing left aside.

Ingest turns the collector off while it makes its stories (it makes no reference cycles) and
puts what it made into the oldest generation as it turns it back on, rather than have it
walked as one young generation at the next allocation.
"""

from __future__ import annotations

import gc
from pathlib import Path

from digest.ingest.pipeline import _to_oldest, run_ingest
from tests.conftest_project import make_project


def test_what_ingest_made_goes_to_the_oldest_generation_and_the_collector_is_on(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, seeds=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    report = run_ingest(project, workers=0)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing left set aside
    assert report.stories


def test_objects_made_with_the_collector_off_go_to_the_oldest_generation_unwalked() -> None:
    gc.disable()
    try:
        made = [[number] for number in range(2000)]
        assert gc.get_count()[0] > len(made) // 2  # young, and due for a walk
        _to_oldest()
    finally:
        gc.enable()
    assert gc.get_count()[0] < 100  # no young generation left to walk
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in made)


def test_a_host_s_frozen_objects_stay_frozen(tmp_path: Path) -> None:
    project = make_project(tmp_path, seeds=True)
    kept = [[number] for number in range(1000)]
    gc.freeze()
    try:
        run_ingest(project, workers=0)
        # Still set aside: in no generation the collector walks. (Not the freeze count: a
        # frozen object that ingest frees, an earlier test's cache entry, leaves it too.)
        walked = {id(item) for item in gc.get_objects()}
        assert kept and not any(id(item) in walked for item in kept)
        assert gc.isenabled()
    finally:
        gc.unfreeze()

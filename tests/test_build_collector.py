"""A build runs the cycle collector less often, and leaves its threshold as it found it.

A build makes hundreds of thousands of objects and next to no cycles: at Python's default
threshold the collector walked every card several times in a one-story edit (issue 20).
`digest serve` runs builds in a long-lived process, so the threshold must come back after
each build, a failed one too.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from digest.engine import build as build_module
from digest.engine.build import build
from digest.engine.collector import COLLECT_AFTER, fewer_collections, pause, resume, settle
from digest.errors import DigestError
from digest.store import inputs as inputs_module
from digest.store.inputs import ProjectInputs
from tests.conftest_project import make_project
from tests.test_cache import write_stories


@pytest.fixture
def threshold() -> Iterator[tuple[int, int, int]]:
    """Python's usual threshold for the test, whatever ran before it."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def _project(root: Path) -> Path:
    project = make_project(root)
    write_stories(project, count=1)
    return project


def _thresholds_seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    """Record the collector's threshold as each build scans its project."""
    seen: list[tuple[int, int, int]] = []
    scan = inputs_module.scan_project

    def spy(project: Path, settings: dict[str, str], *known: Any) -> ProjectInputs:
        seen.append(gc.get_threshold())
        return scan(project, settings, *known)

    monkeypatch.setattr(build_module, "scan_project", spy)
    return seen


def test_a_build_collects_less_often_and_restores_the_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: tuple[int, int, int]
) -> None:
    seen = _thresholds_seen(monkeypatch)
    assert build(_project(tmp_path / "project")).site is not None
    assert seen == [(COLLECT_AFTER, threshold[1], threshold[2])]
    assert gc.get_threshold() == threshold


def test_a_failed_build_restores_the_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: tuple[int, int, int]
) -> None:
    def fail(project: Path, settings: dict[str, str], *known: Any) -> ProjectInputs:
        assert gc.get_threshold()[0] == COLLECT_AFTER
        raise DigestError("stop")

    monkeypatch.setattr(build_module, "scan_project", fail)
    with pytest.raises(DigestError, match="stop"):
        build(_project(tmp_path / "project"))
    assert gc.get_threshold() == threshold


def test_a_host_that_turned_the_collector_off_keeps_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = gc.get_threshold()
    seen = _thresholds_seen(monkeypatch)
    gc.set_threshold(0, 10, 10)
    try:
        build(_project(tmp_path / "project"))
        assert seen == [(0, 10, 10)] and gc.get_threshold() == (0, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_overlapping_builds_give_back_the_hosts_threshold_not_a_raised_one(
    threshold: tuple[int, int, int],
) -> None:
    """Two builds in one process (threads of a library caller) that end out of order."""
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == COLLECT_AFTER  # the second build still runs
    second.__exit__(None, None, None)
    assert gc.get_threshold() == threshold


def test_what_a_build_keeps_is_set_aside_from_the_collector_till_it_ends() -> None:
    assert gc.get_freeze_count() == 0
    settle()  # outside a build: nothing is set aside
    assert gc.get_freeze_count() == 0
    kept = [[n] for n in range(1000)]
    with fewer_collections():
        settle()
        assert gc.get_freeze_count() >= len(kept)
        with fewer_collections():  # a second build in the process
            pass
        assert gc.get_freeze_count() >= len(kept)  # the first one still runs
    assert gc.get_freeze_count() == 0  # the last to leave puts them back


def test_a_host_s_own_frozen_objects_are_left_alone() -> None:
    gc.freeze()
    try:
        host = gc.get_freeze_count()
        with fewer_collections():
            made = [[n] for n in range(1000)]
            settle()
            assert gc.get_freeze_count() <= host  # nothing of the build's set aside
        assert gc.get_freeze_count() <= host and made
    finally:
        gc.unfreeze()


def test_the_collector_is_paused_while_a_build_loads_and_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.engine import site_build, site_plan
    from digest.site.renderer import Renderer

    seen: dict[str, bool] = {}
    load, renderer = site_plan.load_cards, Renderer

    def loading(*args: object, **kwargs: object) -> object:
        seen["loading"] = gc.isenabled()
        return load(*args, **kwargs)  # type: ignore[arg-type]

    def rendering(*args: object) -> object:
        seen["rendering"] = gc.isenabled()
        return renderer(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(site_build, "load_cards", loading)
    monkeypatch.setattr(site_build, "Renderer", rendering)
    assert gc.isenabled()
    assert build(_project(tmp_path / "project")).site is not None
    # Before: collections ran all along (1.4 s of CPU in a deploy of 100 000 stories).
    assert seen == {"loading": False, "rendering": True}
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_build_that_fails_while_paused_lets_the_collector_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.engine import site_build

    def fail(*args: object, **kwargs: object) -> object:
        assert not gc.isenabled()
        raise DigestError("stop")

    monkeypatch.setattr(site_build, "load_cards", fail)
    with pytest.raises(DigestError, match="stop"):
        build(_project(tmp_path / "project"))
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_nothing_is_paused_outside_a_build_nor_when_the_host_froze_or_disabled() -> None:
    pause()  # outside a build
    assert gc.isenabled()
    resume()
    gc.disable()  # the host's own choice: kept
    try:
        with fewer_collections():
            pause()
            resume()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()  # the host's frozen objects: the build neither pauses nor sets aside
    try:
        with fewer_collections():
            pause()
            assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_worker_forked_while_the_collector_is_paused_collects() -> None:
    with fewer_collections():
        pause()
        try:
            assert not gc.isenabled()  # the build's own process: paused
            child = os.fork()  # as parse workers are forked while cards load
            if child == 0:
                os._exit(0 if gc.isenabled() else 1)
            _, status = os.waitpid(child, 0)
        finally:
            resume()
    assert os.waitstatus_to_exitcode(status) == 0  # before: the worker never collected

"""The build's own work while Pagefind indexes, with the runs looked at between its pieces.

Once the pages are rendered, a build keeps its cards, the plans and the plan index (~0.45 s of
one core at 4 000 stories) while Pagefind's last runs go on. Done in one go, the runs that
ended meanwhile were followed by the next shards' runs only after it: up to 0.35 s with no
run going and one core idle. Done a piece at a time, the next shard's run starts at the
first stop after a run ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from digest.engine import site_build
from digest.engine.build import build
from digest.engine.search_feed import SearchFeed
from digest.site import pagefind
from tests.conftest_project import make_project, snapshot
from tests.pagefind_gate import gated_pagefind
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name


def test_the_next_shard_s_run_starts_between_pieces_of_the_build_s_own_work(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 240)  # three months: three shards
    monkeypatch.setattr(pagefind, "available_cores", lambda: 1)  # one run at a time
    # Every run waits for a gate, opened once the build keeps its cards: no run can end
    # before that, so shards still wait for one then.
    gate = gated_pagefind(tmp_path, monkeypatch)
    events: list[str] = []
    feeds: list[SearchFeed] = []
    waiting: list[int] = []  # shards waiting for a run as the build kept its cards

    real_start = pagefind._start

    def start(*args: Any) -> Any:
        events.append("run")
        return real_start(*args)

    real_result = SearchFeed.result

    def result(self: SearchFeed, *args: Any, **kwargs: Any) -> Any:
        feeds.append(self)
        return real_result(self, *args, **kwargs)

    real_cards = site_build._remember_cards

    def cards(*args: Any) -> None:
        events.append("cards")
        gate.touch()
        for feed in feeds:  # none when the cards are kept before the wait
            waiting.append(len(feed.indexing.waiting))
            for process, _, _ in feed.indexing.running:
                process.wait()  # the run ends while the build does its own work
        real_cards(*args)

    from digest.engine.plan_index import put_index as real_put_index  # site_build's

    def put_index(*args: Any) -> None:
        events.append("index")
        real_put_index(*args)

    monkeypatch.setattr(pagefind, "_start", start)
    monkeypatch.setattr(SearchFeed, "result", result)
    monkeypatch.setattr(site_build, "_remember_cards", cards)
    monkeypatch.setattr(site_build, "put_index", put_index)
    build(project)
    assert waiting and waiting[0] >= 1  # a shard waited for the run that ended
    kept, index = events.index("cards"), events.index("index")
    assert "run" in events[kept:index]  # before: every later run after the plan index
    assert events.count("run") == len(feeds[0].shards) == 3
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_run_that_ended_between_two_render_passes_is_followed_before_the_second(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other pages' pass starts with Pagefind's runs looked at, not at its first span."""
    from digest.engine import assembly
    from digest.site.story_views import StoryViews

    project = make_project(tmp_path / "project")
    write_stories(project, 240)  # three months: three shards
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    monkeypatch.setattr(pagefind, "available_cores", lambda: 1)  # one run at a time
    gate = gated_pagefind(tmp_path, monkeypatch)
    events: list[str] = []
    feeds: list[SearchFeed] = []
    real_start = pagefind._start

    def start(*args: Any) -> Any:
        events.append("run")
        return real_start(*args)

    real_for_files = StoryViews.for_files

    def for_files(self: StoryViews, *args: Any) -> Any:
        if events.count("pass") == 1:  # the other pages': the story pages' run ends now
            gate.touch()
            for feed in feeds:
                for process, _, _ in feed.indexing.running:
                    process.wait()
        return real_for_files(self, *args)

    from digest.site.render_pass import render_pass as real_pass  # assembly's

    def render_pass(*args: Any, **kwargs: Any) -> Any:
        events.append("pass")
        return real_pass(*args, **kwargs)

    real_feed_start = SearchFeed.start.__func__  # type: ignore[attr-defined]

    def feed_start(cls: type[SearchFeed], *args: Any, **kwargs: Any) -> Any:
        feed = real_feed_start(cls, *args, **kwargs)
        feeds.append(feed)
        return feed

    monkeypatch.setattr(pagefind, "_start", start)
    monkeypatch.setattr(StoryViews, "for_files", for_files)
    monkeypatch.setattr(assembly, "render_pass", render_pass)
    monkeypatch.setattr(SearchFeed, "start", classmethod(feed_start))
    build(project)
    first, second = (number for number, event in enumerate(events) if event == "pass")
    # The first shard's run (gated), then the next one's before the second pass; before, it
    # started only as the second pass's first span came back.
    assert events[first : second + 1] == ["pass", "run", "run", "pass"]
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_what_is_kept_while_pagefind_indexes_is_written_before_the_site_is_published(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plans and the plan index (~15 MB at 4 000 stories) are committed while Pagefind
    indexes, not by the commit recording the published site after its last run; the index
    is trusted only once the site is published (its URL history's record)."""
    from digest.engine import assembly
    from digest.engine.plan_index import INDEX_KEY, read_index
    from digest.store.cache import open_cache
    from digest.store.code import code_stamp
    from digest.store.state import PLAN_INDEX

    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    seen: list[tuple[bool, bool]] = []  # (the index's record written, the index trusted)
    real_publish = assembly.publish_site  # type: ignore[attr-defined]

    def publish_site(*args: Any) -> Any:
        reader = open_cache(project)
        try:
            written = reader.get(PLAN_INDEX, INDEX_KEY) is not None
            seen.append((written, read_index(reader, code_stamp(), project) is not None))
        finally:
            reader.close()
        return real_publish(*args)

    monkeypatch.setattr(assembly, "publish_site", publish_site)
    build(project)
    assert seen == [(True, False)]
    cache = open_cache(project)
    try:
        assert read_index(cache, code_stamp(), project) is not None
    finally:
        cache.close()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")

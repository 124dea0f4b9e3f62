"""`digest serve` when digest.yaml is gone for a moment (a checkout, a delete-then-write save).

`digest build` refuses a folder without digest.yaml; serve must refuse the same way (an
overlay, the last good site kept), never re-ingest with the built-in settings, which would
rewrite the editor's stories with other regions, another time zone, other ids.
"""

from __future__ import annotations

from pathlib import Path

from digest.serve.http import Broadcaster, BuildGate
from digest.serve.rebuild import Rebuilder
from digest.serve.watch import ChangeBatch
from tests.conftest_project import make_project, snapshot

NORDICS = "\ntimezone: Asia/Tokyo\nclassify:\n  regions:\n    Nordics: [Finland, Helsinki]\n"


def test_serve_refuses_to_build_without_digest_yaml_and_keeps_the_stories(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    config = project / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + NORDICS, encoding="utf-8")
    rebuilder = Rebuilder(project, BuildGate(), Broadcaster(), live=False)
    try:
        first = rebuilder.rebuild()
        assert first is not None and first.event.kind != "error", first
        articles = snapshot(project / "content")
        site = snapshot(project / "site")
        assert any(b"Nordics" in data for data in articles.values())
        config.rename(project / "digest.yaml.bak")
        gone = rebuilder.rebuild(ChangeBatch((config,)))
        assert gone is not None and gone.event.kind == "error"
        assert "digest.yaml: no such file" in gone.message
        assert snapshot(project / "content") == articles  # no story rewritten
        assert snapshot(project / "site") == site  # the last good site kept
        (project / "digest.yaml.bak").rename(config)
        back = rebuilder.rebuild(ChangeBatch((config,)))
        assert back is not None and back.event.kind != "error", back
        assert snapshot(project / "content") == articles
    finally:
        rebuilder.close()

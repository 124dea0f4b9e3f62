"""`digest build`: the whole pipeline, from raw dumps to the written site.

A build first stamps every input (inputs.py). When every stamp, the settings and digest's
own code are as the last successful build recorded them, and site/ still holds exactly the
files that build wrote, there is nothing to do: the build says so and writes nothing,
having loaded neither the ingest nor the site pipeline. Otherwise ingest and site run, each
redoing only what the build cache cannot answer.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.cache import open_cache, read_entries, read_state
from digest.inputs import ProjectInputs, build_settings, rescan_content, scan_project
from digest.lock import build_lock
from digest.reports import IngestReport, SiteReport

if TYPE_CHECKING:
    from digest.write import Guard

STATE_BUILD = "build"
# As digest.site names them (not imported from there: that would load the whole pipeline).
STATE_TREES = "trees"
MANIFEST = "manifest"


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the ingest of new dumps, then the site."""

    ingest: IngestReport
    site: SiteReport
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """Return the one-line summary printed at the end of `digest build`."""
        return f"{self.ingest.summary()}; {self.site.summary()}"


def build(
    project: Path, *, drafts: bool = False, progress: bool = False, guard: Guard | None = None
) -> BuildReport:
    """Ingest content/raw/ into content/articles/, then render and write site/.

    *guard* is held while the new site takes the place of site/ (see `write.publish`).
    """
    started = time.perf_counter()
    with build_lock(project):
        inputs = scan_project(project, build_settings(drafts=drafts, environ=os.environ))
        unchanged = _unchanged_report(project, inputs, started)
        if unchanged is not None:
            for warning in unchanged.ingest.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            return unchanged
        from digest.config import load_config
        from digest.ingest import run_ingest
        from digest.site import build_site

        cache = open_cache(project)
        try:
            config = load_config(project)
            ingest = run_ingest(project, config, progress=progress, cache=cache, inputs=inputs)
            inputs = rescan_content(inputs, project)
            site = build_site(
                project, config, drafts=drafts, cache=cache, inputs=inputs, guard=guard
            )
            report = BuildReport(ingest, site, tuple(cache.warnings))
            cache.put_json(
                "state", STATE_BUILD, {"inputs": inputs.record(), "report": report_json(report)}
            )
        finally:
            cache.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return report


def _unchanged_report(project: Path, inputs: ProjectInputs, started: float) -> BuildReport | None:
    """Return the last build's report when nothing changed since it, else None."""
    states = read_state(project, STATE_BUILD, STATE_TREES)
    previous, trees = states.get(STATE_BUILD), states.get(STATE_TREES)
    if not isinstance(previous, dict) or not isinstance(trees, dict):
        return None
    if not inputs.matches(previous.get("inputs")) or not isinstance(trees.get("site"), str):
        return None
    from digest.write import intact, manifest_from_bytes

    site = project.resolve() / "site"
    found = read_entries(project, [(MANIFEST, trees["site"])], raw=True)
    data = found.get((MANIFEST, trees["site"]))
    manifest = manifest_from_bytes(data if isinstance(data, bytes) else None)
    if not manifest or not all(intact(site, path, entry) for path, entry in manifest.items()):
        return None
    try:
        return report_from_json(previous["report"], time.perf_counter() - started)
    except (KeyError, TypeError, ValueError):
        return None


def report_json(report: BuildReport) -> dict[str, Any]:
    """Return what a later build with nothing to do reports again."""
    ingest, site = report.ingest, report.site
    export = ingest.export
    return {
        "ingest": {
            "dumps": ingest.dumps,
            "stories": ingest.stories,
            "exact_merged": ingest.exact_merged,
            "near_merged": ingest.near_merged,
            "warnings": list(ingest.warnings),
            "export": {
                "written": len(export.written),
                "unchanged": export.unchanged,
                "kept_edited": [str(path) for path in export.kept_edited],
                "kept_deleted": export.kept_deleted,
                "warnings": list(export.warnings),
            },
        },
        "site": {
            "pages": site.pages,
            "files": site.files,
            "articles": site.articles,
            "drafts_left_out": site.drafts_left_out,
            "output": str(site.output),
            "shards": site.shards,
        },
    }


def report_from_json(data: dict[str, Any], seconds: float) -> BuildReport:
    """Return the report of a build that found nothing to do, from the last one's."""
    from digest.export import ExportReport

    ingest, site = data["ingest"], data["site"]
    export = ingest["export"]
    exported = ExportReport(
        written=(),
        # What the last build wrote, this one finds unchanged.
        unchanged=int(export["unchanged"]) + int(export["written"]),
        kept_edited=tuple(Path(path) for path in export["kept_edited"]),
        kept_deleted=int(export["kept_deleted"]),
        warnings=tuple(export["warnings"]),
    )
    return BuildReport(
        IngestReport(
            dumps=int(ingest["dumps"]),
            stories=int(ingest["stories"]),
            exact_merged=int(ingest["exact_merged"]),
            near_merged=int(ingest["near_merged"]),
            export=exported,
            warnings=tuple(ingest["warnings"]),
        ),
        SiteReport(
            pages=int(site["pages"]),
            files=int(site["files"]),
            articles=int(site["articles"]),
            drafts_left_out=int(site["drafts_left_out"]),
            seconds=seconds,
            output=Path(site["output"]),
            shards=int(site["shards"]),
        ),
    )

"""`digest build`: the whole pipeline, from raw dumps to the written site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digest.config import load_config
from digest.ingest import IngestReport, run_ingest
from digest.site import SiteReport, build_site


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the ingest of new dumps, then the site."""

    ingest: IngestReport
    site: SiteReport

    def summary(self) -> str:
        """Return the one-line summary printed at the end of `digest build`."""
        return f"{self.ingest.summary()}; {self.site.summary()}"


def build(project: Path, *, drafts: bool = False, progress: bool = False) -> BuildReport:
    """Ingest content/raw/ into content/articles/, then render and write site/."""
    config = load_config(project)
    ingest = run_ingest(project, config, progress=progress)  # segment, dedup, classify, export
    site = build_site(project, config, drafts=drafts)  # load, group, render, write
    return BuildReport(ingest, site)

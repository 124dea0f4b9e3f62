"""Reports: what the ingest and site stages did, as values importable without the pipeline.

A build that finds nothing changed reports the last build's figures; it must be able to
make these without loading Markdown, Jinja2 or the classifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digest.export import ExportReport


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest read, merged and wrote."""

    dumps: int
    stories: int
    exact_merged: int
    near_merged: int
    export: ExportReport
    warnings: tuple[str, ...]

    def summary(self) -> str:
        """Return the one-line summary printed at the end of a command."""
        edited = len(self.export.kept_edited)
        return (
            f"{self.dumps} dumps read, {self.stories} stories "
            f"({len(self.export.written)} written, {self.export.unchanged} unchanged, "
            f"{edited} kept as edited), {self.exact_merged} exact duplicates merged, "
            f"{self.near_merged} near duplicates merged, {len(self.warnings)} warnings"
        )


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What a site build wrote."""

    pages: int
    files: int
    articles: int
    drafts_left_out: int
    seconds: float
    output: Path
    rendered: int = 0  # pages and feeds rendered (the others were reused)
    written: int = 0  # files written with new bytes (search files included)
    linked: int = 0  # files hard-linked from the previous site/ instead
    removed: int = 0
    parsed: int = 0  # article files parsed (the others came from the cache)
    shards: int = 0  # search index shards
    indexed: int = 0  # shards Pagefind (re)built
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """Return one line for the end of `digest build`."""
        drafts = f" ({self.drafts_left_out} draft(s) left out)" if self.drafts_left_out else ""
        return (
            f"site: {self.pages} pages, {self.files} files from {self.articles} stories{drafts}"
            f" in {self.seconds:.2f} s ({self.rendered} rendered, {self.written} written,"
            f" {self.indexed}/{self.shards} search shards indexed) -> {self.output}"
        )

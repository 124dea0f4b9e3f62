"""Reports: what the ingest and site stages did, as values importable without the pipeline.

A build that finds nothing changed reports the last build's figures; it must be able to
make these without loading Markdown, Jinja2 or the classifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


def counted(number: int, noun: str, plural: str = "") -> str:
    """Return "1 warning" or "2 warnings": a summary an editor reads says it as English does."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What export did to content/articles/."""

    written: tuple[Path, ...]
    unchanged: int
    kept_edited: tuple[Path, ...]
    kept_deleted: int
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest read, merged and wrote."""

    dumps: int
    stories: int
    exact_merged: int
    near_merged: int
    export: ExportReport
    warnings: tuple[str, ...]
    # Stories written by this ingest whose date is a guess (a weekday, the collection day):
    # the editor is told to check them, in `digest report --guesses`.
    guessed: int = 0

    def summary(self, warnings: int | None = None) -> str:
        """Return the one-line summary printed at the end of a command.

        *warnings* is the count to give when the command printed more than this report's
        own (the settings' warnings, a skipped link): every warning shown is counted.
        """
        edited = len(self.export.kept_edited)
        count = len(self.warnings) if warnings is None else warnings
        guessed = (
            f"{counted(self.guessed, 'date')} guessed (digest report --guesses), "
            if self.guessed
            else ""
        )
        return (
            f"{counted(self.dumps, 'dump')} read, {counted(self.stories, 'story', 'stories')} "
            f"({len(self.export.written)} written, {self.export.unchanged} unchanged, "
            f"{edited} kept as edited), {counted(self.exact_merged, 'exact duplicate')} merged, "
            f"{counted(self.near_merged, 'near duplicate')} merged, {guessed}"
            f"{counted(count, 'warning')}"
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
    pictures_encoded: int = 0  # pictures resized (the others came from the cache)
    # Of the stories themselves (a placeholder left in): repeated while they stay as they are.
    story_warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """Return one line for the end of `digest build`."""
        drafts = (
            f" ({counted(self.drafts_left_out, 'draft')} left out)" if self.drafts_left_out else ""
        )
        resized = (
            f" {counted(self.pictures_encoded, 'picture')} resized,"
            if self.pictures_encoded
            else ""
        )
        return (
            f"site: {counted(self.pages, 'page')}, {counted(self.files, 'file')} from "
            f"{counted(self.articles, 'story', 'stories')}{drafts}"
            f" in {self.seconds:.2f} s ({self.rendered} rendered,{resized} {self.written} written,"
            f" {self.indexed}/{self.shards} search shards indexed) -> {self.output}"
        )


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the ingest of new dumps, then the site."""

    ingest: IngestReport
    site: SiteReport
    warnings: tuple[str, ...] = ()

    def summary(self, warnings: int | None = None) -> str:
        """Return the one-line summary printed at the end of `digest build`.

        Its count of warnings is *warnings* (what the command printed), else this report's.
        """
        if warnings is None:
            site = (*self.site.warnings, *self.site.story_warnings)
            warnings = len({*self.ingest.warnings, *site, *self.warnings})
        return f"{self.ingest.summary(warnings)}; {self.site.summary()}"


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
            "story_warnings": list(site.story_warnings),
        },
    }


def report_from_json(data: dict[str, Any], seconds: float) -> BuildReport:
    """Return the report of a build that found nothing to do, from the last one's."""
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
            story_warnings=tuple(site["story_warnings"]),
        ),
    )

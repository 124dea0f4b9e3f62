"""Ingest: content/raw/ dumps -> content/articles/ Markdown (segment, dedup, classify, export)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from digest.classify import classify_stories
from digest.config import Config, load_config
from digest.dedup import deduplicate
from digest.dumps import read_dumps
from digest.export import ExportReport, export
from digest.models import RawStory
from digest.segment import segment_dump

_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)


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


def existing_article_ids(articles_dir: Path) -> dict[str, str]:
    """Map the id in each article file's front matter to its path under *articles_dir*."""
    ids: dict[str, str] = {}
    for path in sorted(articles_dir.rglob("*.md")):
        try:
            head = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        end = head.find("\n---", 3)
        match = _ID_LINE.search(head, 0, end if end > 0 else len(head))
        if match:
            ids.setdefault(match.group(1), path.relative_to(articles_dir).as_posix())
    return ids


def ingest(project: Path, config: Config, *, progress: bool = False) -> IngestReport:
    """Read every dump and write one Markdown file per distinct story."""
    content_dir = project / "content"
    warnings: list[str] = []
    raw: list[RawStory] = []
    reads = list(read_dumps(content_dir / "raw"))
    bar = tqdm(
        reads,
        desc="ingest",
        unit="dump",
        delay=1.0,  # a bar only when ingest takes over a second
        disable=not (progress and sys.stderr.isatty()),
        file=sys.stderr,
        leave=False,
    )
    dumps = 0
    for read in bar:
        if read.dump is None:
            warnings.append(str(read.warning))
            continue
        dumps += 1
        segmentation = segment_dump(read.dump, config.ingest)
        warnings.extend(segmentation.warnings)
        raw.extend(segmentation.stories)
    deduplication = deduplicate(raw, config.ingest)
    classifications = classify_stories(deduplication.stories, raw, config.classify)
    report = export(
        deduplication.stories,
        classifications,
        content_dir,
        existing_article_ids(content_dir / "articles"),
    )
    warnings.extend(report.warnings)
    return IngestReport(
        dumps=dumps,
        stories=len(deduplication.stories),
        exact_merged=deduplication.exact_merged,
        near_merged=deduplication.near_merged,
        export=report,
        warnings=tuple(warnings),
    )


def run_ingest(
    project: Path, config: Config | None = None, *, progress: bool = False
) -> IngestReport:
    """Ingest with the project's settings, printing every warning to stderr."""
    report = ingest(project, config or load_config(project), progress=progress)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return report

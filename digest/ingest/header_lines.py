"""Header lines: what a seed-layout header block prints that no story keeps, on record.

The seeds' layout opens each story with a header block: its title, its captions printed
twice, a marker line ("TT"), a counter ("20"), then the title and captions again (segment's
docstring). chunks_of drops the marker and counter lines, and a story keeps the first copy
of its title and of each caption: the others are the header's repeats. Each is recorded here
as dropped with why ("marker", "counter", "repeated header"), as every other line a story
does not keep is, so that `digest report` accounts for every line of a dump.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.config import IngestConfig
from digest.ingest.blocks import Paragraph, line_key
from digest.ingest.pieces import Dropped
from digest.user_patterns import UserPattern, compile_pattern

MARKER = "marker"
COUNTER = "counter"
REPEATED_HEADER = "repeated header"


def marker_lines(text: str, config: IngestConfig) -> list[Dropped]:
    """Return the marker lines of a dump and the counter lines under them, as chunks_of
    finds them (a counter counts only on the line just after a marker)."""
    markers = {marker.strip() for marker in config.markers}
    if not any(marker in text for marker in markers):
        return []  # (most dumps: no marker anywhere)
    counter: re.Pattern[str] | UserPattern = re.compile(config.counter_pattern)
    if config.counter_pattern != IngestConfig().counter_pattern:  # (the editor's: time-limited)
        counter = compile_pattern("ingest.counter_pattern", config.counter_pattern)
    dropped: list[Dropped] = []
    after_marker = False
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            after_marker = False
            continue
        if stripped in markers:
            dropped.append(Dropped(number, raw.rstrip(), MARKER))
            after_marker = True
            continue
        if after_marker and counter.match(stripped) is not None:
            dropped.append(Dropped(number, raw.rstrip(), COUNTER))
        after_marker = False
    return dropped


def header_repeats(header: Sequence[Paragraph]) -> list[Dropped]:
    """Return the lines of a header block a story does not keep: every copy of its title
    and of its captions after the first."""
    seen: set[str] = set()
    dropped: list[Dropped] = []
    for paragraph in header:
        for line in paragraph.lines:
            key = line_key(line.text)
            if key in seen:
                dropped.append(Dropped(line.number, line.text, REPEATED_HEADER))
            seen.add(key)
    return dropped

"""Whether a story's text, changed where it stood in its dump, is still the story of a file.

A word corrected in a dump, or an article pasted again after the outlet corrected it (the
daily case of a developing story), gives a text the ledger does not know at the place of one
digest wrote, whose own text no dump holds any more. It is the same story when it is a near
duplicate of that story's file by dedup's own measure: the Jaccard similarity of their word
shingles reaches `near_duplicate_threshold`. The file is what is compared, since the ledger
keeps no text: its title and body as digest wrote them, or as the editor edited them (a file
that cannot be read or parsed is no match, and is never written over).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from digest import frontmatter
from digest.config import IngestConfig
from digest.ingest.fingerprints import jaccard, shingle_hashes
from digest.models import Block, RawStory, Source, Story

if TYPE_CHECKING:
    from digest.ingest.fingerprints import Hashes

# A story's file is read only to be compared: one far larger is no story digest wrote.
_MOST_BYTES = 8_000_000


def same_story(story: Story, path: Path, config: IngestConfig) -> bool:
    """Tell whether *story* is a near duplicate of the story in the file at *path*."""
    old = file_shingles(path, config.shingle_words)
    if old is None:
        return False
    new = shingle_hashes(story.primary, config.shingle_words)
    return jaccard(new, old) >= config.near_duplicate_threshold


def file_shingles(path: Path, size: int) -> Hashes | None:
    """Return the shingle hashes of a story file's title and body; None if it cannot be read."""
    try:
        if path.stat().st_size > _MOST_BYTES:
            return None
        data, body = frontmatter.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return None
    title = data.get("title")
    lines = tuple(line for line in body.splitlines() if line.strip())
    story = RawStory(
        Source(path.name, 0),
        1,
        title if isinstance(title, str) else "",
        (),
        (Block("paragraph", lines),),
    )
    return shingle_hashes(story, size)

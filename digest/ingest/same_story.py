"""Whether a story's text, changed where it stood in its dump, is still the story of a file.

A word corrected in a dump, or an article pasted again after the outlet corrected it (the
daily case of a developing story), gives a text the ledger does not know at the place of one
digest wrote, whose own text no dump holds any more. It is the same story when it is a near
duplicate of that story's file by dedup's own measure: the Jaccard similarity of their word
shingles reaches `near_duplicate_threshold`. The file is what is compared, since the ledger
keeps no text: its title and body as digest wrote them, or as the editor edited them (a file
that cannot be read or parsed is no match, and is never written over). A file the editor
deleted or edited is compared by the fingerprint of the text digest wrote too, recorded when
export found the file gone or changed (`text_print`): the story's next version at its place
stays deleted, or is recorded as the edited story's (its file kept, the editor told).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from digest import frontmatter
from digest.config import IngestConfig
from digest.ingest.dedup_lsh import signature
from digest.ingest.fingerprints import jaccard, shingle_hashes
from digest.models import Block, RawStory, Source, Story

if TYPE_CHECKING:
    from digest.ingest.fingerprints import Hashes

# A story's file is read only to be compared: one far larger is no story digest wrote.
_MOST_BYTES = 8_000_000
# A story's fingerprint: the minima of this many permutations of its 5-word shingles.
_PRINT_WORDS = 5
_PRINT_PERMUTATIONS = 64


def same_story(story: Story, path: Path, config: IngestConfig, written: str = "") -> bool:
    """Tell whether *story* is a near duplicate of the story in the file at *path*, or of
    the text whose fingerprint is *written* (the file deleted or edited since)."""
    if written and _print_overlap(story.primary, written) >= config.near_duplicate_threshold:
        return True
    old = file_shingles(path, config.shingle_words)
    if old is None:
        return False
    new = shingle_hashes(story.primary, config.shingle_words)
    return jaccard(new, old) >= config.near_duplicate_threshold


def text_print(story: RawStory) -> str:
    """Return the fingerprint of a story's text: the MinHash signature of its word
    shingles (`_PRINT_WORDS`-grams, `_PRINT_PERMUTATIONS` minima) as hexadecimal, what the
    ledger keeps of it (half a kilobyte; the ledger keeps no text)."""
    import numpy as np

    found = signature(shingle_hashes(story, _PRINT_WORDS), _PRINT_PERMUTATIONS)
    return np.asarray(found, dtype=">u4").tobytes().hex()


def _print_overlap(story: RawStory, written: str) -> float:
    """Return the share of minima *story*'s fingerprint has in common with *written* (MinHash's
    estimate of their Jaccard similarity); 0 for a fingerprint that is not one."""
    import numpy as np

    try:
        old = np.frombuffer(bytes.fromhex(written), dtype=">u4")
    except ValueError:
        return 0.0
    new = np.frombuffer(bytes.fromhex(text_print(story)), dtype=">u4")
    if len(old) != len(new):
        return 0.0
    return float(np.count_nonzero(old == new)) / len(new)


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

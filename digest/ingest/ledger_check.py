"""The ledger says where export may write: refuse what points out of content/articles/.

A ledger (content/.ingest.json) comes with the project, so it may be hostile: a path with
"..", an absolute one or one into the dumps would make a build overwrite any file, and a
hash that is not a SHA-256 cannot prove a file is digest's unedited output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from digest.errors import DigestError, clip
from digest.paths import article_path_problem, inside

# A ledger hash that no file's bytes can match: digest cannot prove the file is its own.
UNPROVEN = "unproven"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Entry(Protocol):
    """What the check reads of a ledger entry (ledger.LedgerEntry)."""

    path: str
    sha256: str


def check_ledger(path: Path, entries: Mapping[str, Entry]) -> None:
    """Refuse a ledger naming a file outside content/articles/; distrust a malformed hash."""
    for story, entry in entries.items():
        problem = article_path_problem(entry.path)
        if problem is not None:
            raise DigestError(
                f"{path}: stories.{clip(story, bare=True)}.path: {clip(entry.path)}: {problem}; "
                "nothing was written (fix or remove that entry)"
            )
        if not _SHA256.fullmatch(entry.sha256):
            entry.sha256 = UNPROVEN


def refuse_links_out(
    articles_dir: Path, path: Path, checked: set[Path], *, free: bool = False
) -> None:
    """Refuse to write *path* if it, or a folder on its way, links out of *articles_dir*.

    *free*: nothing was at *path* a moment ago (export's new names, each looked up on disk
    as it is handed out): only its folders are checked, not the link it cannot be.
    """
    if path.parent not in checked:
        if not inside(articles_dir, path.parent):
            raise DigestError(f"{path.parent}: a symbolic link out of {articles_dir}; refused")
        checked.add(path.parent)
    if not free and path.is_symlink() and not inside(articles_dir, path):
        raise DigestError(f"{path}: a symbolic link out of {articles_dir}; refused")

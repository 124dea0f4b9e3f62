"""Search: index a written (not yet published) site folder with Pagefind.

Pagefind reads the HTML pages (only story pages carry data-pagefind-body) and
writes its index to <folder>/pagefind/, which the search page loads.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from digest.errors import DigestError

SEARCH_DIR = "pagefind"
TIMEOUT_SECONDS = 600


class SearchIndexError(DigestError):
    """Pagefind is missing or failed."""


def index_site(folder: Path) -> None:
    """Write the Pagefind search index of the site in *folder* into folder/pagefind/."""
    if importlib.util.find_spec("pagefind") is None:
        raise SearchIndexError(
            "the search index needs Pagefind: pip install 'pagefind[bin]' (see pyproject.toml)"
        )
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        SEARCH_DIR,
        "--silent",
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind could not index the site: {error}") from error
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {output}")

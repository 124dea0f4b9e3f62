"""Redirect rules: site/_redirects -> the answer `digest serve` gives an old URL.

The dev server answers an old URL as Netlify and Cloudflare Pages would: with the 301 of
the rule the build wrote (site/redirects.py), not with the HTML page behind it. The file is
read again whenever a build or a live update replaced it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from digest.paths import REDIRECTS_FILE
from digest.tree import readable, real_folder

MAX_BYTES = 50_000_000  # the rules of a million moved stories; more is not a site's

Rules = dict[str, tuple[str, int]]  # old path -> (new path, status)


def parse_rules(text: str) -> Rules:
    """Return the rules of a _redirects file: `from to [status]` lines, '#' comments."""
    rules: Rules = {}
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#") or len(parts) < 2:
            continue
        code = parts[2] if len(parts) > 2 else ""
        status = int(code) if code.isascii() and code.isdigit() else 301  # not "²"
        rules.setdefault(parts[0], (parts[1], status))  # the first rule for a path wins
    return rules


class RedirectRules:
    """The rules of a site folder's _redirects, read again when the file changes."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.path = site_dir / REDIRECTS_FILE
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._rules: Rules = {}

    def find(self, url_path: str) -> tuple[str, int] | None:
        """Return where *url_path* (as requested, base path included) redirects, if it does."""
        rules = self._current()
        found = rules.get(url_path)
        if found is None and not url_path.endswith("/"):
            found = rules.get(url_path + "/")  # hosts forgive a missing trailing slash
        return found

    def _current(self) -> Rules:
        # Only site/'s own file: a site/ that is a link, or a _redirects that links out of
        # it, would answer requests with the lines of a file outside the project.
        root = real_folder(self.site_dir)
        if root is None or not readable(self.path, root):
            return {}
        try:
            found = os.stat(self.path)
        except OSError:
            return {}
        stamp = (found.st_ino, found.st_size, found.st_mtime_ns)
        with self._lock:
            if stamp != self._stamp:
                try:
                    with self.path.open("rb") as file:
                        text = file.read(MAX_BYTES).decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    return {}
                self._rules, self._stamp = parse_rules(text), stamp
            return self._rules

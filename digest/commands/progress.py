"""The progress bar of a long command on the terminal (ingest's steps, with tqdm).

The library reports progress to a callback, `progress(done, total)`; this draws it. Only on
a terminal, and only once the work has taken a second (tqdm's delay); the bar is gone once
the work is done.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class ProgressBar:
    """A callback for `run_ingest`'s *progress* that draws a bar on stderr."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not sys.stderr.isatty():
                return
            from tqdm import tqdm  # only on a terminal: a build with nothing to do never loads it

            self.bar = tqdm(
                total=total,
                desc=self.description,
                unit="step",
                delay=1.0,
                file=sys.stderr,
                leave=False,
            )
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

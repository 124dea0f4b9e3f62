"""Unread bylines: a byline whose writers cannot be read, warned of rather than published.

"By the Editorial Board", "By @harbourwatch", "By Marta Olsen and", "By: admin", "By ann
lee" (`writer_names.lower_byline`): a line that opens as a
byline does, a few words that are no sentence after its "By", from which `bylines` reads no
writer and no outlet. It is dropped as chrome, never the story's headline nor an author,
and ingest warns of it, naming the dump and the line, for the editor to fill in `authors:`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from digest.ingest.bylines import byline_shaped, role, signed
from digest.ingest.trim import Dropped
from digest.ingest.writer_names import lower_byline
from digest.models import RawStory

# A story's byline stands this many lines under its headline at most (another story's,
# a teaser's further down, is not the story's).
_BYLINE_REACH = 8
# How much of a line a warning quotes.
_SHOWN_CHARS = 80


def unread_bylines(name: str, stories: Sequence[RawStory], dropped: Sequence[Dropped]) -> list[str]:
    """The warnings of the bylines dropped from dump *name* under a story's headline that
    name no writer digest can read ("By the Editorial Board"): dropped, never published,
    and no author taken."""
    heads = sorted(story.line for story in stories)
    return [
        f"{name}:{drop.line}: byline {_shown(drop.text)} names no writer digest can read: "
        "no author taken from it (name them in the story's `authors:`)"
        for drop in dropped
        if _under_head(heads, drop.line) and unread_byline(drop.text)
    ]


def _under_head(heads: Sequence[int], line: int) -> bool:
    """Tell whether *line* stands a few lines under a story's headline (*heads*, sorted)."""
    at = bisect.bisect_left(heads, line) - 1
    return at >= 0 and line - heads[at] <= _BYLINE_REACH


def unread_byline(text: str) -> bool:
    """Tell whether a line is a byline (`byline_shaped`) from which no writer nor outlet can
    be read ("By the Editorial Board", "By @harbourwatch", "By Marta Olsen and")."""
    stripped = " ".join(text.split())
    if lower_byline(stripped):
        return True  # "By: admin", "By ann lee": no writer read, said so as of any other
    if not byline_shaped(stripped):
        return False
    if role(stripped.partition(" ")[2].strip(" :-\u2013\u2014|")):
        return False  # "By Staff Reports", "By Our Foreign Staff": the desk's, no writer's
    found = signed(stripped)
    return found is None or not (found.names or found.outlet)


def _shown(line: str) -> str:
    return repr(line if len(line) <= _SHOWN_CHARS else line[: _SHOWN_CHARS - 1] + "\u2026")

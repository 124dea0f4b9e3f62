"""Place zones: the time zone of a dateline's place, when the zone database names it.

The IANA database names each zone after its best-known city ("Australia/Sydney",
"America/New_York", "Europe/Kyiv"): a dateline's place that is one of them says how far
ahead of or behind UTC the story was written. Other places have no zone here.
"""

from __future__ import annotations

import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.ingest.gazetteer import fold

_AREAS = ("Europe", "Asia", "America", "Africa", "Australia", "Pacific", "Atlantic", "Indian")
_CITY = re.compile(r"[A-Za-z][A-Za-z' -]{1,30}")


@functools.lru_cache(maxsize=1024)
def place_zone(place: str) -> ZoneInfo | None:
    """Return the zone the IANA database names after *place* ("SYDNEY", "New York"), if any."""
    name = fold(place).strip()
    if not _CITY.fullmatch(name):
        return None
    key = "_".join(word.capitalize() for word in name.split())
    for area in _AREAS:
        try:
            return ZoneInfo(f"{area}/{key}")
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None

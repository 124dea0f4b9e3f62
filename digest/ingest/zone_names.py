"""Zone names: a time zone spelled out on a publication line, "Eastern Standard Time".

Press-release wires and some papers print a zone's name in words, not its abbreviation
("December 05, 2026 08:00 AM Eastern Standard Time", "10:00 Greenwich Mean Time"). Each
name is read as the abbreviation printed_dates knows (an abbreviation several zones share,
EST, keeps its other meanings: Australia's eastern time is "Eastern Standard Time" too), or
as the IANA zone of the one place it names ("India Standard Time": Asia/Kolkata).
"""

from __future__ import annotations

import re

# The names in full, case-folded, each with its abbreviation or IANA name.
_NAMES: dict[str, str] = {
    "eastern standard time": "EST", "eastern daylight time": "EDT", "eastern time": "ET",
    "central standard time": "CST", "central daylight time": "CDT", "central time": "CT",
    "mountain standard time": "MST", "mountain daylight time": "MDT", "mountain time": "MT",
    "pacific standard time": "PST", "pacific daylight time": "PDT", "pacific time": "PT",
    "alaska standard time": "AKST", "alaska daylight time": "AKDT",
    "hawaii standard time": "HST", "hawaii-aleutian standard time": "HST",
    "atlantic standard time": "America/Halifax", "atlantic time": "America/Halifax",
    "greenwich mean time": "GMT", "coordinated universal time": "UTC",
    "universal time": "UTC", "british summer time": "BST", "western european time": "WET",
    "central european time": "CET", "central european summer time": "CEST",
    "eastern european time": "EET", "eastern european summer time": "EEST",
    "moscow time": "MSK", "moscow standard time": "MSK",
    "india standard time": "Asia/Kolkata", "indian standard time": "Asia/Kolkata",
    "pakistan standard time": "PKT", "china standard time": "Asia/Shanghai",
    "japan standard time": "JST", "korea standard time": "KST",
    "korean standard time": "KST", "singapore time": "SGT", "singapore standard time": "SGT",
    "hong kong time": "HKT", "philippine standard time": "PHT", "philippine time": "PHT",
    "western indonesia time": "WIB", "indochina time": "ICT",
    "australian eastern standard time": "AEST", "australian eastern daylight time": "AEDT",
    "australian eastern time": "AET", "australian western standard time": "AWST",
    "new zealand standard time": "NZST", "new zealand daylight time": "NZDT",
    "west africa time": "WAT", "central africa time": "CAT", "east africa time": "EAT",
    "south africa standard time": "SAST", "brasilia time": "BRT", "bras\u00edlia time": "BRT",
    "argentina time": "ART",
}  # fmt: skip
# The longest name first: "Australian Eastern Standard Time" before "Eastern Standard Time".
ZONE_NAMES = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        r"\s+".join(map(re.escape, name.split())) for name in sorted(_NAMES, key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)


def zone_named(text: str) -> str | None:
    """Return the abbreviation or IANA name of the zone a line spells out in full, if any."""
    # (every name ends with "time": most lines are told by that scan alone)
    found = ZONE_NAMES.search(text) if "ime" in text or "IME" in text else None
    return None if found is None else _NAMES[" ".join(found[0].casefold().split())]

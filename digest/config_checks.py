"""Settings checks: the values of digest.yaml that have the right type but cannot be used.

config.py checks each value's type; what is checked here is the rest: numbers out of the range
the code can work with, regular expressions that do not compile, a base_url that is not an
address, a language that is not a language tag and a timezone that is no place's. Each problem
is "dotted.key: what is wrong", so the error names digest.yaml, the line and the key, never a
traceback from deep in a build.
"""

from __future__ import annotations

import math
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import clip

# (least, most) of each number setting; most None: a count's (COUNT_MOST).
NUMBER_RANGES: dict[str, tuple[float, float | None]] = {
    "paginate": (1, None),
    "related": (0, None),
    "feed_entries": (1, None),
    "front.days": (1, None),
    "front.per_region": (1, None),
    "front.at_least": (1, None),
    "limits.tags": (1, None),
    "limits.regions": (1, None),
    "limits.captions": (1, None),
    # A similarity: 0 would make every story a copy of every other, above 1 none ever is.
    "ingest.near_duplicate_threshold": (0.01, 1),
    # A shingle of more words than a story's first paragraph makes each story one shingle
    # (only copies match); the hashing makes a table of this many multipliers.
    "ingest.shingle_words": (1, 100),
    # Each signature holds this many values; the banding's set-up grows with its square
    # (2 s at 1 024, 8 s at 2 048) and the scratch array with it (16 MiB at 1 024).
    "ingest.num_perm": (1, 1024),
    "ingest.heading_max_words": (0, None),
    "ingest.heading_max_chars": (0, None),
    "classify.min_city_population": (0, None),
    "classify.secondary_share": (0, 1),
    "classify.max_regions": (1, None),
    "classify.min_tags": (0, None),
    "classify.max_tags": (1, None),
}

# The settings that hold regular expressions, and whether ingest ignores case with them.
REGEX_FLAGS: dict[str, bool] = {
    "ingest.counter_pattern": False,
    "ingest.chrome": True,
    "ingest.keep": True,
}

# A BCP 47 language tag: a 2-3 letter language, then subtags (region, script, variant).
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Pagefind names its index files after the language and panics on a tag of more than 30
# characters (measured with Pagefind 1.x); real tags (en, pt-BR, zh-Hant-TW) are far shorter.
LANGUAGE_MAX = 30
# Names the zone database's folder holds that are no place's zone: the building machine's own
# (`localtime`, a link to /etc/localtime: a site dated one way on a laptop, another on the
# host), the database's placeholders, and its copies under other rules (leap seconds counted).
_NOT_ZONES = ("localtime", "factory", "posixrules")
_NOT_ZONE_FOLDERS = ("posix/", "right/")


# The most of a count with no bound of its own: no site has a billion stories a page, and a
# count past 2**63 cannot be recorded in the cache's checksums (review19 S31: a traceback).
COUNT_MOST = 1_000_000_000


def number_problem(key: str, value: float) -> str | None:
    """Say why *value* is out of the range of the number setting *key*; None when it is in."""
    least, most = NUMBER_RANGES[key]
    most = COUNT_MOST if most is None else most
    if math.isnan(value) or value < least:
        return f"{key}: must be at least {least}, got {value}"
    if most is not None and value > most:
        return f"{key}: must be at most {most}, got {value}"
    return None


def regex_problem(key: str, pattern: str) -> str | None:
    """Say why *pattern* (of setting *key*) is not a regular expression; None when it is."""
    # Imported when a pattern is checked: the settings load before a story edit's page is
    # rendered, and `regex` (~5 ms) is none of its business (`config.range_problems`).
    from digest.user_patterns import pattern_problem

    return pattern_problem(key, pattern, ignore_case=REGEX_FLAGS[key.split("[", 1)[0]])


def language_problem(language: str) -> str | None:
    """Say why *language* is not a language tag the site can use; None when it is."""
    if len(language) <= LANGUAGE_MAX and _LANGUAGE.fullmatch(language):
        return None
    return (
        f"language: expected a language tag such as en, fr or pt-BR (letters, digits and '-', "
        f"at most {LANGUAGE_MAX} characters), got {clip(language)}"
    )


def timezone_problem(name: str) -> str | None:
    """Say why *name* is not an IANA time zone the site can be dated in; None when it is."""
    folded = name.casefold()
    if folded not in _NOT_ZONES and not folded.startswith(_NOT_ZONE_FOLDERS):
        try:
            ZoneInfo(name)
            return None
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return f"timezone: unknown time zone {name!r} (e.g. UTC, Europe/Paris)"


def name_problem(word: str) -> str:
    """Say why *word*, a place, topic or ignored name, names nothing ("" when it names
    something): "-" or "*" (a typo, a placeholder) matches no word of any story."""
    if not word.strip():
        return "an empty name"
    if not any(ch.isalnum() for ch in word):
        return f"{word!r} has no letters or digits: it names nothing a story can hold"
    return ""

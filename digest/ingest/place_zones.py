"""Place zones: the time zone of a dateline's place, when the zone database names it.

The IANA database names each zone after its best-known city ("Australia/Sydney",
"America/New_York", "Europe/Kyiv"): a dateline's place that is one of them says how far
ahead of or behind UTC the story was written. Other places have no zone here, but their
country may have one: the zone database's table of countries names each one's zones.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.ingest.gazetteer import country_names, fold
from digest.ingest.gazetteer_data import place_data

_AREAS = ("Europe", "Asia", "America", "Africa", "Australia", "Pacific", "Atlantic", "Indian")
_CITY = re.compile(r"[A-Za-z][A-Za-z' -]{1,30}")


@functools.lru_cache(maxsize=1024)
def place_zone(place: str, country: str = "") -> ZoneInfo | None:
    """Return the zone of *place* ("SYDNEY", "New York", "WASHINGTON"): the one the IANA
    database names after it, else the gazetteer's city of that name (in *country*, an ISO
    code, when given; the most populous one)."""
    name = fold(place).strip()
    if _CITY.fullmatch(name):
        key = "_".join(word.capitalize() for word in name.split())
        for area in _AREAS:
            try:
                return ZoneInfo(f"{area}/{key}")
            except (ZoneInfoNotFoundError, ValueError):
                continue
    cities = _city_zones().get(name.casefold(), ())
    zone = next((zone for code, zone in cities if not country or code == country), None)
    try:
        return ZoneInfo(zone) if zone else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@functools.cache
def _city_zones() -> dict[str, tuple[tuple[str, str], ...]]:
    """Return the gazetteer's cities' countries and zones by folded name, most populous first."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for city in place_data().cities:
        found.setdefault(fold(city.name).casefold(), []).append(
            (-city.population, city.country_code, city.zone)
        )
    return {
        name: tuple((code, zone) for _, code, zone in sorted(rows)) for name, rows in found.items()
    }


# zone.tab lists a country's zones; the first is its principal one where its note says so
# (the mainland's, "most of Germany", "Beijing Time"), the others outlying islands and areas.
_PRINCIPAL = re.compile(r"^most of |\((?:mainland|peninsula)\)$|^Beijing Time$")
_TABLE = "zone.tab"


@functools.cache
def _country_zones() -> dict[str, tuple[tuple[str, str], ...]]:
    """Return each country code's zones and their notes, as the zone database lists them
    (where zoneinfo reads it: the system's folder, else the tzdata package); {} when
    neither has the table."""
    text = None
    for root in zoneinfo.TZPATH:
        try:
            text = (Path(root) / _TABLE).read_text("utf-8")
            break
        except OSError:
            continue
    if text is None:
        try:
            text = resources.files("tzdata").joinpath("zoneinfo", _TABLE).read_text("utf-8")
        except (ModuleNotFoundError, OSError):
            return {}
    found: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            note = fields[3] if len(fields) > 3 else ""
            found.setdefault(fields[0], []).append((fields[2], note))
    return {code: tuple(zones) for code, zones in found.items()}


@functools.cache
def _country_codes() -> dict[str, str]:
    """Return the ISO code of each country name the gazetteer gives a place (its data's name
    and places.yaml's: "Palestinian Territory" and "Palestine")."""
    codes = {country.name: country.code for country in place_data().countries}
    return codes | {name: code for code, name in country_names().items()}


def country_code(name: str) -> str:
    """Return the ISO code of a gazetteer country's name ("China": "CN"), or ""."""
    return _country_codes().get(name, "")


def country_zone(code: str, moment: dt.datetime) -> ZoneInfo | None:
    """Return the zone a country's local time is in at *moment* (a naive time there): its one
    zone, or the principal one its outlying areas differ from; None when its zones differ
    and none is principal (the United States, Russia, Australia)."""
    zones = _country_zones().get(code, ())
    try:
        found = [ZoneInfo(name) for name, _ in zones]
    except (ZoneInfoNotFoundError, ValueError):
        return None
    if not found:
        return None
    if len({moment.replace(tzinfo=zone).utcoffset() for zone in found}) == 1:
        return found[0]
    return found[0] if _PRINCIPAL.search(zones[0][1]) else None


def zone_country(zone: dt.tzinfo) -> str:
    """Return the code of the country whose zone *zone* is ("America/New_York": "US"), or ""."""
    name = getattr(zone, "key", "")
    return next(
        (code for code, zones in _country_zones().items() if any(z == name for z, _ in zones)),
        "",
    )

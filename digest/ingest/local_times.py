"""Local times: a time a page prints, taken in the page's own zone when the line leaves it open.

A time printed with no zone ("March 3, 2025 at 1:15 AM") is the page's local time: the zone
of its dateline's place (as the zone database or the gazetteer's city of that name says),
else of that place's country, else of the one place its script is read in (Korean, Japanese,
Chinese), else the site's `timezone` when the editor set one (not UTC, the default: where
the digest lives) and the page names no place outside that zone's country. An abbreviation
several zones share ("CST": American Central or China's; "EST", "IST", "BST") is the meaning
of the page's country, or of the zone it is in (or, for "CST", of the country its text is
most about), else the usual one if the page is known to be elsewhere or the others are
seldom printed (EST, IST, BST). When none of that is known the printed day is kept, without
its time: a day the page printed is sure, a time in a zone guessed is not (DESIGN.md: dates
an editor can trust).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from digest.ingest.dates import DateClues
from digest.ingest.place_zones import country_zone, place_zone, zone_country
from digest.ingest.printed_dates import Printed

_DEFAULT_ZONE = "UTC"  # config's default timezone: the editor chose no place


def local_moment(printed: Printed, clues: DateClues, site: ZoneInfo) -> dt.datetime | dt.date:
    """Return the time *printed* stands for, in the zone it was printed in, or its day alone
    when that zone cannot be known (*clues* say where the page is; *site* is the site's
    zone)."""
    if printed.clock is None:
        return printed.day
    if printed.zone is not None and not printed.shared:
        return printed.moment(printed.zone)
    chosen = site if site.key != _DEFAULT_ZONE else None
    if printed.shared:
        return _shared(printed, clues, chosen)
    local = _page_zone(printed, clues)
    if local is None and chosen is not None and _in_country(chosen, clues):
        local = chosen
    return printed.moment(local) if local is not None else printed.day


def _in_country(site: ZoneInfo, clues: DateClues) -> bool:
    """Tell whether the site's zone may be the page's: it names no place, or one in the
    zone's country ("WASHINGTON (AP)" on a site in Tokyo is not in Tokyo's time)."""
    named = clues.country or (clues.dateline is not None and bool(clues.dateline.place))
    return not named or clues.country == zone_country(site)


def _page_zone(printed: Printed, clues: DateClues) -> dt.tzinfo | None:
    """Return the zone the page is in, as far as its clues say: its dateline's place's, its
    country's, its script's."""
    naive = printed.moment(dt.UTC).replace(tzinfo=None)
    place = clues.dateline.place if clues.dateline is not None else ""
    found: dt.tzinfo | None = place_zone(place, clues.country) if place else None
    if found is None and clues.country:
        found = country_zone(clues.country, naive)
    return found or clues.script or printed.script


def _shared(printed: Printed, clues: DateClues, chosen: ZoneInfo | None) -> dt.datetime | dt.date:
    """Return the time of a zone abbreviation several zones share, by the first hint that
    names one of its meanings: the dateline's country, the page's zone (by its offset,
    standard or summer time), the country the text is most about (for "CST" only: a
    British page's story on Bangladesh prints British time), the site's chosen zone. With
    hints naming none, the usual meaning ("KAMPALA ... EST": an American outlet's time), and
    with none at all for an abbreviation whose usual meaning stands; else only the day."""
    place = clues.dateline.place if clues.dateline is not None else ""
    hints: list[str | dt.tzinfo | None] = [
        clues.country,
        place_zone(place, clues.country) if place else None,
        clues.script or printed.script,
        None if printed.usual else clues.text_country,
        chosen,
    ]
    for hint in hints:
        found = _meaning(printed, hint) if hint else None
        if found is not None:
            return printed.moment(found)
    if printed.usual or any(hints):
        return printed.moment(printed.zone or dt.UTC)
    return printed.day


def _meaning(printed: Printed, hint: str | dt.tzinfo) -> dt.tzinfo | None:
    """Return the meaning of *printed*'s shared abbreviation a country code or a zone names."""
    if isinstance(hint, str):
        found = next((zone for code, zone in printed.shared if code == hint), None)
        if found is not None:
            return found
        # A country whose clock is one meaning's ("IST" on a story of East Jerusalem: Israel's)
        clock = country_zone(hint, printed.moment(dt.UTC).replace(tzinfo=None))
        return None if clock is None else _meaning(printed, clock)
    country = zone_country(hint)
    for code, zone in printed.shared:
        if code == country:
            return zone
    at = printed.moment(hint)
    offsets = {at.utcoffset(), _standard(at)}
    return next((zone for _, zone in printed.shared if zone.utcoffset(None) in offsets), None)


def _standard(moment: dt.datetime) -> dt.timedelta | None:
    """Return the standard-time offset of an aware *moment* (its summer time taken off)."""
    offset, summer = moment.utcoffset(), moment.dst()
    return offset - summer if offset is not None and summer is not None else offset

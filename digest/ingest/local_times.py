"""Local times: a time a page prints, taken in the page's own zone when the line leaves it open.

A time printed with no zone ("March 3, 2025 at 1:15 AM") is the page's local time: the zone
of its dateline's place, else of that place's country, else of the one place its script is
read in (Korean, Japanese, Chinese), else the site's `timezone` when the editor set one (not
UTC, the default: where the digest lives). An abbreviation several zones share ("CST":
American Central or China's; "EST", "IST", "BST") is the meaning of the page's country, or of
the zone it is in, else the usual one if the page is known to be elsewhere. When none of
that is known the printed day is kept, without its time: a day the page printed is sure, a
time in a zone guessed is not (DESIGN.md: dates an editor can trust).
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
    local = _page_zone(printed, clues, site)
    if printed.shared:
        country = clues.country or (zone_country(local) if local is not None else "")
        return _shared(printed, country, local)
    return printed.moment(local) if local is not None else printed.day


def _page_zone(printed: Printed, clues: DateClues, site: ZoneInfo) -> dt.tzinfo | None:
    """Return the zone the page is in, as far as its clues say, else the site's chosen one."""
    naive = printed.moment(dt.UTC).replace(tzinfo=None)
    place = clues.dateline.place if clues.dateline is not None else ""
    found: dt.tzinfo | None = place_zone(place) if place else None
    if found is None and clues.country:
        found = country_zone(clues.country, naive)
    if found is None:
        found = clues.script or printed.script
    if found is None and site.key != _DEFAULT_ZONE:
        found = site
    return found


def _shared(printed: Printed, country: str, local: dt.tzinfo | None) -> dt.datetime | dt.date:
    """Return the time of a zone abbreviation several zones share: the page's country's
    meaning, else the one whose offset is the page zone's (standard or summer time), else
    the usual one when the page is somewhere none of the others is meant ("KAMPALA ...
    EST": an American outlet's time); when where the page is is not known at all, the
    printed day alone."""
    for code, zone in printed.shared:
        if code == country:
            return printed.moment(zone)
    if local is None:
        return printed.moment(printed.zone or dt.UTC) if country else printed.day
    at = printed.moment(local)
    offsets = {at.utcoffset(), _standard(at)}
    for _, zone in printed.shared:
        if zone.utcoffset(None) in offsets:
            return printed.moment(zone)
    return printed.moment(printed.zone or dt.UTC)


def _standard(moment: dt.datetime) -> dt.timedelta | None:
    """Return the standard-time offset of an aware *moment* (its summer time taken off)."""
    offset, summer = moment.utcoffset(), moment.dst()
    return offset - summer if offset is not None and summer is not None else offset

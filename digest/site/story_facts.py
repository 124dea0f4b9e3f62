"""Story facts: an article -> what a reader is told of it (honest date, byline, credit, JSON-LD).

The time a page printed as its update (front matter's `updated`) is shown beside the story's
date when it tells more than the publication's ("Updated Friday 5 December 2025, 10:00 UTC").

A date is shown as precisely as it is known: a guessed date reads as a guess ("first seen
13 January 2026"), a date whose year the copy never printed has no year ("March 3").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from digest.models import Article
from digest.site.views import MONTHS, long_date, short_date

GUESS = "guess"
NO_YEAR = "day-without-year"
# Sources of a guessed date that only say when the story was collected (None: not recorded).
SEEN = ("seen", "unknown", "dump", None)


def _guessed(article: Article) -> str:
    """Return how a guessed date is introduced: the day it was collected, or a likely day."""
    return "first seen" if article.date_source in SEEN else "probably"


def story_date(article: Article) -> str:
    """Return the date as a story page shows it: "Tuesday 13 January 2026", or less when unsure.

    A guess reads "first seen 13 January 2026" (the day it was collected) or "probably
    Tuesday 13 January 2026" (from a weekday or the text); no year: "March 3".
    """
    if article.date_precision == NO_YEAR:
        return f"{MONTHS[article.date.month - 1]} {article.date.day}"
    if article.date_precision == GUESS and article.date_source in SEEN:
        return f"first seen {article.date.day} {MONTHS[article.date.month - 1]} {article.date.year}"
    if article.date_precision == GUESS:
        return f"probably {long_date(article.date)}"
    return long_date(article.date)


def card_date(article: Article) -> str:
    """Return the date as a card shows it: "13 Jan 2026", "Mar 3", "first seen 13 Jan 2026"."""
    if article.date_precision == NO_YEAR:
        return f"{MONTHS[article.date.month - 1][:3]} {article.date.day}"
    if article.date_precision == GUESS:
        return f"{_guessed(article)} {short_date(article.date)}"
    return short_date(article.date)


def date_note(article: Article) -> str:
    """Return why a story's date is not certain ("" when it is)."""
    if article.date_precision == NO_YEAR:
        return "the story prints the day but not the year"
    if article.date_precision != GUESS:
        return ""
    return {
        "weekday": "the story names only the weekday",
        "update": "the page printed only when it was updated: published that day or before",
        "dump": "taken from the collection's file name",
        "seen": "the story prints no date: this is the day it was collected",
        "unknown": "the story prints no date: this is the day it was collected",
    }.get(article.date_source or "", "the story prints no date of its own")


def _same_moment(updated: dt.datetime | dt.date, shown: dt.datetime | dt.date) -> bool:
    """Tell whether an update's time says nothing the published time does not: the same
    instant, or the same day when either is only a day."""
    if isinstance(updated, dt.datetime) and isinstance(shown, dt.datetime):
        return updated == shown
    day = updated.date() if isinstance(updated, dt.datetime) else updated
    published_day = shown.date() if isinstance(shown, dt.datetime) else shown
    return day == published_day and not isinstance(updated, dt.datetime)


def updated_note(article: Article) -> str:
    """Return when the page said it updated the story ("Friday 5 December 2025, 10:00
    UTC+01:00"), or "" when it printed none or the same as its publication."""
    updated = article.updated
    if updated is None:
        return ""
    shown = article.published if article.published is not None else article.date
    if _same_moment(updated, shown):
        return ""
    if not isinstance(updated, dt.datetime):
        return long_date(updated)
    offset = updated.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    zone = "UTC" if not minutes else f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{long_date(updated.date())}, {updated:%H:%M} {zone}"


def updated_time(article: Article) -> str:
    """Return the update's time as a <time> element's datetime ("" with none)."""
    return article.updated.isoformat() if article.updated is not None else ""


def names(items: Sequence[str]) -> str:
    """Return "A", "A and B" or "A, B and C"."""
    if len(items) < 3:
        return " and ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def byline(article: Article) -> str:
    """Return "By Jane Doe and John Roe", or "" with no authors."""
    return f"By {names(article.authors)}" if article.authors else ""


def credit(article: Article) -> str:
    """Return where the story comes from: "Reuters", "Reuters; 3 copies merged" or ""."""
    merged = f"{len(article.sources)} copies merged" if len(article.sources) > 1 else ""
    return "; ".join(part for part in (article.outlet or "", merged) if part)


def _moment(article: Article) -> str:
    if isinstance(article.published, dt.datetime):
        return article.published.isoformat()
    if article.datetime is not None:
        return article.datetime.isoformat()
    return article.date.isoformat()


def json_ld(
    article: Article,
    *,
    headline: str,
    url: str,
    site: Mapping[str, str],
    description: str,
    image: str | None = None,
) -> str:
    """Return the NewsArticle JSON-LD of a story page, safe inside <script>."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline[:110],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _moment(article),
        "dateModified": updated_time(article) if updated_note(article) else _moment(article),
        "inLanguage": site["language"],
        "publisher": {"@type": "Organization", "name": site["title"], "url": site["base_url"]},
    }
    if description:
        data["description"] = description
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    else:
        name = article.outlet or site["title"]
        data["author"] = [{"@type": "Organization", "name": name}]
    if article.regions:
        data["articleSection"] = article.regions[0]
    if article.tags:
        data["keywords"] = list(article.tags)
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if image:
        data["image"] = [image]
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    # Inside <script> only "</" could end it early; escaped as JSON allows.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

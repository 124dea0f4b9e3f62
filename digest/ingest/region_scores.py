"""Region scores: a story's place mentions -> the regions it belongs to, with why.

Where a place is named weighs more than how often: a dateline counts 6 (where a story was
filed is, most often, where it happened), the title 5, the first paragraph 3 and a caption
2, once each per region; the rest of the body adds half a point a mention, 3 at most. The
first place in the title adds 1 (the headline's subject) and each further country of a
region named before the body 1 (at most 2). A name bigger than a country (a bloc, "EC", a
region, "Gulf") counts half. A further region needs a share of the primary region's score
and a mention in the title, the dateline or the first paragraph by a place that counts
fully or a bloc (so "US forces" alone never add North America to an Iraq story).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digest.config import ClassifyConfig
from digest.ingest.gazetteer import Gazetteer, Place
from digest.ingest.regions import Mention, Position

POINTS: dict[Position, float] = {"title": 5.0, "dateline": 6.0, "lead": 3.0, "caption": 2.0}
_LABELS: dict[Position, str] = {
    "title": "title",
    "dateline": "dateline",
    "lead": "first paragraph",
    "caption": "caption",
}
BODY_POINTS = 0.5
BODY_CAP = 3.0
_SUBJECT_BONUS = 1.0
_MAX_MORE_COUNTRIES = 2
# A people's name or a bloc's counts this share toward the primary region (see guess_regions).
_VAGUE = 0.5
_BLOC = 0.5


@dataclass(frozen=True, slots=True)
class RegionGuess:
    """The regions of a story (primary first), why, and its places ranked for tagging."""

    regions: tuple[str, ...]
    reasons: tuple[str, ...]
    places: tuple[tuple[Place, float], ...]  # place and its own score, best first


def guess_regions(
    mentions: Sequence[Mention], gazetteer: Gazetteer, config: ClassifyConfig
) -> RegionGuess:
    """Score the regions the mentions point to; return the best ones and why.

    A people's name ("Japanese") or a name bigger than a country ("EC", "Gulf") says as well
    as a place name that a story concerns a region, but less where it happened: it counts
    half toward the primary region, fully toward a further one.
    """
    scores: dict[str, float] = {}  # toward a further region
    leads: dict[str, float] = {}  # toward the primary region
    reasons: dict[str, list[str]] = {}
    first_seen: dict[str, int] = {}
    for order, mention in enumerate(mentions):
        if mention.place.region:
            first_seen.setdefault(mention.place.region, order)
    subject = next((m for m in mentions if m.position == "title"), None)
    inside: dict[str, list[Mention]] = {region: [] for region in first_seen}
    for mention in mentions:
        if mention.place.region:
            inside[mention.place.region].append(mention)
    for region, here in inside.items():
        first = subject if subject is not None and subject.place.region == region else None
        scores[region], leads[region] = _both_scores(here, first)
    ranked = sorted(leads, key=lambda r: (-leads[r], -scores[r], first_seen[r]))
    chosen = ranked[:1]
    for region in ranked[1:]:
        # A place that counts less (the United States) cannot make a further region alone.
        leading = any(
            m.place.region == region
            and m.position in ("title", "dateline", "lead")
            and (m.place.weight >= 1 or m.place.kind == "region")
            for m in mentions
        )
        if leading and scores[region] >= config.secondary_share * scores[ranked[0]]:
            chosen.append(region)
    chosen = chosen[: config.max_regions]
    for region in chosen:  # the reasons of the regions shown only (the same score again)
        first = subject if subject is not None and subject.place.region == region else None
        reasons[region] = _region_score(inside[region], first, 1.0)[1]
    return RegionGuess(
        tuple(chosen),
        tuple(_reason(r, reasons[r], scores[r], leads[r]) for r in chosen),
        _place_scores(mentions, gazetteer),
    )


def _reason(region: str, parts: list[str], score: float, lead: float) -> str:
    total = f"{score:g}" if lead == score else f"{score:g} ({lead:g} toward the primary)"
    return f"{region}: {', '.join(parts)} = {total}"


def _region_score(
    mentions: Sequence[Mention], subject: Mention | None, vague: float
) -> tuple[float, list[str]]:
    """Return the score of one region's mentions and the reasons that add up to it; a vague
    mention (a people's name, a bloc) counts *vague* times its weight. *subject* is the
    title's first place when it is of this region."""

    def share(mention: Mention) -> float:
        bloc = _BLOC if mention.place.kind == "region" else 1.0
        return bloc * (vague if mention.vague else 1.0)

    def weight(mention: Mention) -> float:
        return mention.place.weight * share(mention)

    by_position: dict[Position, list[Mention]] = {}
    for mention in mentions:  # (one pass, each position's mentions in their order)
        by_position.setdefault(mention.position, []).append(mention)
    score = 0.0
    parts: list[str] = []
    for position, points in POINTS.items():
        here = by_position.get(position)
        if here:
            best = max(here, key=lambda m: (weight(m), m.place.kind == "country"))
            gained = points * weight(best)
            score += gained
            parts.append(f"{best.place.name} in {_LABELS[position]} (+{gained:g})")
    body = by_position.get("body")
    if body:
        weights = [weight(m) for m in body]
        gained = min(BODY_CAP * max(weights), BODY_POINTS * sum(weights))
        score += gained
        parts.append(f"{len(body)} mention{'s' * (len(body) > 1)} in body (+{gained:g})")
    if subject is not None:
        gained = _SUBJECT_BONUS * share(subject)
        score += gained
        parts.append(f"first place in title (+{gained:g})")
    # Countries named before the body: "Norway summons Iran envoy", not a list in the body.
    countries = {m.place.country for m in mentions if m.place.country and m.position != "body"}
    more = min(_MAX_MORE_COUNTRIES, len(countries) - 1)
    if more > 0:
        score += more
        parts.append(f"{more} more countr{'ies' if more > 1 else 'y'} (+{more})")
    return score, parts


def _both_scores(mentions: Sequence[Mention], subject: Mention | None) -> tuple[float, float]:
    """Return what `_region_score` gives for one region's mentions with a vague mention
    counting fully and counting _VAGUE, in one pass: the same sums, added in the same order."""
    by_position: dict[Position, list[tuple[float, float, bool]]] = {}
    for mention in mentions:
        place = mention.place
        bloc = _BLOC if place.kind == "region" else 1.0
        weighed = (
            place.weight * (bloc * 1.0),
            place.weight * (bloc * (_VAGUE if mention.vague else 1.0)),
            place.kind == "country",
        )
        by_position.setdefault(mention.position, []).append(weighed)
    full = vague = 0.0
    for position, points in POINTS.items():
        here = by_position.get(position)
        if here:
            full += points * max(here, key=lambda w: (w[0], w[2]))[0]
            vague += points * max(here, key=lambda w: (w[1], w[2]))[1]
    body = by_position.get("body")
    if body:
        fulls = [w[0] for w in body]
        full += min(BODY_CAP * max(fulls), BODY_POINTS * sum(fulls))
        vagues = [w[1] for w in body]
        vague += min(BODY_CAP * max(vagues), BODY_POINTS * sum(vagues))
    if subject is not None:
        bloc = _BLOC if subject.place.kind == "region" else 1.0
        full += _SUBJECT_BONUS * (bloc * 1.0)
        vague += _SUBJECT_BONUS * (bloc * (_VAGUE if subject.vague else 1.0))
    countries = {m.place.country for m in mentions if m.place.country and m.position != "body"}
    more = min(_MAX_MORE_COUNTRIES, len(countries) - 1)
    if more > 0:
        full += more
        vague += more
    return full, vague


def _place_scores(
    mentions: Sequence[Mention], gazetteer: Gazetteer
) -> tuple[tuple[Place, float], ...]:
    """Score each place named, a city's mentions counting for its country too."""
    positions: dict[Place, set[Position]] = {}
    body: dict[Place, int] = {}
    first: dict[Place, int] = {}
    for order, mention in enumerate(mentions):
        targets = [mention.place]
        country = gazetteer.countries.get(mention.place.country)
        if country is not None and country is not mention.place:
            targets.append(country)
        for place in targets:
            first.setdefault(place, order)
            if mention.position == "body":
                body[place] = body.get(place, 0) + 1
            else:
                positions.setdefault(place, set()).add(mention.position)
    scores = {
        place: sum(POINTS[p] for p in positions.get(place, ()))
        + min(BODY_CAP, BODY_POINTS * body.get(place, 0))
        for place in first
    }
    ranked = sorted(scores, key=lambda p: (-scores[p], first[p]))
    return tuple((place, scores[place]) for place in ranked)

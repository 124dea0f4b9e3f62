"""Byline places: the known places a byline's line may name beside its writers.

"Eduardo Cucolo" over "São Paulo", "By Kim Min-su, Seoul": a country or a city of 100 000
people or more is where the writer filed from, never a writer's name nor the outlet's.
"""

from __future__ import annotations

import functools

from digest.ingest.gazetteer import fold
from digest.ingest.gazetteer_data import place_data

# A city this big is the place a writer filed from, never a person's name.
_CITY_PEOPLE = 100_000


def known_place(text: str) -> bool:
    """Tell whether a line is a known place's name, a country or a city of 100 000 people
    or more ("São Paulo", "Buenos Aires"): never a writer's."""
    return fold(" ".join(text.split())).casefold() in _places()


@functools.cache
def _places() -> frozenset[str]:
    data = place_data()
    cities = [city.name for city in data.cities if city.population >= _CITY_PEOPLE]
    # ("New York City" is "New York" in a byline, "Mexico City" is not "Mexico"'s alone)
    shorter = (name.removesuffix(" City") for name in cities if name.count(" ") > 1)
    names = (*cities, *shorter, *(country.name for country in data.countries))
    return frozenset(fold(name).casefold() for name in names)

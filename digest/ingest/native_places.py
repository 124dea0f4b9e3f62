"""Native place names: the gazetteer of a story written in another language than English.

A story in German names Vienna "Wien" and Austria's government "Österreichs Regierung", a
Polish one Warsaw "w Warszawie", a Russian one Moscow "в Москве". `native_gazetteer` adds to
the gazetteer the names of its countries and cities in the story's language, CLDR's (written
by scripts/cldr_place_names.py --native into digest/data/native_places.json, with the
Unicode CLDR's licence, as babel ships it), and the case forms of every name in that
language (`case_forms`: the grammar's endings, not a list of forms). Read only in a story of
that language: "Roma" is Rome in an Italian story and a people in an English or German one.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from digest.ingest.gazetteer import Gazetteer, Key, Place, _data, name_key
from digest.paths import data_name

NATIVE_FILE = "native_places.json"
# A name's case forms in the languages that inflect place names ("w Warszawie", "v Praze",
# "в Москве", "Österreichs"): the endings of a name's usual cases, after its stem (the name
# without its last vowel). Grammar, not a list of names: every name of the language gets them.
_A_ENDINGS = {
    "pl": ("y", "i", "ie", "ę", "ą"),
    "cs": ("y", "e", "ě", "u", "ou"),
    "sk": ("y", "e", "u", "ou"),
    "hr": ("e", "i", "u", "om", "o"),
    "sl": ("e", "i", "o"),
    "ru": ("ы", "е", "у", "ой", "и"),  # noqa: RUF001 (Cyrillic)
    "uk": ("и", "і", "у", "ою"),  # noqa: RUF001 (Cyrillic)
    "bg": (),
}
_CONSONANT_ENDINGS = {
    "pl": ("u", "a", "ie", "em", "owi"),
    "cs": ("u", "a", "e", "ě", "em", "i"),
    "sk": ("u", "a", "e", "om", "i"),
    "hr": ("a", "u", "om", "e"),
    "sl": ("a", "u", "om", "i"),
    "ru": ("а", "у", "е", "ом"),  # noqa: RUF001 (Cyrillic)
    "uk": ("а", "у", "і", "ом"),  # noqa: RUF001 (Cyrillic)
    "bg": (),
}
# A name ending in the soft sign drops it: feminine "Казань" -> "Казани", "Казанью", masculine
# "Ярославль" -> "Ярославля", "Ярославле", "Ярославлем".
_SOFT_SIGN_ENDINGS = {
    "ru": ("и", "ью", "я", "ю", "е", "ем"),  # noqa: RUF001 (Cyrillic)
    "uk": ("і", "ю", "я", "ем"),  # noqa: RUF001 (Cyrillic)
}
# Consonants that soften before a case's -e ("Polska" -> "Polsce", "Praha" -> "Praze").
_SOFTENED = {
    "pl": {"k": "c", "g": "dz", "r": "rz", "ch": "sz"},
    "cs": {"h": "z", "k": "c", "r": "ř", "ch": "š"},
}
_SOFT_ENDING = {"pl": "e", "cs": "e"}
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_VOWELS = frozenset("aeiouyáéíóúůěąęаеёиоуыэюяії")  # noqa: RUF001 (Cyrillic)
_SHORTEST_STEM = 3


@functools.cache
def _native_names() -> dict[str, dict[str, str]]:
    data = resources.files("digest").joinpath(data_name(NATIVE_FILE)).read_bytes()
    names: dict[str, dict[str, str]] = json.loads(data)["names"]
    return names


def native_languages() -> frozenset[str]:
    """Return the languages whose stories are read with native place names too."""
    return frozenset(_native_names()) | frozenset(_A_ENDINGS)


def case_forms(name: str, language: str) -> list[str]:
    """Return *name*'s case forms in *language* (its last word inflected), or none."""
    head, _, last = name.rpartition(" ")
    head = head + " " if head else ""
    forms: list[str] = []
    if language == "de":
        if not last.endswith(("s", "x", "z", "ß")):
            forms.append(last + "s")  # "Österreichs", "Wiens"
    elif language in _SOFT_SIGN_ENDINGS and last.endswith("ь") and len(last) > _SHORTEST_STEM:
        forms.extend(last[:-1] + ending for ending in _SOFT_SIGN_ENDINGS[language])
    elif language in _A_ENDINGS:
        vowel = last[-1:].lower() in _VOWELS
        stem = last[:-1] if vowel else last
        if len(stem) < _SHORTEST_STEM:
            return []
        if vowel and last[-1:].lower() in "aая":  # noqa: RUF001 (Cyrillic)
            forms.extend(stem + ending for ending in _A_ENDINGS[language])
            for hard, soft in _SOFTENED.get(language, {}).items():
                if stem.endswith(hard):
                    forms.append(stem[: -len(hard)] + soft + _SOFT_ENDING[language])
        elif not vowel:
            forms.extend(stem + ending for ending in _CONSONANT_ENDINGS[language])
        else:
            forms.extend(stem + ending for ending in ("a", "u", "em", "ě", "e"))  # "Česku"
    return [head + form for form in forms]


_natives: dict[tuple[int, str], Gazetteer] = {}


def native_gazetteer(base: Gazetteer, language: str) -> Gazetteer:
    """Return *base* with the place names of stories in *language*: CLDR's names of its
    countries and cities in that language, and their case forms (`case_forms`), of every
    name in that language's script the gazetteer holds too ("Москва" -> "Москве")."""
    key = (id(base), language)
    found = _natives.get(key)
    if found is not None:
        return found
    extra: dict[Key, tuple[Place, ...]] = {}

    def add(name: str, places: tuple[Place, ...]) -> None:
        for spelling in (name, *case_forms(name, language)):
            spelled = name_key(spelling)
            if spelled and spelled not in base.places and spelled not in extra:
                extra[spelled] = places

    for name, english in _native_names().get(language, {}).items():
        places = base.places.get(name_key(english))
        if places:
            add(name, places[:1])
    if language in ("ru", "uk", "bg"):  # places.yaml's names in other scripts: Cyrillic ones
        data = _data()
        for spellings in (*data["scripts"].values(), *data["scripts_by_hand"].values()):
            for name in spellings:
                places = base.places.get(name_key(name)) if _CYRILLIC.match(name) else None
                if places:
                    add(name, places)
    if not extra:
        _natives[key] = base
        return base
    longest = dict(base.longest)
    for words in extra:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    native = Gazetteer(
        regions=base.regions,
        places={**base.places, **extra},
        # (its datelines too: "MILANO -", "NAPOLI, 5 dicembre (ANSA) -" in an Italian story)
        dateline_places={**base.dateline_places, **extra},
        dateline_areas=base.dateline_areas,
        capitals_only=base.capitals_only,
        longest=longest,
        countries=base.countries,
        ignored=base.ignored,
        demonyms=base.demonyms,
        caseless=base.caseless,
    )
    _natives[key] = native
    return native

"""Word countries: a country's name that a story uses as a common noun ("turkey", "china").

"Turkey prices rise ahead of Thanksgiving ... a 16-pound turkey", "China shop owners ... fine
china", "Guinea pig adoptions ... guinea pigs": a capitalised country's name is no sure place
when the story writes the same word in lower case too (the proof the person-name rule takes
that a capitalised word is no name, `personal_names.in_lower_case`), or writes it before a
noun it forms a compound with as a common noun ("China shop", "Guinea pig", "Turkey
sandwich": places.yaml's `compounds`). Such a name is weak evidence: it places a story only
when the story names that country in another way too (a city of it, its people, its
dateline, the name where it is no common word).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from digest.ingest.gazetteer import Key, _data, word_key
from digest.ingest.personal_names import Chunk, in_lower_case


def word_countries(chunks: Sequence[Chunk], text: str) -> frozenset[Key]:
    """Return the one-word countries' names of a story's *chunks* that its running *text*
    also writes in lower case ("turkey", "china", "guinea"), or that stand before a noun
    they form a compound with ("China shop owners", "Guinea pig adoptions": places.yaml's
    `compounds`), a people's name aside ("french fries" leaves "French" its country's)."""
    found: set[Key] = set()
    for chunk in chunks:
        words = chunk.words
        for start, end, places in words.spans:
            if end - start != 1 or start in words.demonyms or places[0].kind != "country":
                continue
            key = words.keys[start:end]
            after = words.keys[end] if end < len(words.keys) else chunk.follows.casefold()
            # (a script with no capitals writes every name as it writes its words)
            if (
                key not in found
                and words.words[start][:1].isupper()
                and (in_lower_case(key[0], text) or after in _compounds().get(key[0], ()))
            ):
                found.add(key)
    return frozenset(found)


@functools.cache
def _compounds() -> dict[str, frozenset[str]]:
    """Return places.yaml's `compounds`: the nouns each country's name, as a common noun,
    forms a compound with ("china" + "shop"), by the name's key."""
    listed: dict[str, list[str]] = _data()["compounds"]
    return {word_key(name): frozenset(map(word_key, nouns)) for name, nouns in listed.items()}

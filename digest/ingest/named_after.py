# ruff: noqa: RUF001, RUF003 (Turkish's dotless i)
"""Named after places: a thing, a company or an institution whose name holds a place's.

"The Paris accord" and "the Uruguay Round" are things named after where they were made, and
"Chemical New York Corp" a company after where it is from: such a mention says less of where
a story happens than the place itself (region_scores counts it less). Turkish and
Azerbaijani name a place's institutions as a compound whose last noun takes the possessive
ending: "İstanbul Valiliği" (Istanbul's governorship), "Ankara Büyükşehir
Belediyesi" (its metropolitan municipality), "İzmir Emniyet Müdürlüğü", "İstanbul
Üniversitesi". Such a name is the place's, as "the Istanbul governor's office" is, never a
person's or a company's ("Kenya Barris", "Washington Post").
"""

from __future__ import annotations

from typing import Protocol

from digest.ingest.gazetteer import Key


class _Words(Protocol):
    @property
    def keys(self) -> Key: ...


class Chunk(Protocol):
    """A run of capitalised words in a story (`regions.Chunk`: regions imports this module)."""

    @property
    def words(self) -> _Words: ...
    @property
    def follows(self) -> str: ...


# Things named after where they were made: a place naming one ("the Paris accord") says
# less of where a story happens than the place itself.
_NAMED_AFTER = frozenset(
    {
        "accord", "accords", "agreement", "agreements", "pact", "pacts", "treaty", "treaties",
        "protocol", "convention", "round", "declaration", "communique", "summit",
    }
)  # fmt: skip
# The last words of a company's name: a place inside one says where the company is from.
_COMPANY = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "cos", "company", "ltd", "limited",
        "plc", "llc", "ag", "sa", "spa", "nv", "bv", "gmbh", "bancorp", "holdings",
    }
)  # fmt: skip

# The languages whose compounds mark their head noun with a possessive ending.
HEADS_MARKED = frozenset({"tr", "az"})
# The third person's possessive ending, as a key (folded: "ü" is "u") ends: -ı, -i, -u (-sı,
# -si, -su, -ları, -leri; "-lığı", "-liği", "-luğu").
_POSSESSIVE = ("ı", "i", "u")


def names_an_institution(keys: Key, end: int) -> bool:
    """Tell whether the capitalised words after a place's name ending at *end* of a run's
    *keys* are a compound of the place's: the run's last word in the possessive ending."""
    return end < len(keys) and keys[-1].endswith(_POSSESSIVE)


def names_a_thing(chunk: Chunk, end: int) -> bool:
    """Tell whether a place names what follows it: "the Paris accord", "the Uruguay Round"."""
    keys = chunk.words.keys
    after = keys[end] if end < len(keys) else chunk.follows
    return after in _NAMED_AFTER


def in_company_name(chunk: Chunk, end: int) -> bool:
    """Tell whether a place ending at *end* is inside a company's name ("Chemical New York
    Corp"): the name says where the company is from, not where the story happens."""
    keys = chunk.words.keys
    return end < len(keys) and keys[-1] in _COMPANY

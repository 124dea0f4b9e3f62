"""Card packs: the cards of one month's article files kept together, read in one piece.

A deploy's fresh clone has every file under a new stamp, so each file's card record (JSON,
one a file: `stories.StoryFile.record`) was read, checked and decoded to arrange the site:
at 100 000 stories ~117 MB and ~2 s of CPU. The same cards are also kept by month (the
first two parts of a file's path, `2025/03`) in one record: a pack, whose values are
plain columns (`pickled`: data only, never code), checked column by column and made into
cards in one pass.

A pack's row answers its file exactly as the file's card record would (`stories`): the
row holds what the record holds (sha256, story key, the record's stamp, teaser, card) and
the checksum of the record's bytes, and it is used only while the cache holds that same
record (the same checksum): a file whose record was written again since (a story edit)
is answered by its record, and its month packed again by the next build that loads every
card. A pack that digest's code did not write, or with any value not of its type (a
damaged or crafted cache), is not used at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

from digest.models import Article, Image, Source
from digest.store import pickled
from digest.store.cache import Cache

KIND = "card-pack"
FORMAT = "card-pack 1"
_NONE = type(None)
# The kinds of each Article field after its path, in Article's order.
TEXT, TEXT_OR_NONE, TEXTS = "text", "text-or-none", "texts"
_COLUMNS: dict[str, str] = {
    "id": TEXT,
    "title": TEXT,
    "date": "date",
    "body": TEXT,
    "date_source": TEXT_OR_NONE,
    "datetime": "datetime",
    "date_precision": TEXT_OR_NONE,
    "published": "moment",
    "updated": "moment",
    "regions": TEXTS,
    "tags": TEXTS,
    "captions": TEXTS,
    "sources": "sources",
    "summary": TEXT_OR_NONE,
    "draft": "bool",
    "slug": TEXT,
    "extra": "extra",
    "aliases": TEXTS,
    "text_digest": TEXT,
    "authors": TEXTS,
    "outlet": TEXT_OR_NONE,
    "dateline": TEXT_OR_NONE,
    "language": TEXT_OR_NONE,
    "lead": "bool",
    "weight": "int",
    "image": "image",
    "placeholder_line": "int-or-none",
    "control_line": "int-or-none",
    "control_char": TEXT,
    "aliases_line": "int-or-none",
}
_TYPES: dict[str, set[type]] = {
    TEXT: {str},
    TEXT_OR_NONE: {str, _NONE},
    "date": {dt.date},
    "datetime": {dt.datetime, _NONE},
    "moment": {dt.date, dt.datetime, _NONE},
    "bool": {bool},
    "int": {int},
    "int-or-none": {int, _NONE},
}
_CARD_FIELDS = tuple(field.name for field in fields(Article))[1:]


@dataclass(frozen=True, slots=True)
class Held:
    """The card record of a file as the cache holds it: still right for the file."""

    check: str  # the cache's checksum of the record's bytes
    stamp: list[int] | None  # the stamp the record names (None: it was racy)


# One file of a pack: its sha256, story key, record, card and teaser.
Row = tuple[str, str, Held, Article, str]


@dataclass(frozen=True, slots=True)
class Packs:
    """The packs a build read: each file's row, and each month's files with their records'
    checksums (what the month's pack stands for: written again when that changes)."""

    rows: Mapping[str, Row]  # by file, relative to content/articles/
    months: Mapping[str, frozenset[tuple[str, str]]]


NO_PACKS = Packs({}, {})


def month_of(relative: str) -> str:
    """Return the pack of the file at *relative*: its first two folders ("" for others)."""
    parts = relative.split("/", 2)
    return f"{parts[0]}/{parts[1]}" if len(parts) == 3 else ""


def read_packs(cache: Cache, code: str, checks: Mapping[str, str]) -> Packs:
    """Return the rows of the packs digest's *code* wrote, those whose file's card record the
    cache still holds (*checks*: each record's checksum, by file) alone."""
    rows: dict[str, Row] = {}
    months: dict[str, frozenset[tuple[str, str]]] = {}
    for month, value in cache.get_kind(KIND).items():
        try:
            found = _unpacked(value, code)
        except Exception:  # damaged, of other code, or naming more than data: not used
            continue
        months[month] = frozenset((path, row[2].check) for path, row in found.items())
        rows.update((path, row) for path, row in found.items() if checks.get(path) == row[2].check)
    return Packs(rows, months)


def write_packs(
    cache: Cache,
    code: str,
    packs: Packs,
    files: Iterable[tuple[str, str, str, Held, Article, str]],
) -> None:
    """Pack the cards of *files* (path, sha, key, record, card, teaser) by month: only the
    months whose files or records differ from *packs*; forget the packs of months with none."""
    by_month: dict[str, list[tuple[str, str, str, Held, Article, str]]] = defaultdict(list)
    for file in files:
        by_month[month_of(file[0])].append(file)
    for month, members in by_month.items():
        if packs.months.get(month) != frozenset((file[0], file[3].check) for file in members):
            cache.put(KIND, month, _packed(members, code))
    cache.delete(KIND, [month for month in packs.months if month not in by_month])


def _packed(members: Sequence[tuple[str, str, str, Held, Article, str]], code: str) -> bytes:
    """Return one month's pack of *members*."""
    paths, shas, keys, held, cards, teasers = zip(*members, strict=True)
    columns = tuple(list(map(attrgetter(name), cards)) for name in _CARD_FIELDS)
    checks = [one.check for one in held]
    stamps = [one.stamp for one in held]
    listed = (list(paths), list(shas), list(keys), checks, stamps, list(teasers))
    return pickled.dumps((FORMAT, code, *listed, columns))


def _unpacked(value: bytes, code: str) -> dict[str, Row]:
    """Return the rows of a pack; raise (ValueError or another error) when it is not one
    digest's *code* wrote."""
    form, made_by, paths, shas, keys, checks, stamps, teasers, columns = pickled.loads(value)
    if form != FORMAT or made_by != code or type(columns) is not tuple:
        raise ValueError("not a card pack of this code")
    if len(columns) != len(_CARD_FIELDS):
        raise ValueError("not a card pack of this code")
    count = len(paths)
    for column in (paths, shas, keys, checks, teasers):
        _check(column, count, _TYPES[TEXT])
    _check_stamps(stamps, count)
    for name, column in zip(_CARD_FIELDS, columns, strict=True):
        _check_column(_COLUMNS[name], column, count)
    cards = map(Article, map(Path, paths), *columns)
    held = map(Held, checks, stamps)
    rows = zip(shas, keys, held, cards, teasers, strict=True)
    found = dict(zip(paths, rows, strict=True))
    if len(found) != count:
        raise ValueError("a file packed twice")
    return found


def _check(column: Any, count: int | None, types: set[type]) -> None:
    """Raise ValueError unless *column* is a list of *count* (if given) values of *types*."""
    if type(column) is not list or count not in (None, len(column)):
        raise ValueError("a pack's column of the wrong length")
    if not set(map(type, column)) <= types:
        raise ValueError("a pack's column of the wrong type")


def _check_stamps(stamps: Any, count: int) -> None:
    _check(stamps, count, {list, _NONE})
    named = [stamp for stamp in stamps if stamp is not None]
    if any(len(stamp) != 4 for stamp in named) or not set(map(type, chain(*named))) <= {int}:
        raise ValueError("a pack's stamp of the wrong type")


def _check_column(kind: str, column: Any, count: int) -> None:
    """Raise ValueError unless *column* holds *count* values of the card field's *kind*."""
    if kind in _TYPES:
        _check(column, count, _TYPES[kind])
    elif kind == TEXTS:
        _check(column, count, {tuple})
        _check(list(chain.from_iterable(column)), None, {str})
    elif kind == "sources":
        _check(column, count, {tuple})
        found = list(chain.from_iterable(column))
        _check(found, None, {Source})
        _check(list(map(attrgetter("dump"), found)), None, {str})
        _check(list(map(attrgetter("index"), found)), None, {int})
    elif kind == "image":
        _check(column, count, {Image, _NONE})
        images = [image for image in column if image is not None]
        _check(list(map(attrgetter("file"), images)), None, {str})
        for name in ("alt", "caption", "credit"):
            _check(list(map(attrgetter(name), images)), None, {str, _NONE})
    else:  # extra: what JSON holds, keys of text
        _check(column, count, {dict})
        if not all(_plain(value) for value in column if value):
            raise ValueError("a pack's extra value of the wrong type")


def _plain(value: object) -> bool:
    """Tell whether *value* is what JSON holds (text keys), as a card's `extra` must be."""
    kind = type(value)
    if kind in (str, int, float, bool, _NONE):
        return True
    if kind is list:
        return all(_plain(item) for item in value)  # type: ignore[attr-defined]
    if kind is dict:
        items = value.items()  # type: ignore[attr-defined]
        return all(type(key) is str and _plain(item) for key, item in items)
    return False

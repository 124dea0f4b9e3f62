"""benchmarks/card_sheets.py: month sheets merged give `group`'s lists, with no sort.

The design the deploy's thirteenth pass measured (benchmarks/README.md) keeps each story as
a row of its month's sheet, each sheet made by itself; the site's list is then the months
newest first, and each tag's and region's list the site's filtered by slug. These tests hold
the benchmark to what `group` gives, so the costs it prints are those of the same lists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.models import Article
from digest.site.article_json import article_json
from digest.site.group import group
from digest.store.cache import checksum, dump_json

ROOT = Path(__file__).resolve().parent.parent
CODE = "code-stamp"


def card_sheets() -> ModuleType:
    path = ROOT / "benchmarks" / "card_sheets.py"
    spec = importlib.util.spec_from_file_location("card_sheets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def row(card: Article) -> tuple[str, bytes, str]:
    """Return the card record a build keeps of *card*'s file, as the cache holds it."""
    sha = hashlib.sha256(card.id.encode()).hexdigest()
    record = {
        "code": CODE,
        "sha": sha,
        "stamp": [1, 2, 3, 4],
        "key": f"key-{sha}",
        "card": article_json(card),
        "teaser": f"Teaser of {card.title}",
    }
    data = dump_json(record)
    return card.path.as_posix(), data, checksum(data)


# Few values of each sort key, so that dates, times and titles tie and the path decides.
_DAYS = [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 3, 2)]
_NAMES = ["Kenya", "kenya", "KENYA", "Nairobi", "Elections", "elections", "Trade"]


@st.composite
def stories(draw: st.DrawFn) -> list[Article]:
    count = draw(st.integers(min_value=1, max_value=30))
    found = []
    for number in range(count):
        day = draw(st.sampled_from(_DAYS))
        hour = draw(st.sampled_from([None, 0, 9, 9, 23]))
        moment = None if hour is None else dt.datetime(day.year, day.month, day.day, hour)
        found.append(
            Article(
                path=Path(f"{day:%Y/%m}/{draw(st.sampled_from('abc'))}{number:03d}.md"),
                id=f"id{number}",
                title=draw(st.sampled_from(["Rain", "rain", "Drought", "A storm"])),
                date=day,
                body="",
                datetime=moment,
                regions=tuple(draw(st.lists(st.sampled_from(_NAMES), max_size=3))),
                tags=tuple(draw(st.lists(st.sampled_from(_NAMES), max_size=3))),
                slug=f"story-{number}",
            )
        )
    return found


@settings(max_examples=80, deadline=None)
@given(stories())
def test_month_sheets_merged_are_group_s_lists(cards: list[Article]) -> None:
    sheets_module = card_sheets()
    rows = [row(card) for card in reversed(cards)]  # in no order of the site's
    sheets = sheets_module.sheets_of(rows)
    site, terms = sheets_module.merged(sheets)
    groups = group(cards, related=0)
    assert [line[0] for line in site] == [card.id for card in groups.articles]
    wanted = {f"tag:{term.slug}": [card.id for card in term.articles] for term in groups.tags}
    wanted.update(
        (f"region:{term.slug}", [card.id for card in term.articles]) for term in groups.regions
    )
    assert dict(terms) == wanted


def test_a_file_whose_bytes_changed_is_not_proved() -> None:
    sheets_module = card_sheets()
    cards = [
        Article(
            path=Path(f"2026/01/s{n}.md"), id=f"id{n}", title="T", date=dt.date(2026, 1, n), body=""
        )
        for n in range(1, 4)
    ]
    rows = [row(card) for card in cards]
    sheets = sheets_module.sheets_of(rows)
    shas = {
        path: hashlib.sha256(f"id{n}".encode()).hexdigest()
        for n, (path, _, _) in zip(range(1, 4), rows, strict=True)
    }
    assert sheets_module.proved(sheets, shas)
    assert not sheets_module.proved(sheets, {**shas, "2026/01/s2.md": "0" * 64})
    assert not sheets_module.proved(
        sheets, {path: sha for path, sha in shas.items() if "s3" not in path}
    )

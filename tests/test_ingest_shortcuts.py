"""Ingest's shortcuts (issue #20, ingest speed) give exactly what the slower way gave. In
classify: the first weekday found from each "day", the lines with a year skipped when a text
has no 1 or 2, a region's two scores added up in one pass, a word with no keyword told at
once. In segmentation's chrome judgement: a pitch, a date, a rights notice and a script
without spaces each told by a cheap test first."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.config import ClassifyConfig
from digest.ingest.chrome import (
    _COPYRIGHT_LINE,
    _SENTENCE_SPLIT,
    _pitch,
    rights_line,
    shapes_for,
    unspaced,
    words_of,
)
from digest.ingest.date_lines import _DATE_CORE, has_date
from digest.ingest.dates import _first_weekday, with_years
from digest.ingest.gazetteer import Place
from digest.ingest.region_scores import _VAGUE, _both_scores, _region_score
from digest.ingest.regions import Mention, Position
from digest.ingest.scripts import UNSPACED
from digest.ingest.tags import _word_topics
from digest.ingest.vocabulary import Vocabulary, load_vocabulary

# What _first_weekday searched with before: the reference its shortcut must agree with.
_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?![\w-])")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NOT_THE_DAY = ("next ", "Black ", "Good ", "Super ", "Cyber ", "Easter ", "every ")
_YEAR_AT = re.compile(r"(?:1[89]|20)\d\d(?!\d)")


def _weekday_by_expression(text: str) -> int | None:
    for match in _WEEKDAY.finditer(text):
        start = match.start()
        if start and (
            text[start - 1].isalnum() or text[max(0, start - 7) : start].endswith(_NOT_THE_DAY)
        ):
            continue
        return _WEEKDAYS.index(match.group())
    return None


def _years_by_expression(text: str) -> list[str]:
    found: list[str] = []
    end = -1
    for match in _YEAR_AT.finditer(text):
        if match.start() > end:
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            end = len(text) if end == -1 else end
            found.append(text[start:end])
    return found


# Texts made of the pieces that matter, so that the edge cases come up often.
_PIECES = st.sampled_from(
    [
        *_WEEKDAYS,
        *(stem[:-3] for stem in _WEEKDAYS),
        "day", "days", "today", "Sundays", "Monday-Friday", "Friday_", "Fridayé", "Friday2",
        "next ", "Black ", "Good ", "every ", "on ", "a", "x", " ", "\n", "-", "'s", ".", "é",
        "19", "20", "18", "2019", "1999", "20201", "12", "2", "1", "0", "Jan 4, ", "4 May ",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_first_weekday_is_the_expressions(text: str) -> None:
    assert _first_weekday(text) == _weekday_by_expression(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_lines_with_years_are_the_expressions(text: str) -> None:
    assert with_years(text) == _years_by_expression(text)


def test_first_weekday_examples() -> None:
    assert _first_weekday("Talks resume next Monday, then on Wednesday's session") == 2
    assert _first_weekday("Holidays: Sundays and Monday-only, Fridays, today") is None
    assert _first_weekday("On Friday") == 4
    assert with_years("no digits here\nnone") == []
    assert with_years("in 2019 and\n1999 too\n3019") == ["in 2019 and", "1999 too"]


_KINDS = st.sampled_from(["country", "region", "area", "capital", "city"])
_POSITIONS: list[Position] = ["title", "dateline", "lead", "caption", "body"]
_PLACES = st.builds(
    Place,
    name=st.sampled_from(["A", "B", "C"]),
    kind=_KINDS,
    region=st.just("R"),
    country=st.sampled_from(["", "A", "B", "C"]),
    weight=st.sampled_from([1.0, 0.5, 0.25, 0.3, 1.7]),
)
_MENTIONS = st.builds(
    Mention,
    place=_PLACES,
    position=st.sampled_from(_POSITIONS),
    chunk=st.just(0),
    start=st.just(0),
    end=st.just(1),
    vague=st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MENTIONS, min_size=1, max_size=12), st.booleans())
def test_both_scores_are_the_two_scores(mentions: list[Mention], titled: bool) -> None:
    subject = next((m for m in mentions if m.position == "title"), None) if titled else None
    full, vague = _both_scores(mentions, subject)
    assert full == _region_score(mentions, subject, 1.0)[0]
    assert vague == _region_score(mentions, subject, _VAGUE)[0]


def _word_topics_before(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """What tags._word_topics did before its shortcut for words with no keyword."""
    topics = list(vocabulary.topic_words.get(word, ()))
    if "-" in word and not topics:
        parts = word.split("-")
        return tuple(
            dict.fromkeys(t for part in parts for t in _word_topics_before(part, vocabulary))
        )
    for stem, stem_topics in vocabulary.topic_prefixes.get(word[:3], ()):
        if word.startswith(stem):
            topics.extend(stem_topics)
    return tuple(dict.fromkeys(topics))


def test_word_topics_is_as_before() -> None:
    vocabulary = load_vocabulary(ClassifyConfig())
    words = {
        *vocabulary.topic_words,
        *(s for v in vocabulary.topic_prefixes.values() for s, _ in v),
    }
    words |= {w + "s" for w in words} | {w[:3] for w in words} | {w[:-1] for w in words}
    words |= {"nuclear-armed", "anti-protest", "x-y", "-", "", "the", "cafe", "a-war-b"}
    assert any(_word_topics(word, vocabulary) for word in words)
    for word in words:
        assert _word_topics(word, vocabulary) == _word_topics_before(word, vocabulary), word


# --- segmentation's chrome judgement ---------------------------------------------------------

_SHAPES = shapes_for((), ())
_CHROME_PIECES = st.sampled_from(
    [
        *_SHAPES.promo, "Sign", "up", "UP", "Newsletter", "sign-up", "sign, up", "here", ".",
        "!", " ", "  ", "\n", "our", "the", "©", "(c)", "(C) ", "Copyright ", "copyright 2019",
        "2019", "4:14", "Jan", "5", "٣", "ago", "hours", "/", "-", "\uff21", "北京", "한국", "é",
        "\u0131",
    ]
)  # fmt: skip
_CHROME_TEXTS = st.lists(_CHROME_PIECES, max_size=14).map(" ".join) | st.text(max_size=60)


def _pitch_before(stripped: str, promo: tuple[str, ...]) -> bool:
    """chrome._pitch as it was before its first-word test."""
    if stripped.count(" ") >= 30:
        return False
    call = f" {' '.join(words_of(_SENTENCE_SPLIT.split(stripped)[-1]))} "
    if call.count(" ") > 4 + 1 or not any(f" {p} " in call for p in promo):
        return False
    joined = f" {' '.join(words_of(stripped))} "
    return sum(f" {p} " in joined for p in promo) >= 2


@settings(max_examples=500, deadline=None)
@given(_CHROME_TEXTS)
def test_chrome_shortcuts_are_the_expressions(text: str) -> None:
    stripped = text.strip()
    assert _pitch(stripped, _SHAPES.promo) == _pitch_before(stripped, _SHAPES.promo)
    assert has_date(text) == (_DATE_CORE.search(text) is not None)
    assert rights_line(text) == (bool(_COPYRIGHT_LINE.match(stripped)) and stripped.endswith("."))
    assert unspaced(text) == (UNSPACED.search(text) is not None)


def test_chrome_shortcut_examples() -> None:
    assert _pitch("Get our newsletter. Sign up here.", _SHAPES.promo)
    assert not _pitch("Talks went on into the night.", _SHAPES.promo)
    assert has_date("Updated 4:14 pm") and not has_date("Updated at noon")
    assert rights_line("© 2019 The Outlet. All rights reserved.")
    assert not rights_line("The ministry said so.")
    assert unspaced("北京时间") and not unspaced("Beijing")

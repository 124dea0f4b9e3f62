"""Classify: deduplicated stories -> a date, regions and tags for each, and why.

Each story is read once into sections (title, dateline, first paragraph, captions, body);
dates.py dates it, regions.py finds its places and regions, tags.py its people,
organisations and topics. The gazetteer and keyword maps are built once per setting, and what
a recurring word or run of capitalised words holds is worked out once per call.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from digest.config import ClassifyConfig
from digest.ingest.comma_places import dateline_place
from digest.ingest.date_resolver import resolve_date
from digest.ingest.dates import (
    DateClues,
    Dateline,
    file_name_date,
    parse_dateline,
    standing_dateline,
    story_clues,
)
from digest.ingest.gazetteer import Gazetteer, load_gazetteer
from digest.ingest.named_after import HEADS_MARKED
from digest.ingest.names import Piece, find_names
from digest.ingest.native_places import native_gazetteer, native_languages
from digest.ingest.place_zones import country_code
from digest.ingest.region_scores import guess_regions
from digest.ingest.regions import Section, Words, find_mentions, scan
from digest.ingest.story_language import story_language
from digest.ingest.story_references import story_reference
from digest.ingest.tags import TopicMemo, choose_tags, find_topics
from digest.ingest.vocabulary import Vocabulary, load_vocabulary
from digest.models import Classification, RawStory, Story
from digest.source_date import source_date

_LETTERS = re.compile(r"[^\W\d_]{4,}")
# Text wrapped at a width has lines this long at least (blocks.py's _WRAP_WIDTHS).
_WRAPPED_CHARS = 40
# Languages that capitalise every noun, not only names.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})


@dataclass(frozen=True, slots=True)
class _Reading:
    """A story split into sections, with its dateline and date evidence."""

    sections: tuple[Section, ...]
    dateline: Dateline | None
    clues: DateClues


@dataclass(frozen=True, slots=True)
class Context:
    """What the stories of one setting share: the settings, their data, what was worked out.

    Made once per process (`context_for`) and used for every story it classifies.
    """

    config: ClassifyConfig
    gazetteer: Gazetteer
    vocabulary: Vocabulary
    runs: dict[str, Words | None]  # a run of capitalised words -> its words and places
    names: dict[str, tuple[Piece, ...]]  # a run -> the names in it
    topics: TopicMemo
    # The runs of the stories in each language read with its native place names too.
    native_runs: dict[str, dict[str, Words | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one version of a story says of itself: its regions (and why), tags, date evidence.

    Its date also depends on when the story was collected (`date_stories`).
    """

    regions: tuple[str, ...]
    reasons: tuple[str, ...]
    tags: tuple[str, ...]
    clues: DateClues


def classify_stories(
    stories: Sequence[Story],
    config: ClassifyConfig,
    *,
    references: Mapping[str, dt.datetime] | None = None,
    zone: ZoneInfo | None = None,
) -> list[Classification]:
    """Return one classification per story, in the same order.

    *references* maps a dump's name to when it was collected (its reference time); a dump
    not in it was collected now (or at SOURCE_DATE_EPOCH, when set). *zone* is the site's
    time zone (UTC by default).
    """
    findings = find([story.primary for story in stories], context_for(config))
    return date_stories(stories, findings, references or {}, zone or ZoneInfo("UTC"))


def now_reference() -> dt.datetime:
    """Return the reference time of a dump collected now: SOURCE_DATE_EPOCH when set."""
    return source_date() or dt.datetime.now(dt.UTC)


def context_for(config: ClassifyConfig) -> Context:
    """Return a new context for *config* (its gazetteer and vocabulary are built once)."""
    return Context(config, load_gazetteer(config), load_vocabulary(config), {}, {}, TopicMemo())


def find(stories: Sequence[RawStory], context: Context) -> list[Finding]:
    """Return what each story version says of itself; the same whatever the other stories."""
    # Classifying makes many small objects and no reference cycles; the cycle collector would
    # only walk the gazetteer's tens of thousands of places again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        findings = []
        for story in stories:
            reading = _read(story)
            regions, reasons, tags, countries = _place_and_tag(story, reading, context)
            clues = reading.clues
            if any(countries):
                country, named = (country_code(name) for name in countries)
                clues = replace(clues, country=country, text_country=named)
            findings.append(Finding(regions, reasons, tags, clues))
        return findings
    finally:
        if collecting:
            gc.enable()


def date_stories(
    stories: Sequence[Story],
    findings: Sequence[Finding],
    references: Mapping[str, dt.datetime],
    zone: ZoneInfo,
    now: dt.datetime | None = None,
) -> list[Classification]:
    """Date each story from the finding of its primary version, the page line it printed,
    its dumps' file names and when it was first collected: never from other stories.
    *now* is the reference time of a dump collected now (`now_reference` when not given)."""
    now = now or now_reference()
    results = []
    for story, found in zip(stories, findings, strict=True):
        seen = story_reference(story.sources, references, now) or now
        named = [day for s in story.sources if (day := file_name_date(s.dump)) is not None]
        resolved = resolve_date(
            found.clues,
            story.primary.told.published,
            min(named, default=None),
            seen,
            zone,
        )
        results.append(
            Classification(
                resolved.date,
                resolved.source,
                found.regions,
                found.tags,
                found.reasons,
                precision=resolved.precision,
                published=resolved.published,
                updated=resolved.updated,
                refused=resolved.refused,
            )
        )
    return results


def _read(story: RawStory) -> _Reading:
    """Split a story into its sections and collect its date evidence.

    The body's paragraphs make one section, so that each story is scanned in a few passes.
    """
    sections = [Section("title", story.title, True)]
    sections.extend(Section("caption", caption) for caption in story.captions)
    line: Dateline | None = None
    lead: str | None = None
    body: list[str] = []
    above = ""  # the heading right above the lead: a dateline set apart ("CAIRO")
    for block in story.blocks:
        text = " ".join(block.lines)
        parsed = parse_dateline(text) if lead is None and line is None else None
        if parsed is not None and not (parsed[0].place or parsed[0].month):
            parsed = None  # "(Reuters) - ...": no place nor day; one above the lead may tell
        if parsed is not None and not parsed[0].place and len(text) == parsed[1]:
            line = parsed[0]  # a line that is only a date ("Friday, January 4, 2019")
            continue
        if block.kind == "heading":
            above = text if lead is None else ""
            if _capitalised(text):
                sections.append(Section("body", text, True))
            else:
                body.append(text)
        elif lead is None:
            if parsed is not None:
                line, length = parsed
                text = text[length:]
            lead = text
            sections.append(Section("lead", text))
        else:
            body.append(_lines_joined(block.lines))
    if body:
        sections.append(Section("body", "\n".join(body)))
    if line is None:  # a dateline on its line above the lead, kept or dropped as a date line
        line = standing_dateline(above) or standing_dateline(story.told.published or "")
    if line is None and story.told.dateline:  # another copy's, of a story merged (copies.py)
        place, _, area = story.told.dateline.partition(",")
        line = Dateline(place.strip(), area.strip(), None, None, None)
    clues = story_clues(story.captions, lead or "", sections[-1].text if body else "", line)
    return _Reading(tuple(sections), line, clues)


def _lines_joined(lines: Sequence[str]) -> str:
    """Return a paragraph's lines as one text: a line shorter than a wrapped one (a list's
    item, a label) ends at its line's end, where no name goes on ("Inflation" over "A
    Message from ..."); a line wrapped at the paragraph's width goes on the next."""
    if len(lines) == 1:
        return lines[0]  # (most paragraphs)
    return (
        "".join(line + (" " if len(line) >= _WRAPPED_CHARS else "\n") for line in lines[:-1])
        + lines[-1]
    )


def _capitalised(text: str) -> bool:
    """Tell whether a line capitalises most of its words, as titles and headings do."""
    words = _LETTERS.findall(text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _place_and_tag(
    story: RawStory, reading: _Reading, context: Context
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, str]]:
    """Return the regions, the reasons for them and the tags of one story, and the country
    of its dateline's place and of the place its text is most about ("" when none)."""
    sections = reading.sections
    lead = next((s.text for s in sections if s.position == "lead"), "")
    body = "\n".join(
        s.text for s in sections if s.position in ("caption", "body") and not s.capitalised
    )
    running_text = lead + "\n" + body
    gazetteer, vocabulary, runs = context.gazetteer, context.vocabulary, context.runs
    # A story in a language of its own reads its places in it too: "in Wien", "w Warszawie".
    language = story_language(story.title, lead)
    if language is not None and language != "en" and language in native_languages():
        gazetteer = native_gazetteer(gazetteer, language)
        runs = context.native_runs.setdefault(language, {})
    chunks = scan(sections, gazetteer, vocabulary.skip, runs)
    line = reading.dateline
    datelined = dateline_place(line, gazetteer) if line is not None else None
    mentions = find_mentions(
        chunks,
        datelined,
        running_text,
        gazetteer,
        vocabulary.skip,
        nouns_capitalised=language in _NOUNS_CAPITALISED,
        heads_marked=language in HEADS_MARKED,
    )
    guess = guess_regions(mentions, gazetteer, context.config)
    names = find_names(chunks, mentions, story.title, running_text, vocabulary, context.names)
    topics = find_topics(story.title, lead, body, vocabulary, context.topics)
    titled = {m.place for m in mentions if m.position == "title"}
    tags = choose_tags(guess.places, titled, guess.regions, names, topics, context.config)
    top = guess.places[0][0].country if guess.places else ""
    countries = (datelined.country if datelined is not None else "", top)
    return guess.regions, guess.reasons, tags, countries

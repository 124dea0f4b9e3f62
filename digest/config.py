"""Settings: digest.yaml loaded into frozen dataclasses that reject unknown keys."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest import safe_yaml, xml_chars
from digest.config_checks import (
    NUMBER_RANGES,
    REGEX_FLAGS,
    language_problem,
    name_problem,
    number_problem,
    regex_problem,
    timezone_problem,
)
from digest.config_types import build_dataclass
from digest.errors import DigestError
from digest.not_utf8 import not_utf8
from digest.paths import CONFIG_FILE
from digest.tree import readable
from digest.urls import base_url_problem
from digest.yaml_errors import explain, key_lines, key_name


class ConfigError(DigestError):
    """digest.yaml is missing a value, has an unknown key, or a value of the wrong type."""

    def __init__(
        self,
        path: Path,
        problems: list[str],
        lines: Mapping[str, int] | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """*lines* gives the line of each dotted key, for the problems that start with one;
        *line* and *column* (a YAML error's) name where every other problem is."""
        self.path = path
        self.problems = problems
        self.line = line  # the first line named, for serve's overlay
        said = []
        for problem in problems:
            at = _line_of(problem, lines or {})
            if at is None:
                where = f"{path}:{line}:{column}" if line and column else str(path)
                where = f"{path}:{line}" if line and not column else where
                said.append(f"{where}: {problem}")
                continue
            said.append(f"{path}:{at}: {problem}")
            self.line = self.line or at
        super().__init__("\n".join(said))


def _line_of(problem: str, lines: Mapping[str, int]) -> int | None:
    """Return the line of the key *problem* starts with ("classify.regions.'A: B': ..."), or
    of the list holding the item it names; None when it names no key of the file."""
    cut = problem.find(": ")
    while cut != -1:
        key = problem[:cut]
        at = lines.get(key) or lines.get(key.rsplit("[", 1)[0] if key.endswith("]") else "")
        if at is not None:
            return at
        cut = problem.find(": ", cut + 2)
    return None


DELETED_STORIES = ("region", "404")  # the choices of Config.deleted_stories


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """How dumps are segmented and deduplicated."""

    # Lines that mark the end of a site's header block (the seeds' site prints "TT").
    markers: tuple[str, ...] = ("TT",)
    # A line that only counts something (the seeds' "20"), dropped after a marker line: a
    # regular expression (Python's syntax).
    counter_pattern: str = r"^\d{1,4}$"
    # MinHash Jaccard similarity at or above which two stories are the same story (0.01 to 1).
    near_duplicate_threshold: float = 0.5
    # Words per shingle when comparing stories (longer shingles: fewer chance matches; 1 to 100).
    shingle_words: int = 5
    # Hash functions in each MinHash signature (more: a closer estimate, a slower ingest; 1 to
    # 1024).
    num_perm: int = 128
    # Sub-headings: short lines with no closing punctuation, of at most this many words ...
    heading_max_words: int = 10
    # ... and at most this many characters.
    heading_max_chars: int = 80
    # Regular expressions of more chrome lines to drop (beside the shipped shapes in
    # digest/data/chrome.yaml).
    chrome: tuple[str, ...] = ()
    # Regular expressions of lines never to drop as chrome (to bring back a line dropped wrongly).
    keep: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassifyConfig:
    """Regions, the places that map to them, and topic keywords; extends the built-in data."""

    # Region name -> place names (countries, cities, demonyms) added to that region, or moved
    # to it from the region the built-in data gives (a country moves with its cities). A new
    # region name adds a region.
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Topic tag -> keywords that suggest it ("protest*" matches "protesters"). Replaces the
    # built-in keywords of a topic of the same name; an empty list removes that topic.
    topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A place, person or organisation -> other spellings that mean it ("Kyiv": [Kiev]).
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Words never taken as a place or a tag (a town named like a common word, say).
    ignore: tuple[str, ...] = ()
    # Smaller cities count only in a dateline; a name the editor lists always counts.
    min_city_population: int = 100_000
    # A further region needs at least this share of the primary region's score (0 to 1).
    secondary_share: float = 0.5
    # The most regions a story is placed in.
    max_regions: int = 3
    # The fewest tags a story gets (places, people and organisations first, then topics) ...
    min_tags: int = 3
    # ... and the most.
    max_tags: int = 8


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    """The most a story may list; a story over one is refused with an error naming its file.

    Every tag and region has its own page and feed that repeat the story with all its tags, so
    a story with ten thousand tags would write gigabytes (output grows with the square).
    """

    # The most tags one story may list.
    tags: int = 50
    # The most regions one story may list.
    regions: int = 20
    # The most captions one story may list.
    captions: int = 200


@dataclass(frozen=True, slots=True)
class FrontConfig:
    """What the front page shows: a lead story, then each region's top stories of recent days."""

    days: int = 3  # days of stories shown, counted back from the newest day with a story
    per_region: int = 4  # top stories shown under each region heading
    at_least: int = 8  # stories shown however few the last days had (older days fill in)


@dataclass(frozen=True, slots=True)
class Config:
    """All settings of a digest project."""

    # The site's name, in every page title and feed.
    title: str = "World Digest"
    # One sentence about the site: the home page's description and the feeds' subtitle.
    description: str = "The day's stories, grouped by region."
    # The address the site is published at (a sub-path such as https://example.org/news/
    # works); feeds, the sitemap and canonical links are built from it.
    base_url: str = "http://localhost:8000/"
    # The site's language (an IETF tag such as en, fr, pt-BR: letters, digits and '-', at most 30
    # characters): the pages' lang attribute, the feeds' xml:lang, the quotes, the search's
    # word stemming.
    language: str = "en"
    # The theme: a folder under themes/ in the project, or a built-in one (default).
    theme: str = "default"
    # Stories per numbered page of every list. Pages are numbered from the oldest story, so a
    # full one never changes; a list's own page shows its newest paginate to 2*paginate-1.
    paginate: int = 20
    # Related stories shown under each story: earlier ones, so a new story changes no old page.
    related: int = 5
    # Entries in each Atom feed.
    feed_entries: int = 30
    # A search page and its index (Pagefind); false: no search page, no index, no search
    # links, and a build that never runs Pagefind (the fastest build).
    search: bool = True
    front: FrontConfig = field(default_factory=FrontConfig)
    # The zone whose day a story's date is: a page's printed time is taken to that day.
    timezone: str = "UTC"
    # Where a deleted story's old URLs lead: "region" (its first region's page) or "404".
    # With "region", a tag or region no story has now leads to its index, its feed kept empty.
    deleted_stories: str = "region"
    ingest: IngestConfig = field(default_factory=IngestConfig)
    classify: ClassifyConfig = field(default_factory=ClassifyConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)

    @classmethod
    def default_for_test(cls) -> Config:
        """Return the defaults, as a test would want them."""
        return cls()


def load_config(project: Path, *, required: bool = False) -> Config:
    """Read digest.yaml in *project*; a missing file means all defaults, unless *required*."""
    path = project / CONFIG_FILE
    if not os.path.lexists(path):
        if required:  # gone for a moment (a checkout): the defaults would rewrite stories
            raise ConfigError(path, [_MISSING])
        return Config()
    if not readable(path, project):  # /dev/zero would never end, a link out could leak
        raise ConfigError(path, ["not a regular file inside the project; refused"])
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        data = safe_yaml.load(text)
    except yaml.YAMLError as error:
        problem = explain(error, text)
        raise ConfigError(
            path, [problem.message], line=problem.line, column=problem.column
        ) from error
    except UnicodeDecodeError as error:
        wrong, line = not_utf8(raw, error)
        raise ConfigError(path, [wrong], line=line) from error
    if data is None:
        data = {}
    problems: list[str] = []
    config = build_dataclass(Config, data, "", problems)
    if isinstance(config, Config):
        problems.extend(range_problems(config))
    if problems or not isinstance(config, Config):
        raise ConfigError(
            path, problems or ["the file must hold a mapping of settings"], key_lines(text)
        )
    return config


_MISSING = "no such file; put it back (the built-in settings would re-ingest every story)"


def setting_line(project: Path, key: str) -> int | None:
    """Return the line of digest.yaml that sets dotted *key*, for a problem found later (a
    theme that is not there); None when the file or the key is not."""
    path = project / CONFIG_FILE
    if not readable(path, project):
        return None
    try:
        return key_lines(path.read_text(encoding="utf-8-sig")).get(key)
    except (OSError, UnicodeDecodeError):
        return None


def range_problems(config: Config) -> list[str]:
    """Return the problems of values of the right type that cannot be used ("key: must be
    at least ...", a regular expression that does not compile, an address that is not one)."""
    problems = []
    for key in NUMBER_RANGES:
        problems.append(number_problem(key, _setting(config, key)))
    built_in = Config()
    for key in REGEX_FLAGS:
        value = _setting(config, key)
        if value == _setting(built_in, key):
            # The built-in pattern compiles (tests/test_bad_settings): settings that keep it
            # (most) load without `regex` and its compiler, before a story edit's page.
            continue
        if isinstance(value, str):
            problems.append(regex_problem(key, value))
        else:
            problems.extend(regex_problem(f"{key}[{i}]", item) for i, item in enumerate(value))
    problems.extend(_unsafe_text(config, ""))
    for key in ("regions", "topics", "aliases"):
        named = getattr(config.classify, key)
        for name, words in named.items():
            # Each named by its own dotted key, so that the message names its own line.
            where = f"classify.{key}.{key_name(name)}"
            if not name.strip():
                problems.append(f"{where}: a name must not be empty")
            problems.extend(
                f"{where}[{n}]: {name_problem(w)}" for n, w in enumerate(words) if name_problem(w)
            )
    problems.extend(
        f"classify.ignore[{n}]: {name_problem(w)}"
        for n, w in enumerate(config.classify.ignore)
        if name_problem(w)
    )
    if config.classify.min_tags > config.classify.max_tags:
        problems.append(
            f"classify.min_tags: {config.classify.min_tags} is more than classify.max_tags"
            f" ({config.classify.max_tags})"
        )
    problems.append(base_url_problem(config.base_url))
    problems.append(language_problem(config.language))
    if config.deleted_stories not in DELETED_STORIES:
        choices = " or ".join(DELETED_STORIES)
        problems.append(f"deleted_stories: expected {choices}, got {config.deleted_stories!r}")
    problems.append(timezone_problem(config.timezone))
    return [problem for problem in problems if problem is not None]


def _unsafe_text(value: object, key: str) -> list[str]:
    """Return a problem for each setting holding a character no page or feed can carry (a
    title written "Daily\\a" in YAML): the site's title and names go into every page."""
    if key in REGEX_FLAGS:  # a pattern is matched, never published
        return []
    if isinstance(value, str):
        found = xml_chars.first(value)
        if found is None:
            return []
        return [f"{key}: a control character (U+{ord(found[1]):04X}) no page or feed can hold"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            problem
            for item in dataclasses.fields(value)
            for problem in _unsafe_text(
                getattr(value, item.name), f"{key}.{item.name}" if key else item.name
            )
        ]
    if isinstance(value, Mapping):  # each name and item by its own key: the message's line
        return [
            problem
            for name, item in value.items()
            for within in (f"{key}.{key_name(str(name))}",)
            for problem in (*_unsafe_text(name, within), *_unsafe_text(item, within))
        ]
    if isinstance(value, tuple | list):
        return [
            problem for n, item in enumerate(value) for problem in _unsafe_text(item, f"{key}[{n}]")
        ]
    return []


def _setting(config: Config, key: str) -> Any:
    """Return the setting of dotted name *key* ("ingest.num_perm")."""
    value: Any = config
    for name in key.split("."):
        value = getattr(value, name)
    return value

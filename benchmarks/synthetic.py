"""Synthetic stories for the speed benchmark: N news stories, deterministic for a seed.

Each story has a realistic title, one photo caption, a ~750-word body in paragraphs with a
sub-heading or two, 2-5 tags out of ~200, one or two of six regions and a date within two
years. The same stories are written three ways:

- as raw dumps in the seeds' layout (title, captions twice, TT, title again, body), for ingest;
- as digest Markdown articles (content/articles/YYYY/MM/<slug>.md with front matter);
- as Hugo content (content/stories/<slug>.md) with the same bodies, tags and regions.

Nothing here depends on digest: the benchmark's input must not change with the code it times.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REGIONS: dict[str, tuple[str, ...]] = {
    "Europe": (
        "France",
        "Germany",
        "Italy",
        "Spain",
        "Poland",
        "Finland",
        "Sweden",
        "Norway",
        "Ukraine",
        "Greece",
        "Portugal",
        "Austria",
        "Hungary",
        "Romania",
        "Ireland",
        "Belgium",
        "Netherlands",
        "Denmark",
        "Czech Republic",
        "Serbia",
    ),
    "Middle East": (
        "Iran",
        "Iraq",
        "Syria",
        "Lebanon",
        "Jordan",
        "Israel",
        "Saudi Arabia",
        "Yemen",
        "Qatar",
        "Kuwait",
        "Oman",
        "Bahrain",
        "Turkey",
        "Egypt",
        "United Arab Emirates",
    ),
    "Asia": (
        "Japan",
        "China",
        "India",
        "South Korea",
        "North Korea",
        "Vietnam",
        "Thailand",
        "Indonesia",
        "Philippines",
        "Malaysia",
        "Pakistan",
        "Bangladesh",
        "Nepal",
        "Mongolia",
        "Kazakhstan",
        "Sri Lanka",
        "Cambodia",
        "Myanmar",
        "Singapore",
        "Laos",
    ),
    "Africa": (
        "Nigeria",
        "Kenya",
        "Ethiopia",
        "Ghana",
        "Senegal",
        "Morocco",
        "Algeria",
        "Tunisia",
        "Sudan",
        "Uganda",
        "Tanzania",
        "Angola",
        "Mali",
        "Niger",
        "Zambia",
        "Zimbabwe",
        "Cameroon",
        "Rwanda",
        "Somalia",
        "Libya",
    ),
    "Americas": (
        "Brazil",
        "Mexico",
        "Canada",
        "Argentina",
        "Chile",
        "Colombia",
        "Peru",
        "Venezuela",
        "Cuba",
        "Ecuador",
        "Bolivia",
        "Uruguay",
        "Paraguay",
        "Guatemala",
        "Honduras",
        "Panama",
        "Haiti",
        "Jamaica",
        "Costa Rica",
        "Nicaragua",
    ),
    "Oceania": (
        "Australia",
        "New Zealand",
        "Fiji",
        "Papua New Guinea",
        "Samoa",
        "Tonga",
        "Vanuatu",
        "Solomon Islands",
        "Kiribati",
        "Palau",
    ),
}
TOPICS = (
    "Elections",
    "Protests",
    "Economy",
    "Energy",
    "Climate",
    "Health",
    "Trade",
    "Security",
    "Diplomacy",
    "Migration",
    "Technology",
    "Agriculture",
    "Education",
    "Transport",
    "Human Rights",
    "Courts",
    "Floods",
    "Earthquakes",
    "Inflation",
    "Oil",
    "Gas",
    "Nuclear",
    "Defence",
    "Sanctions",
    "Tourism",
    "Fisheries",
    "Mining",
    "Water",
    "Wildfires",
    "Banking",
    "Space",
    "Sport",
    "Culture",
    "Labour",
    "Housing",
    "Drought",
    "Refugees",
    "Cyber",
    "Shipping",
    "Aviation",
)
PEOPLE = (
    "Amara Osei",
    "Lena Varga",
    "Tomas Lindqvist",
    "Mei Tanaka",
    "Rafael Ortega",
    "Nadia Haddad",
    "Sanjay Rao",
    "Olga Petrenko",
    "Kwame Mensah",
    "Ines Duarte",
    "Yusuf Demir",
    "Hana Kim",
    "Marco Bellini",
    "Aisha Bello",
    "Pieter de Vries",
    "Sofia Lopes",
    "Ravi Menon",
    "Elena Popescu",
    "Jonas Berg",
    "Leila Nasser",
)
ORGANISATIONS = (
    "United Nations",
    "European Union",
    "NATO",
    "World Bank",
    "IMF",
    "WHO",
    "OPEC",
    "African Union",
    "ASEAN",
    "Red Cross",
    "UNICEF",
    "WTO",
    "Interpol",
    "G20",
    "G7",
    "Arab League",
    "Mercosur",
    "Pacific Islands Forum",
    "UNHCR",
    "IAEA",
)
SUBJECTS = (
    "Minister",
    "President",
    "Parliament",
    "Central Bank",
    "Court",
    "Army",
    "Police",
    "Opposition",
    "Government",
    "Governor",
    "Coalition",
    "Rebels",
    "Farmers",
    "Unions",
    "Students",
    "Regulator",
    "Envoy",
    "Prosecutors",
    "Voters",
    "Officials",
)
VERBS = (
    "Summons",
    "Rejects",
    "Approves",
    "Warns",
    "Backs",
    "Blocks",
    "Signs",
    "Delays",
    "Announces",
    "Criticises",
    "Welcomes",
    "Suspends",
    "Extends",
    "Launches",
    "Probes",
    "Seeks",
    "Resumes",
    "Halts",
    "Defends",
    "Targets",
)
OBJECTS = (
    "Budget",
    "Deal",
    "Talks",
    "Plan",
    "Reform",
    "Envoy",
    "Ban",
    "Tariffs",
    "Aid",
    "Vote",
    "Inquiry",
    "Strike",
    "Ceasefire",
    "Loan",
    "Pipeline",
    "Bill",
    "Treaty",
    "Curfew",
    "Subsidies",
    "Visa Rules",
)
REASONS = (
    "Deadly Protests",
    "Border Clash",
    "Rising Prices",
    "Drought Fears",
    "Election Dispute",
    "Power Cuts",
    "Corruption Claims",
    "Fuel Shortage",
    "Flood Damage",
    "Cyber Attack",
    "Debt Crisis",
    "Trade Row",
    "Water Dispute",
    "Port Strike",
    "Refugee Influx",
)
NOUNS = (
    "government",
    "ministry",
    "official",
    "agency",
    "report",
    "plan",
    "agreement",
    "market",
    "price",
    "vote",
    "council",
    "committee",
    "statement",
    "meeting",
    "decision",
    "budget",
    "border",
    "region",
    "city",
    "village",
    "company",
    "bank",
    "court",
    "law",
    "policy",
    "crisis",
    "talks",
    "deal",
    "project",
    "programme",
    "measure",
    "proposal",
    "election",
    "campaign",
    "protest",
    "strike",
    "economy",
    "industry",
    "sector",
    "export",
    "import",
    "investment",
    "growth",
    "debt",
    "loan",
    "fund",
    "aid",
    "support",
    "response",
    "question",
    "answer",
    "spokesperson",
    "minister",
    "leader",
    "party",
    "coalition",
    "parliament",
    "senate",
    "army",
    "force",
    "police",
    "security",
    "attack",
    "incident",
    "investigation",
    "inquiry",
    "evidence",
    "source",
    "document",
    "letter",
    "visit",
    "trip",
    "summit",
    "conference",
    "forum",
    "network",
    "system",
    "service",
    "hospital",
    "school",
    "university",
    "road",
    "bridge",
    "railway",
    "airport",
    "harbour",
    "power",
    "plant",
    "station",
    "grid",
    "pipeline",
    "field",
    "farm",
    "harvest",
    "season",
    "weather",
    "storm",
    "flood",
    "fire",
    "water",
    "supply",
    "shortage",
    "demand",
    "cost",
    "tax",
    "reform",
    "rule",
    "ban",
)
VERBS_PAST = (
    "said",
    "announced",
    "confirmed",
    "denied",
    "reported",
    "warned",
    "argued",
    "added",
    "noted",
    "stressed",
    "approved",
    "rejected",
    "proposed",
    "delayed",
    "signed",
    "launched",
    "criticised",
    "welcomed",
    "defended",
    "questioned",
    "expected",
    "promised",
    "planned",
    "agreed",
    "refused",
    "suggested",
    "estimated",
    "described",
    "urged",
    "called",
)
ADJECTIVES = (
    "new",
    "local",
    "national",
    "regional",
    "international",
    "foreign",
    "domestic",
    "senior",
    "former",
    "major",
    "minor",
    "public",
    "private",
    "economic",
    "political",
    "military",
    "financial",
    "social",
    "rural",
    "urban",
    "early",
    "late",
    "recent",
    "annual",
    "monthly",
    "weekly",
    "official",
    "independent",
    "joint",
    "key",
    "main",
    "further",
    "strong",
    "weak",
    "higher",
    "lower",
    "rising",
    "falling",
    "critical",
    "possible",
    "likely",
    "unclear",
)
LINKERS = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "this month",
    "earlier this year",
    "in a statement",
    "according to sources",
    "after the meeting",
    "before the vote",
    "despite the warnings",
    "in the capital",
    "near the border",
    "across the region",
    "for the first time",
    "once again",
)
SUBHEADINGS = (
    "Regional reaction",
    "What comes next",
    "Economic impact",
    "A divided parliament",
    "Background",
    "Growing pressure",
    "Security concerns",
    "The road ahead",
    "Voices from the street",
    "Financial markets",
    "International response",
    "Key figures",
)
START = dt.date(2024, 1, 1)
DAYS = 731  # two years
WORDS_PER_STORY = 750


@dataclass(frozen=True, slots=True)
class Shape:
    """How a corpus departs from the news shape (the benchmark's default): held-out corpora.

    *days*: the stories' dates spread over this many days from START; *words*: a story's
    length; *more_tags*, *more_regions*: drawn beyond the default's 1-4 tags and 1-2 regions.
    """

    days: int = DAYS
    words: int = WORDS_PER_STORY
    more_tags: int = 0
    more_regions: int = 0


SHAPES = {
    "news": Shape(),
    "long": Shape(words=3 * WORDS_PER_STORY),  # stories three times as long
    "tagged": Shape(more_tags=6, more_regions=2),  # up to 10 tags and 4 regions a story
    "oneday": Shape(days=3),  # every story on one of three days: a day's lists are long
}
STORIES_PER_DUMP = 25


@dataclass(frozen=True, slots=True)
class Story:
    """One synthetic story."""

    number: int
    title: str
    slug: str
    date: dt.date
    regions: tuple[str, ...]
    tags: tuple[str, ...]
    caption: str
    paragraphs: tuple[str, ...]  # a paragraph, or "## Sub-heading"


def all_tags() -> tuple[str, ...]:
    """Return the ~200 tags stories draw from: countries, topics, people, organisations."""
    countries = tuple(country for names in REGIONS.values() for country in names)
    return countries + TOPICS + PEOPLE + ORGANISATIONS


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


FUNCTION_WORDS = (
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "its",
    "their",
    "after",
    "over",
    "while",
    "about",
    "into",
    "than",
    "between",
)
SYLLABLES = (
    "ba",
    "ca",
    "da",
    "fa",
    "ga",
    "ha",
    "ka",
    "la",
    "ma",
    "na",
    "pa",
    "ra",
    "sa",
    "ta",
    "va",
    "be",
    "de",
    "fe",
    "ge",
    "le",
    "me",
    "ne",
    "pe",
    "re",
    "se",
    "te",
    "ve",
    "bi",
    "di",
    "fi",
    "gi",
    "li",
    "mi",
    "ni",
    "pi",
    "ri",
    "si",
    "ti",
    "vi",
    "bo",
    "co",
    "do",
    "fo",
    "go",
    "lo",
    "mo",
    "no",
    "po",
    "ro",
    "so",
    "to",
    "vo",
    "bu",
    "du",
    "fu",
    "gu",
    "lu",
    "mu",
    "nu",
    "ru",
    "su",
    "tu",
    "an",
    "en",
    "in",
    "on",
    "un",
    "ar",
    "er",
    "ir",
    "or",
    "ur",
    "al",
    "el",
    "il",
)
PSEUDO_WORDS = 15_000


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words with Zipf-like frequencies, as in real text: a few common, most rare."""

    words: tuple[str, ...]
    cumulative: tuple[float, ...]


def make_vocabulary(seed: int) -> Vocabulary:
    rng = random.Random(seed * 7919 + 17)
    words = dict.fromkeys((*NOUNS, *VERBS_PAST, *ADJECTIVES))
    while len(words) < PSEUDO_WORDS:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    ordered = list(words)
    total = 0.0
    cumulative = []
    for rank in range(len(ordered)):
        total += 1.0 / (rank + 8)
        cumulative.append(total)
    return Vocabulary(tuple(ordered), tuple(cumulative))


def _sentence(rng: random.Random, vocabulary: Vocabulary, names: tuple[str, ...]) -> str:
    content = rng.choices(vocabulary.words, cum_weights=vocabulary.cumulative, k=rng.randint(9, 18))
    words: list[str] = []
    for word in content:
        if rng.random() < 0.45:
            words.append(rng.choice(FUNCTION_WORDS))
        words.append(word)
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    if rng.random() < 0.25:
        words.append(rng.choice(LINKERS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + ("?" if rng.random() < 0.03 else ".")


def _paragraphs(
    rng: random.Random, vocabulary: Vocabulary, names: tuple[str, ...], length: int
) -> tuple[str, ...]:
    paragraphs: list[str] = []
    words = 0
    headings = rng.sample(SUBHEADINGS, 2)
    while words < length:
        if paragraphs and len(paragraphs) % 5 == 0 and headings:
            paragraphs.append("## " + headings.pop())
        text = " ".join(_sentence(rng, vocabulary, names) for _ in range(rng.randint(2, 4)))
        words += len(text.split())
        paragraphs.append(text)
    return tuple(paragraphs)


def make_stories(count: int, seed: int = 1, shape: Shape = SHAPES["news"]) -> list[Story]:
    """Return *count* stories of *shape*, the same for the same *seed* (the news shape's
    stories draw the same numbers as before shapes were added)."""
    rng = random.Random(seed)
    vocabulary = make_vocabulary(seed)
    tags = all_tags()
    country_region = {country: region for region, names in REGIONS.items() for country in names}
    stories = []
    seen: set[tuple[str, str]] = set()
    for number in range(count):
        country = rng.choice(tuple(country_region))
        other = rng.choice(tuple(country_region))
        title = rng.choice(
            (
                f"{country} {rng.choice(VERBS)} {other} {rng.choice(OBJECTS)} "
                f"Over {rng.choice(REASONS)}",
                f"{country}'s {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"amid {rng.choice(REASONS)}",
                f"{rng.choice(SUBJECTS)} in {country} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, "
                f"{other} Says",
            )
        )
        date = START + dt.timedelta(days=rng.randrange(shape.days))
        regions = [country_region[country]]
        if country_region[other] != regions[0] and rng.random() < 0.4:
            regions.append(country_region[other])
        if shape.more_regions:
            extra = rng.sample(tuple(REGIONS), rng.randint(0, shape.more_regions))
            regions = list(dict.fromkeys([*regions, *extra]))
        chosen = [country, *rng.sample(tags, rng.randint(1, 4 + shape.more_tags))]
        story_tags = tuple(dict.fromkeys(chosen))[: 5 + shape.more_tags]
        if len(story_tags) < 2:
            story_tags = (*story_tags, rng.choice(TOPICS))
        slug = slugify(title)[:80].strip("-")
        month = f"{date:%Y/%m}"
        base, suffix = slug, 2
        while (month, slug) in seen:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        seen.add((month, slug))
        caption = (
            f"People gather in {country} as the {rng.choice(NOUNS)} {rng.choice(VERBS_PAST)} "
            f"the {rng.choice(NOUNS)}, {date:%B} {date.day}, {date.year}. (Reuters)"
        )
        stories.append(
            Story(
                number=number,
                title=title,
                slug=slug,
                date=date,
                regions=tuple(regions),
                tags=story_tags,
                caption=caption,
                paragraphs=_paragraphs(rng, vocabulary, (country, other, *story_tags), shape.words),
            )
        )
    return stories


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def body_markdown(story: Story) -> str:
    return "\n\n".join(story.paragraphs) + "\n"


def article_markdown(story: Story) -> str:
    """Return the story as a digest article: front matter as ingest writes it, then the body."""
    return (
        "---\n"
        f"title: {_quoted(story.title)}\n"
        f"date: {story.date.isoformat()}\n"
        "date_source: manual\n"
        f"regions: {_yaml_list(story.regions)}\n"
        f"tags: {_yaml_list(story.tags)}\n"
        "captions:\n"
        f"  - {_quoted(story.caption)}\n"
        f"id: s{story.number:07d}\n"
        "---\n\n" + body_markdown(story)
    )


def hugo_markdown(story: Story) -> str:
    """Return the story as a Hugo page with the same taxonomies and body."""
    return (
        "---\n"
        f"title: {_quoted(story.title)}\n"
        f"date: {story.date.isoformat()}\n"
        f"slug: {_quoted(story.slug)}\n"
        f"regions: {_yaml_list(story.regions)}\n"
        f"tags: {_yaml_list(story.tags)}\n"
        f"captions: [{_quoted(story.caption)}]\n"
        "---\n\n" + body_markdown(story)
    )


def dump_text(stories: list[Story]) -> str:
    """Return stories as one raw dump in the seeds' layout."""
    parts = []
    for index, story in enumerate(stories):
        counter = ["20"] if index % 2 == 0 else []
        header = [story.title, "", story.caption, story.caption, "TT", *counter, "", story.title]
        body = [paragraph.removeprefix("## ") for paragraph in story.paragraphs]
        parts.append("\n".join([*header, "", story.caption, story.caption, "", "\n\n".join(body)]))
    return "\n\n\n".join(parts) + "\n"


def dumps(stories: list[Story], per_dump: int = STORIES_PER_DUMP) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) of dumps of *per_dump* stories each."""
    for part in range(0, len(stories), per_dump):
        number = part // per_dump
        yield f"{number:04d}_dump.txt", dump_text(stories[part : part + per_dump])


def write_articles(stories: list[Story], articles_dir: Path) -> None:
    """Write the stories as digest Markdown articles."""
    for story in stories:
        path = articles_dir / f"{story.date:%Y/%m}" / f"{story.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_markdown(story), encoding="utf-8")


def write_hugo_content(stories: list[Story], content_dir: Path) -> None:
    """Write the stories as Hugo pages (one folder, slugs unique per month in the URL)."""
    folder = content_dir / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    for story in stories:
        name = f"{story.date:%Y-%m}-{story.slug}.md"
        (folder / name).write_text(hugo_markdown(story), encoding="utf-8")


def write_dumps(stories: list[Story], raw_dir: Path, per_dump: int = STORIES_PER_DUMP) -> int:
    """Write the stories as raw dumps; return how many were written."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, text in dumps(stories, per_dump):
        (raw_dir / name).write_text(text, encoding="utf-8")
        count += 1
    return count

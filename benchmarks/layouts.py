"""(library) Real stories wrapped in five outlets' page chrome, as an editor copies them.

Each page is a list of (line, kind) pairs, so the scorer knows exactly which lines are the
story and which are the page around it. Kinds:

- `title`, `standfirst`, `body`: the story (the standfirst is neither required nor a leak);
- `caption`: a photo's caption (belongs in `captions`, never in the body);
- `chrome`: buttons, bylines, printed times, credits, ads, newsletter boxes, lists, footers;
- `credit`: lines an outlet prints inside its story that tell who wrote it ("Reporting by
  ...", "... contributed to this report"): neither counted as chrome nor as story;
- `blank`: an empty line.

The layouts follow what copying each outlet's article page from a browser gives (BBC, AP,
the Guardian, Reuters.com, Al Jazeera), with several phrasings of every kind of chrome and a
seeded choice of which parts appear and where, so a rule that only knows one string fails.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

Line = tuple[str, str]
Record = dict[str, Any]

FIRST = "Jane John Maria Ahmed Olga Kenji Fatima Pedro Aisha Tom Ingrid Samuel Priya Luca".split()  # noqa: SIM905
LAST = "Doe Roe Okafor Novak Tanaka Haddad Silva Brennan Larsen Mensah Rossi Kaur Weber".split()  # noqa: SIM905
CITIES = "LONDON PARIS WASHINGTON BERLIN NAIROBI TOKYO SYDNEY MADRID CAIRO OTTAWA".split()  # noqa: SIM905
PHOTOGRAPHERS = [f"{f} {last}" for f in FIRST[:7] for last in LAST[6:10]]
CAPTIONS = (
    "Rescue workers search the site on {day}",
    "People gather outside the building in the capital",
    "Police officers stand guard near the scene",
    "Officials speak to reporters after the meeting on {day}",
    "Demonstrators hold placards during a protest",
    "A view of the city centre, where the talks took place",
    "Delegates arrive for the summit on {day}",
    "Workers at the port unload containers",
)
GUARDIAN_PITCH = (
    "Our morning email breaks down the key stories of the day, telling you what's happening"
    " and why it matters"
)
GUARDIAN_PRIVACY = (
    "Privacy Notice: Newsletters may contain info about charities, online ads, and content"
    " funded by outside parties. For more information see our Privacy Policy. We use Google"
    " reCaptcha to protect our website and the Google Privacy Policy and Terms of Service apply."
)
REUTERS_PITCH = (
    "Get a look at the day ahead in U.S. and global markets with our Morning Bid U.S."
    " newsletter. Sign up here."
)
AP_COPYRIGHT = (
    "Copyright {year} The Associated Press. All Rights Reserved. This material may not be"
    " published, broadcast, rewritten or redistributed."
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()  # noqa: SIM905


@dataclass
class Page:
    """One story as copied from one outlet's page, with the truth the scorer needs."""

    outlet: str
    lines: list[Line] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None  # the printed publication day (with its year), if printed
    published: dt.datetime | None = None  # the printed publication time, if one was printed
    dateline: str = ""
    record_id: str = ""

    def add(self, kind: str, *texts: str) -> None:
        self.lines.extend((text, kind) for text in texts)


@dataclass(frozen=True)
class Story:
    """What the corpus gives: headline, paragraphs, date, and a place for a dateline."""

    id: str
    title: str
    paragraphs: list[str]
    date: dt.date
    place: str


def story_from(record: Record, rng: random.Random) -> Story | None:
    """Return the corpus record as a Story: its own dateline cut off, captions left out."""
    paragraphs = [p.strip() for p in record["text"].split("\n\n") if p.strip()]
    place = ""
    dateline = record.get("dateline") or ""
    if record["source"] == "Reuters" and dateline and paragraphs[0].startswith(dateline):
        place = dateline.split(",")[0].strip()
        paragraphs[0] = paragraphs[0][len(dateline) :].strip()
    # Short lines of the corpus (Wikinews' captions and attributions) are no clear truth.
    paragraphs = [p for p in paragraphs if len(p.split()) >= 6]
    if len(paragraphs) < 3:
        return None
    title = " ".join(record["title"].split())
    if title.isupper():
        title = string.capwords(title.lower())
    place = place if place and place.isupper() else rng.choice(CITIES)
    return Story(record["id"], title, paragraphs, dt.date.fromisoformat(record["date"]), place)


def _names(rng: random.Random, most: int = 2) -> list[str]:
    count = rng.choice([1, 1, 1, 2, 2, 3][: 3 + most])
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


def _joined(names: list[str], conjunction: str = "and") -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _moment(story: Story, zone: str, rng: random.Random) -> dt.datetime:
    """A publication time on the story's day, in *zone*, that is the same day in UTC."""
    local = ZoneInfo(zone)
    for _ in range(50):
        hour, minute = rng.randint(6, 22), rng.randint(0, 59)
        moment = dt.datetime.combine(story.date, dt.time(hour, minute), local)
        if moment.astimezone(dt.UTC).date() == story.date:
            return moment
    raise AssertionError("no hour of the day is the same day in UTC")


def _day(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _caption(story: Story, rng: random.Random) -> str:
    day = WEEKDAYS[story.date.weekday()]
    return rng.choice(CAPTIONS).format(day=day)


def _related(rng: random.Random, titles: list[str], count: int) -> list[str]:
    return rng.sample(titles, min(count, len(titles)))


def _body(
    page: Page, story: Story, rng: random.Random, first: str, inserts: list[list[Line]]
) -> None:
    """Add the paragraphs (the first with its *first* prefix), with *inserts* between them."""
    spots = sorted(
        rng.sample(range(1, len(story.paragraphs)), min(len(inserts), len(story.paragraphs) - 1))
    )
    pending = dict(zip(spots, inserts, strict=False))
    for number, paragraph in enumerate(story.paragraphs):
        for line in pending.get(number, []):
            page.lines.append(line)
        page.add("body", first + paragraph if number == 0 else paragraph)


def bbc(story: Story, rng: random.Random, titles: list[str]) -> Page:
    page = Page("BBC News", record_id=story.id)
    if rng.random() < 0.4:
        page.add("chrome", rng.choice(["Business", "World", "Europe", "US & Canada", "Africa"]))
    page.add("title", story.title)
    printed = rng.random()
    if printed < 0.8:
        page.date = story.date
        text = f"{story.date.day} {story.date:%B %Y}"
        page.add("chrome", rng.choice(["", "Published ", "Updated "]) + text)
    elif printed < 0.9:
        page.add("chrome", rng.choice(["2 hours ago", "1 day ago", "5 hours ago"]))
    page.add("chrome", *rng.choice([["Share"], ["Share", "Save"], ["Save", "Share"]]))
    page.authors = _names(rng, 1)
    byline = rng.choice(
        [
            [f"By {page.authors[0]}, BBC News"],
            [page.authors[0], rng.choice(["BBC News", "BBC News, " + story.place.title()])],
            [
                f"By {page.authors[0]}",
                rng.choice(["Business reporter", "BBC News", "Technology editor"]),
            ],
        ]
    )
    page.add("chrome", *byline)
    if rng.random() < 0.7:
        page.add("chrome", rng.choice(["Getty Images", "Reuters", "EPA", "PA Media", "AFP"]))
        page.add("caption", _caption(story, rng))
    inserts: list[list[Line]] = []
    if rng.random() < 0.5:
        inserts.append(
            [
                (rng.choice(["Getty Images", "EPA-EFE/REX/Shutterstock", "BBC"]), "chrome"),
                (_caption(story, rng), "caption"),
            ]
        )
    if rng.random() < 0.3:
        inserts.append([("Watch: " + rng.choice(titles), "chrome")])
    _body(page, story, rng, "", inserts)
    _bbc_end(page, rng, titles)
    return page


def _bbc_end(page: Page, rng: random.Random, titles: list[str]) -> None:
    ends: list[list[str]] = [
        [
            "Related topics",
            *rng.sample(["Ukraine", "Russia", "Economy", "Climate", "France", "Elections"], 3),
        ],
        [
            rng.choice(["More on this story", "Related", "Related stories"]),
            *_related(rng, titles, 3),
        ],
        [
            rng.choice(
                [
                    "Copyright 2020 BBC. All rights reserved. The BBC is not responsible for the "
                    "content of external sites. Read about our approach to external linking.",
                    "The BBC is not responsible for the content of external sites.",
                ]
            )
        ],
    ]
    for end in ends:
        if rng.random() < 0.6:
            page.add("chrome", *end)


def ap(story: Story, rng: random.Random, titles: list[str]) -> Page:
    page = Page("Associated Press", record_id=story.id, dateline=story.place)
    page.add("title", story.title)
    page.authors = _names(rng)
    names = _joined([n.upper() for n in page.authors])
    page.add(
        "chrome",
        *rng.choice(
            [[f"By {names}"], [f"By {names} Associated Press"], [f"By {names}", "Associated Press"]]
        ),
    )
    moment = _moment(story, "America/New_York", rng)
    page.published, page.date = moment, story.date
    clock = f"{moment:%I:%M %p %Z}".lstrip("0")
    day = f"{moment:%B} {moment.day}, {moment.year}"
    page.add(
        "chrome",
        rng.choice([f"Updated {clock}, {day}", f"Published {clock}, {day}", f"{day} {clock}"]),
    )
    buttons = [
        "Share",
        "Copy Link copied",
        "Email",
        "Facebook",
        "X",
        "Reddit",
        "LinkedIn",
        "Pinterest",
        "Flipboard",
        "Print",
    ]
    page.add("chrome", *buttons[: rng.randint(1, len(buttons))])
    if rng.random() < 0.7:
        credit = f"(AP Photo/{rng.choice(PHOTOGRAPHERS)}{rng.choice(['', ', File'])})"
        prefix = rng.choice(["", "FILE - "])
        when = f", {WEEKDAYS[story.date.weekday()]}, {_day(story.date)}"
        page.add("caption", f"{prefix}{_caption(story, rng)}{when}. {credit}")
        if rng.random() < 0.5:
            page.add("chrome", rng.choice(["Read More", "1 of 3 |", "1 of 5"]))
    inserts: list[list[Line]] = [[("Advertisement", "chrome")] for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.4:
        inserts.append(
            [("RELATED COVERAGE", "chrome")] + [(t, "chrome") for t in _related(rng, titles, 2)]
        )
    dash = rng.choice(["—", "-", "—"])
    _body(page, story, rng, f"{story.place} (AP) {dash} ", inserts)
    if rng.random() < 0.5:
        page.add("chrome", "___")
        page.add(
            "credit",
            f"Associated Press writer {rng.choice(PHOTOGRAPHERS)} in"
            f" {rng.choice(CITIES).title()} contributed to this report.",
        )
    if rng.random() < 0.6:
        page.add(
            "chrome",
            AP_COPYRIGHT.format(year=story.date.year),
        )
    if rng.random() < 0.4:
        page.add(
            "chrome",
            rng.choice(["Most read", "Trending", "Recommended"]),
            *_related(rng, titles, 3),
        )
    return page


def guardian(story: Story, rng: random.Random, titles: list[str]) -> Page:
    page = Page("The Guardian", record_id=story.id)
    if rng.random() < 0.5:
        page.add("chrome", rng.choice(["World news", "Politics", "Business", "Environment"]))
    page.add("title", story.title)
    if rng.random() < 0.6:
        page.add(
            "standfirst",
            rng.choice(["Officials say", "Reports say", "Critics warn"])
            + " the move marks a turning point after months of uncertainty",
        )
    if rng.random() < 0.7:
        credit = rng.choice(["Getty Images", "AP", "Reuters", "AFP/Getty Images", "EPA"])
        page.add(
            "caption", f"{_caption(story, rng)}. Photograph: {rng.choice(PHOTOGRAPHERS)}/{credit}"
        )
    page.authors = _names(rng)
    page.add(
        "chrome",
        *rng.choice(
            [
                [f"{_joined(page.authors)} in {story.place.title()}"],
                [_joined(page.authors)],
                [
                    _joined(page.authors),
                    rng.choice(["Political correspondent", "Europe correspondent"]),
                ],
            ]
        ),
    )
    moment = _moment(story, "Europe/London", rng)
    page.published, page.date = moment, story.date
    page.add("chrome", f"{moment:%a} {moment.day} {moment:%b %Y %H.%M %Z}")
    if rng.random() < 0.5:
        later = moment + dt.timedelta(minutes=rng.randint(5, 60))
        page.add("chrome", f"Last modified on {later:%a} {later.day} {later:%b %Y %H.%M %Z}")
    page.add(
        "chrome",
        *rng.sample(
            [
                "Share on Facebook",
                "Share on Twitter",
                "Share via Email",
                "Share on LinkedIn",
                "Share on WhatsApp",
            ],
            rng.randint(1, 4),
        ),
    )
    if rng.random() < 0.5:
        page.add("chrome", rng.choice(["Comments", "Shares"]), f"{rng.randint(20, 2000):,}")
    inserts: list[list[Line]] = []
    if rng.random() < 0.6:
        box = [
            rng.choice(
                [
                    "Sign up to First Edition",
                    "Sign up to This is Europe",
                    "Sign up to Business Today",
                ]
            ),
            rng.choice(["Free daily newsletter", "Free weekly newsletter"]),
            GUARDIAN_PITCH,
            GUARDIAN_PRIVACY,
            "after newsletter promotion",
        ]
        inserts.append([(text, "chrome") for text in box])
    _body(page, story, rng, "", inserts)
    if rng.random() < 0.7:
        page.add(
            "chrome",
            "Explore more on these topics",
            *rng.sample(["Europe", "World news", "Climate crisis", "Economics", "news"], 3),
        )
    page.add(
        "chrome", *rng.sample(["Share", "Reuse this content", "Most viewed"], rng.randint(1, 3))
    )
    return page


def reuters(story: Story, rng: random.Random, titles: list[str]) -> Page:
    page = Page("Reuters", record_id=story.id, dateline=story.place)
    if rng.random() < 0.5:
        page.add("chrome", rng.choice(["World", "Business", "Markets", "Europe", "Commodities"]))
    page.add("title", story.title)
    page.authors = _names(rng)
    if rng.random() < 0.7:
        page.add("chrome", f"By {_joined(page.authors)}")
    moment = _moment(story, "UTC", rng)
    page.published, page.date = moment, story.date
    stamp = f"{moment:%B} {moment.day}, {moment.year}"
    clock = f"{moment:%I:%M %p}".lstrip("0") + rng.choice([" GMT", " UTC"])
    ago = rng.choice(["Updated 2 hours ago", "Updated 14 min ago", "Updated 1 day ago", ""])
    page.add(
        "chrome",
        *rng.choice(
            [[f"{stamp} {clock} {ago}".strip()], [f"{stamp}{clock}{ago}"], [stamp, clock.strip()]]
        ),
    )
    if rng.random() < 0.6:
        page.add("chrome", f"{rng.randint(2, 6)} minute read")
    if rng.random() < 0.7:
        credit = f"REUTERS/{rng.choice(PHOTOGRAPHERS)}{rng.choice(['', '/File Photo'])}"
        label = rng.choice(["[1/3] ", "Item 1 of 2 ", ""])
        page.add(
            "caption",
            f"{label}{_caption(story, rng)} in {story.place.title()}, {_day(story.date)}. {credit}",
        )
        page.add(
            "chrome",
            rng.choice(["Purchase Licensing Rights", "Purchase Licensing Rights, opens new tab"]),
        )
    inserts: list[list[Line]] = [
        [
            (
                rng.choice(
                    ["Advertisement · Scroll to continue", "Advertisement", "Report This Ad"]
                ),
                "chrome",
            )
        ]
        for _ in range(rng.randint(0, 3))
    ]
    if rng.random() < 0.4:
        inserts.append(
            [
                (
                    rng.choice(
                        [
                            REUTERS_PITCH,
                            "Sign up here.",
                        ]
                    ),
                    "chrome",
                )
            ]
        )
    _body(
        page, story, rng, f"{story.place}, {story.date:%B} {story.date.day} (Reuters) - ", inserts
    )
    if rng.random() < 0.8:
        page.add(
            "credit",
            f"Reporting by {_joined(page.authors)}; Editing by {rng.choice(PHOTOGRAPHERS)}",
        )
    page.add(
        "chrome",
        *rng.sample(
            [
                "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
                "Our Standards: The Thomson Reuters Trust Principles.",
                "Read Next",
                "Suggested Topics:",
                "Share",
            ],
            rng.randint(1, 3),
        ),
    )
    return page


def al_jazeera(story: Story, rng: random.Random, titles: list[str]) -> Page:
    page = Page("Al Jazeera", record_id=story.id)
    if rng.random() < 0.5:
        page.add(
            "chrome",
            *rng.choice(
                [["News|Conflict"], ["News", "|", "Politics"], ["Russia-Ukraine war"], ["Features"]]
            ),
        )
    page.add("title", story.title)
    if rng.random() < 0.6:
        page.add(
            "standfirst",
            rng.choice(["The move comes", "The decision comes", "The announcement comes"])
            + " as pressure grows on the government to act.",
        )
    byline = rng.random()
    if byline < 0.5:
        page.authors = _names(rng, 1)
        page.add("chrome", f"By {page.authors[0]}")
    elif byline < 0.7:
        page.add("chrome", "Al Jazeera Staff")
    day = f"{story.date.day} {story.date:%b %Y}"
    page.date = story.date
    page.add(
        "chrome",
        rng.choice(
            [
                f"Published On {day}",
                f"Published On {day}{day}",
                f"Published On {day}",
                f"Updated {day}",
            ]
        ),
    )
    page.add(
        "chrome",
        *rng.sample(
            [
                "Save articles to read later and create your own reading list.",
                "Click here to share on social media",
                "share2",
                "Share",
                "Listen to this article",
                f"{rng.randint(2, 9)} mins",
            ],
            rng.randint(1, 4),
        ),
    )
    if rng.random() < 0.7:
        page.add(
            "caption",
            f"{_caption(story, rng)} [{rng.choice(['', 'File: '])}{rng.choice(PHOTOGRAPHERS)}"
            f"/{rng.choice(['Reuters', 'AFP', 'AP Photo', 'Al Jazeera'])}]",
        )
    inserts: list[list[Line]] = []
    if rng.random() < 0.6:
        related = _related(rng, titles, 3)
        block = [("Recommended Stories", "chrome"), (f"list of {len(related)} items", "chrome")]
        for number, title in enumerate(related, start=1):
            block += [(f"list {number} of {len(related)}", "chrome"), (title, "chrome")]
        inserts.append([*block, ("end of list", "chrome")])
    if rng.random() < 0.4:
        inserts.append([("Advertisement", "chrome")])
    _body(page, story, rng, "", inserts)
    page.add(
        "chrome",
        rng.choice(
            [
                "Source: Al Jazeera",
                "Source: Al Jazeera and news agencies",
                "Source: News Agencies",
                "Source: Al Jazeera, Reuters",
            ]
        ),
    )
    return page


OUTLETS: dict[str, Callable[[Story, random.Random, list[str]], Page]] = {
    "bbc": bbc,
    "ap": ap,
    "guardian": guardian,
    "reuters": reuters,
    "aljazeera": al_jazeera,
}
# Names the outlet key may take for each layout (compared case-insensitively).
OUTLET_NAMES = {
    "BBC News": {"bbc", "bbc news"},
    "Associated Press": {"ap", "associated press", "the associated press"},
    "The Guardian": {"the guardian", "guardian"},
    "Reuters": {"reuters", "thomson reuters"},
    "Al Jazeera": {"al jazeera"},
}


def dump_lines(pages: list[Page], rng: random.Random) -> list[Line]:
    """Join *pages* into one dump: blank-line runs between pages and, per page, its own
    spacing between lines (none, one or two blank lines)."""
    lines: list[Line] = []
    gap = 1
    for number, page in enumerate(pages):
        # An editor leaves at least the page's own spacing between two pages, often more.
        if number:
            lines.extend([("", "blank")] * rng.randint(max(gap, 1), gap + 3))
        gap = rng.choice([0, 1, 1, 1, 1, 2])
        for position, line in enumerate(page.lines):
            if position:
                lines.extend([("", "blank")] * gap)
            lines.append(line)
    return lines

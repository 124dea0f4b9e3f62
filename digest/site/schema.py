"""The front-matter schema: every key a story file may have, what its value is, what it means.

`site/load.py` checks every story against it; `docs/reference/front-matter.md` is generated
from it (`docs/generate.py`), so the reference cannot drift from what a build accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.models import DATE_PRECISIONS, DATE_SOURCES


@dataclass(frozen=True, slots=True)
class Key:
    """One front-matter key: its name, the value it takes (in an editor's words), its meaning."""

    name: str
    value: str
    doc: str
    required: bool = False


KEYS = (
    Key("title", "text", "The headline, as the site shows it.", required=True),
    Key(
        "date",
        "a date (`2026-01-13`) or an ISO 8601 date-time",
        "The story's day: it places the story on that day's page and in its URL"
        " (`/YYYY/MM/DD/<slug>/`). Ingest writes its best evidence; change it when it is wrong.",
        required=True,
    ),
    Key(
        "date_source",
        f"one of {', '.join(DATE_SOURCES)}",
        "What the date rests on, strongest first: the page's printed time, a dateline with a"
        " full date, the update time a page printed alone (a guess), a month-day dateline, a"
        " weekday, a caption, the body, the dump's file name, when the dump was first seen;"
        " `manual` is the editor's own.",
    ),
    Key(
        "date_precision",
        f"one of {', '.join(DATE_PRECISIONS)}",
        "What is known of the date: a time, a day, a day whose year was inferred, or a guess."
        " The default theme shows a guess as one.",
    ),
    Key(
        "published",
        "an ISO 8601 date-time with its zone (`2020-03-03T15:14:00-05:00`), or a day",
        "The publication time the page printed, in its own zone; the day, when it printed no time.",
    ),
    Key(
        "updated",
        "an ISO 8601 date-time with its zone (`2020-03-03T15:14:00-05:00`), or a day",
        "The update time a page printed when it printed no publication time: the story was"
        " published then or before (its `date` is that day at the latest). The story page"
        ' shows it beside the date ("Updated ...") and as the JSON-LD\'s dateModified when'
        " it says more than the publication's time.",
    ),
    Key("regions", "a list of text", "The regions the story is filed under, first is primary."),
    Key("tags", "a list of text", "Topic, place, person and organisation tags."),
    Key(
        "captions",
        "a list of text",
        "Photo captions that came with the copy, kept apart from the story text.",
    ),
    Key("authors", "a list of text", "The byline: who wrote the story."),
    Key("outlet", "text", "Who published it first (`Reuters`, `BBC News`)."),
    Key("dateline", "text", "The place the story was filed from (`LONDON`)."),
    Key(
        "language",
        "a language tag (`ja`, `de`, `pt-BR`)",
        "The language the story is written in, when it is not the site's: its page says so"
        " (`lang`), and search reads it as that language's text. Ingest writes it for a story"
        " it reads as not in English (by its script, or the function words of its title and"
        " lead); a story without it is in the site's language, unless its script settles"
        " another (Japanese, Chinese, Korean, Greek, Hebrew, Thai, Georgian, Armenian).",
    ),
    Key(
        "url",
        "text (an http or https address)",
        "Where the story was published: a saved page's canonical address, or the page's"
        ' address a text copy prints over or under the story (alone or after "Source:");'
        " never a site's home page.",
    ),
    Key(
        "image",
        "a mapping `{file, alt, caption, credit}` (only `file` required)",
        "The story's picture: `file` is relative to the story's folder (a picture beside it or"
        " in its page bundle) or starts with `/` for a file under `static/`.",
    ),
    Key(
        "image_url",
        "text (an http or https address)",
        "A picture the saved page only linked to; recorded, never fetched.",
    ),
    Key(
        "sources",
        "a list of `{dump: <file name>, index: <number>}`",
        "Every dump (and its story number) this story was found in; merged duplicates add more.",
    ),
    Key(
        "id",
        "text (no `/` or `\\`, no `.` first)",
        "The story's identity: it survives renaming and moving the file. Ingest and"
        " `digest new` write it; a hand-written story without one gets one from its path,"
        " which a rename changes. A copy of a story file needs an id of its own.",
    ),
    Key("lead", "true or false", "Make this the front page's lead story."),
    Key(
        "weight",
        "a whole number",
        "A higher weight ranks the story higher on the front page (the lead has the highest).",
    ),
    Key("summary", "text", "A short teaser for lists and the page description."),
    Key(
        "draft",
        "true or false",
        "A draft is left out of the site; `digest build --drafts` and `digest serve --drafts`"
        " include it. `digest new` starts every story as one.",
    ),
    Key(
        "aliases",
        "a list of site paths (`/2024/03/01/old-story/`)",
        "Old addresses of the story: each redirects to its page (as Hugo's aliases)."
        " Addresses a story had before a move are remembered without this. An address the"
        " site uses (a page, a feed, `/feed.xml/` in place of a file) or one under `assets/`,"
        " `pagefind/`, `_redirects` or `_headers` is refused, naming the story's file and the"
        " line of its `aliases:`; the story's own address is left out (nothing to redirect).",
    ),
    Key("extra", "a mapping", "Anything else, for your own templates (`story.article.extra`)."),
)
REQUIRED_KEYS = tuple(key.name for key in KEYS if key.required)
OPTIONAL_KEYS = tuple(key.name for key in KEYS if not key.required)

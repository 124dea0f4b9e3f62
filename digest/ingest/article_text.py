"""What an exported story's file says: its id, front matter and Markdown body.

Export decides whether and where a story is written; this module makes its bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from digest import frontmatter
from digest.ingest.blocks import unbulleted
from digest.ingest.markdown_escape import escape_line
from digest.ingest.photos import image_keys
from digest.ingest.story_language import story_language
from digest.ingest.tables import table_markdown
from digest.models import Classification, RawStory, Source, Story, Told


def story_id(story: Story) -> str:
    """Return a new story's stable id, from the content of its representative version."""
    return key_id(story.keys[0])


def key_id(key: str) -> str:
    """Return the id of a new story whose representative version has the content key *key*."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:12]


def markdown_body(story: RawStory) -> str:
    """Return the story's body as Markdown, its text escaped so it renders as written."""
    parts: list[str] = []
    previous = None
    for block in story.blocks:
        if block.kind == "heading":
            parts.append("## " + escape_line(block.text))
        elif block.kind == "item":  # a saved page's list: one tight list of its items
            item = "- " + escape_line(unbulleted(block.text.replace("\n", " ")))
            if previous == "item":
                parts[-1] += "\n" + item
            else:
                parts.append(item)
        elif block.kind == "table":
            parts.append(table_markdown(block.lines))
        elif block.kind == "quote":
            parts.append("\n".join("> " + escape_line(line) for line in block.lines))
        else:
            parts.append("\n".join(escape_line(line) for line in block.lines))
        previous = block.kind
    return "\n\n".join(parts)


def told_keys(told: Told) -> dict[str, object]:
    """Return the front matter keys of what a story's chrome told; none when it told nothing."""
    keys: dict[str, object] = {}
    if told.authors:
        keys["authors"] = list(told.authors)
    for key, value in (
        ("outlet", told.outlet),
        ("dateline", told.dateline),
        ("published", told.published),
        ("summary", told.summary),
        ("url", told.url),
    ):
        if value:
            keys[key] = value
    return keys


def language_key(story: RawStory) -> dict[str, object]:
    """Return the `language` key of a story written in another language than English, as
    its script or the function words of its title and lead tell (`story_language`): its
    page says so, and search reads it as that language's text; none for English, or when
    no language is clear."""
    lead = next((block.text for block in story.blocks if block.kind == "paragraph"), "")
    language = story_language(story.title, lead)
    return {} if language is None or language == "en" else {"language": language}


def article_text(
    story: Story,
    classification: Classification,
    article_id: str,
    sources: Sequence[Source],
    photo_file: str | None = None,
) -> str:
    """Return the whole Markdown file of a story: front matter and body."""
    data: dict[str, object] = {
        "title": story.title,
        "date": classification.date,
        "date_source": classification.date_source,
        "date_precision": classification.precision,
        "regions": list(classification.regions),
        "tags": list(classification.tags),
        "captions": list(story.primary.captions),
        # `published` is the resolved time (below), not the line as printed.
        **{
            key: value for key, value in told_keys(story.primary.told).items() if key != "published"
        },
        **language_key(story.primary),
        # A saved page's canonical URL and lead photo (*photo_file*, copied beside the story).
        **image_keys(story.primary, photo_file),
        "sources": [{"dump": source.dump, "index": source.index} for source in sources],
        "id": article_id,
    }
    if not story.primary.blocks:
        # A headline with no text under it (a copy cut short, a title pasted alone): kept
        # for the editor to finish or delete, never published as an empty page.
        data["draft"] = True
    if classification.published is not None:  # the page's own time, in its own zone
        data["published"] = classification.published.isoformat()
    elif classification.date_source == "page" and classification.precision == "day":
        data["published"] = classification.date  # the page printed its day, and no time
    if classification.updated is not None:
        # The page printed only when it was updated: the story was published then or before.
        updated = classification.updated
        data["updated"] = updated.isoformat() if isinstance(updated, dt.datetime) else updated
    return frontmatter.render(
        data, markdown_body(story.primary), block_lists=("captions", "sources")
    )

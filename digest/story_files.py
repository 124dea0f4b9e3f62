"""Story files: where a story's Markdown goes under content/articles/, and a new one's first bytes.

Ingest's export and `digest new` put stories at the same place, YYYY/MM/<slug>.md (the
story's month, then its title as a slug), so that hand-written and ingested stories sit side
by side and an editor finds both the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from digest import frontmatter, xml_chars
from digest.errors import DigestError
from digest.models import Article
from digest.paths import ARTICLES_DIR, RAW_DIR, inside
from digest.tree import readable
from digest.urls import SLUG_MAX_LENGTH, windows_safe

# The body `digest new` writes. The story starts as a draft (`draft: true`, as a Hugo
# archetype does), so this line is never published by a plain build; `digest check` and
# `digest build` name a published story that still holds it.
PLACEHOLDER = (
    "Write the story here, in Markdown. A blank line starts a new paragraph."
    " Delete the line `draft: true` above to publish it."
)


# A story dated more than this after the machine's day is warned of: more than any time
# zone's lead over UTC and an editor's story written ahead for tomorrow.
FUTURE_SLACK = dt.timedelta(days=2)

# A story's id as ingest and `digest new` write it: hexadecimal digits (a hash's, or random).
ID_LENGTH = 12


def story_stem(title: str, date: dt.date) -> str:
    """Return a story's path under content/articles/ without ".md": "2026/06/the-title"."""
    return f"{date.year:04d}/{date.month:02d}/{title_slug(title)}"  # "%Y": a year < 1000 short


# How many titles' slugs are remembered: every new story of a 10 000-story ingest.
TITLE_SLUGS = 1 << 15


@functools.lru_cache(maxsize=TITLE_SLUGS)
def title_slug(title: str) -> str:
    """Return the slug a story titled *title* is named by ("the-title", "con-story").

    Memoized: ingest makes its new stories' slugs while its workers classify, beside them
    (python-slugify: ~40 us a title), rather than one by one when export names the files,
    with a core idle (ingest14).
    """
    # Imported at the first new story: its patterns cost every build that names none
    # ~15 ms (site/load.py reads PLACEHOLDER from here on every build).
    from slugify import slugify

    base = slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True) or "story"
    return windows_safe(base, "-story")  # "Con" -> con-story.md: Windows keeps "con"


# How much of a story file is read for its title: front matter is a few hundred bytes.
_TITLE_BYTES = 65_536


def new_story_stem(project: Path, title: str, date: dt.date) -> str:
    """Return where a new story titled *title* goes (`story_stem`), numbered "-2", "-3", ...
    past files that hold another story's title, as ingest numbers them: "背景" after "北京"
    (both bei-jing), "Héllo" after "Hello". Raise when a file there holds this very title (a
    second `digest new` of one story), or one that cannot be read."""
    stem = story_stem(title, date)
    wanted = " ".join(title.split())
    for number in itertools.count(1):
        named = stem if number == 1 else f"{stem}-{number}"
        path = project / ARTICLES_DIR / f"{named}.md"
        if not os.path.lexists(path):
            return named
        held = _title_in(path, project)
        if held is None or held == wanted:
            raise DigestError(f"{path}: already exists; give the new story another title")
    raise AssertionError("unreachable")  # pragma: no cover - count() never ends


def _title_in(path: Path, project: Path) -> str | None:
    """Return the title story file *path* holds, white space as the site reads it; None
    when it is no plain file of the project or its front matter cannot be read."""
    if not readable(path, project):  # never a FIFO's endless wait, nor a link out
        return None
    try:
        with path.open("rb") as file:
            head = file.read(_TITLE_BYTES).decode("utf-8", errors="replace")
        data, _ = frontmatter.parse(head)
    except (OSError, frontmatter.FrontMatterError):
        return None
    title = data.get("title")
    return " ".join(str(title).split()) if title is not None else None


def handwritten_story(
    title: str, date: dt.date, regions: Sequence[str] = (), tags: Sequence[str] = ()
) -> str:
    """Return the Markdown of a story the editor writes by hand: its front matter and a body.

    Its date is the editor's word (`date_source: manual`). Its `id` is written, as ingest
    writes an ingested story's (twelve hexadecimal digits), so that the story keeps its
    identity when its file is renamed or moved, even while its text changes: its old URL
    redirects to it and its feed entry stays the same one (an id derived from the path
    would change with the path). Twelve random digits, as no text is there yet to hash. It
    is a draft until the editor deletes `draft: true`: the site leaves it out, `digest
    serve --drafts` shows it.
    """
    import secrets

    data: dict[str, object] = {
        "title": title,
        "date": date,
        "date_source": "manual",
        "date_precision": "day",
        "regions": list(regions),
        "tags": list(tags),
        "draft": True,
        "id": secrets.token_hex(ID_LENGTH // 2),
    }
    return frontmatter.render(data, PLACEHOLDER + "\n")


def placeholder_line(text: str) -> int | None:
    """Return the line (from 1) of *text*, a story file, that is still `digest new`'s
    placeholder, or None."""
    if PLACEHOLDER not in text:  # every story read passes here: the common answer, at once
        return None
    # Lines as an editor's editor and every other message count them: at "\n" only
    # (str.splitlines also breaks at form feeds, U+2028 and other separators).
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == PLACEHOLDER:
            return number
    return None


def story_warnings(
    folder: Path, articles: Iterable[Article], today: dt.date | None = None
) -> list[str]:
    """Name (file and line) each story of *folder*, content/articles/, that holds a character
    no page or feed can carry (`Article.control_line`: left out of the site) or a DEL or C1
    control (read as the cp1252 character it stands for), and each published one that still
    holds `digest new`'s placeholder line or is dated after *today* (the machine's day)."""
    warnings = []
    # Not SOURCE_DATE_EPOCH's day: a reproducible build's clock is often an old commit's,
    # and the question is whether the editor typed a year that has not come yet.
    latest = (today or dt.datetime.now(dt.UTC).date()) + FUTURE_SLACK
    for article in articles:
        if article.date > latest and not article.draft:
            warnings.append(_future(folder, article))
        if article.control_line is not None and xml_chars.is_c1(article.control_char):
            meant = xml_chars.meant(chr(int(article.control_char[2:], 16)))
            warnings.append(
                f"{folder / article.path}:{article.control_line}: a DEL or C1 control character"
                f" ({article.control_char}), Windows-1252 punctuation garbled on its way; the"
                f" site reads it as {meant}: write that in the file"
            )
        elif article.control_line is not None:
            warnings.append(
                f"{folder / article.path}:{article.control_line}: a control character"
                f" ({article.control_char}) that no page or feed can hold; left out of the site:"
                " delete it"
            )
        if article.placeholder_line is not None and not article.draft:
            warnings.append(
                f"{folder / article.path}:{article.placeholder_line}: still the placeholder of"
                " `digest new`: write the story (or put back `draft: true` to leave it out of"
                " the site)"
            )
    return warnings


def _future(folder: Path, article: Article) -> str:
    """The warning of a story dated after today, naming its `date:` line when it is found."""
    where = f"{folder / article.path}"
    with (
        contextlib.suppress(OSError, UnicodeDecodeError),
        open(folder / article.path, encoding="utf-8-sig") as file,
    ):
        for number, line in enumerate(file, start=1):
            if line.startswith("date:"):
                where += f":{number}"
                break
            if number > 200:  # past any front matter digest writes
                break
    return (
        f"{where}: dated {article.date.isoformat()}, after today: a mistyped year puts it at"
        " the top of the front page and every feed until that day; correct the date"
    )


def write_new_story(project: Path, stem: str, text: str) -> Path:
    """Write *text* to content/articles/<stem>.md in *project* and return its path.

    Refuses a file that exists (the editor's words are never overwritten) and a folder that
    leads out of the project (a linked content/articles/ writes nothing elsewhere).
    """
    path = project / ARTICLES_DIR / f"{stem}.md"
    existing = path.parent
    while not existing.exists() and existing != project:
        existing = existing.parent
    articles = project / ARTICLES_DIR
    if not inside(project, existing):
        raise DigestError(f"{existing}: leads out of the project; nothing written")
    # As ingest's export: a folder under content/articles/ that links elsewhere (into the
    # dumps, say, which are never written) is refused, not written through.
    below = existing == articles or articles in existing.parents
    if (below and not inside(articles, existing)) or inside(project / RAW_DIR, existing):
        raise DigestError(f"{existing}: a symbolic link out of {articles}; nothing written")
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        raise DigestError(f"{path}: already exists; give the new story another title")
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:  # made between the check and the write
        raise DigestError(f"{path}: already exists; give the new story another title") from None
    return path

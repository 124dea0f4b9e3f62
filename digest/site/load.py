"""Load: content/articles/**/*.md -> validated Articles (stage 5 of the pipeline).

Every file is read once; every problem in every file is collected, each with
the file and the line of the offending key, and raised together as ArticleErrors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digest import xml_chars
from digest.bounded_read import MAX_STORY_BYTES, TooLarge, read_bytes
from digest.errors import ArticleError, ArticleErrors
from digest.frontmatter import FrontMatterError, front_key_lines, parse, split
from digest.languages import language_tag_problem, script_language
from digest.models import DATE_PRECISIONS, DATE_SOURCES, Article
from digest.not_utf8 import not_utf8
from digest.paths import story_stem
from digest.site.date_guesses import DateGuesses
from digest.site.front_values import (
    InvalidValue,
    checked_text,
    name_mapping,
    one_of,
    story_aliases,
    story_date,
    story_sources,
    text_list,
    text_value,
    true_or_false,
    whole_number,
    zoned_time,
)
from digest.site.images import ImageInvalid, image_front_matter
from digest.site.schema import OPTIONAL_KEYS, REQUIRED_KEYS
from digest.site.slugs import unique_slugs
from digest.store.url_history import UrlHistory
from digest.story_files import placeholder_line
from digest.tree import story_files
from digest.urls import id_problem, slug, web_address_problem


@dataclass(frozen=True, slots=True)
class _Problem:
    key: str
    message: str


def article_files(folder: Path) -> list[Path]:
    """Return every article file under *folder*, sorted by path."""
    # Editors leave hidden lock and swap files (".#story.md") next to the real ones: the walk
    # leaves them out, with links out of the folder, loops and special files.
    return [file for _, file in story_files(folder)]  # UPPER.MD warned of, by name


def load_articles(folder: Path, history: UrlHistory) -> tuple[Article, ...]:
    """Read every Markdown article under *folder*, sorted by path, with the slugs they are
    published under (*history*: site/slugs.py); raise ArticleErrors if broken."""
    files = article_files(folder)
    guesses = DateGuesses(folder)
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for file in files:
        try:
            data = read_bytes(file, MAX_STORY_BYTES, "a story file")
            article = read_article(data, file.relative_to(folder), file)
            articles.append(guesses.dated(article))
        except ArticleErrors as broken:
            errors.extend(broken.errors)
        except TooLarge as error:
            errors.append(ArticleError(file, f"cannot be read ({error.strerror})"))
    errors.extend(duplicate_ids(articles, folder))
    if errors:
        raise ArticleErrors(errors)
    return unique_slugs(articles, history)


def read_article(data: bytes, path: Path, shown: Path) -> Article:
    """Parse one article; *path* is relative to content/articles/, *shown* names it in errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        wrong, line = not_utf8(data, error)
        raise ArticleErrors([ArticleError(shown, wrong, line)]) from error
    # Raw control characters are left out before YAML reads the front matter (it refuses
    # them): the story is published without them and warned of, as one in its body is.
    raw = xml_chars.first(text) if xml_chars.may_hold(data, text) else None
    # DEL and C1 controls, garbled cp1252 punctuation that YAML refuses: read as meant
    garbled = xml_chars.first_c1(text) if xml_chars.may_hold_c1(data) else None
    readable = text if garbled is None else xml_chars.mend(text)
    try:
        mapping, body = parse(readable if raw is None else xml_chars.strip(readable))
    except FrontMatterError as error:  # an impossible date too (2026-02-30), with its line
        problem = ArticleError(shown, error.message, error.line, error.column)
        raise ArticleErrors([problem]) from error
    control = _control(raw, text, len(text) - len(body), mapping, xml_chars.first_in)
    if control is not None:  # left out of every page and feed; the file itself is never touched
        mapping, body = xml_chars.strip_values(mapping), xml_chars.strip(body)
    mended = _control(garbled, text, len(text) - len(body), mapping, xml_chars.first_c1_in)
    if mended is not None:  # a "\x92" in the front matter's YAML too
        mapping = xml_chars.strip_values(mapping, xml_chars.mend)
    control = control or mended
    problems: list[_Problem] = []
    article = _article(mapping, body, path, problems)
    if problems or article is None:
        lines = front_key_lines(text)  # only a broken file's keys need their lines
        # A missing key is named at the front matter's closing line, where it belongs.
        closing = split(text)[2] - 1
        raise ArticleErrors(
            [
                ArticleError(shown, p.message, lines.get(p.key.split(".")[0], closing))
                for p in problems
            ]
        )
    if article.aliases:  # named by an alias that would hide a page (`site/redirects`)
        article = replace(article, aliases_line=front_key_lines(text).get("aliases"))
    unwritten = placeholder_line(text)
    if unwritten is not None:
        article = replace(article, placeholder_line=unwritten)
    if control is not None:
        article = replace(
            article, control_line=control[0], control_char=xml_chars.named(control[1])
        )
    return article


def _control(
    found: tuple[int, str] | None,
    text: str,
    front: int,
    mapping: dict[str, Any],
    first_in: Callable[[object], str | None],
) -> tuple[int, str] | None:
    """Return the first line of the story file *text* that holds a character XML cannot
    carry (or, with xml_chars.first_c1_in, DEL or a C1 control), and the character: *found*
    in its bytes, or one written as a YAML escape ("\\a", "\\u0007") in its front matter,
    the *front* characters before its body."""
    if text.find("\\", 0, front) < 0:  # no escape: every value's characters are the file's
        return found
    escaped = {str(key): first_in(value) for key, value in mapping.items()}
    lines = front_key_lines(text) if any(escaped.values()) else {}
    for key, char in escaped.items():
        line = lines.get(key)
        if char is not None and line is not None and (found is None or line < found[0]):
            found = (line, char)
    return found


def _key_problems(mapping: dict[str, Any]) -> list[_Problem]:
    """Return a problem for every unknown key and every required key that is missing."""
    problems = []
    known = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    for key in mapping:
        if key not in known:
            allowed = ", ".join((*REQUIRED_KEYS, *OPTIONAL_KEYS))
            problems.append(_Problem(str(key), f"unknown key {key!r} (allowed: {allowed})"))
    for key in REQUIRED_KEYS:
        if key not in mapping:
            problems.append(_Problem(key, f"{key}: missing; every story needs a title and a date"))
        elif mapping[key] is None:  # "date:" with nothing after it: YAML reads null
            problems.append(_Problem(key, f"{key}: empty; every story needs a title and a date"))
    return problems


def _article(
    mapping: dict[str, Any], body: str, path: Path, problems: list[_Problem]
) -> Article | None:
    problems.extend(_key_problems(mapping))

    def get(key: str, check: Callable[[object, str], Any], default: Any) -> Any:
        if key not in mapping or mapping[key] is None:
            return default
        try:
            return check(mapping[key], key)
        except (InvalidValue, ImageInvalid) as invalid:
            problems.append(_Problem(key, invalid.message))
            return default

    title = get("title", text_value, "")
    date, moment = get("date", story_date, (None, None))
    regions = get("regions", text_list, ())
    tags = get("tags", text_list, ())
    captions = get("captions", text_list, ())
    for told_key, check in _CHECKED_ONLY:
        get(told_key, check, None)
    told = _told(get, title, body)
    sources = get("sources", story_sources, ())
    article_id = get("id", lambda value, key: checked_text(value, key, id_problem), "")
    article_id = article_id or _derived_id(path)
    summary = get("summary", text_value, None)
    draft = get("draft", true_or_false, False)
    date_source = get("date_source", one_of((*DATE_SOURCES, "unknown")), None)
    date_precision = get("date_precision", one_of(DATE_PRECISIONS), None)
    published = get("published", zoned_time, None)
    updated = get("updated", zoned_time, None)  # shown beside the date when it tells more
    extra = get("extra", name_mapping, {})
    aliases = get("aliases", story_aliases, ())
    image = get("image", image_front_matter, None)
    if problems or date is None:
        return None
    return Article(
        path=path,
        id=article_id,
        title=title,
        date=date,
        body=body,
        date_source=date_source,
        datetime=moment,
        date_precision=date_precision,
        published=published,
        updated=updated,
        regions=regions,
        tags=tags,
        captions=captions,
        sources=sources,
        summary=summary,
        draft=draft,
        slug=slug(story_stem(path)),  # a page bundle's from its folder's name
        extra=extra,
        aliases=aliases,
        text_digest=text_digest(title, captions, summary, body),
        **told,
        image=image,
    )


def _told(
    get: Callable[[str, Callable[[object, str], Any], Any], Any], title: str, body: str
) -> dict[str, Any]:
    """Return the Article fields of `_TOLD` read by *get*, and the story's language: its
    front matter's, else the one its script makes certain (digest/languages.py)."""
    told = {key: get(key, check, default) for key, check, default in _TOLD}
    told["language"] = told["language"] or script_language(title, body)
    return told


def text_digest(title: str, captions: Iterable[str], summary: str | None, body: str) -> str:
    """Return the digest of what a reader reads of a story (its place and tags left out)."""
    text = "\0".join((title, *captions, summary or "", body))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# What the story's chrome told at ingest (bylines, outlet, dateline) and the editor's say on
# the front page: Article fields, with the value of a key that is not there.
_TOLD: tuple[tuple[str, Callable[[object, str], Any], Any], ...] = (
    ("authors", text_list, ()),
    ("outlet", text_value, None),
    ("dateline", text_value, None),
    ("language", lambda value, key: checked_text(value, key, language_tag_problem), None),
    ("lead", true_or_false, False),
    ("weight", whole_number, 0),
)
# A saved page's addresses and its picture: checked here, kept in the file for its reader.
_CHECKED_ONLY: tuple[tuple[str, Callable[[object, str], Any]], ...] = (
    ("url", lambda value, key: checked_text(value, key, web_address_problem)),
    ("image_url", lambda value, key: checked_text(value, key, web_address_problem)),
)


def _derived_id(path: Path) -> str:
    return hashlib.sha1(path.as_posix().encode("utf-8")).hexdigest()[:12]


def duplicate_ids(articles: Iterable[Article], folder: Path) -> list[ArticleError]:
    """Return an error for every article whose id an earlier one (by path) already has."""
    first: dict[str, Article] = {}
    errors = []
    for article in articles:
        other = first.setdefault(article.id, article)
        if other is not article:
            errors.append(
                ArticleError(
                    folder / article.path,
                    f"id {article.id!r} is already used by {folder / other.path}",
                )
            )
    return errors

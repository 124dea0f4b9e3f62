"""Article JSON: an Article <-> the JSON values the build cache keeps of it (cards, stories)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson

from digest.models import Article, Source
from digest.site.images import image_from_json, image_json


def article_json(article: Article) -> dict[str, Any] | None:
    """Return *article* as JSON values, or None when JSON cannot hold it exactly.

    An article whose `extra` holds dates or non-text keys is not cached: it is read again.
    """
    data: dict[str, Any] = {
        "path": article.path.as_posix(),
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat(),
        "body": article.body,
        "date_source": article.date_source,
        "datetime": None if article.datetime is None else article.datetime.isoformat(),
        "date_precision": article.date_precision,
        "published": None if article.published is None else article.published.isoformat(),
        "updated": None if article.updated is None else article.updated.isoformat(),
        "regions": list(article.regions),
        "tags": list(article.tags),
        "captions": list(article.captions),
        "sources": [[source.dump, source.index] for source in article.sources],
        "summary": article.summary,
        "draft": article.draft,
        "slug": article.slug,
        "extra": article.extra,
        "authors": list(article.authors),
        "outlet": article.outlet,
        "dateline": article.dateline,
        "language": article.language,
        "lead": article.lead,
        "weight": article.weight,
        "aliases": list(article.aliases),
        "text_digest": article.text_digest,
        "image": image_json(article.image),
        "placeholder_line": article.placeholder_line,
        "control_line": article.control_line,
        "control_char": article.control_char,
        "aliases_line": article.aliases_line,
    }
    try:  # orjson: the same values back, several times faster than json (twice a story)
        again = article_from_json(orjson.loads(orjson.dumps(data)))
    except (TypeError, ValueError):
        return None
    if (
        again != article
        or repr(again.datetime) != repr(article.datetime)
        or repr(again.published) != repr(article.published)
        or repr(again.updated) != repr(article.updated)
    ):
        return None
    return data


def article_from_json(data: dict[str, Any]) -> Article:
    """Return the article that `article_json` described; raise TypeError when *data* is not
    (a damaged or crafted cache record: its reader takes it as missing)."""
    if not is_article_json(data):
        raise TypeError("not an article's JSON: a value is missing or of the wrong type")
    date, moment, published, updated = (
        data["date"],
        data["datetime"],
        data["published"],
        data["updated"],
    )
    # A day the page printed with no time ("2020-03-03"), or a time with its zone.
    day = len(date)
    sources = data["sources"]
    # The fields in Article's order, given by position: a deploy decodes 100 000 cards, and
    # 30 keywords cost a tenth of the decoding (`tests/test_article_json.py` checks the order).
    return Article(
        Path(data["path"]),
        data["id"],
        data["title"],
        dt.date.fromisoformat(date),
        data["body"],
        data["date_source"],
        None if moment is None else dt.datetime.fromisoformat(moment),
        data["date_precision"],
        None if published is None else _moment(published, day),
        None if updated is None else _moment(updated, day),
        tuple(data["regions"]),
        tuple(data["tags"]),
        tuple(data["captions"]),
        tuple([Source(dump, index) for dump, index in sources]) if sources else (),
        data["summary"],
        data["draft"],
        data["slug"],
        data["extra"],
        tuple(data["aliases"]),
        data["text_digest"],
        tuple(data["authors"]),
        data["outlet"],
        data["dateline"],
        data["language"],
        data["lead"],
        data["weight"],
        image_from_json(data["image"]),
        data["placeholder_line"],
        data["control_line"],
        data["control_char"],
        data["aliases_line"],
    )


def _moment(text: str, day: int) -> dt.date | dt.datetime:
    """Return a published or updated moment: a day alone when *text* is as long as a date."""
    return dt.date.fromisoformat(text) if len(text) == day else dt.datetime.fromisoformat(text)


def card_from_record(relative: str, record: dict[str, Any]) -> Article:
    """Return the card of a file's cache *record*; raise TypeError when the record is not one
    a build wrote of the file at *relative* (a crafted cache's: a teaser that is a list, a
    card of another file)."""
    card = record["card"]
    if not (
        type(record["sha"]) is str
        and type(record["key"]) is str
        and type(record["teaser"]) is str
        and type(card) is dict
        and card.get("path") == relative
    ):
        raise TypeError("not the cache record of this file")
    return article_from_json(card)


_NONE = type(None)
_TEXT_OR_NONE = (str, _NONE)


def record_of(saved: bytes) -> dict[str, Any] | None:
    """Return a card record as the cache holds it, decoded once (None when unreadable)."""
    try:
        record = orjson.loads(saved)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def card_of_record(
    relative: str, record: dict[str, Any], code: str
) -> tuple[str, Article, str] | None:
    """Return the story key, card and teaser that the card *record* of the file at
    *relative* holds, if digest's *code* made it (whether the file's bytes are still those
    the key names is the caller's to check)."""
    try:
        if record["code"] != code:
            return None
        return record["key"], card_from_record(relative, record), record["teaser"]
    except (KeyError, TypeError, ValueError):
        return None


def is_article_json(data: object) -> bool:
    """Tell whether *data* has every value `article_json` writes, each of its type.

    A record of the build cache can be well-formed JSON with a right checksum and still not
    be what digest wrote (a crafted project): one with a value of another type is ignored,
    as a missing one would be, before a page renders a title that is a list. (One flat
    expression: a few microseconds a story.)
    """
    if type(data) is not dict:
        return False
    d = data
    try:
        return (
            type(d["path"]) is str
            and type(d["id"]) is str
            and type(d["title"]) is str
            and type(d["date"]) is str
            and type(d["body"]) is str
            and type(d["slug"]) is str
            and type(d["text_digest"]) is str
            and type(d["draft"]) is bool
            and type(d["lead"]) is bool
            and type(d["weight"]) is int
            and type(d["extra"]) is dict
            and type(d["date_source"]) in _TEXT_OR_NONE
            and type(d["datetime"]) in _TEXT_OR_NONE
            and type(d["date_precision"]) in _TEXT_OR_NONE
            and type(d["published"]) in _TEXT_OR_NONE
            and type(d["updated"]) in _TEXT_OR_NONE
            and type(d["summary"]) in _TEXT_OR_NONE
            and all(type(d[key]) in _TEXT_OR_NONE for key in ("outlet", "dateline", "language"))
            and type(d["placeholder_line"]) in (int, _NONE)
            and type(d["control_line"]) in (int, _NONE)
            and type(d["control_char"]) is str
            and type(d["aliases_line"]) in (int, _NONE)
            and _texts(d["regions"])
            and _texts(d["tags"])
            and _texts(d["captions"])
            and _texts(d["authors"])
            and _texts(d["aliases"])
            and type(d["sources"]) is list
            and all(
                type(source) is list
                and len(source) == 2
                and type(source[0]) is str
                and type(source[1]) is int
                for source in d["sources"]
            )
            and (
                d["image"] is None
                or (
                    type(d["image"]) is list
                    and len(d["image"]) == 4
                    and type(d["image"][0]) is str
                    and {type(item) for item in d["image"][1:]} <= {str, _NONE}
                )
            )
        )
    except (KeyError, TypeError):
        return False


def _texts(value: object) -> bool:
    """Tell whether *value* is a list of text."""
    # join refuses (TypeError) an item that is not text: the fastest look at every item.
    return type(value) is list and "".join(value) is not None

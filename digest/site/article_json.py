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
        "lead": article.lead,
        "weight": article.weight,
        "aliases": list(article.aliases),
        "text_digest": article.text_digest,
        "image": image_json(article.image),
        "placeholder_line": article.placeholder_line,
    }
    try:  # orjson: the same values back, several times faster than json (twice a story)
        again = article_from_json(orjson.loads(orjson.dumps(data)))
    except (TypeError, ValueError):
        return None
    if (
        again != article
        or repr(again.datetime) != repr(article.datetime)
        or repr(again.published) != repr(article.published)
    ):
        return None
    return data


def article_from_json(data: dict[str, Any]) -> Article:
    """Return the article that `article_json` described."""
    moment, published = data["datetime"], data["published"]
    # A day the page printed with no time ("2020-03-03"), or a time with its zone.
    day = published is not None and len(published) == len(data["date"])
    return Article(
        path=Path(data["path"]),
        id=data["id"],
        title=data["title"],
        date=dt.date.fromisoformat(data["date"]),
        body=data["body"],
        date_source=data["date_source"],
        datetime=None if moment is None else dt.datetime.fromisoformat(moment),
        date_precision=data["date_precision"],
        published=None
        if published is None
        else (dt.date if day else dt.datetime).fromisoformat(published),
        regions=tuple(data["regions"]),
        tags=tuple(data["tags"]),
        captions=tuple(data["captions"]),
        sources=tuple(Source(dump, index) for dump, index in data["sources"]),
        summary=data["summary"],
        draft=data["draft"],
        slug=data["slug"],
        extra=data["extra"],
        authors=tuple(data["authors"]),
        outlet=data["outlet"],
        dateline=data["dateline"],
        lead=data["lead"],
        weight=data["weight"],
        aliases=tuple(data["aliases"]),
        text_digest=data["text_digest"],
        image=image_from_json(data["image"]),
        placeholder_line=data["placeholder_line"],
    )

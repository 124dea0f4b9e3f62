"""Limits: refuse a story that lists more tags, regions or captions than the settings allow.

Each tag and region gets a page and a feed that repeat the story with everything it lists, so
one story with ten thousand tags would make the site grow with the square of that number.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from digest.config import LimitsConfig
from digest.errors import ArticleError, ArticleErrors
from digest.models import Article


def over_limits(articles: Iterable[Article], folder: Path, limits: LimitsConfig) -> None:
    """Raise ArticleErrors naming every story (its file under *folder*) over a limit."""
    errors = []
    for article in articles:
        for key, count, most in (
            ("tags", len(article.tags), limits.tags),
            ("regions", len(article.regions), limits.regions),
            ("captions", len(article.captions), limits.captions),
        ):
            if count > most:
                message = f"{key}: {count} listed, at most {most} (the setting limits.{key})"
                errors.append(ArticleError(folder / article.path, message))
    if errors:
        raise ArticleErrors(errors)

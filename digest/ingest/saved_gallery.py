"""Saved galleries: a saved page whose story is told by its photos' captions.

A photo gallery ("In pictures: ...") is a headline, a date and figures, each a photo with its
caption (<figure> and <figcaption>) and no paragraph: trafilatura's precise reading keeps
none of it, and its reading favouring recall glues the headline, the date, every caption and
every credit into one paragraph. Here each caption of the article's figures is a paragraph of
its own, its credit ("Image source, Getty Images", "Photo: AFP") put in brackets after it, as
a dump's caption keeps the credit printed over it. The credits' labels are data
(digest/data/chrome.yaml `credit_labels`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from digest.ingest.chrome_words import chrome_words
from digest.models import Block

# A gallery has this many captioned figures at least (one is an article's lead photo).
_FIGURES = 2
# A credit is a name or two: this many characters at most.
_CREDIT_CHARS = 60


def gallery_blocks(tree: Any) -> list[Block]:
    """Return the captions of the article's figures as paragraphs, each with its credit in
    brackets; [] when the page has fewer than two (no gallery)."""
    scopes = tree.xpath("//article") or tree.xpath("//main") or [tree]
    found: list[str] = []
    for scope in scopes:
        for caption in scope.xpath(".//figure//figcaption"):
            text = " ".join(caption.text_content().split())
            if text and text not in found:
                found.append(text)
    if len(found) < _FIGURES:
        return []
    return [Block("paragraph", (_credited(text),)) for text in found]


def _credited(text: str) -> str:
    """Return a caption with its credit's label dropped and the credit in brackets after it:
    "Crowds in Vienna. Image source, Reuters" -> "Crowds in Vienna. (Reuters)"."""
    match = _credit_label().search(text)
    if match is None or match.start() == 0:
        return text
    return f"{text[: match.start()].rstrip()} ({match['credit'].strip()})"


@functools.cache
def _credit_label() -> re.Pattern[str]:
    labels = "|".join(
        re.escape(label) for label in sorted(chrome_words("credit_labels"), key=len, reverse=True)
    )
    return re.compile(
        rf"[\s(\[]*\b(?:{labels})\s*[,:]\s*(?P<credit>[^()\[\]]{{2,{_CREDIT_CHARS}}}?)[)\]]?\s*$",
        re.IGNORECASE,
    )

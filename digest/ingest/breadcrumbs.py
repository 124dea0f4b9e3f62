"""Breadcrumbs: a page's place in its site printed over its headline ("Home \u00bb World").

A breadcrumb is chrome, never a headline: a few short items with arrows between them.
"""

from __future__ import annotations

import re

# A breadcrumb's items, of a few words each, with an arrow between them; a ">" or "/"
# stands between words of prose too, and makes a breadcrumb only twice.
_CRUMB_ARROW = re.compile("[\u00bb\u203a\u2192\u276f>/]")
_CRUMB_ITEMS = re.compile(r"\s(?:[\u00bb\u203a\u2192\u276f]|(?P<plain>[>/]))\s")
_CRUMB_WORDS = 4
_SENTENCE_STOPS = (".", "!", "?")


def breadcrumb(text: str) -> bool:
    """Tell whether a line is a breadcrumb: a few short items with arrows between them
    ("Home \u00bb World \u203a Asia", "Startseite > Verkehr > Radwege"), the page's place in
    its site, never a headline (a French quotation's \u00ab \u00bb is none)."""
    if _CRUMB_ARROW.search(text) is None or "\u00ab" in text:
        return False  # (most lines: no arrow at all, told by one scan)
    arrows = list(_CRUMB_ITEMS.finditer(text))
    if not arrows or sum(arrow["plain"] is not None for arrow in arrows) == 1 == len(arrows):
        return False  # "EPA-EFE/REX", "Profits > forecasts", "Yes / No"
    items = _CRUMB_ITEMS.split(text)[::2]
    return not text.endswith(_SENTENCE_STOPS) and all(
        0 < len(item.split()) <= _CRUMB_WORDS and not item[:1].islower() for item in items
    )

"""Page address: the story's own address printed in its copy -> the story's `url:`.

A copy carries its page's address when the editor pasted it over or under the text, or the
site prints it (a share or print box, "https://www.example.com/news/...php" over the
headline), or labels it ("Source: https://..."). It is chrome, dropped from the text, and
the story's `url:`, as a saved page's canonical address is. A site's home page is no
story's address, and an address between the story's paragraphs is a link of its text's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from digest.urls import home_page, web_address

# An address alone on its line, perhaps after a label: "Source:", "URL:", "Quelle:".
_ADDRESS = re.compile(
    r"^(?:(?:sources?|url|link|quelle|fuente|fonte|bron|k\u00e4lla|kilde)\s*[:\uff1a]\s*)?"
    r"(?P<url>https?://[^\s/]+/\S*)$",
    re.IGNORECASE,
)


def page_address(text: str) -> str | None:
    """Return the story's address a line is (alone, or labelled), None if it is none or
    only a site's home page."""
    found = _ADDRESS.match(" ".join(text.split()))
    if found is None:
        return None
    address = web_address(_untracked(found["url"].rstrip(".,;")))
    return None if address is None or home_page(address) else address


def _untracked(address: str) -> str:
    """Return *address* without the share buttons' tracking ("?utm_source=share")."""
    parts = urlsplit(address)
    if "utm_" not in parts.query:
        return address
    query = [(key, value) for key, value in parse_qsl(parts.query) if not key.startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def printed_address(
    dropped: Sequence[tuple[int, str]], index: Mapping[int, int], lead: int | None, end: int
) -> str | None:
    """Return the address printed over a story's *lead* (the first), else under its *end*
    (the first past it), among its *dropped* lines, each its number and text (*index*:
    their places in the part)."""
    if lead is None:
        return None
    top = [text for line, text in dropped if 0 <= index.get(line, -1) < lead]
    foot = [text for line, text in dropped if index.get(line, -1) > end]
    return next((a for text in (*top, *foot) if (a := page_address(text))), None)

"""Whether two near duplicates begin as one story: their headlines or their leads agree.

Dedup's measure is the overlap of the whole texts' shingles, and a story's tail can be most
of its text: two different press releases of one company share its "About", "Forward-Looking
Statements" and media contact paragraphs, often longer than the news itself; agency stories
reuse background paragraphs. Copies of one story share their headline (a changed word
aside) or, re-titled by another outlet, their lead. So a pair whose headlines and leads
both differ is two stories, however much of the rest they share.

Words are compared as sets. A run of letters with no spaces (Chinese, Japanese, Thai) is one
\\w+ match a sentence long, changed whole by one character: its character pairs count
instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from digest.ingest.scripts import SCRIPT_STOPS
from digest.models import RawStory

# The share of words two headlines, or two leads, have in common (Jaccard) from which they
# are one story's: a changed word or two leave more; different news shares a name or two.
SAME_HEAD = 0.5
# A lead is the body's first paragraph, or first ones until this many words: the news.
_SHORTEST_LEAD = 20
_LEAD_WORDS = 50
# ... but a first paragraph that is a sentence of this many words is the lead alone (a brief's
# lead, under which one paper's briefs all print the same call for witnesses).
_SENTENCE_LEAD = 8
_SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "'", "\u2019", "\u00bb", ")", *SCRIPT_STOPS)
# A word longer than this in a script without spaces is read as its character pairs.
_LONGEST_WORD = 12
_WORD = re.compile(r"\w+")


def same_head(first: RawStory, second: RawStory) -> bool:
    """Tell whether two stories' headlines or leads agree (`SAME_HEAD`)."""
    if _overlap(_tokens(first.title), _tokens(second.title)) >= SAME_HEAD:
        return True
    return _overlap(_lead(first), _lead(second)) >= SAME_HEAD


def _lead(story: RawStory) -> list[str]:
    """Return the words of the story's first paragraphs, from `_SHORTEST_LEAD` words on (a
    dateline alone is no lead), at most `_LEAD_WORDS`: never the tail a short story is; a
    first paragraph that is a sentence is the lead alone, however short (a brief's)."""
    found: list[str] = []
    for block in story.blocks:
        words = _tokens(block.text)
        found.extend(words)
        if len(found) >= _SHORTEST_LEAD:
            break
        if len(words) >= _SENTENCE_LEAD and block.text.rstrip().endswith(_SENTENCE_ENDS):
            break
    return found[:_LEAD_WORDS]


def _tokens(text: str) -> list[str]:
    """Return the normalized words of *text*, a long word of a script without spaces as its
    character pairs."""
    found: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if len(word) > _LONGEST_WORD and not word.isascii():
            found.extend(word[start : start + 2] for start in range(len(word) - 1))
        else:
            found.append(word)
    return found


def _overlap(first: Sequence[str], second: Sequence[str]) -> float:
    """Return the Jaccard similarity of two lists of words as sets (1 when both are empty)."""
    a, b = set(first), set(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def retitled_warnings(
    raw: Sequence[RawStory], keys: Sequence[str], groups: Sequence[Sequence[int]]
) -> list[str]:
    """Name each story merged as a near duplicate into one whose headline shares little with
    its own (their leads agreed): a re-titled copy, or two stories the editor should see."""
    said = []
    for group in groups:
        first = raw[group[0]]
        for position in group[1:]:
            other = raw[position]
            if keys[position] == keys[group[0]]:
                continue
            if _overlap(_tokens(first.title), _tokens(other.title)) < SAME_HEAD:
                said.append(
                    f"{other.source.dump} (story {other.source.index}) {other.title!r} merged"
                    f" into {first.title!r} ({first.source.dump}, story {first.source.index})"
                    " as a near duplicate: their headlines differ, their leads agree; if they"
                    " are two stories, raise ingest.near_duplicate_threshold"
                )
    return said

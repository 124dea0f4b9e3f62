"""Chrome words: the vocabularies of digest/data/chrome.yaml beyond a line's own shape.

`chrome.Shapes` holds the labels, share-row words and promotion words every line is judged
by; this module reads the other lists: the words of advertisements' labels and notes, the
labels of boxes that sum a story up inside it, and the screen reader's labels over a
photo's caption. Each is a list of case-folded words, per language, with no outlet's name.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from digest.paths import data_name


@functools.cache
def chrome_words(key: str) -> frozenset[str]:
    """Return the case-folded entries of digest/data/chrome.yaml's list *key*."""
    text = resources.files("digest").joinpath(data_name("chrome.yaml")).read_text("utf-8")
    return frozenset(str(entry).casefold() for entry in yaml.safe_load(text)[key])


def names_ad(words: list[str]) -> bool:
    """Tell whether a line's words name an advertisement ("SKIP ADVERTISEMENT")."""
    ads = chrome_words("ads")
    return any(word in ads for word in words)


def box_label(words: list[str]) -> bool:
    """Tell whether a line's words are a box's label that sums the story up ("Key points")."""
    return " ".join(words) in chrome_words("boxes")


def caption_label(words: list[str]) -> bool:
    """Tell whether a line's words are the screen reader's label over a photo's caption."""
    return " ".join(words) in chrome_words("caption_labels")

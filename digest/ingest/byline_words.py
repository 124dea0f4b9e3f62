"""Byline words: what digest/data/tells.yaml lists for reading bylines and credits.

Outlets' and roles' words ("news", "reporter"), sources that name no outlet ("News
Agencies") and the news agencies ("Reuters", "dpa"): data, read once, no outlet's name in
code.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from digest.paths import data_name


@functools.cache
def _data() -> Any:
    text = resources.files("digest").joinpath(data_name("tells.yaml")).read_text("utf-8")
    # (libyaml's loader where PyYAML has it, as chrome_words: a tenth of the pure-Python one)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return the outlet words, role words and generic sources."""
    data = _data()
    return (
        frozenset(data["outlet_words"]),
        frozenset(data["role_words"]),
        frozenset(data["generic_sources"]),
    )


@functools.cache
def agencies() -> frozenset[str]:
    """Return the news agencies (wire and photo agencies)."""
    data = _data()
    return frozenset(data["wire_agencies"]) | frozenset(data["photo_agencies"])


@functools.cache
def listed(key: str) -> frozenset[str]:
    """Return tells.yaml's list *key*, case-folded: "button_words" (the words buttons and
    toasts are made of, "read", "later", "copied"), "generic_signers" (a blog's "admin"),
    "legal_forms" (a company's "LLC", "PT", "DAC")."""
    return frozenset(str(word).casefold() for word in _data()[key])

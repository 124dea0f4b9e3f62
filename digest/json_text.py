"""JSON text for people to read and for git to diff: the ledger, the URL history, the account.

`json.dumps` with an indent encodes in pure Python, one generator per level: the ledger of
100 000 stories took 1.3 s that way on every ingest that changed it. orjson writes the same
data, indented by two spaces, in 0.06 s; its text is UTF-8 (names stay readable in a diff).
"""

from __future__ import annotations

from typing import Any

import orjson


def indented(value: Any, *, sort_keys: bool = False) -> str:
    """Return *value* as JSON text indented by two spaces, keys sorted when *sort_keys*.

    Holds dicts with string keys, lists, tuples, strings, ints, floats, booleans and None (what
    digest writes); raises TypeError for anything else, as json.dumps does.
    """
    option = orjson.OPT_INDENT_2 | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    try:
        return orjson.dumps(value, option=option).decode("utf-8")
    except orjson.JSONEncodeError as error:  # a TypeError: say it as json.dumps would
        raise TypeError(str(error)) from error

"""SOURCE_DATE_EPOCH: the one reading of the reproducible-builds clock, for ingest and site.

Set, it is the build's "now": the feeds' time and the clock of edits (site), and the
latest a dump can have been collected (ingest). It must be whole seconds since 1970
(https://reproducible-builds.org/specs/source-date-epoch/); anything else is an error that
names the variable, so that no part of digest quietly reads it differently.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from digest.errors import DigestError

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date(environ: Mapping[str, str] = os.environ) -> dt.datetime | None:
    """Return SOURCE_DATE_EPOCH as a UTC time, None when it is not set (or empty)."""
    value = environ.get(VARIABLE, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise DigestError(f"{VARIABLE}: expected whole seconds since 1970, got {value!r}")
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise DigestError(f"{VARIABLE}: {value} seconds is out of range") from error

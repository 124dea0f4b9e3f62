"""Reference times: when each dump was first collected, recorded in the ledger once.

A story's reference time bounds every date inferred for it (a dateline without a year, a
weekday): it is the dump's modification time at its first ingest, or SOURCE_DATE_EPOCH
when that is earlier, else now. It is written to the ledger the first time a dump is seen
and read back ever after, so that touching, copying or re-ingesting a dump, or adding and
removing other dumps, never moves a story's date.
"""

from __future__ import annotations

import datetime as dt

from digest.ingest.export import write_text_atomic
from digest.ingest.ledger import Ledger, ledger_json
from digest.paths import ProjectPaths
from digest.source_date import source_date
from digest.store.inputs import ProjectInputs


def reference_times(
    paths: ProjectPaths, inputs: ProjectInputs, ledger: Ledger
) -> dict[str, dt.datetime]:
    """Return each dump's reference time (the ledger's, else found now); record the new
    ones in *ledger* (`read_ledger`'s answer) and write it back."""
    epoch = source_date()
    now = dt.datetime.now(dt.UTC)
    found: dict[str, dt.datetime] = {}
    for name, stamp in inputs.dumps.items():
        known = ledger.seen.get(name)
        if known is not None:
            found[name] = dt.datetime.fromisoformat(known)
            continue
        moment = dt.datetime.fromtimestamp(stamp[1] / 1e9, dt.UTC) if stamp else now
        if epoch is not None and epoch < moment:
            moment = epoch
        found[name] = moment.replace(microsecond=0)
    new = {name: found[name].isoformat() for name in found if name not in ledger.seen}
    ledger.seen.update(new)
    if new:
        write_text_atomic(paths.ledger, ledger_json(ledger))
    return found

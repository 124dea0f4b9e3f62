"""The names of the build cache's records: which kind holds what, under which key.

A record is found by (kind, key). These names are shared by the build, serve and the
no-op check, which must agree on them without importing each other.
"""

from __future__ import annotations

STATE = "state"  # kind: small JSON records of the last run, by the names below
STATE_BUILD = "build"  # the last build's input stamps and report
STATE_TREES = "trees"  # which manifest describes site/, which the spare, and if it is whole
STATE_INGEST = "ingest"  # the last ingest's dumps and what they gave
# Stamps under which article files were found to hold their card record's bytes, since the
# record was written (a deploy's fresh clone: every stamp new, no record written again).
STATE_CARD_STAMPS = "card-stamps"
MANIFEST = "manifest"  # kind: a written folder's manifest, by a token of its own
SEAL = "seal"  # kind: site/'s seal (`seal.py`), by its manifest's token: the no-op check's
CARDS = "card"  # kind: what the last build knew of each article file, by path
TEMPLATE_CODE = "templates"  # folder of the build cache for compiled templates
PLAN = "plan"  # kind: each page's and feed's plan as the last build planned it, by path
PLAN_INDEX = "plan-index"  # kind: what a story-edit build takes of the last plan (one record)
# kind: the plan index's references and shown stories, a record a month (`plan_index`)
PLAN_PARTS = "plan-parts"

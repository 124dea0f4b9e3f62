"""Manifests in columns: what `store/write` keeps of site/ and the spare, read back exactly.

A 100 000-story site's manifest has 243 000 files; it is read back at every deploy, so it is
kept as columns (text one a line, integers packed). What older builds wrote (a line a file)
is still read; anything malformed trusts nothing.
"""

from __future__ import annotations

from digest.store.write import COLUMNS, Entry, manifest_bytes, manifest_from_bytes

MANIFEST = {
    "index.html": Entry("k1", "d1", (120, 1_700_000_000_123_456_789, 77), ""),
    "2025/01/01/été/index.html": Entry("k2", "d2", (5, -1_000, 2**63 + 5), "s2"),
    "pagefind/fragment/en_1.pf_fragment": Entry("k3", "d3", (0, 0, 0), ""),
}


def _rows(manifest: dict[str, Entry]) -> list[tuple[str, Entry]]:
    return list(manifest.items())


def test_a_manifest_comes_back_as_it_was_in_order() -> None:
    data = manifest_bytes(MANIFEST)
    assert data.startswith(COLUMNS)
    assert _rows(manifest_from_bytes(data)) == _rows(MANIFEST)
    one = {"a": Entry("k", "d", (1, 2, 3))}
    assert manifest_from_bytes(manifest_bytes(one)) == one


def test_the_lines_older_builds_wrote_are_still_read() -> None:
    lines = "\n".join(
        f"{path}\t{entry.key}\t{entry.digest}\t{entry.stamp[0]}\t{entry.stamp[1]}"
        f"\t{entry.stamp[2]}\t{entry.search}"
        for path, entry in MANIFEST.items()
    )
    assert _rows(manifest_from_bytes(lines.encode("utf-8"))) == _rows(MANIFEST)


def test_a_malformed_manifest_trusts_nothing() -> None:
    data = manifest_bytes(MANIFEST)
    assert manifest_from_bytes(data[:-1]) == {}  # cut short
    assert manifest_from_bytes(data + b"x") == {}
    assert manifest_from_bytes(COLUMNS + b"3 1 2\n") == {}
    assert manifest_from_bytes(manifest_bytes({})) == {}
    assert manifest_from_bytes(None) == {}
    # A line break in a path cannot be told from the next path: nothing is trusted.
    assert manifest_from_bytes(manifest_bytes({"a\nb": Entry("k", "d", (1, 2, 3))})) == {}

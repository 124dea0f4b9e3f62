"""Compare two digest trees' reading of datelines: tells' place and outlet, dates' dateline.

    .venv/bin/python benchmarks/dateline_ab.py OLD_TREE NEW_TREE [--ingest] [--show N]

OLD_TREE and NEW_TREE are folders holding a `digest/` package (a worktree, or
`git archive HEAD digest | tar -x -C FOLDER`). Every line of tests/fixtures/, of the seeds'
and realcopy's dumps, of the layouts' dumps (eval_layouts.py's 150 stories, seed 15) and the
corpus's first paragraphs (as printed, and with an agency before the dash as the wires print
it, or with the dash lost, or with no place) is read under each tree, in a child process
with PYTHONPATH=TREE, by tells' reader of a lead's dateline (`tells._opening`: place,
outlet), `dates.parse_dateline` and `dates.standing_dateline`; every line read differently is
printed with both answers.

`--ingest` also ingests the seeds, realcopy's selection and page dumps, its saved pages and the
layouts' dumps into a fresh project under each tree and prints the article files that differ.
The data is read in place and copied only into temporary folders under /dev/shm.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA_TXT = (SHARED / "seeds", SHARED / "realcopy" / "selection", SHARED / "realcopy" / "page")
_DASH = re.compile(r"\s+(-|\u2013|\u2014)\s")
# The corpus's datelines as the wires print them, and with the dash lost on the way.
_WIRE_FORMS = (r" (Reuters) \1 ", " (Reuters) ", " (AP)\u2014", " (AP) _ ", " (AFP) -- ")

# Run in each tree: one JSON answer a line, in the lines' order.
_READER = """
import json, sys
from digest.ingest import dates, tells
out = []
for line in json.load(sys.stdin):
    opening = tells._opening(line)
    parsed = dates.parse_dateline(line)
    standing = dates.standing_dateline(line)
    out.append([
        list(opening) if opening is not None else None,
        repr(parsed) if parsed is not None else None,
        repr(standing) if standing is not None else None,
    ])
json.dump(out, sys.stdout)
"""
_ASPECTS = ("tells", "parse_dateline", "standing_dateline")


def layouts_dumps(folder: Path) -> None:
    """Write eval_layouts.py's dumps (its defaults) into *folder*, with their file times."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import eval_layouts  # (it puts this tree first on sys.path)

    rng = random.Random(15)
    stories, titles = eval_layouts.build_stories(150, rng)
    eval_layouts.write_project(folder, eval_layouts.make_dumps(stories, titles, rng))


def lines_to_read(layouts: Path) -> list[str]:
    """Every distinct line of the fixtures, the dumps and the corpus's first paragraphs."""
    files = sorted((REPO / "tests" / "fixtures").rglob("*.txt"))
    files += [path for folder in DATA_TXT for path in sorted(folder.glob("*.txt"))]
    files += sorted((layouts / "content" / "raw").glob("*.txt"))
    found: dict[str, None] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            found.setdefault(line.strip(), None)
    for name in ("reuters21578-en.jsonl", "wikinews-en-2019-2020.jsonl"):
        corpus = SHARED / "corpus" / name
        if not corpus.exists():
            continue
        for record in map(json.loads, corpus.read_text(encoding="utf-8").splitlines()):
            first = str(record.get("text", "")).split("\n", 1)[0][:300]
            found.setdefault(first, None)
            for wire in _WIRE_FORMS:
                found.setdefault(_DASH.sub(wire, first, count=1), None)
            head, dash, rest = first.partition(" - ")
            if dash and len(head) < 60:
                found.setdefault(f"(Reuters) - {rest}", None)
    return [line for line in found if line]


def read_under(tree: Path, lines: list[str]) -> list[list[object]]:
    """Every line's answers under *tree*."""
    # (in the tree's folder: `-c` puts the working folder first on sys.path)
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    done = subprocess.run(
        [sys.executable, "-c", _READER],
        cwd=tree,
        input=json.dumps(lines),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    answers: list[list[object]] = json.loads(done.stdout)
    return answers


def make_projects(root: Path, layouts: Path) -> list[Path]:
    """The ingest projects: seeds, realcopy's selection, page and saved pages, layouts."""
    projects = []
    for name, folder, pattern in (
        ("seeds", SHARED / "seeds", "*.txt"),
        ("selection", SHARED / "realcopy" / "selection", "*.txt"),
        ("page", SHARED / "realcopy" / "page", "*.txt"),
        ("html", SHARED / "realcopy" / "html", "*.html.gz"),
    ):
        raw = root / name / "content" / "raw"
        raw.mkdir(parents=True)
        (root / name / "digest.yaml").write_text(f"title: {name}\n", encoding="utf-8")
        for path in sorted(folder.glob(pattern)):
            if path.suffix == ".gz":
                target = raw / path.name.removesuffix(".gz")
                target.write_bytes(gzip.decompress(path.read_bytes()))
                shutil.copystat(path, target)
            else:
                shutil.copy2(path, raw / path.name)
        projects.append(root / name)
    shutil.copytree(layouts, root / "layouts")
    return [*projects, root / "layouts"]


def ingest_diff(old: Path, new: Path, layouts: Path, show: int) -> int:
    """Ingest every project under both trees; print and count the article files that differ."""
    differ = 0
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
        for tree, side in ((old, "old"), (new, "new")):
            for project in make_projects(Path(folder) / side, layouts):
                env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
                command = [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)]
                subprocess.run(command, env=env, cwd=tree, check=True, capture_output=True)
        for before in sorted((Path(folder) / "old").rglob("*.md")):
            after = Path(folder) / "new" / before.relative_to(Path(folder) / "old")
            old_text = before.read_text(encoding="utf-8")
            new_text = after.read_text(encoding="utf-8") if after.exists() else ""
            if old_text != new_text:
                differ += 1
                print(f"differs: {before.relative_to(Path(folder) / 'old')}")
                diff = difflib.unified_diff(
                    old_text.splitlines(), new_text.splitlines(), lineterm=""
                )
                for line in list(diff)[2 : 2 + show]:
                    print(f"    {line}")
        olds = {p.relative_to(Path(folder) / "old") for p in (Path(folder) / "old").rglob("*.md")}
        news = {p.relative_to(Path(folder) / "new") for p in (Path(folder) / "new").rglob("*.md")}
        for extra in sorted(news - olds):
            differ += 1
            print(f"only new: {extra}")
        print(f"ingest: {len(olds)} article files old, {len(news)} new, {differ} differ")
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--ingest", action="store_true", help="ingest the dumps under both")
    parser.add_argument("--show", type=int, default=12, help="diff lines shown a file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
        layouts = Path(folder) / "layouts"
        layouts_dumps(layouts)
        lines = lines_to_read(layouts)
        olds, news = read_under(args.old, lines), read_under(args.new, lines)
        changed = 0
        for line, before, after in zip(lines, olds, news, strict=True):
            for aspect, was, now in zip(_ASPECTS, before, after, strict=True):
                if was != now:
                    changed += 1
                    print(f"{aspect}: {line[:120]!r}\n    old {was}\n    new {now}")
        print(f"lines: {len(lines)} read, {changed} answers differ")
        if args.ingest:
            changed += ingest_diff(args.old, args.new, layouts, args.show)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Same output: `content/` after `digest ingest` with two checkouts, on ten corpora, compared.

    python benchmarks/ingest_same.py BEFORE AFTER [--workers default|0|N] [--root DIR]
        [CORPUS ...]

Makes the corpora once under --root (the seeds, synthetic 1 000 of seeds 1 and 2 and 10 000 of
seed 1, 1 500 Reuters stories, the Wikinews corpus, the realcopy `page/` and `selection/`
dumps and saved pages, and 24 dumps of Wikinews copies: 8 dumps, each also copied as is and
with " said" made " stated" three times), then ingests each with each checkout on a fresh
copy (`SOURCE_DATE_EPOCH=1700000000`) and prints whether the summary lines and `content/`
(`diff -r`: articles, ledger, `.ingest-report.json`) are the same.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from corpus_dumps import REUTERS, WIKINEWS, read_corpus, write_dumps

REPO = Path(__file__).resolve().parent.parent
REALCOPY = REPO.parent / "shared" / "realcopy"
SETTINGS = "title: Bench Digest\nbase_url: https://example.org/\n"


def _raw(root: Path, name: str) -> Path:
    project = root / "src" / name
    (project / "content" / "raw").mkdir(parents=True)
    (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
    return project / "content" / "raw"


def make(root: Path) -> None:
    """Write every corpus's project under *root*/src (once)."""
    if (root / "src").exists():
        return
    shutil.copytree(REPO / "content" / "raw", _raw(root, "seeds"), dirs_exist_ok=True)
    for count, seed in ((1000, 1), (1000, 2), (10000, 1)):
        synthetic.write_dumps(synthetic.make_stories(count, seed), _raw(root, f"syn{count}-{seed}"))
    write_dumps(read_corpus(REUTERS, 1500), _raw(root, "reuters1500"))
    write_dumps(read_corpus(WIKINEWS, 600), _raw(root, "wikinews"))
    for part in ("page", "selection"):
        shutil.copytree(REALCOPY / part, _raw(root, f"real-{part}"), dirs_exist_ok=True)
    pages = _raw(root, "real-html")
    for packed in (REALCOPY / "html").glob("*.gz"):
        (pages / packed.name.removesuffix(".gz")).write_bytes(gzip.decompress(packed.read_bytes()))
    scratch = root / "scratch"
    write_dumps(read_corpus(WIKINEWS, 200), scratch)
    copies = _raw(root, "wikicopies")
    for number, dump in enumerate(sorted(scratch.glob("*.txt"))[:8]):
        text = dump.read_text(encoding="utf-8")
        (copies / f"a{number}.txt").write_text(text, encoding="utf-8")
        (copies / f"b{number}.txt").write_text(text, encoding="utf-8")
        (copies / f"c{number}.txt").write_text(text.replace(" said", " stated", 3), "utf-8")
    shutil.rmtree(scratch)


def ingest(root: Path, code: Path, name: str, workers: str) -> tuple[Path, str]:
    """Ingest a fresh copy of corpus *name* with *code*; return the copy and what it printed."""
    copy = root / f"{code.name}-{workers}" / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "src" / name, copy)
    env = dict(os.environ, PYTHONPATH=str(code), SOURCE_DATE_EPOCH="1700000000")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if workers != "default":
        env["DIGEST_WORKERS"] = workers
    done = subprocess.run(
        [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(copy)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return copy, f"rc {done.returncode}: {done.stdout.strip()} {done.stderr.strip()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("corpora", nargs="*")
    parser.add_argument("--workers", default="default")
    parser.add_argument("--root", type=Path, default=Path("/dev/shm/ingest-same"))
    args = parser.parse_intermixed_args()
    make(args.root)
    names = args.corpora or sorted(path.name for path in (args.root / "src").iterdir())
    for name in names:
        first, said_first = ingest(args.root, args.before.resolve(), name, args.workers)
        second, said_second = ingest(args.root, args.after.resolve(), name, args.workers)
        diff = subprocess.run(
            ["diff", "-r", "-q", str(first / "content"), str(second / "content")],
            capture_output=True,
            text=True,
            check=False,
        )
        same = diff.returncode == 0
        print(
            f"{name}: summary {'same' if said_first == said_second else 'DIFFERENT'}, content/ "
            f"{'same' if same else 'DIFFERENT'} -- {said_second[:150]}",
            flush=True,
        )
        if said_first != said_second:
            print(f"  before: {said_first}\n  after:  {said_second}")
        if not same:
            print(diff.stdout[:2000])
        shutil.rmtree(first)
        shutil.rmtree(second)


if __name__ == "__main__":
    main()

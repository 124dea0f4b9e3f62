"""Score `digest ingest` on ../shared/realcopy/ (issue 15: copy from any news site).

    .venv/bin/python benchmarks/eval_realcopy.py [--data ../shared/realcopy] [--verbose]

Ingests the `selection/` dumps, then the `page/` dumps, each kind into a fresh temporary
project (the data is read in place and copied only into the temporary folder, never into the
repository), scores each with the data's own `score.py` and prints the issue's figures:
selection body F1 / recall and what the story page shows (captions + body) F1; page body
F1 / recall, stories out / pages and titles right; articles lost of either kind. Skips when the
data is absent. `--verbose` also prints score.py's full report (with the lines that leaked).

Then the saved pages' figures (issue 18, `realcopy_saved.py`): the `html/` pages and MHTML
made from a few of them ingested as saved pages. `--saved-only` prints only those.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "realcopy"


def score_kind(data: Path, kind: str, tmp: Path, verbose: bool) -> dict[str, Any]:
    """Ingest the dumps of *kind* into a fresh project and return score.py's figures."""
    project = tmp / kind
    raw = project / "content" / "raw"
    raw.mkdir(parents=True)
    for dump in sorted((data / kind).glob("*.txt")):
        shutil.copyfile(dump, raw / dump.name)
    (project / "digest.yaml").write_text(
        "title: Realcopy\nbase_url: https://example.org/\n", encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)],
        check=True,
        capture_output=True,
        text=True,
    )
    result_file = tmp / f"{kind}.json"
    command = [sys.executable, str(data / "score.py"), "--data", str(data), "--kind", kind]
    command += ["--project", str(project), "--json", str(result_file)]
    report = subprocess.run(command, check=True, capture_output=True, text=True)
    if verbose:
        print(report.stdout)
    figures: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--saved-only", action="store_true")
    args = parser.parse_args()
    if not (args.data / "score.py").exists():
        print(f"skipped: {args.data} is absent")
        return
    if not args.saved_only:
        copied(args)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from realcopy_saved import saved_figures

    with tempfile.TemporaryDirectory() as folder:
        for line in saved_figures(args.data, Path(folder)):
            print(line)


def copied(args: argparse.Namespace) -> None:
    """Print the figures of the copied text (selection and page dumps)."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sel = score_kind(args.data, "selection", tmp, args.verbose)
        page = score_kind(args.data, "page", tmp, args.verbose)
    print(f"selection: body F1 {sel['f1']:.3f} / recall {sel['recall']:.3f}")
    print(f"selection: what the story page shows (body + captions) F1 {sel['shown_f1']:.3f}")
    print(f"page: body F1 {page['f1']:.3f} / recall {page['recall']:.3f}")
    print(
        f"page: stories out / pages {page['stories_out']} / {page['articles']}; "
        f"titles right {page['titles_right']} / {page['articles']}"
    )
    print(
        f"articles lost (recall < 0.1): selection {sel['lost']}, page {page['lost']}, "
        f"either kind {sel['lost'] + page['lost']}"
    )
    print(f"leaked lines: selection {sel['leaked_lines']}, page {page['leaked_lines']}")


if __name__ == "__main__":
    main()

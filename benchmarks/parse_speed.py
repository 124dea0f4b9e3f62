"""CPU time to parse a story: front matter (`read_article`), then Markdown (`render_body`).

    python benchmarks/parse_speed.py [--stories 1000] [--code CHECKOUT ...]

Writes N synthetic stories (synthetic.py, seed 1) as articles in memory, then times, in this
one process (CPU time, best of 3 rounds), `read_article` alone and `read_article` +
`render_body` over all of them, for the digest package of each `--code` checkout in turn (a
child process each: default this checkout), and prints milliseconds a story.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import sys, time
from pathlib import Path
from digest.site.load import read_article
from digest.site.renderer import render_body
from digest.site.typography import markdown
folder = Path(sys.argv[1])
items = [(f.relative_to(folder), f.read_bytes()) for f in sorted(folder.rglob("*.md"))]
md = markdown("en")
best = {}
for _ in range(3):
    for name in ("front", "both"):
        started = time.process_time()
        for relative, data in items:
            article = read_article(data, relative, relative)
            if name == "both":
                render_body(article, md)
        best[name] = min(best.get(name, 1e9), time.process_time() - started)
front = best["front"] / len(items) * 1000
both = best["both"] / len(items) * 1000
print(f"read_article {front:.3f} ms, render_body {both - front:.3f} ms, both {both:.3f} ms")
"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--code", type=Path, action="append", help="checkouts to compare")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        synthetic.write_articles(synthetic.make_stories(args.stories, 1), Path(folder))
        for code in args.code or [REPO]:
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    f"import sys; sys.path.insert(0, {str(code)!r})\n" + _CHILD,
                    folder,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{code}: {result.stdout.strip()} a story ({args.stories} stories)")


if __name__ == "__main__":
    main()

"""What Pagefind costs on one month's shard, by way of `--site` and of `--service` (issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/pagefind_shard.py SITE MONTH [--runs 5]

SITE is a built site/ (e.g. rebuilds.py's project), MONTH a folder of it such as 2024/05.
What Pagefind reads of each story page of that month (`search.indexed_part`) is written to a
folder in page order, as a build does; then, alternately, `pagefind --site` indexes it and a
`pagefind --service` process is asked to read the folder (AddDir) and then for the index
files (GetFiles). It prints the CPU seconds of each (user + system, from /proc for the
service's phases): the parse of the pages (the part a run started ahead could do before the
edited page is rendered) and the rest (the index built and compressed), which no build can
start before the edited page is there. CPU, not wall: the machine is shared.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.site.pagefind import pagefind_command
from digest.site.search import indexed_part


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _site_run(command: Sequence[str], source: Path, out: Path) -> float:
    before = os.times()
    subprocess.run(
        [*command, "--site", str(source), "--output-path", str(out), "--silent"], check=True
    )
    after = os.times()
    return (
        after.children_user - before.children_user + after.children_system - before.children_system
    )


def _service_run(command: Sequence[str], source: Path) -> tuple[float, float]:
    """Return the service's CPU for reading the folder and for making the index."""
    process = subprocess.Popen(
        [*command, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    buffer = b""

    def ask(number: int, payload: dict[str, object]) -> None:
        nonlocal buffer
        message = {"message_id": number, "payload": payload}
        process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
        while b"," not in buffer:
            buffer += os.read(process.stdout.fileno(), 1 << 20)  # type: ignore[union-attr]
        answer, _, buffer = buffer.partition(b",")
        assert json.loads(base64.b64decode(answer))["payload"]["type"] != "Error"

    ask(1, {"type": "NewIndex", "config": None})
    started = _cpu(process.pid)
    ask(2, {"type": "AddDir", "index_id": 0, "path": str(source)})
    read = _cpu(process.pid)
    ask(3, {"type": "GetFiles", "index_id": 0})
    made = _cpu(process.pid)
    process.stdin.close()
    process.wait()
    return read - started, made - read


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("month", help="a month folder of the site, e.g. 2024/05")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    command = pagefind_command()
    work = Path(tempfile.mkdtemp(prefix="pagefind-shard-"))
    try:
        source = work / "site"
        pages = sorted((args.site / args.month).glob("[0-9][0-9]/*/index.html"))
        for page in pages:
            target = source / page.relative_to(args.site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(indexed_part(page.read_bytes()))
        site_cpu, read_cpu, rest_cpu = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            site_cpu.append(_site_run(command, source, work / "out"))
            read, rest = _service_run(command, source)
            read_cpu.append(read)
            rest_cpu.append(rest)
        print(f"{len(pages)} pages of {args.month}, {args.runs} runs each, alternating; CPU s:")
        print(
            f"  pagefind --site               median {statistics.median(site_cpu):.3f}  {site_cpu}"
        )
        print(
            f"  --service: read the folder    median {statistics.median(read_cpu):.3f}  {read_cpu}"
        )
        print(
            f"  --service: make the index     median {statistics.median(rest_cpu):.3f}  {rest_cpu}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How fast `digest serve` shows an edit: file write -> reload event reaching an SSE client.

    .venv/bin/python benchmarks/serve_latency.py [--stories 4000] [--edits 20]

Generates a project of N synthetic stories (on /dev/shm when present), starts `digest serve`
on a free loopback port, connects one server-sent-events client, edits one story N times
(each a plain write of the whole file, as most editors save) and prints the median and
90th-percentile latency, how many pages and feeds of site/ each edit rewrote, and how many
search index files the background re-index (which follows the reload) rewrote.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_stories, write_articles

REPO = Path(__file__).resolve().parent.parent
EVENT_TIMEOUT = 60.0


def start_server(project: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "serve", "-q", "-C", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", line)
        if match:
            return process, match.group(2)
        if not line and process.poll() is not None:
            break
    process.kill()
    raise SystemExit("digest serve did not start")


def listen(port: str, events: queue.Queue[tuple[str, float]], stop: threading.Event) -> None:
    """Put (event name, arrival time) for every event the server sends."""
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=EVENT_TIMEOUT)
    connection.request("GET", "/__digest/events")
    response = connection.getresponse()
    while not stop.is_set():
        line = response.readline()
        if not line:
            break
        if line.startswith(b"event: "):
            events.put((line[7:].strip().decode(), time.perf_counter()))
    connection.close()


def site_state(site: Path) -> dict[str, tuple[int, int]]:
    """Return every file of site/ with its inode and modification time."""
    state = {}
    for path in site.rglob("*"):
        if path.is_file():
            stat = path.stat()
            state[path.relative_to(site).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return state


def changed(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], *, search: bool
) -> int:
    """Return how many files were written, appeared or went between two states of site/
    (those of the search index, or all the others)."""
    return sum(
        1
        for key in before.keys() | after.keys()
        if key.startswith("pagefind/") == search and before.get(key) != after.get(key)
    )


def settle(site: Path, state: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Return the state of site/ once it stayed the same for a second (at most 30 s)."""
    deadline = time.monotonic() + 30
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = site_state(site)
        if now != state:
            state, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= 1.0:
            break
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=4000)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        project = Path(tmp) / "project"
        (project / "content").mkdir(parents=True)
        (project / "digest.yaml").write_text(
            "title: Bench\nbase_url: https://example.org/\n", encoding="utf-8"
        )
        write_articles(make_stories(args.stories), project / "content" / "articles")
        started = time.perf_counter()
        process, port = start_server(project)
        print(
            f"{args.stories} stories: first build and start {time.perf_counter() - started:.1f} s"
        )
        events: queue.Queue[tuple[str, float]] = queue.Queue()
        stop = threading.Event()
        thread = threading.Thread(target=listen, args=(port, events, stop), daemon=True)
        thread.start()
        time.sleep(1.0)  # settle: the first build's own writes are not edits
        story = sorted((project / "content" / "articles").rglob("*.md"))[7]
        original = story.read_text(encoding="utf-8")
        latencies: list[float] = []
        rewritten: list[int] = []
        indexed: list[int] = []
        try:
            for number in range(args.edits):
                while not events.empty():
                    events.get_nowait()
                before = site_state(project / "site")
                text = original.replace(" the ", f" the (edit {number}) ", 1)
                start = time.perf_counter()
                story.write_text(text, encoding="utf-8")
                name, arrived = events.get(timeout=EVENT_TIMEOUT)
                latencies.append((arrived - start) * 1000)
                if name != "reload":
                    print(f"edit {number}: got {name!r}, not reload")
                # The search index follows in the background: count once it is done.
                settled = settle(project / "site", site_state(project / "site"))
                rewritten.append(changed(before, settled, search=False))
                indexed.append(changed(before, settled, search=True))
        finally:
            stop.set()
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        latencies.sort()
        p90 = latencies[max(0, int(len(latencies) * 0.9) - 1)]
        median = statistics.median(latencies)
        print(
            f"edit -> reload event over {args.edits} edits: median {median:.0f} ms,"
            f" p90 {p90:.0f} ms, min {latencies[0]:.0f} ms, max {latencies[-1]:.0f} ms"
        )
        print(
            f"pages and feeds rewritten per edit: median {statistics.median(rewritten):.0f},"
            f" min {min(rewritten)}, max {max(rewritten)}"
        )
        print(
            f"search index files rewritten per edit (after the reload): median"
            f" {statistics.median(indexed):.0f}, min {min(indexed)}, max {max(indexed)}"
        )
        print(f"(cores: {os.cpu_count()}, project on {base or 'disk'})")


if __name__ == "__main__":
    main()

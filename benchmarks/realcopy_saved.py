"""Saved pages of ../shared/realcopy/ (issue 18): the figures eval_realcopy.py prints with --saved.

Every figure comes from `digest ingest` run on a fresh temporary project (the data is read in
place and copied only into the temporary folder, never into the repository):

- body F1 and titles right on the 60 saved HTML pages, scored by the data's own score.py
  (`--predictions`: each page's story, found by its `sources`, as the page's prediction);
- the same for MHTML files made from a few of the pages by Chromium (`Page.captureSnapshot`
  through Playwright, JavaScript off, every request but the page's own file refused), or by
  the standard library's `email` package when Chromium is not there (the output says which);
- published date found on the pages that state one (their metadata or a `<time>` element),
  and how many found dates fall after the page's own (the day in its URL or its metadata);
- the selection dumps and the saved pages together: true articles that came out as one story
  listing both their text copy and their page, and stories that merged two different pages;
- `digest ingest` of 200 saved pages (the 60 pages, copied under other names): wall-clock and
  CPU time, cold cache.
"""

from __future__ import annotations

import datetime as dt
import email.generator
import email.mime.multipart
import email.mime.text
import email.utils
import gzip
import io
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
MHTML_PAGES = 6
TIMED_PAGES = 200
_STATES = re.compile(
    rb"published_time|datePublished|pubdate|dc\.date|<time[^>]+datetime|parsely-pub-date", re.I
)
_ISO_DAY = re.compile(rb"(?:published_time|datePublished)[^0-9]{1,40}(\d{4}-\d\d-\d\d)", re.I)
_URL_DAY = re.compile(r"/(20\d\d|19\d\d)/(\d\d)/(\d\d)/")


def project_with(root: Path, files: dict[str, bytes]) -> Path:
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    for name, data in files.items():
        (raw / name).write_bytes(data)
    (root / "digest.yaml").write_text("title: Saved\nbase_url: https://example.org/\n", "utf-8")
    return root


def ingest(project: Path) -> tuple[float, float]:
    """Run `digest ingest` on *project*; return its wall-clock and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def stories(project: Path) -> list[dict[str, Any]]:
    """Return every written story's front matter, with its body under "body"."""
    found = []
    for path in sorted((project / "content" / "articles").rglob("*.md")):
        match = re.match(r"\A---\n(.*?)\n---\n\n?(.*)\Z", path.read_text("utf-8"), re.S)
        if match:
            meta = yaml.safe_load(match.group(1)) or {}
            found.append({**meta, "body": match.group(2)})
    return found


def by_page(project: Path) -> dict[str, dict[str, Any]]:
    """Return each story by the id of the saved page among its sources."""
    found = {}
    for story in stories(project):
        for source in story.get("sources") or []:
            name = str(source.get("dump"))
            if "." in name and not name.endswith(".txt"):
                found[name.rsplit(".", 1)[0]] = story
    return found


def score(data: Path, project: Path, ids: list[str], tmp: Path, label: str) -> dict[str, Any]:
    """Score the stories of the pages *ids* with score.py; return its figures."""
    found = by_page(project)
    predictions = {
        page: {
            "articleBody": found.get(page, {}).get("body", ""),
            "title": str(found.get(page, {}).get("title", "")),
        }
        for page in ids
    }
    # score.py scores every page of the data: pages left out here score as empty, so a
    # subset is scored on its own truth file.
    truth = json.loads((data / "truth.json").read_text("utf-8"))
    subset = tmp / f"truth-{label}"
    subset.mkdir()
    pages = {page: truth["pages"][page] for page in ids}
    dumps = {
        name: info
        for name, info in truth["dumps"].items()
        if info["kind"] == "page" and all(m["id"] in pages for m in info["pages"])
    }
    (subset / "truth.json").write_text(json.dumps({"pages": pages, "dumps": dumps}), "utf-8")
    (subset / "page").symlink_to(data / "page")
    prediction_file = tmp / f"{label}.predictions.json"
    prediction_file.write_text(json.dumps(predictions), "utf-8")
    result = tmp / f"{label}.json"
    command = [sys.executable, str(data / "score.py"), "--data", str(subset), "--kind", "page"]
    command += ["--predictions", str(prediction_file), "--json", str(result)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(result.read_text("utf-8"))
    return figures


def html_pages(data: Path) -> dict[str, bytes]:
    return {
        path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
        for path in sorted((data / "html").glob("*.html.gz"))
    }


def mhtml_files(pages: dict[str, bytes], tmp: Path) -> tuple[dict[str, bytes], str]:
    """Return MHTML files of a few pages, and how they were made."""
    chosen = dict(list(pages.items())[:: max(1, len(pages) // MHTML_PAGES)][:MHTML_PAGES])
    try:
        return _chromium_mhtml(chosen, tmp), "Chromium Page.captureSnapshot (Playwright)"
    except Exception as error:  # no Playwright or no browser here: the stdlib's archive
        made = {page: _email_mhtml(html) for page, html in chosen.items()}
        return made, f"the stdlib email package (Chromium failed: {error})"


def _chromium_mhtml(pages: dict[str, bytes], tmp: Path) -> dict[str, bytes]:
    from playwright.sync_api import sync_playwright

    folder = tmp / "mhtml-source"
    folder.mkdir()
    made = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *("--no-sandbox", "--disable-gpu", "--disable-background-networking"),
                *("--disable-component-update", "--disable-sync", "--no-first-run"),
            ],
        )
        try:
            context = browser.new_context(java_script_enabled=False)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )
            page = context.new_page()
            for name, html in pages.items():
                source = folder / f"{name}.html"
                source.write_bytes(html)
                page.goto(source.as_uri(), wait_until="load", timeout=60_000)
                snapshot = context.new_cdp_session(page).send(
                    "Page.captureSnapshot", {"format": "mhtml"}
                )
                made[name] = str(snapshot["data"]).encode("utf-8")
        finally:
            browser.close()
    return made


def _email_mhtml(html: bytes) -> bytes:
    archive = email.mime.multipart.MIMEMultipart("related", type="text/html")
    archive["Date"] = email.utils.format_datetime(dt.datetime.now(dt.UTC))
    archive.attach(email.mime.text.MIMEText(html.decode("utf-8", "replace"), "html", "utf-8"))
    out = io.BytesIO()
    email.generator.BytesGenerator(out).flatten(archive)
    return out.getvalue()


def date_figures(pages: dict[str, bytes], found: dict[str, dict[str, Any]], data: Path) -> str:
    """Say how many pages that state a date got one, and how many dates fall after theirs."""
    truth = json.loads((data / "truth.json").read_text("utf-8"))["pages"]
    stating = [page for page, html in pages.items() if _STATES.search(html)]
    # Found: the story's date rests on the page (its `published` time, or its day).
    dated = [page for page in stating if found.get(page, {}).get("date_source") == "page"]
    after = []
    for page, story in found.items():
        published = story.get("published") or story.get("date")
        # The page's own day: the one in its URL, else the first its metadata states (a
        # page lists other articles' dates after its own).
        url_day = _URL_DAY.search(truth.get(page, {}).get("url", ""))
        stated = _ISO_DAY.search(pages.get(page, b""))
        own = "-".join(url_day.groups()) if url_day else stated and stated.group(1).decode()
        if published and own:
            day = dt.date.fromisoformat(str(published)[:10])
            if day > dt.date.fromisoformat(own) + dt.timedelta(days=1):
                after.append(page[:12])
    return (
        f"published date found where the page states one: {len(dated)} / {len(stating)} "
        f"({100 * len(dated) / max(1, len(stating)):.0f} %); after the page's own date "
        f"(its URL's or metadata's day, +1 day for time zones): {len(after)} {after or ''}"
    )


def merge_figures(data: Path, pages: dict[str, bytes], tmp: Path) -> str:
    """Ingest the selection dumps with the saved pages; count articles found as one story."""
    truth = json.loads((data / "truth.json").read_text("utf-8"))
    files = {f"{page}.html": html for page, html in pages.items()}
    files |= {path.name: path.read_bytes() for path in sorted((data / "selection").glob("*.txt"))}
    project = project_with(tmp / "merged", files)
    ingest(project)
    written = stories(project)
    both = total = 0
    for name, info in truth["dumps"].items():
        if info["kind"] != "selection":
            continue
        dump = name.split("/", 1)[1]
        for member in info["pages"]:
            total += 1
            wanted = {dump, f"{member['id']}.html"}
            both += any(wanted <= {s["dump"] for s in st.get("sources", [])} for st in written)
    two_pages = sum(
        len({s["dump"] for s in st.get("sources", []) if s["dump"].endswith(".html")}) > 1
        for st in written
    )
    return (
        f"the same story as a text copy and a saved page: {both} / {total} articles are one "
        f"story listing both sources; stories merging two different pages: {two_pages}"
    )


def timing(pages: dict[str, bytes], tmp: Path) -> str:
    items = list(pages.values())
    files = {f"{n:03d}.html": items[n % len(items)] for n in range(TIMED_PAGES)}
    project = project_with(tmp / "timed", files)
    wall, cpu = ingest(project)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    return (
        f"ingest of {TIMED_PAGES} saved pages (cold cache): {wall:.1f} s wall-clock, "
        f"{cpu:.1f} s CPU (load average {load} while it ran)"
    )


def saved_figures(data: Path, tmp: Path) -> list[str]:
    """Return the lines eval_realcopy.py prints for saved pages."""
    pages = html_pages(data)
    html_project = project_with(tmp / "saved-html", {f"{p}.html": h for p, h in pages.items()})
    ingest(html_project)
    html = score(data, html_project, list(pages), tmp, "html")
    mhtml, how = mhtml_files(pages, tmp)
    mhtml_project = project_with(tmp / "saved-mhtml", {f"{p}.mhtml": m for p, m in mhtml.items()})
    ingest(mhtml_project)
    archived = score(data, mhtml_project, list(mhtml), tmp, "mhtml")
    return [
        f"saved HTML pages: body F1 {html['f1']:.3f} (precision {html['precision']:.3f}, "
        f"recall {html['recall']:.3f}); titles right {html['titles_right']} / "
        f"{html['articles']}; lost {html['lost']}",
        f"saved MHTML pages ({len(mhtml)}, made by {how}): body F1 {archived['f1']:.3f}; "
        f"titles right {archived['titles_right']} / {archived['articles']}",
        date_figures(pages, by_page(html_project), data),
        merge_figures(data, pages, tmp),
        timing(pages, tmp),
    ]

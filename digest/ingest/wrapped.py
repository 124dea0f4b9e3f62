"""Wrapped: a paragraph's lines broken at a width (text copied from a PDF, a plain-text
e-mail, a wire's feed) -> the lines they were, so that each is judged whole.

A PDF viewer copies a page as it is set: every line cut where the next word did not fit,
words hyphenated across two lines ("coun-" over "try"). Judged line by line, such text is a
run of short lines that are no sentences: a list of links. A break is a wrap's when the next
line's first word would not have fitted on the line at the width the dump is wrapped at (its
longest such line, 40 to 100 characters) and the line goes on in the next: it ends no
sentence and opens no list (no colon), and the next line opens in lower case, or in any case
when the paragraph shows such a break elsewhere and a run of breaks ends a sentence. A line
ending with a word no phrase ends with ("in", "of", "the": a headline set in large type over
two lines) goes on in the next one whatever its width. Lines a poem, an address or a list
are set in open in capitals or end their phrase: they stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from digest.ingest.blocks import Line, Paragraph

# A dump hard-wrapped at a width is wrapped at this many characters at least and at most.
_WIDTHS = (40, 100)
# A line that ends with a word no phrase ends with, over two lines, is this long at least.
_CUT_CHARS = 20
# A line ends a sentence: a stop, a question or exclamation mark, a closing quote after one.
_SENTENCE_END = re.compile("[.!?\u2026][\"'\u201d\u2019\u00bb)\\]]*$")
# A wrapped line may end so mid-sentence: after a word, a figure, a comma, a semicolon, a
# dash set apart ("TALLINN \u2013"), a hyphen; never after a colon (a list opens under it).
_GOES_ON = re.compile(r"(?:[\w,;%]|\s[\u2013\u2014-]|\w-)$")
# A line opening a list ends so: the list's items are set under it, one a line.
_OPENING = (":", "\uff1a")
# A word split across two lines by a hyphen: its first part ends the line, glued to it.
_HYPHENATED = re.compile(r"(\w+)-$")
# A word, or a compound of words joined by hyphens.
_WORDS = re.compile(r"\w+(?:-\w+)*")
# The first word of a line, as a wrap would have carried it over.
_FIRST_WORD = re.compile(r"\S+")
# Words no phrase ends with (articles, prepositions, conjunctions) in the languages whose
# PDFs editors paste most, none a word a phrase may end with in another ("on", "do", "die").
_NO_END_WORDS = (  # English, French, German, Spanish, Italian, Portuguese
    "a an the of in at to for from with by and or but into than that",
    "le la les un une des du et ou au aux sur pour par avec dans",
    "der das den dem ein eine einen einem und oder mit von zu im auf",
    "el los las una y del al con por para",
    "il lo gli di della e per",
    "os um uma na em com",
)
_NO_END = frozenset(word for words in _NO_END_WORDS for word in words.split())


def unwrapped_chunks(chunks: Sequence[list[Paragraph]]) -> list[list[Paragraph]]:
    """Return *chunks* with each run of lines wrapped at a width made one line (numbered as
    its first line, a hyphenated word joined); other lines as they are."""
    width = _dump_width([p for chunk in chunks for p in chunk])
    if width is None:
        return list(chunks)  # (most dumps: no paragraph wrapped at a width)
    words: Counter[str] | None = None
    joined: list[list[Paragraph]] = []
    for chunk in chunks:
        paragraphs = []
        for paragraph in chunk:
            runs = _runs(paragraph, width)
            if all(len(run) == 1 for run in runs):
                paragraphs.append(paragraph)
                continue
            if words is None:
                words = _words(chunks)
            lines = tuple(Line(run[0].number, _joined(run, words)) for run in runs)
            paragraphs.append(Paragraph(lines, paragraph.marked))
        joined.append(paragraphs)
    return joined


def _dump_width(paragraphs: Sequence[Paragraph]) -> int | None:
    """Return the width the dump's wrapped paragraphs are wrapped at: the longest line of
    those of three lines or more that end a sentence, with a wrap's break judged by their
    own lines; None when none has one."""
    widths = [
        max(len(line.text) for line in paragraph.lines)
        for paragraph in paragraphs
        if len(paragraph.lines) > 2
        and _SENTENCE_END.search(paragraph.lines[-1].text.rstrip()) is not None
        and any(
            _goes_on(paragraph.lines, at) and _full(paragraph.lines, at, _widths(paragraph, None))
            for at in range(len(paragraph.lines) - 1)
        )
    ]
    return max(widths) if widths else None


def _cut_at(text: str) -> bool:
    stripped = text.rstrip()
    last = stripped.rsplit(None, 1)[-1] if stripped else ""
    return len(stripped) >= _CUT_CHARS and last.casefold() in _NO_END and " " in stripped


def _runs(paragraph: Paragraph, width: int | None) -> list[list[Line]]:
    """Return the lines of *paragraph* in runs, each the lines of one wrapped line (most
    runs: a line alone)."""
    lines = paragraph.lines
    widths = _widths(paragraph, width)
    full = [_full(lines, at, widths) for at in range(len(lines) - 1)]
    going = [_goes_on(lines, at) for at in range(len(lines) - 1)]
    evidence = any(f and g for f, g in zip(full, going, strict=True))
    runs: list[list[Line]] = [[lines[0]]]
    for at, line in enumerate(lines[1:]):
        above = lines[at].text.rstrip()
        cut = _cut_at(above) and line.text.lstrip()[:1].isalnum()
        # (in a paragraph wrapped elsewhere, a full line goes on whatever the next opens with)
        ends = _GOES_ON.search(above) is not None or _SENTENCE_END.search(above) is not None
        wrapped = full[at] and (going[at] or (evidence and ends))
        if cut or wrapped:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [part for run in runs for part in _ended(run)]


def _goes_on(lines: Sequence[Line], at: int) -> bool:
    """Tell whether line *at* goes on in the next: it ends mid-sentence, and the next opens
    in lower case."""
    above = lines[at].text.rstrip()
    return (
        _GOES_ON.search(above) is not None
        and _SENTENCE_END.search(above) is None
        and _lower(lines[at + 1].text)
    )


def _ended(run: list[Line]) -> list[list[Line]]:
    """Return a run as it is when its last line ends a sentence (or opens a list under it:
    "... the main measures:") or each line is cut after
    a word no phrase ends with (a headline over two lines); else each line alone: lines
    that end no sentence are a list's, a menu's, truncated headlines ("... next post")."""
    last = run[-1].text.rstrip()
    if len(run) == 1 or _SENTENCE_END.search(last) is not None or last.endswith(_OPENING):
        return [run]
    if all(_cut_at(line.text) for line in run[:-1]):
        return [run]
    return [[line] for line in run]


def _full(lines: Sequence[Line], at: int, widths: tuple[int, int]) -> bool:
    """Tell whether line *at* is full: the next line's first word (a plain word) would not
    have fitted on it at the width of the other lines (and of the dump's wrapped
    paragraphs), 40 to 100 characters; *widths*: the paragraph's two longest lines' and
    the dump's, each at least."""
    above, below = lines[at].text.rstrip(), lines[at + 1].text.strip()
    word = _FIRST_WORD.match(below)
    if word is None or not _plain_word(word.group()) or above.endswith(_OPENING):
        return False
    widest = widths[1] if len(above) == widths[0] else widths[0]  # (the other lines')
    if not _WIDTHS[0] <= widest <= _WIDTHS[1] or len(above) > _WIDTHS[1]:
        return False
    return len(above) + 1 + len(word.group()) > widest


def _widths(paragraph: Paragraph, width: int | None) -> tuple[int, int]:
    """Return the lengths of a paragraph's two longest lines, each the dump's *width* at
    least."""
    longest = sorted(len(line.text.rstrip()) for line in paragraph.lines)[-2:]
    return max(longest[-1], width or 0), max(longest[0], width or 0)


def _plain_word(word: str) -> bool:
    """Tell whether a line's first word is a word a sentence goes on with: letters or
    figures, with a hyphen, an apostrophe or punctuation after it (no address, handle or
    code: "https://...", "@name", "facebook_url")."""
    core = word.strip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb().,;:!?")
    return bool(core) and core.replace("-", "").replace("'", "").replace("\u2019", "").isalnum()


def _lower(text: str) -> bool:
    """Tell whether a line opens in lower case (after an opening quote or bracket)."""
    return text.lstrip().lstrip("\"'\u201c\u2018\u00ab(")[:1].islower()


def _joined(run: Sequence[Line], words: Counter[str]) -> str:
    """Return the lines of a run as one, a word hyphenated across two of them joined."""
    text = run[0].text.rstrip()
    for line in run[1:]:
        below = line.text.strip()
        split = _HYPHENATED.search(text)
        if split is None or not below[:1].isalnum():
            text = f"{text} {below}"
        elif below[:1].islower() and _hyphen_dropped(split.group(1), below, words):
            text = text[:-1] + below
        else:
            text = text + below  # a compound ("well-" over "known", "COVID-" over "19")
    return text


def _hyphen_dropped(first: str, below: str, words: Counter[str]) -> bool:
    """Tell whether the hyphen ending a line only split a word ("coun-" over "try"): the
    word whole is written elsewhere in the dump, or its first part is no word of the dump
    (nor of its language's common words) and the compound is written nowhere else."""
    rest = _FIRST_WORD.match(below)
    second = (rest.group() if rest else "").rstrip(".,;:!?\"'\u201d\u2019)").casefold()
    first = first.casefold()
    if words[first + second]:
        return True
    if words[f"{first}-{second}"]:
        return False
    return words[first] <= 1 and first not in _common_words(words)


def _common_words(words: Counter[str]) -> frozenset[str]:
    """Return the common words of the dump's language (jusText's stop words), none known."""
    from digest.ingest.page_find import stoplist_for  # (asked only of a hyphenated break)

    return stoplist_for([" ".join(words.elements())])


def _words(chunks: Sequence[list[Paragraph]]) -> Counter[str]:
    """Return how often the dump writes each word (case-folded; a compound also whole)."""
    counts: Counter[str] = Counter()
    for chunk in chunks:
        for paragraph in chunk:
            for line in paragraph.lines:
                compounds = _WORDS.findall(line.text.casefold())
                counts.update(compounds)
                counts.update(p for word in compounds if "-" in word for p in word.split("-"))
    return counts

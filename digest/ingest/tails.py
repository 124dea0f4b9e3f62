"""Tails: the outlet's own lines under a story's text that read as sentences.

Under its last paragraph a page prints lines of its own that read as story text: where the
story appeared in print ("A version of this article appears in print on ..., Section A", with
"Order Reprints | Today's Paper | Subscribe" glued on), a call to follow the outlet on its
networks ("Follow ... on Facebook, Instagram, TikTok and X"), and, last of the text, its call
for readers' letters or tips ("We'd like to hear what you think ... Here's our email: ...",
"제보는 카카오톡 okjebo"), its rights notice in any language ("All rights reserved",
"<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "版权所有") or a newsletter's sign-off ("Thanks
for reading The Lamp Post! Subscribe for free ..."). The words are data
(digest/data/chrome.yaml `print_lines`, `follow_calls` with `networks`, `reader_calls`,
`rights_notices`, `sign_offs`), no outlet's name. A call for letters or a rights notice is the
outlet's only under the text: from it to the part's end stands nothing but chrome. Last of
all, once the byline is read, the writers' notes: a sentence about each writer that opens
with their name ("Dan Lamothe joined The Washington Post in 2014 and covers the military."),
the story's last lines. A republished story's closing note ("This article is republished
from NAME under a Creative Commons license.") stays, as its licence asks: `republished_by`
reads the outlet it names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence, rights_line, unspaced
from digest.ingest.chrome_words import chrome_words
from digest.ingest.paywalls import Phrases, phrases_pattern
from digest.ingest.pieces import Dropped, Piece

PRINTED = "print edition"
CONTACT = "writer's contact"
FOLLOW = "follow us"
LETTERS = "call for letters"
RIGHTS = "copyright"
WRITERS = "writer's note"
SIGNED_OFF = "sign-off"
REPUBLISHED = "republished"
APPEAL = "appeal for support"
# A line of the outlet's is a sentence or three: this many words at most.
_LINE_WORDS = 60
# A call to follow names this many networks at least ("on Facebook and Instagram").
_NETWORKS = 2
# An appeal for support names this many of its words at least, and quotes no one.
_APPEAL_WORDS = 2
_QUOTES = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e")
_REPORTED = (" said", " says", " told ")  # (reported speech: someone else's words)
# A line of story text above them shows the story has started (jusText's "short").
_TEXT_CHARS = 70
# A note on a writer says this many words at least ("Zoe Williams is a Guardian columnist").
_NOTE_WORDS = 5
# An outlet's name after a republication note's words has this many words at most, and
# these particles may stand between its capitalised words ("Kaiser Health News", "Le Monde").
_NAME_WORDS = 6
_PARTICLES = frozenset(("of", "the", "de", "du", "la", "le", "di", "der", "die", "do", "da", "&"))
_NAME_ENDS = '.,;:()[]\u201d"!?'
# A writer's address: an e-mail address or a handle on a network ("@mikereynolds").
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w@])@\w{2,}")


def tails(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the outlet's lines under the story's text marked as chrome."""
    marked = list(reasons)
    told = False
    for index, piece in enumerate(pieces):
        text = piece.text
        if told and reasons[index] is None and text.count(" ") < _LINE_WORDS:
            folded = text.casefold()
            if _phrases("print_lines").search(folded) is not None:
                marked[index] = PRINTED
            elif _follows(folded):
                marked[index] = FOLLOW
        told = told or _story_text(text, reasons[index])
    last = _last_text(pieces, marked)
    if last is not None and _phrases("sign_offs").match(pieces[last].text.casefold().lstrip()):
        marked[last] = SIGNED_OFF  # (what stands under it is chrome, or short lines)
    for index in range(len(pieces) - 1, -1, -1):
        if marked[index] is not None:
            continue  # chrome under the call, or the call itself
        text = pieces[index].text
        if not told or text.count(" ") >= _LINE_WORDS:
            break
        folded = text.casefold()
        if _phrases("rights_notices").search(folded) is not None:
            marked[index] = RIGHTS  # "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>"
        elif _phrases("reader_calls").search(folded) is not None:
            marked[index] = LETTERS  # ... or a call for tips: "제보는 카카오톡 okjebo"
        else:
            break  # the story's last line
    return _contacts(pieces, _appeal(pieces, marked)) if told else marked


def _contacts(pieces: Sequence[Piece], marked: list[str | None]) -> list[str | None]:
    """Mark the writer's contact lines at the story's end ("Contact Ann Lee at
    alee@paper.com. Follow her on X @annlee."): opening with a call to contact or follow
    (chrome.yaml `contact_calls`) and giving an address, with only chrome, other contact lines
    or the rights notice under them."""
    for index in range(len(pieces) - 1, -1, -1):
        text = pieces[index].text
        if marked[index] is not None or rights_line(text):
            continue
        folded = text.casefold().lstrip()
        if text.count(" ") >= _LINE_WORDS or _ADDRESS.search(text) is None:
            break
        if _phrases("contact_calls").match(folded) is None:
            break
        marked[index] = CONTACT
    return marked


def _story_text(text: str, reason: str | None) -> bool:
    """Tell whether a line kept so far is one of the story's text: a long enough sentence."""
    return reason is None and _long(text) and is_sentence(text)


def _long(text: str) -> bool:
    """Tell whether a line is long enough to be story text: a line of Chinese, Japanese or
    Korean says in half as many characters what a Latin one does."""
    return len(text) >= _TEXT_CHARS or (len(text) * 2 >= _TEXT_CHARS and unspaced(text))


def _last_text(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> int | None:
    """Return the index of the part's last line of text (a long sentence), if it is no first."""
    for index in range(len(pieces) - 1, 0, -1):
        text = pieces[index].text
        if _story_text(text, reasons[index]):
            return index if text.count(" ") < _LINE_WORDS else None
    return None


def _appeal(pieces: Sequence[Piece], marked: list[str | None]) -> list[str | None]:
    """Mark the outlet's appeal for its readers' support under the story's text: its
    sentences (`_appeals`), with nothing under them but chrome and lines that are no
    sentence (the headlines of other stories, its buttons)."""
    for index in range(len(pieces) - 1, 0, -1):
        text = pieces[index].text
        if marked[index] is not None:
            continue
        if text.count(" ") < _LINE_WORDS and _appeals(text.casefold()):
            marked[index] = APPEAL  # "We're a reader-funded ... your support lets us ..."
        elif is_sentence(text):
            break  # the story's last line
    return marked


def _appeals(folded: str) -> bool:
    """Tell whether a (case-folded) line is the outlet's appeal for support: it names two of
    chrome.yaml's `appeals` words or more, and quotes or reports no one (a story may close
    on someone's call for donations)."""
    if any(mark in folded for mark in _QUOTES) or any(map(folded.__contains__, _REPORTED)):
        return False
    return len(set(_phrases("appeals").findall(folded))) >= _APPEAL_WORDS


def _follows(folded: str) -> bool:
    """Tell whether a (case-folded) line calls the reader to follow the outlet on several
    networks; the call opens it: "Police follow leads on Facebook" is text."""
    opening = _phrases("follow_calls").match(folded.lstrip())
    if opening is None:
        return False
    return len(set(_phrases("networks").findall(folded))) >= _NETWORKS


def republished_by(text: str) -> str | None:
    """Return the outlet a line says the story was first published by ("This article is
    republished from The Conversation under a Creative Commons license.": The Conversation,
    its capitalised words after the phrase), "" when the line names none so, None when the
    line is no such note."""
    folded = text.casefold()
    found = _phrases("republished_lines").search(folded)
    if found is None:
        return None
    if len(folded) != len(text):
        return ""  # (case folding changed the line's length: no place in it to read from)
    return _name_at(text[found.end() :].split())


def _name_at(words: Sequence[str]) -> str:
    """Return the capitalised words that open *words* (a particle between two of them), up
    to a word in lower case or one a stop ends: an outlet's name."""
    name: list[str] = []
    for at, word in enumerate(words[:_NAME_WORDS]):
        bare = word.rstrip(_NAME_ENDS)
        following = words[at + 1 : at + 2]
        if bare[:1].isupper():
            name.append(bare)
        elif name and bare in _PARTICLES and following and following[0][:1].isupper():
            name.append(bare)
            continue
        else:
            break
        if bare != word:
            break  # "ProPublica," "Kaiser Health News."
    return " ".join(name)


@functools.cache
def _phrases(key: str) -> Phrases:
    return phrases_pattern(chrome_words(key))


def writers_notes(
    body: Sequence[Piece], authors: Sequence[str]
) -> tuple[tuple[Piece, ...], tuple[Dropped, ...]]:
    """Return a story's *body* without the notes on its writers (*authors*, its byline's)
    that end it, and those notes dropped: its last lines, each a sentence (its full stop
    may be left off) that opens with a writer's full name and a word in lower case ("Liz
    Goodwin is a congressional reporter for ..."), under a line of the text (not a
    heading's paragraph), never its first line."""
    names = tuple(f"{author} " for author in authors if " " in author)
    end = len(body)
    while end > 1 and names:
        text = body[end - 1].text.lstrip()
        name = next((name for name in names if text.startswith(name)), None)
        if name is None or not text[len(name) : len(name) + 1].islower():
            break
        if len(text.split()) < _NOTE_WORDS:
            break
        end -= 1
    if end == len(body) or not is_sentence(body[end - 1].text):
        return tuple(body), ()  # (under a heading, "About Acme": the company's own paragraph)
    notes = tuple(Dropped(piece.number, piece.text, WRITERS) for piece in body[end:])
    return tuple(body[:end]), notes

"""Chrome: the lines a news site prints around a story, judged by shape, not by site.

A copied story comes with its site's chrome: bylines, publication times, reading times, share
and follow buttons, photo credits, labels ("Advertisement", "Related"), lists of other
headlines, menus and footers. Each line is judged by features that hold on any site: its
length and sentence shape (story text is made of sentences), the general shapes in
digest/data/chrome.yaml (labels, share rows) and below (dates, "By NAME", credits), and its
position (chrome gathers before the lead, after the last paragraph and in runs of short lines
between paragraphs). What a removed line tells (authors, outlet, dateline, the published
line) is read from it by `tells`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from digest.ingest.breadcrumbs import breadcrumb
from digest.ingest.byline_shapes import dotted
from digest.ingest.bylines import agency_credit, byline_names, reporting
from digest.ingest.chrome_words import called, chrome_data, chrome_words, linked_notice, names_ad
from digest.ingest.closing_credits import desk_initials, initials_credit
from digest.ingest.date_lines import (
    any_date,
    dated,
    parted_date,
    publication_open,
    signed_publication,
)
from digest.ingest.photo_lines import credit_line, describes, describes_photo
from digest.ingest.relative_dates import counts_back
from digest.ingest.rule_lines import html_rule
from digest.ingest.scripts import SCRIPT_STOPS, UNSPACED, southeast_words, stopless
from digest.ingest.scripts import unspaced as unspaced  # (its readers import it from here)
from digest.ingest.sentence_ends import closing as closing  # (lists, page_find read it here)
from digest.user_patterns import UserPattern, compile_pattern

# Story text is sentences: this many words ending like a sentence, or a long run of words.
_SENTENCE_WORDS = 8
_LONG_WORDS = 24
_LONG_CHARS = 160  # scripts written without spaces
_ENDS_SENTENCE = tuple(".!?\u2026\"'\u201d\u2019\u00bb)]:;" + SCRIPT_STOPS)
# A line this short that speaks of newsletters, subscriptions or cookies is a notice.
_PROMO_WORDS = 8
# ... and a line this short that names two of them is a pitch ("Get the day ahead with our
# newsletter. Sign up here.").
_PITCH_WORDS = 30
_CALL_WORDS = 4
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_CHARS_PER_WORD = 2
# Chrome shapes are judged on short lines only; a long line is story text whatever it says.
_SHORT_WORDS = 14
# A line of at most this many words starting with a label is one ("Most read in sport").
_LABEL_LINE_WORDS = 6
_LABEL_MAX_WORDS = 4
_SENTENCE_STOPS = (".", "!", "?", *SCRIPT_STOPS)
# (a full-width colon, as CJK pages print it, needs no space after it: "NAME\uff1aNAME")
_LABEL_PREFIX = re.compile(
    r"^([^\W\d_][^:|\u00b7\uff1a\d]{0,30}?)\s*(?:(?::|\s\u00b7|\s\|)\s|\uff1a)"
)
# Only a page's address, perhaps labelled ("Source: https://...") or bare ("abc.net.au/news/..."):
# where the editor copied from. A site's name alone ("www.theatre.com" under "Tickets") is text.
_ADDRESS = re.compile(
    r"^(?:[^\W\d][\w ]{0,24}[:\uff1a]\s*)?(?:https?://|www\.|(?=[a-z\d.-]+\.[a-z]{2,}/))[^/\s]+/\S+$"
    r"|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",  # (an e-mail address alone: the writer's)
    re.IGNORECASE,
)
_NEW_TAB = re.compile(r"\bopens?(?: in)?(?: a)? new (?:tab|window)\)?\W*$", re.IGNORECASE)
# A run of this many short non-sentence lines between paragraphs is a list of links.
_LINK_RUN = 3
# A line of this many words at most that names an advertisement is its label or note.
_AD_WORDS = 6

_NOTICE_OPENERS = frozenset("\u00a9(cC")  # the first characters _COPYRIGHT_LINE matches
# A wire story's closing note on who else reported it, under a rule ("___").
_CONTRIBUTED = re.compile(
    r"\bcontributed(?: reporting)?(?: to| for)? (?:this|the) (?:report|story|article)\W*$",
    re.IGNORECASE,
)
_CONTRIBUTED_WORDS = 25
# ... or after a dash, the names of those who helped ("\u2014 With assistance from Ann Lee").
_ASSISTED = re.compile(
    r"^[\u2014\u2013-]+\s*with (?:the )?(?:assistance|additional reporting|reporting)"
    r" (?:from|by)\s",
    re.IGNORECASE,
)
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}$")
_READING = re.compile(
    r"^(?:\d+\s*(?:-\s*)?(?:min(?:ute)?s?|m)\b.*\bread\b|read(?:ing)?\s+time\b.*|"
    r"\d+\s*(?:min(?:ute)?s?)\s*(?:de\s+)?(?:lecture|lesezeit|lectura|leitura)?|"
    r"(?:tempo\s+de\s+leitura|lesezeit|temps\s+de\s+lecture|tiempo\s+de\s+lectura)\b.*)$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:(?:photo|photograph|image|picture|video|graphic|illustration|credit|foto|bild|"
    r"source|image credit|photo credit)s?\s*:|\u00a9|\(c\)\s|copyright\b)|"
    r"\b(?:getty images|shutterstock|reuters/|afp via getty|ap photo|epa-efe|alamy|"
    r"all rights reserved)\b|"
    # A photo library's name alone on its line ("GETTY" under a caption): never an outlet's.
    r"^(?:getty|istock|dreamstime|unsplash|pexels)$",
    re.IGNORECASE,
)
_COPYRIGHT_LINE = re.compile(r"^(?:\u00a9|\(c\)\s|copyright\s+(?:\u00a9\s*)?\d{4}\b)", re.I)
# A gallery's counter: "Image 1 of 4", "Photo 2 / 9", "1 / 4".
_GALLERY_COUNTER = re.compile(
    r"^(?:(?:image|photo|picture|slide)s?\s*\d+\s*(?:of|/)\s*/?\s*\d+|\d+\s+(?:of|/)\s+\d+|"
    r"list(?: \d+)? of \d+(?: items)?)$",
    re.IGNORECASE,
)
# A PDF's page number: "Page 1 of 3", "Seite 2 von 5", "P\u00e1gina 1 de 2".
_PAGE_COUNTER = re.compile(r"^(?:page|seite|p\u00e1gina|pagina)\s+\d+(?:\s+\w{1,3}\s+\d+)?$", re.I)
# "Source:" in other languages and scripts ("Quelle:", "Fuente:", "\u6765\u6e90\uff1a",
# "\u0627\u0644\u0645\u0635\u062f\u0631 :", "\ucd9c\ucc98:"), a full-width colon too.
SOURCE_LABEL = (
    r"(?:sources?|quelle|fuente|fonte|bron|k\u00e4lla|kilde|\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a|"
    r"\u6765\u6e90|\u4f86\u6e90|\u51fa\u5904|\u51fa\u5178|\u0627\u0644\u0645\u0635\u062f\u0631|\ucd9c\ucc98)\s*[:\uff1a]\s*"
)
_SOURCE = re.compile(rf"^{SOURCE_LABEL}(?P<outlet>.{{2,60}})$", re.IGNORECASE)
_COUNT = re.compile(r"^[\d\s.,:+%kKmM/|()$\u00a3\u20ac\u00a5\u20a9-]*$")  # prices too
# "42 Comments", "Kommentare (12)": a label, never a sentence; WordPress's quotes the
# story's title ("2 thoughts on “...”"), whose words are not read (_QUOTE_OPENS).
_COMMENTS_HEADING_CHARS = 200
_QUOTE_OPENS = re.compile('["\u201c\u201e\u00ab\u2018\u300c]')
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


# Equal and hashed by identity (`shapes_for` makes one for each setting): `shape`'s memo
# hashes it with every line, and a field-wise hash is a Python call hashing every field.
@dataclass(frozen=True, slots=True, eq=False)
class Shapes:
    """The general chrome shapes: whole-line labels, share-row words, extra and keep patterns."""

    labels: frozenset[str]
    social: frozenset[str]
    promo: tuple[str, ...] = ()
    extra: tuple[UserPattern, ...] = ()  # the editor's (digest/user_patterns.py)
    keep: tuple[UserPattern, ...] = ()


@functools.cache
def shipped_shapes() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Return the labels, share-row words and promotion words of digest/data/chrome.yaml."""
    data = chrome_data()
    return frozenset(data["labels"]), frozenset(data["social"]), tuple(data["promo"])


@functools.cache
def shapes_for(extra: tuple[str, ...], keep: tuple[str, ...]) -> Shapes:
    """Return the shipped shapes with digest.yaml's `ingest.chrome` and `ingest.keep` patterns."""
    labels, social, promo = shipped_shapes()
    return Shapes(
        labels,
        social,
        promo,
        _compiled("ingest.chrome", extra),
        _compiled("ingest.keep", keep),
    )


def _compiled(key: str, patterns: tuple[str, ...]) -> tuple[UserPattern, ...]:
    return tuple(
        compile_pattern(f"{key}[{n}]", p, ignore_case=True) for n, p in enumerate(patterns)
    )


def comments_heading(text: str) -> bool:
    """Tell whether a line heads the readers' comments under a story: a comments label with
    their count ("42 Comments", "Kommentare (12)", "2 thoughts on “Title”"), or the form
    asking for them ("Leave a Reply"). What follows it is the readers', not the story's (the
    count keeps a share row's "Comments" button above the story out)."""
    if len(text) > _COMMENTS_HEADING_CHARS:
        return False
    words = words_of(_QUOTE_OPENS.split(text, maxsplit=1)[0])
    if len(words) > 1 and words[-1] in chrome_words("comment_links"):
        words.pop()  # "thoughts on" the title
    label = " ".join(words)
    if label in chrome_words("comment_forms"):
        return True
    # (the label first: one lookup, where the count looks at every character of the line)
    return label in chrome_words("comment_sections") and any(map(str.isdigit, text))


def words_of(text: str) -> list[str]:
    """Return the words of *text*, case-folded, without digits and punctuation."""
    return [word.casefold() for word in _TOKEN.findall(text)]


@functools.lru_cache(maxsize=1 << 16)
def is_sentence(text: str) -> bool:
    """Tell whether a line reads as story text: a sentence, or a long run of words."""
    if len(text) >= _LONG_CHARS:
        return True  # (before the words are counted: most paragraphs are this long)
    count = len(text.split())
    if count >= _LONG_WORDS:
        return True
    if not text.isascii() and UNSPACED.search(text):
        # Chinese and Japanese are written without spaces: count characters, not words.
        count = max(count, len(text) // _CHARS_PER_WORD)
    elif not text.isascii():
        count = max(count, southeast_words(text))  # Thai, Lao, Burmese, Khmer
    if count < _SENTENCE_WORDS:
        return False
    ending, pictured = closing(text)
    return pictured or ending.endswith(_ENDS_SENTENCE) or stopless(text)


def abbreviation_end(text: str) -> bool:
    """Tell whether *text* ends with an abbreviation ("U.S.", "U.K."): its full stop ends
    no sentence, and a headline may end so."""
    stripped = text.rstrip()
    # Only a line ending "x.y." can: most lines skip the search, which tries every position.
    if stripped[-1:] != "." or stripped[-3:-2] != ".":
        return False
    return _ABBREVIATION_END.search(stripped) is not None


@functools.lru_cache(maxsize=1 << 16)
def shape(text: str, shapes: Shapes) -> str | None:
    """Return why a line is chrome by its shape alone ("byline", "date", ...), or None."""
    stripped = text.strip()
    if any(p.search(stripped) for p in shapes.keep):
        return None
    if any(p.search(stripped) for p in shapes.extra):
        return "pattern"
    # Counted first (a long line needs no search below), and only as far as the tests
    # below look: a paragraph is not split whole.
    count = len(stripped.split(None, _CONTRIBUTED_WORDS + 1))
    if count <= _CONTRIBUTED_WORDS and (_CONTRIBUTED.search(stripped) or _ASSISTED.match(stripped)):
        return "contributors"  # "Ann Lee in Paris contributed to this report."
    if stripped.count(" ") >= _SHORT_WORDS and count > _SHORT_WORDS:
        if _COPYRIGHT_LINE.match(stripped):
            return "copyright"
        if publication_open(stripped) and (
            dated(stripped) or signed_publication(stripped) is not None
        ):
            return "date"  # "Updated March 5, 2025 10:00 AM ET | Published March 3, ...": no text
        # A byline with its date and time can be long; it never ends like a sentence.
        signed = byline_names(stripped) or reporting(stripped) or dotted(stripped)
        if signed:
            return "byline"  # "(Reporting by A, B and C; editing by D)"
        pitched = (
            _labelled(stripped, shapes.promo)
            or _pitch(stripped, shapes.promo)
            or called(stripped, shapes.promo)
        )
        if pitched:
            return "promotion"
        # A label over a long headline ("Watch: ..."), which ends as no sentence does.
        headed = _labelled(stripped, shapes.labels) and not stripped.endswith(_SENTENCE_STOPS)
        return "label" if headed and not _CREDIT.match(stripped) else linked_notice(stripped)
    if _GALLERY_COUNTER.match(stripped):
        return "gallery"
    if breadcrumb(stripped):
        return "breadcrumb"
    if ("://" in stripped or " " not in stripped) and _ADDRESS.match(stripped):
        return "link"  # (a scan for the address's marks tells most lines)
    if _NEW_TAB.search(stripped):
        return "link"  # "Licensing rights, opens new tab": a link's words for screen readers
    if len(stripped) == 1 and stripped.isupper():
        return "drop capital"  # put back in front of the next line's word when reading it
    words = words_of(stripped)
    if not words or html_rule(stripped):
        return "count" if _COUNT.match(stripped) else "symbols"
    joined = " ".join(words)
    if joined in shapes.labels or _label_start(joined, stripped, shapes.labels):
        return "label"
    if all(word in shapes.social for word in words) and len(words) <= 12:
        return "share"
    if len(words) <= _AD_WORDS and not stripped.endswith(_SENTENCE_STOPS) and names_ad(words):
        return "advertisement"  # "SKIP ADVERTISEMENT", "Story continues below advertisement"
    if len(words) <= _PROMO_WORDS and any(f" {p} " in f" {joined} " for p in shapes.promo):
        return "promotion"
    if _pitch(stripped, shapes.promo) or called(stripped, shapes.promo):
        return "promotion"
    return _told_shape(stripped, words)


def _pitch(stripped: str, promo: tuple[str, ...]) -> bool:
    """Tell whether a line of a few sentences names two promotions' words or more and ends
    with a call of a few words ("... our newsletter. Sign up here.")."""
    if stripped.count(" ") >= _PITCH_WORDS:
        return False
    folded = stripped.casefold()
    if not any(first in folded for first in _first_words(promo)):
        return False  # (a word of the line, case-folded, is a piece of the line case-folded)
    call = f" {' '.join(words_of(_SENTENCE_SPLIT.split(stripped)[-1]))} "
    if call.count(" ") > _CALL_WORDS + 1 or not any(f" {p} " in call for p in promo):
        return False
    joined = f" {' '.join(words_of(stripped))} "
    return sum(f" {p} " in joined for p in promo) >= 2


@functools.lru_cache(maxsize=4)
def _first_words(promo: tuple[str, ...]) -> tuple[str, ...]:
    """Return the first word of each promotion's words: a line naming none of them names
    no promotion, and needs none of `_pitch`'s expressions (a tenth of segmenting's time)."""
    return tuple(dict.fromkeys((phrase.split() or [""])[0] for phrase in promo))


def _label_start(joined: str, stripped: str, labels: frozenset[str]) -> bool:
    """Tell whether a short line that is no sentence starts with a label of two words or
    more, or "related": "Most read in world news", "Related post: ...", "Share this on ..."."""
    words = joined.split(" ")
    if stripped.endswith((*_SENTENCE_STOPS, ":")):
        return False  # a sentence, or a line that opens what follows ("See more photos:")
    if words[0] == "related":
        return True  # "Related: <a headline>", "Related post: ..."
    if _labelled(stripped, labels) and not _CREDIT.match(stripped):
        return True  # "Watch: <a headline>", "Read more: <a headline>"
    return len(words) <= _LABEL_LINE_WORDS and any(
        " ".join(words[:n]) in labels for n in range(2, min(len(words), 4) + 1)
    )


def _labelled(stripped: str, labels: Iterable[str]) -> bool:
    """Tell whether a line opens with a label and a colon or a separator ("Watch: ...",
    "Privacy Notice: ...", "Advertisement \u00b7 Scroll to continue")."""
    if (
        ":" not in stripped
        and "\u00b7" not in stripped
        and "|" not in stripped
        and "\uff1a" not in stripped
    ):
        return False  # (no separator, no label: three scans in C, not the lazy expression's
        # thirty tries from every length of the label)
    prefix = _LABEL_PREFIX.match(stripped)
    return prefix is not None and " ".join(words_of(prefix[1])) in labels


def _told_shape(stripped: str, words: list[str]) -> str | None:
    if (notice := linked_notice(stripped)) is not None:
        return notice  # "Baca juga: <a headline>", "By signing up, you agree to our Privacy ..."
    if _READING.match(stripped):
        return "reading time"
    if _PAGE_COUNTER.match(stripped):
        return "count"  # a PDF's page number
    if reporting(stripped) or byline_names(stripped) or agency_credit(stripped) or dotted(stripped):
        return "byline"  # ... or "Le Monde avec AFP": the outlet's credit
    if initials_credit(stripped) or ("/" in stripped and desk_initials(stripped)):
        return "byline"  # "mrc/dpa/AFP": the writers' initials and the agencies
    # (most lines print no date: one search tells)
    if any_date(stripped) and (
        dated(stripped) or signed_publication(stripped) is not None or parted_date(stripped)
    ):
        return "date"  # "Posted on March 2, 2025 by Ann Lee": the byline is read from it
    if counts_back(stripped):
        return "date"  # "5h ago", "il y a 5 heures", "منذ ساعتين": relative_dates reads it
    if _SOURCE.match(stripped):
        return "source"
    credit = credit_line(stripped) or _CREDIT.search(stripped) is not None  # "Ann Lee/NPR"
    # a caption that ends with its credit is a caption, not chrome
    return "credit" if credit and not (describes_photo(stripped) and describes(stripped)) else None


def rights_line(text: str) -> bool:
    """Tell whether a line is a rights notice that closes a story as a sentence ("(c) 2019
    The Outlet. All rights reserved. This material may not be published...")."""
    stripped = text.strip()
    # (a notice opens with "©", "(c)" or "copyright": most lines are told by their
    # first character, without the expression)
    if stripped[:1] not in _NOTICE_OPENERS or not stripped.endswith("."):
        return False
    return bool(_COPYRIGHT_LINE.match(stripped))


def date_line(text: str) -> bool:
    """Tell whether a line prints a date after its label, if any: "Last updated: 31 December
    2025 22:15 GMT+3" and "31/12/2025 23:59" are dropped as a label and a count, and are
    the page's publication line all the same."""
    prefix = _LABEL_PREFIX.match(text)
    return dated(text[prefix.end() :] if prefix is not None else text)

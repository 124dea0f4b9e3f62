"""Photo lines: a line that describes a photo (its caption), told by its credit or words.

A caption credits its picture at its end ("(AP Photo/Ann Lee)", "REUTERS/Ann Lee", "(NASA/JPL)")
or says it is a photo ("File photo:", "In this photo taken ..."); such a line becomes one of
the story's captions, never its text.
"""

from __future__ import annotations

import functools
import re

from digest.ingest import byline_words

# The words of a caption's expand or collapse button, copied at its end.
_TOGGLE = re.compile(r"\s+(?:less|more)$", re.IGNORECASE)


# A photo gallery's counter glued before its caption ("[1/3]Ships wait ..."), and the words of
# a link to buy or license the photo after its credit, with what a screen reader says of it
# ("... REUTERS/Ann Lee Purchase Licensing Rights, opens new tab", "Buy Photo").
_COUNTER = re.compile(r"^\[\d{1,3}\s*/\s*\d{1,3}\]\s*")
_SALE_LINK = re.compile(
    r"\s+(?:Purchase|Buy|Order|License|Licensing)\b(?: [A-Z][a-z]+){0,3}"
    r"(?:,?\s*opens?(?: in)?(?: a)? new (?:tab|window)|(?<=Photo)|(?<=Rights)|(?<=Reprint))\W*$"
)
_SALE_HINTS = ("new tab", "new window", "Photo", "Rights", "Reprint")


def caption_text(text: str) -> str:
    """Return a caption's own words: without a gallery's counter glued before it nor the
    words of a link to buy its photo after its credit (Reuters.com's "[1/3]... REUTERS/Ann
    Lee Purchase Licensing Rights, opens new tab", "... Buy Photo")."""
    if text[:1] != "[" and not any(map(text[-30:].__contains__, _SALE_HINTS)):
        return text  # (most lines: the hints looked for in C, no generator's frame a line)
    stripped = _COUNTER.sub("", text.strip())
    sale = _SALE_LINK.search(stripped)
    return stripped[: sale.start()] if sale is not None and sale.start() > 0 else stripped


@functools.lru_cache(maxsize=1 << 16)
def describes_photo(text: str) -> bool:
    """Tell whether a line is a photo caption: it credits its picture at its end ("(AP
    Photo/Ann Lee)", "REUTERS/Ann Lee", "(NASA/JPL)") or says it is a photo; a gallery's
    counter and a link to buy the photo around it aside (`caption_text`)."""
    text = caption_text(text)
    lowered = text.casefold()
    bracket = _BRACKET_CREDIT.search(text[-_TAIL:]) if text.endswith(")") else None
    if bracket is None and not any(map(lowered.__contains__, _PHOTO_HINTS)):
        return False  # most lines: no word a caption's credit or photo is made of
    if not _CAPTION_MIN_WORDS < len(text.split()) <= _CAPTION_MAX_WORDS:
        return False
    if bracket is not None and (bracket["agency"] or bracket["label"].casefold() not in _NO_CREDIT):
        return True
    text = _TOGGLE.sub("", text.rstrip())
    return _credited(text[-_TAIL:]) or _PHOTO_WORDS.search(text) is not None


def _credited(tail: str) -> bool:
    """Tell whether a line's *tail* ends with a photo's credit: never a sentence that names
    a work after a label's word ("The show, titled Image: A Century of News, opens on
    Friday."), a clause in lower case after the colon and a full stop closing it."""
    found = _PHOTO_CREDIT_END.search(tail)
    if found is None:
        return False
    label = _LABEL_OPEN.match(found[0])
    if label is None or not found[0].rstrip().endswith((".", "!", "?")):
        return True
    credit = _BRACKETED.sub("", found[0][label.end() :])  # "Karl Berg (flickr).": a name
    return not any(len(word) > _CLAUSE_WORD and word.islower() for word in _LETTERS(credit))


_CAPTION_MIN_WORDS = 4
# A credit's label opening the credit ("Image: ", "Foto: "); a word in lower case longer than
# this after it, with a full stop at the end, is a sentence's ("opens"), not a name's ("de").
_LABEL_OPEN = re.compile(r"^\W*[^\W\d_]+(?:\s+[Cc]redits?)?\s*:\s*")
_CLAUSE_WORD = 3
_LETTERS = re.compile(r"[^\W\d_]+").findall
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TAIL = 120
_PHOTO_HINTS = (
    "/",
    "]",  # "[File: AFP]", "[Al Jazeera]"
    "photo",
    "foto",  # Italian, Portuguese, Spanish, German... ("(foto Ansa)", "Foto: NAME/Agency")
    "fotó",
    "bild",
    "zdj",
    "image",
    "getty",
    "credit",
    "courtesy",
    "shutterstock",
    "alamy",
    "pictur",
    "above",
    "file",
    "\u1ea3nh",  # Vietnamese "\u1ea2nh: NAME" (Photo:)
    "\u0444\u043e\u0442\u043e",  # Russian, Ukrainian, Bulgarian "\u0424\u043e\u0442\u043e: NAME"
)
# A caption's credit in brackets at its end, as outlets print it: the outlet and the
# photographer ("(ABC News: Che Chorley)"), or an agency's name alone ("(Ansa)", "(foto
# Ansa)"), with no stop before it: a chart's "(Source: ONS)" is no photo's.
_BRACKET_CREDIT = re.compile(
    r"\((?P<label>(?-i:[A-Z][\w.&'\u2019-]*(?: [A-Z][\w.&'\u2019-]*){0,3}))"
    r"\s*:\s*(?-i:[A-Z][\w.'\u2019-]+(?: (?:[a-z]{1,3} )?[A-Z][\w.'\u2019-]+){1,3})\)$|"
    r"(?<![.!?\s])\s*\((?:foto |photo )?(?P<agency>reuters|ansa|efe|afp|dpa|xinhua|kyodo|"
    r"yonhap|anadolu|lusa|belga|tass|sputnik|bloomberg)\)$",
    re.IGNORECASE,
)
# ... but for labels that give a figure's or a quotation's source, or a link.
_NO_CREDIT = frozenset(
    {
        "source",
        "sources",
        "quelle",
        "fuente",
        "fuentes",
        "fonte",
        "via",
        "read",
        "see",
        "watch",
        "listen",
        "note",
        "update",
        "updated",
    }
)
_CAPTION_MAX_WORDS = 60
_PHOTO_CREDIT_END = re.compile(
    r"(?:\([^()]*(?:/|photo|foto|image|bild|getty|credit|courtesy)[^()]*\)|"
    r"\[[^\[\]]*(?:/|photo|foto|image|bild|getty|credit|courtesy)[^\[\]]*\]|"
    # "[File: AFP]", "[Al Jazeera]": an agency's or outlet's name alone in brackets
    r"\[(?:file(?:\s+photo)?\s*:\s*)?(?-i:[A-Z][\w.'\u2019&-]*(?:\s+[A-Z][\w.'\u2019&-]*){0,3})\]|"
    # "REUTERS/Ann Lee", "REUTERS/Piroschka van de Wouw/File Photo": a name's particles in
    # small letters ("van de", "al-", "dos").
    r"(?-i:\b[A-Z]{2,}(?:/[A-Z][\w.]*(?: (?:[a-z]{1,4}[ '\u2019-])*[A-Z][\w.'\u2019-]*)*)+)(?<!\.)|"
    # "... Photograph: Ann Lee/EPA", "... Photo: Ann Lee": the credit after its label
    # "... le 4 d\u00e9cembre 2026. Louisa Gouliamaki / REUTERS": the photographer, then the
    # agency in capitals, after the caption's stop (a bar between: "... Capitol. | NAME/POLITICO").
    r"(?<=[.!?\u2026\u201d\u00bb\"] )(?:\|\s*)?(?-i:[A-Z\u00c0-\u00de][\w'\u2019-]+"
    r"(?: [A-Z\u00c0-\u00de][\w'\u2019-]+){1,3}\s*/\s*[A-Z]{2,}[\w-]*)|"
    r"(?-i:\b(?:(?:Photograph|Photo|Picture|Image|Illustration|PHOTO|Foto|Fot\u00f3|FOTO|Bild|"
    r"\u1ea2nh|\u0424\u043e\u0442\u043e|\u0424\u041e\u0422\u041e|"
    r"Zdj\u0119cie|Imagem|Imagen|Immagine)s?(?:\s+[Cc]redits?)?|Credits?|CREDITS?)\s*:\s*"
    r"[A-Z\u00c0-\u00de])[^:]{1,60}|"
    r"(?:getty images|shutterstock|alamy))\W*$|"
    # "... Photograph: ann lee/ap": a credit's label after the caption's stop, whatever the
    # case of the credit (the alternative above takes a capitalised credit anywhere).
    r"(?<=[.!?] )(?:photograph|photo|picture|image|illustration|foto|bild)s?\s*:\s*[^:.!?]{2,80}$|"
    # "... en una imagen de archivo. / Juan Carlos V\u00e1zquez", "... . / EFE": the credit
    # after a slash that follows the caption's stop, as Spanish and Portuguese papers print
    # it (a label may open it: "/ Foto: EFE"); names capitalised but for their particles.
    r"(?<=[.!?\u2026\u201d\u00bb\"])\s*/\s*(?:[^\W\d_]+\s*:\s*)?"
    r"(?-i:[A-Z\u00c0-\u00de][\w.'\u2019-]*"
    r"(?:\s+(?:[a-z]{1,3}\s+){0,2}[A-Z\u00c0-\u00de][\w.'\u2019-]*){0,4})$",
    re.IGNORECASE,
)
_PHOTO_WORDS = re.compile(
    r"^(?:file photo|file|pictured|above|photo|image)\s*:|\b(?:in this (?:\w+ )*"
    r"(?:photo|photograph|image|picture)|(?:photo|image) (?:taken|provided|released) by)\b",
    re.IGNORECASE,
)


# A caption describes: this many of its words at least are in lower case.
_LOWER_WORDS = 3


def describes(text: str) -> bool:
    """Tell whether a line describes, as a caption does, rather than only naming (a credit
    of names, "Ann Lee | Bloomberg | Getty Images"): some of its words are in lower case."""
    return sum(word[:1].islower() for word in text.split()) >= _LOWER_WORDS


# A caption's credit glued to the lead under it, as a copy gives a caption and a paragraph
# set inline ("... on Thursday. | Photo Credit: Jane Doe/Agency Heavy rain lashed ...",
# "... (Photo by Jane Doe/Getty Images) Heavy rain ..."): the label opens the line or follows
# a bar or a stop, the credit in brackets, or its names up to the last one joined by a slash.
_GLUED_LABEL = re.compile(
    r"(?:^|(?<=[.!?\u201d\"] )|\|\s*)(?-i:(?:Photo|Image|Picture|Photograph)s?(?:\s+[Cc]redits?)?"
    r"|Credits?|PHOTO(?: CREDIT)?)\s*:\s*"
)
_GLUED_BRACKETS = re.compile(
    r"\((?:(?:Photo|Image|Picture|Photograph)s?(?:\s+(?:by|courtesy|credit)\b|\s*:)|[A-Z]+ Photo/)"
    r"[^()]{2,80}\)"
)
# Words that go on an agency's name after the slash ("Getty Images", "Special Arrangement").
_CREDIT_TAILS = frozenset(
    ("Images", "Photos", "Pictures", "Media", "Press", "Agency", "News", "Arrangement", "Pool",
     "Handout", "Wire", "Service", "Commons", "Contributor", "Stringer")
)  # fmt: skip
# One search in C tells the lines that may hold a credit's label (most lines do not).
glue_hint = re.compile("hoto|HOTO|redit|REDIT|mage|icture").search
# The lead under the credit is a sentence of this many words at least.
_LEAD_WORDS = 8


def glued_caption(text: str) -> tuple[str, str] | None:
    """Return a line's caption with its credit and the lead glued after it, when it is such a
    line; else None. The lead is a sentence opening with a capital, after the credit's
    names: up to the last joined by a slash ("Jane Doe/Agency"), else the capitalised ones
    before the lead's first word ("PTI The city's ...": PTI)."""
    if glue_hint(text) is None:
        return None  # (most lines)
    bracket = _GLUED_BRACKETS.search(text)
    if bracket is not None:
        return _parted(text, bracket.end())
    label = _GLUED_LABEL.search(text)
    if label is None:
        return None
    words = text[label.end() :].split(" ")
    slashed = [at for at, word in enumerate(words[:6]) if "/" in word]
    if slashed:
        end = slashed[-1] + 1
        while end < len(words) and words[end] in _CREDIT_TAILS:
            end += 1
    else:
        end = _credit_end(words)
    if end < 1:
        return None
    return _parted(text, label.end() + len(" ".join(words[:end])))


def _credit_end(words: list[str]) -> int:
    """Return where a credit with no slash ends in the capitalised *words* after its label:
    past its last agency's word or credit's tail ("Getty Images President Erdogan said":
    "Getty Images"), else before the last capitalised word, the lead's first."""
    capitals = 0
    while capitals < len(words) and words[capitals][:1].isupper():
        capitals += 1
    agencies = byline_words.agencies()
    named = [
        at
        for at, word in enumerate(words[:capitals])
        if word in _CREDIT_TAILS or word.strip(".,;").casefold() in agencies
    ]
    return named[-1] + 1 if named and named[-1] + 1 < capitals else capitals - 1


def _parted(text: str, at: int) -> tuple[str, str] | None:
    """Return *text* cut at *at* into a caption and a lead, if what follows is a lead."""
    caption, lead = text[:at].strip(), text[at:].strip()
    opening = lead[:1]
    if not (opening.isupper() or opening in "\"\u201c\u2018'("):
        return None
    if len(lead.split()) < _LEAD_WORDS:
        return None
    if not lead.rstrip("\"\u201d\u2019')").endswith((".", "!", "?")):
        return None
    return caption, lead


# A photo's credit on its own line: the photographer and the outlet in capitals after a slash
# ("Kirk Siegler/NPR", "Francis Chung/POLITICO"), or both in capitals with a dash or a bar
# between, as newspapers print it ("STEPHANIE ZOLLSHAN \u2014 THE BERKSHIRE EAGLE").
_CAP = "A-Z\u00c0-\u00de"
_CREDIT_LINE = re.compile(
    rf"^(?:[{_CAP}][\w.'\u2019-]+(?: (?:[a-z]{{1,3}} )?[{_CAP}][\w.'\u2019-]+){{1,3}}"
    r"\s*/\s*(?:[A-Z]{2,}[\w&-]*|Getty Images|Shutterstock|Alamy)(?: [A-Z]{2,}[\w&-]*){0,2}|"
    rf"[{_CAP}][{_CAP}.'\u2019-]+(?: [{_CAP}][{_CAP}.'\u2019-]+){{1,2}}"
    r"\s+[\u2014\u2013|/]\s+(?=THE |(?:[A-Z.&'\u2019-]+ ){0,3}(?:STAFF|PHOTO|PHOTOGRAPHER|FILE|"
    r"HANDOUT|CONTRIBUTED|SPECIAL|NEWS|TIMES|POST|HERALD|TRIBUNE|GAZETTE|JOURNAL|PRESS)\b)"
    r"[A-Z][A-Z.&'\u2019-]*(?: [A-Z][A-Z.&'\u2019-]*){0,4})$"
)


def credit_line(text: str) -> bool:
    """Tell whether a line is only a photo's credit, the photographer's name and the outlet's
    ("Kirk Siegler/NPR", "STEPHANIE ZOLLSHAN \u2014 THE BERKSHIRE EAGLE"): never a heading."""
    if not any(mark in text for mark in "/|\u2014\u2013"):
        return False  # (most lines)
    return _CREDIT_LINE.match(text.strip()) is not None


# A caption and its credit copied as one line: "... in New York.Reuters", "...2019.Getty
# Images": a name of a few capitalised words after the stop, never a second sentence of
# the headline ("Sejm przyj\u0105\u0142 ustaw\u0119. Teraz zajmie si\u0119 ni\u0105 Senat").
_GLUED_CREDIT = re.compile(
    r"[a-z\d)][.!?]\s?[A-Z][\w.\-]*(?: (?:[A-Z\d&][\w.\-]*|[a-z]{1,3}|/))*(?:/[\w .\-]+)?$"
)
_GLUED_CREDIT_CHARS = 40


def credit_glued(text: str, *, tight: bool = False) -> bool:
    """Tell whether a line ends with a photo's credit glued to its caption's last stop;
    *tight*: with no space after the stop ("New York.Reuters"), as a copy glues them."""
    found = _GLUED_CREDIT.search(text)
    if found is None or len(found.group()) - 2 > _GLUED_CREDIT_CHARS:
        return False
    return not (tight and found.group()[2:3].isspace())

"""Bylines: the names a story's chrome prints of who wrote it, and of the outlet beside them.

"By Ann Lee and Bo Ng", "By ANN LEE Associated Press", "By Ann Lee, Daily News", "Ann Lee and
Bo Ng in Paris", "Ann Lee, Staff Writer", "Reporting by Ann Lee; Editing by Bo Ng". A
person's name is two to four capitalised words (particles such as "de" or "al" aside), or all
in capitals; a part with an outlet's word or an acronym ("CNN", "Daily News"), or one
capitalised word after the names ("Bloomberg"), is the outlet; a part with a role's word
("Business reporter") is the writer's role, dropped. The words are data (digest/data/
tells.yaml), no outlet's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.ingest import byline_words
from digest.ingest.cjk_credits import reporters
from digest.ingest.closing_credits import initials_credit
from digest.ingest.writer_names import placed, untitled

_PERSON_WORDS = (2, 4)
_NAMED_WORDS = 3  # words of a name that are no particle ("Ann Maria de la Cruz": 3)
_PARTICLE = re.compile(r"^(?:[a-z]{1,3}|[a-z]{1,3}['\u2019-])$")  # de, van, al, bin, d'
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'\u2019-]*(?:[.'\u2019-][^\W\d_]*)*\.?$")
_ACRONYM = re.compile(r"^[A-Z]{2,}[0-9]?$")
# A name's suffix, its last word, no word of the name itself: "Robert F. Kennedy Jr.", "III".
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
# Particles written with a capital inside a name ("Aoife Mac Giolla Bhr\u00edde", "Se\u00e1n \u00d3
# Briain"), and one joined to the family name ("al-Fayed", "d'Arcy", "el-Sisi").
_AGENCY_TAIL = re.compile(
    r"^(?P<names>.+?)\s*(?:\((?P<outlet>[^()]{2,40})\)|/(?P<slashed>[^/]{2,40}))$"
)
_CAPITAL_PARTICLES = frozenset({"Mac", "Mc", "Nic", "N\u00ed", "\u00d3", "U\u00ed", "Ua"})
_JOINED_PARTICLE = re.compile(r"^[a-z]{1,3}['\u2019-](?=[^\W\d_])")
# Scripts written without spaces between words (Chinese, Japanese; Korean's syllables): a
# name there is no run of spaced words (`cjk_credits` reads those bylines).
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|und|et|y|e)\s+|\s*&\s*", re.IGNORECASE)
_JOINED = re.compile(r"\s(?:and|und|et|y|e|&)\s", re.IGNORECASE)
_JOINERS = frozenset({"and", "und", "et", "y", "e", "&"})
_SIGNING_WORDS = frozenset({"by", "by:", "par", "por"})  # (a name may open with "Von")
# A line that opens as a byline does: "By", "Von", "Par", "Por", "Door", with this many
# words after it at most (`byline_shaped`).
_BYLINE_OPEN = re.compile(r"^(?:by|von|par|por|door)\s*:?\s+(?P<rest>\S.*)$", re.IGNORECASE)
_UNREAD_WORDS = 6
# A live report's note in lower case after a writer's name: "Ann Lee (now) and Bo Ng (earlier)".
_SHIFT = re.compile(r"\s*\((?:[^\W\d_]+\s?){1,3}\)(?=\s*(?:,|&|\s(?:and|und|et|y|e)\s|$))")
# "... in Paris", "... in New York": where the writers were.
_PLACED = re.compile(r"\s+in\s+(?P<place>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})$")
_BY = re.compile(
    r"^(?:(?:written|posted|reported|words|story|text|interview|analysis|opinion|"
    r"commentary|review)\s+)?(?:(?:by|von|par|por|door|di|da|av|af)\s+"
    r"|(?:autor|autora|autorka|author|auteur|autore|yazar)\s*:\s*)(?P<rest>[^\W\d_].*)$",
    re.IGNORECASE,
)
# A byline's tail that is no name: a date, a time, the outlet after a bar or a dash.
# ("on", "le", "am" in small letters or capitals, never as a name's first word: "By Ann Lee,
# Le Monde diplomatique" names its outlet, "BY ANN LEE ON 11/13/19" its date)
_TAIL = re.compile(
    r"\s+(?:[|\u2013\u2014-]|(?-i:on|at|le|el|am|em|ON|AT|LE|EL|AM|EM)|updated|published|posted)"
    r"\s+.*$",
    re.IGNORECASE,
)
# "Reporting by A and B; Additional reporting by C; Editing by D": only the writers count.
_CREDITS = re.compile(r"^\(?(?:reporting|writing|written|reported)\s+by\b", re.IGNORECASE)
_CREDIT_PART = re.compile(
    r"^(?P<role>(?:additional\s+)?[a-z]+(?:\s+[a-z]+)?)\s+by\s+(?P<names>.+)$", re.IGNORECASE
)
_WRITERS = ("reporting", "writing", "written", "reported")
# "Ann Lee, Staff", "Ann Lee, Staff Writer" (a person) and "Daily News Staff" (an outlet).
_STAFF = re.compile(r"^(?P<who>.+?)(?P<comma>,)?\s+staff(?:\s+(?:writers?|reporters?))?$", re.I)
_MAX_LINE_WORDS = 16
# "ByRachel Scott": "By" glued to the name as a page's markup leaves it in copied text.
_GLUED_BY = re.compile(r"^By(?=[A-Z][a-z])")
# "Le Monde avec AFP", "The Guardian with agencies", "Der Spiegel mit dpa": the outlet's
# credit line, the outlet with the agencies it drew on (an acronym, or the word agencies),
# joined by "with" in its language ("and" joins too much else: "Hoechst AG and BASF").
_AGENCY_SPLIT = re.compile(r"\s*(?:,|&|\b(?:and|et|und|y|e)\b)\s*")
_WITH_AGENCIES = re.compile(
    r"^(?P<outlet>[^\W\d_][^,;|:]{1,60}?)\s+(?:avec|with|mit|con|com|met)\s+"
    r"(?:l['\u2019]\s*|news\s+)?(?P<agency>[^\W\d_]+)"
    r"(?P<more>(?:\s*(?:,|&|\b(?:and|et|und|y|e)\b)\s*[^\W\d_]+)*)\.?$",
    re.IGNORECASE,
)
# A byline as chrome judges a line's shape: "By NAME", "Words by NAME", "Von NAME".
_BYLINE_SHAPE = re.compile(
    r"^(?:(?:written|edited|posted|reported|words|story|text|photos?|interview|compiled|analysis|"
    r"opinion|commentary|review)\s+)?"
    r"(?:by|von|par|por|di|door|av|af)\s+(?P<names>[^\W\d_][^\n]*)$",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|\|)\s*")
# What a byline prints after its writers past a bar or a dash: the outlet, or a date.
_BAR_TAIL = re.compile(r"\s+[|\u2013\u2014-]\s+(?P<tail>[^|\u2013\u2014]+?)\s*$")
_OUTLET_WORDS = (2, 5)  # an outlet's name told by its shape alone
# The articles a paper's name opens with, capitalised: never a writer's first name.
_ARTICLES = frozenset(
    {"the", "le", "la", "les", "el", "los", "las", "il", "der", "die", "das", "al"}
)


@dataclass(frozen=True, slots=True)
class Signed:
    """What a credit line tells: the writers it names and the outlet it names, if any."""

    names: tuple[str, ...] = ()
    outlet: str | None = None
    closing: bool = False  # a wire story's closing credit ("Reporting by ...")


def person(text: str) -> bool:
    """Tell whether *text* is a person's name: two to four capitalised words, no outlet's
    or role's word, no acronym unless the whole name is in capitals ("ANN LEE"); in a
    script with no capitals (Hebrew, Arabic, Devanagari), two to four words of it."""
    words = text.split()
    if words and (words[-1] in _JOINERS or words[0].casefold() in _SIGNING_WORDS):
        return False  # "Marta Olsen and": a byline cut short; "By the Editorial Board"
    if len(words) > 2 and _SUFFIX.match(words[-1]):
        words = words[:-1]  # "Martin Luther King Jr.": three words of the name
    if not _PERSON_WORDS[0] <= len(words) <= _PERSON_WORDS[1]:
        return False
    outlet, role, _ = byline_words.words()
    particles = [
        _PARTICLE.match(word) is not None or (at > 0 and word in _CAPITAL_PARTICLES)
        for at, word in enumerate(words)
    ]
    named = [word for word, particle in zip(words, particles, strict=True) if not particle]
    shouted = all(word.isupper() for word in named)
    # (no letter with a case: "יהונתן ליס", whose words have no capital to tell a name by)
    caseless = text.upper() == text.lower() and _UNSPACED_SCRIPT.search(text) is None
    for word in named:
        word = _JOINED_PARTICLE.sub("", word)  # "al-Fayed" is read as "Fayed"
        if not _NAME_WORD.match(word) or not (word[0].isupper() or caseless):
            return False
        if word.casefold().strip(".") in outlet | role or (not shouted and _ACRONYM.match(word)):
            return False
    return len(named) <= _NAMED_WORDS and not particles[0]


def outlet(text: str, *, alone: bool = False) -> bool:
    """Tell whether *text* is an outlet's name: a few capitalised words, one of them an
    outlet's word or an acronym ("Daily News", "CNN"); *alone*: one capitalised word after
    a byline's names is one too ("Bloomberg")."""
    words = text.split()
    if not 0 < len(words) <= 5 or not text[:1].isupper() or text.rstrip().endswith((".", ":")):
        return False
    names, role, _ = byline_words.words()
    folded = [word.casefold().strip(".,") for word in words]
    if any(word in role for word in folded):
        return False
    if any(word in names for word in folded) or any(_ACRONYM.match(w) for w in words):
        return True
    return alone and len(words) == 1 and _NAME_WORD.match(words[0]) is not None


def outlet_name(text: str) -> bool:
    """Tell whether *text* is an outlet's name where one stands (after a byline's writers,
    under a writer's name): an outlet by its words (`outlet`), or a name of two to five
    words in any language, capitalised words more than the others, no figure and no role
    ("Le Monde diplomatique", "Asharq Al-Awsat", "Diario de Sevilla"); never "Follow us"."""
    if outlet(text):
        return True
    words = text.split()
    if not _OUTLET_WORDS[0] <= len(words) <= _OUTLET_WORDS[1] or not text[:1].isupper():
        return False
    if any(not _NAME_WORD.match(word) for word in words) or role(text):
        return False  # a figure, a date's "3," or a sentence's stop
    capitalised = sum(word[:1].isupper() for word in words)
    return capitalised > len(words) - capitalised and not text.rstrip().endswith((".", ":"))


def masthead_name(text: str) -> bool:
    """Tell whether *text* is shaped as a paper's own name: two to five words, each a name's
    word (no comma, no figure) and capitalised (particles aside), one an outlet's word and
    one not ("Diario de Sevilla", "Frankfurter Allgemeine Zeitung"; not "Local News", nor
    "Wichita, KS" or "ABOUT ME/CONTACT")."""
    words = text.split()
    if not _OUTLET_WORDS[0] <= len(words) <= _OUTLET_WORDS[1]:
        return False
    named = [word for word in words if not _PARTICLE.match(word)]
    if not all(_NAME_WORD.match(word) and word[:1].isupper() for word in named):
        return False
    outlets = byline_words.words()[0]
    return any(w.casefold() in outlets for w in named) and any(
        w.casefold() not in outlets for w in named
    )


def role(text: str) -> bool:
    """Tell whether *text* is a writer's role or desk ("Business reporter", "Staff Writer")."""
    _, roles, _ = byline_words.words()
    words = text.split()
    return 0 < len(words) <= 5 and any(w.casefold().strip(".,") in roles for w in words)


def generic_source(text: str) -> bool:
    """Tell whether a "Source:" line's name is no outlet ("News Agencies")."""
    return text.casefold().strip(" .") in byline_words.words()[2]


def names_line(text: str) -> tuple[tuple[str, ...], bool] | None:
    """Return the names of a line made only of names ("Ann Lee and Bo Ng in Paris", a live
    report's "Ann Lee (now) and Bo Ng (earlier)") and whether the line says so itself (several
    names, or where they were); None if it is not."""
    stripped = _SHIFT.sub(lambda note: "" if note[0].islower() else note[0], text.strip())
    placed = _PLACED.search(stripped)
    if placed is not None:
        stripped = stripped[: placed.start()]
    parts = [part.strip() for part in _SPLIT.split(stripped)]
    if not parts or not all(person(part) for part in parts):
        return None
    # Names in a list end with "and" ("Ann Lee, Bo Ng and Cy Day"); a headline's capitalised
    # words between commas do not ("Dollar Slips, Inflation Fears Return").
    joined = len(parts) > 1 and _JOINED.search(stripped) is not None
    return tuple(parts), placed is not None or joined


def signed(text: str) -> Signed | None:
    """Return what a credit line tells ("By ...", "Reporting by ...", "Ann Lee, Staff"),
    or None when the line is none."""
    stripped = _GLUED_BY.sub("By ", " ".join(text.split()).strip())
    if len(stripped.split()) > _MAX_LINE_WORDS * 2:
        return None
    cjk = reporters(stripped)  # "记者 王明", "김민수 기자", "山田太郎記者"
    if cjk:
        return Signed(cjk)
    if _CREDITS.match(stripped):
        return _credits(stripped)
    by = _BY.match(stripped)
    if by is not None and len(stripped.split()) <= _MAX_LINE_WORDS:
        rest = _TAIL.sub("", by["rest"]).strip(" ,")
        # "By Jane Doe (Reuters)", "By Jane Doe/AFP": the writer, then the agency's name.
        agency = _AGENCY_TAIL.match(rest)
        named = (agency["outlet"] or agency["slashed"]).strip() if agency is not None else ""
        if agency is not None and _agency(named):
            found = _byline(agency["names"])
            return Signed(found.names, named) if found is not None and found.names else None
        # A name's last full stop is its suffix's ("Jr."); any other ends the line.
        found = _byline(rest if _SUFFIX.match(rest.split()[-1]) else rest.rstrip("."))
        # "By Ann Lee | Asharq Al-Awsat": past a bar or a dash, the outlet's place.
        bar = _BAR_TAIL.search(by["rest"])
        if found is not None and found.names and found.outlet is None and bar is not None:
            tail = bar["tail"].strip(" ,.")
            return Signed(found.names, tail) if outlet_name(tail) else found
        return found
    barred = _BAR_TAIL.search(stripped)  # "Jane Doe | Reuters": a writer, then the agency
    if barred is not None and person(stripped[: barred.start()]) and _agency(barred["tail"]):
        return Signed((stripped[: barred.start()],), barred["tail"])
    credit = agency_credit(stripped)
    if credit is not None:
        return Signed((), credit)  # "Le Monde avec AFP": the outlet's credit
    closing = initials_credit(stripped)
    if closing is not None:
        return Signed((), closing, closing=True)  # "mrc/dpa/AFP": under the text
    staff = _STAFF.match(stripped)
    if staff is not None:
        who = staff["who"].strip()
        if staff["comma"] and person(who):
            return Signed((who,))  # "Ann Lee, Staff Writer"
        opened = _BYLINE_OPEN.match(who)
        who = opened["rest"] if opened is not None else who  # "By 9NEWS Staff": no "By"
        if not staff["comma"] and len(who.split()) <= 4 and who[:1].isupper() | who[:1].isdigit():
            return Signed((), who)  # "Daily News Staff": the outlet's own staff
    return None


def agency_credit(text: str) -> str | None:
    """Return the outlet of a credit line naming it with the agencies it drew on ("Le Monde
    avec AFP", "The Guardian with agencies", "Der Spiegel mit dpa"), None if it is none."""
    agencies = byline_words.agencies()
    if text.rstrip(" .").rpartition(" ")[2].casefold() not in agencies:
        return None  # (most lines: one look at the last word)
    found = _WITH_AGENCIES.match(text.strip())
    if found is None or not outlet_name(found["outlet"]):
        return None
    named = [found["agency"], *_AGENCY_SPLIT.split(found["more"])]
    return found["outlet"] if all(a.casefold() in agencies for a in named if a) else None


def _agency(name: str) -> bool:
    """Tell whether *name*, after a writer's, is an agency's or an outlet's ("Reuters", "AP",
    "Associated Press"), never a section's ("Opinion")."""
    return name.casefold() in byline_words.agencies() or outlet(name)


def _credits(text: str) -> Signed:
    """The writers of a wire story's closing credit line, its editors left out."""
    names: list[str] = []
    for part in re.split(r"\s*;\s*", text.strip("() .")):
        credit = _CREDIT_PART.match(part)
        if credit is None or credit["role"].casefold() not in _WRITERS:
            continue  # "Editing by", "Additional reporting by": not the story's writers
        listed = credit["names"].strip(" .)")
        # "A and Natalia Ramos in Santiago": where both were; "Nia Williams in Calgary and
        # Florence Tan in Singapore": where each was
        for part in _SPLIT.split(listed):
            placed = _PLACED.search(part.strip())
            name = part.strip()[: placed.start()] if placed is not None else part.strip()
            if person(name) and name not in names:
                names.append(name)
    return Signed(tuple(names), closing=True)


def _byline(rest: str) -> Signed | None:
    """The names and outlet of a byline's words after "By"."""
    tokens = rest.split()
    # "ANN LEE and BO NG Associated Press": the names in capitals, the outlet after them.
    shouted = 0
    while shouted < len(tokens) and (tokens[shouted].isupper() or tokens[shouted] == "and"):
        shouted += 1
    tail = None
    if 2 <= shouted < len(tokens) and tokens[shouted][:1].isupper():
        rest, tail = " ".join(tokens[:shouted]).rstrip(","), " ".join(tokens[shouted:])
    parts = [untitled(part.strip(), person) for part in _SPLIT.split(rest) if part.strip()]
    # A list of writers ends with "and" ("Ann Lee, Bo Ng and Cy Day"): a name after the
    # writers' past a comma alone is the outlet's ("By Ann Lee and Bo Ng, Asharq Al-Awsat"),
    # but with no "and", persons' names past commas are writers ("By Ann Lee, Bo Ng"; a
    # paper's name opens with an article: "By Ann Lee, Al Jazeera", "Le Monde").
    listed = len(parts) > 1 and rest.rpartition(",")[2].strip() == parts[-1]
    if listed and not _JOINED.search(rest) and all(map(_writer, parts[1:])):
        listed = False
    names: list[str] = []
    for number, part in enumerate(parts):
        if placed(part) and names:
            continue  # "By Kim Min-su, Seoul": where the writer filed from, no outlet
        if listed and number == len(parts) - 1 and names and tail is None and outlet_name(part):
            tail = part
        elif person(part):
            names.append(part)
        elif names and tail is None and outlet(part, alone=True):
            tail = part  # "By Ann Lee, Daily News": the outlet after the names
        elif not (names and (role(part) or outlet(part))) and number < len(parts) - 1:
            return None  # a line that only starts like a byline
    if not names and tail is None:
        # "By AP", "By Reuters Staff": no writer, the agency's (or its staff's) credit
        staff = _STAFF.match(rest)
        alone = staff["who"].strip() if staff is not None and not staff["comma"] else rest
        return Signed((), alone) if len(parts) == 1 and _agency(alone) else None
    return Signed(tuple(names), tail.strip(" ,") if tail else None)


def _writer(text: str) -> bool:
    """Tell whether a name past a byline's comma is a second writer's: a person's shape, no
    outlet's word, not opening with an article ("Al Jazeera", "Le Monde", "The Hindu")."""
    words = [word.casefold().strip(".,") for word in text.split()]
    return person(text) and words[0] not in _ARTICLES and byline_words.words()[0].isdisjoint(words)


def signature(text: str) -> bool:
    """Tell whether a line signs a story, with or without "By" ("Ann Lee and Bo Ng in
    Paris", "Daily News Staff"): never its headline."""
    found = names_line(text)
    return (found is not None and found[1]) or signed(text) is not None


def byline_names(text: str) -> tuple[str, ...]:
    """Return the names of a byline ("By Ann Lee and Bo Ng, CNN", "记者 王明"), or () if it
    is none."""
    cjk = reporters(text)
    if cjk:
        return cjk
    match = _BYLINE_SHAPE.match(_GLUED_BY.sub("By ", text.strip()))
    if match is None or text.rstrip().endswith("."):
        return ()
    names = match.group("names")
    names = re.split(
        r"\s+(?:on|at|am|le|el|em|updated|published)\s+|\s+[-\u2013\u2014|]\s+", names
    )[0]
    parts = [part.strip(" .") for part in _NAME_SPLIT.split(names) if part.strip(" .")]
    if not parts or any(len(part.split()) > 4 for part in parts):
        return ()
    if not all(part[0].isupper() or part.startswith("@") for part in parts):
        return ()
    return tuple(parts)


def reporting(text: str) -> bool:
    """Tell whether a line credits the reporting ("(Reporting by A; editing by B)")."""
    return _REPORTING.match(text) is not None


def byline_shaped(text: str) -> bool:
    """Tell whether a line opens as a byline, whatever follows: "By" (or "Von", "Par",
    "Por", "Door") and a few words that are no sentence, one of them capitalised or not a
    plain word: never a headline ("By the Editorial Board"; "By the numbers" may be one)."""
    opened = _BYLINE_OPEN.match(text.strip())
    if opened is None or text.rstrip().endswith((".", "!", "?", ":")):
        return False
    words = opened["rest"].split()
    return len(words) <= _UNREAD_WORDS and not all(w.isalpha() and w.islower() for w in words)

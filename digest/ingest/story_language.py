# ruff: noqa: RUF001 (Cyrillic letters that look like Latin ones, in Russian words)
"""A story's language, from its script or the function words of its title and lead.

Classify reads a story's places in its own language too ("in Wien", "w Warszawie", "в Москве":
gazetteer.native_gazetteer), which a story's script does not tell for Latin and Cyrillic
letters. Each language's commonest function words do (articles, prepositions, conjunctions,
pronouns, auxiliaries: the classic stop-word count), with the letters only its alphabet has
here ("ř", "ł", "ß"). A language is claimed only on clear evidence: its words make up a fair
share of the first words, several distinct ones, and more of its own words and letters than
any other language has of its own, by a clear margin. Vietnamese is told by the letters
only its alphabet has. A story in a language not listed
here (Swahili, Tagalog, Yoruba...) shares a few short words with many ("la", "na", "sa",
"za") but gives no one language that evidence: none is claimed, and the site's language
applies. jusText's lists (page_find) are too broad for this: drawn from Wikipedia, the
Finnish one holds more of an English Reuters lead than the English one does. One pass over a
few dozen words, all languages at once.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter

from digest.languages import script_language

# Each language's commonest function words; those of another language too count for both.
_WORDS = {
    "en": "the of and to is that for it was on with as by said at from his he be has have"
    " were are will an its which this or not but had been their they who would after into"
    " than",
    "de": "der die das und ist nicht mit den dem des ein eine einer auf für von zu im am hat"
    " sich auch nach bei wird wurde sind über vom zum zur gegen aus um wie noch nur oder"
    " aber dass werden war bis einen einem eines keine seine ihre diese sie wir",
    "fr": "le la les des et est une du dans pour par sur au aux qui que ne pas été ont avec"
    " selon cette il elle à de l d contre mais son sa ses leur sont entre sans ces aussi"
    " depuis plus",
    "es": "el la los las del y que en por con para una es según fue sus ha al se lo como más"
    " de contra entre sin sobre pero este esta su han desde también",
    "it": "il lo gli le di del della dei che è per con una sono nel nella alla ha al dal"
    " anche ma l dell nell contro tra sul sulla non si questo questa degli delle ai agli"
    " suo sua loro stato stata dopo e",
    "pt": "o os as da do das dos que em uma com para não por foi ao na no pelo pela é mais"
    " de e contra entre sem sobre mas seu sua seus suas também são nos nas pelos pelas"
    " esta está como até você ele ela eles já ou onde quando muito isso",
    "nl": "de het een van en is op voor met zijn niet dat die aan bij ook naar heeft werd"
    " tegen uit om als maar wordt worden hij ze nog door tot deze hun",
    "pl": "w i na się z nie do że jest to od po przez dla oraz jak ale przy już został"
    " przeciwko ze we jego jej ich był była było są tym tego który która które także",
    "cs": "a v se na je že s z do to o jako pro by ale které který podle také byl bylo"
    " proti ve za jeho jejich jsou může však už jen mezi při když nebo",
    "sk": "a v sa na je že s z do to o ako pre by ale ktoré ktorý podľa tiež bol bolo"
    " proti vo za jeho ich sú môže však už len medzi pri keď alebo",
    "sv": "och att det som en på är av för med till den har inte om ett var från"
    " men också eller vid han hon sig sin sina hade ska när mot efter",
    "da": "og at det som en på er af for med til den har ikke om et var fra"
    " men også eller ved han hun sig sin sine havde skal når mod efter blev der nogen nogle"
    " mellem gennem hvad meget",
    "nb": "og at det som en på er av for med til den har ikke om et var fra"
    " men også eller ved han hun seg sin sine hadde skal når mot etter ble noen mellom"
    " gjennom hva mye",
    "fi": "ja on oli että ei se hän mutta kun myös tai ovat sen joka"
    " mukaan jo vain kuin jotka sekä tämä hänen jos ole",
    "ro": "și în de la cu pe care nu este o un din pentru mai să fost au"
    " sau dar ca se al ai lui ei după între sunt până despre",
    "hu": "a az és hogy nem is egy van volt meg csak el már mint de"
    " vagy szerint után között még ez azt ezt pedig amely aki",
    "hr": "i u je na se da za od su s iz ne kao što koji ali bio"
    " te ili sa bi će nije koja koje prema nakon već samo još dok",
    "sl": "in je v na se da za so z pa ki ne tudi iz kot bil"
    " ali bi bo pri po ter še že lahko kar zaradi med",
    "tr": "ve bir bu da de için ile olarak çok daha ama gibi en olan"
    " ki ne her sonra kadar ancak veya göre değil",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke oleh adalah"
    " bahwa sebagai karena telah bisa sudah saat mereka para atau namun",
    "ru": "и в не на что с по он как из к у это за от о был так но"
    " его она они мы уже или если при после также было была были бы же против для под"
    " без между через во со чтобы который которые может можно",
    "uk": "і в не на що з по він як до у це за від та був але"
    " його її вони вона ми вже або якщо при після також було була були із через проти"
    " для під без між",
    "bg": "и в на да се не от за с че е по са като които"
    " той тя те това този тази но или ако при след също ще вече към против без между"
    " през срещу",
}
# Letters only these languages' alphabets have among those above: each found counts as two
# of the language's words (Czech "ř" tells Czech from Slovak, "ł" Polish, "ß" German).
_LETTERS = {
    "de": "ß",
    "fr": "œ",
    "es": "ñ¿¡",
    "it": "ìò",
    "pt": "ãõ",
    "pl": "łąęśźżń",
    "cs": "řěů",
    "sk": "ľĺŕ",
    "da": "øæ",
    "nb": "øæ",
    "ro": "șță",
    "hu": "őű",
    "hr": "đ",
    "tr": "ğış",
    "ru": "ыэё",
    "uk": "їєіґ",
}
_LETTER_WEIGHT = 2
# Vietnamese writes its vowels with a tone mark over or under a letter that may carry a mark
# of its own ("ư", "ơ", "ạ", "ầ", "ợ"): letters of its alphabet alone (Latin Extended
# Additional's, less those Yoruba, Igbo and Guarani write too: "ẹ", "ọ", "ị", "ụ", "ẽ",
# "ỹ"). A few distinct ones in a title and lead tell it at once.
_VIETNAMESE = frozenset(
    "ơư" + "".join(chr(code) for code in range(0x1EA1, 0x1EFA, 2) if chr(code) not in "ẹọịụẽỹ")
)
_VIETNAMESE_AT_ONCE = 3
# The words looked at: a title and a lead say which language a story is in.
_SAMPLE_WORDS = 40
# The evidence a language needs: its words' share of the sample's words and the fewest of
# them; distinct words (and its own letters found), at least this many words among them; and
# its lead over the runner-up, in words and as a ratio.
_SHARE = 0.1
_FEWEST = 3
_DISTINCT = 3
_DISTINCT_WORDS = 2
_MARGIN = 2
_RATIO = 1.5
_SAMPLE_CHARACTERS = 300
_PUNCTUATION = '.,;:!?"()[]\u00ab\u00bb\u201c\u201d\u201e\u2018-\u2013\u2014/<>*'
# (a regular expression: str.translate looks each character of non-ASCII text up one by one)
_PUNCTUATION_MARK = re.compile(f"[{re.escape(_PUNCTUATION)}]")


# English words that are function words of other languages too ("a", "to", "do", "I" and
# the "s" of "U.S."): counted for English alone, as telegraphic English copy ("... a billion
# dlr loan request to meet ...") holds more of them than of English's own list.
_ENGLISH_TOO = frozenset(
    {
        "a", "in", "do", "so", "no", "i", "s", "u", "o", "to", "by", "an", "at", "on", "be",
        "me", "we", "us", "or", "if", "up",
    }
)  # fmt: skip


# English's own function words (none another language here writes), and how many of them,
# each once, tell an English story at once.
_ENGLISH = frozenset(_WORDS["en"].split()) - frozenset(
    word for language, words in _WORDS.items() if language != "en" for word in words.split()
)
_ENGLISH_AT_ONCE = 2
# Every letter above, to find those of a sample in one set operation.
_ANY_LETTER = frozenset("".join(_LETTERS.values()))


@functools.cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Return each function word's languages, and each letter's (above)."""
    found: dict[str, list[str]] = {}
    for language, words in _WORDS.items():
        for word in words.split():
            if language == "en" or word not in _ENGLISH_TOO:
                found.setdefault(word, []).append(language)
    for language, letters in _LETTERS.items():
        for letter in letters:
            found.setdefault(letter, []).append(language)
    return {word: tuple(languages) for word, languages in found.items()}


@functools.cache
def _vocabulary() -> dict[str, frozenset[str]]:
    """Return each language's function words and letters."""
    found: dict[str, set[str]] = {}
    for word, languages in _languages_of().items():
        for language in languages:
            found.setdefault(language, set()).add(word)
    return {language: frozenset(words) for language, words in found.items()}


def story_language(title: str, lead: str) -> str | None:
    """Return the language tag of a story with this *title* and *lead*, or None when no
    language is clear (of its script, or of those whose function words are known here)."""
    script = script_language(title, lead)
    if script is not None:
        return script
    # (split at white space and apostrophes, punctuation stripped: a tenth of the time a
    # regular expression of letters takes)
    sample = f"{title} {lead[:_SAMPLE_CHARACTERS]}".casefold()
    sample = sample.replace("'", " ").replace("\u2019", " ")
    words = sample.split()[:_SAMPLE_WORDS]
    if len(_ENGLISH.intersection(words)) >= _ENGLISH_AT_ONCE:
        return "en"  # most stories: told at C speed, before the count below
    # (composed first: a tone mark is often typed as a mark of its own, "o" + U+0323)
    nfc = unicodedata.is_normalized("NFC", sample)
    composed = sample if nfc else unicodedata.normalize("NFC", sample)
    if len(_VIETNAMESE.intersection(composed)) >= _VIETNAMESE_AT_ONCE:
        return "vi"
    languages = _languages_of()
    # The function words found (punctuation made spaces, in one pass), and each letter of
    # the list above, as two words.
    words = _PUNCTUATION_MARK.sub(" ", sample).split()[:_SAMPLE_WORDS]
    hits = [word for word in words if word in languages]
    for letter in _ANY_LETTER.intersection(sample):
        hits += [letter] * _LETTER_WEIGHT
    counts = Counter(itertools.chain.from_iterable(map(languages.__getitem__, hits)))
    return _clear(counts, hits, len(words))


def _clear(counts: Counter[str], hits: list[str], words: int) -> str | None:
    """Return the language whose evidence is clear (*counts* of the words and letters it
    was given, *hits*, among *words* words), if one's is: enough of them, several distinct,
    and more of its own than any other language has of its own."""
    if not counts:
        return None
    best = max(counts, key=counts.__getitem__)
    count, vocabulary = counts[best], _vocabulary()
    ours = vocabulary[best]
    mine = [word for word in hits if word in ours]
    distinct = set(mine)
    if (
        count < max(_FEWEST, words * _SHARE)
        or len(distinct) < _DISTINCT
        or len(distinct - _ANY_LETTER) < _DISTINCT_WORDS
    ):
        return None
    for other, theirs in counts.items():
        # (the words two languages share are at most the other's count: clear uncounted)
        if other == best or count >= max(2 * theirs + _MARGIN, (1 + _RATIO) * theirs):
            continue
        foreign = vocabulary[other]
        own = sum(1 for word in mine if word not in foreign)
        their_own = sum(1 for word in hits if word in foreign and word not in ours)
        if own < their_own + _MARGIN or own < their_own * _RATIO:
            return None
    return best

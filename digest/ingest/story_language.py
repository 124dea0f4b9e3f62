# ruff: noqa: RUF001 (Cyrillic letters that look like Latin ones, in Russian words)
"""A story's language, from its script or the function words of its title and lead.

Classify reads a story's places in its own language too ("in Wien", "w Warszawie", "в Москве":
gazetteer.native_gazetteer), which a story's script does not tell for Latin and Cyrillic
letters. Each language's commonest function words do (articles, prepositions, conjunctions,
auxiliaries: the classic stop-word count): the language whose words make up most of the first
words, when they are a fair share of them. jusText's lists (page_find) are too broad for this:
drawn from Wikipedia, the Finnish one holds more of an English Reuters lead than the English
one does. One pass over a few dozen words, all languages at once.
"""

from __future__ import annotations

import functools

from digest.languages import script_language

# Each language's commonest function words; those of another language too count for both.
_WORDS = {
    "en": "the of and to is that for it was on with as by said at from his he be has have"
    " were are will an its which this",
    "de": "der die das und ist nicht mit den dem des ein eine einer auf für von zu im am hat"
    " sich auch nach bei wird wurde sind über vom zum zur",
    "fr": "le la les des et est une du dans pour par sur au aux qui que ne pas été ont avec"
    " selon cette il elle à de l d",
    "es": "el la los las del y que en por con para una es según fue sus ha al se lo como más",
    "it": "il lo gli le di del della dei che è per con una sono nel nella alla ha al dal"
    " anche ma l dell nell",
    "pt": "o os as da do das dos que em uma com para não por foi ao na no pelo pela é mais",
    "nl": "de het een van en is op voor met zijn niet dat die aan bij ook naar heeft werd",
    "pl": "w i na się z nie do że jest to od po przez dla oraz jak ale przy już został",
    "cs": "a v se na je že s z do to o jako pro by ale které který podle také byl bylo",
    "sk": "a v sa na je že s z do to o ako pre by ale ktoré ktorý podľa tiež bol bolo",
    "sv": "och att det som en på är av för med till den har inte om ett var från",
    "da": "og at det som en på er af for med til den har ikke om et var fra",
    "nb": "og at det som en på er av for med til den har ikke om et var fra",
    "fi": "ja on oli että ei se hän mutta kun myös tai ovat sen joka",
    "ro": "și în de la cu pe care nu este o un din pentru mai să fost au",
    "hu": "a az és hogy nem is egy van volt meg csak el már mint de",
    "hr": "i u je na se da za od su s iz ne kao što koji ali bio",
    "sl": "in je v na se da za so z pa ki ne tudi iz kot bil",
    "tr": "ve bir bu da de için ile olarak çok daha ama gibi en olan",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke oleh adalah",
    "ru": "и в не на что с по он как из к у это за от о был так но",
    "uk": "і в не на що з по він як до у це за від та був але",
    "bg": "и в на да се не от за с че е по са като които",
}
# The words looked at: a title and a lead say which language a story is in.
_SAMPLE_WORDS = 40
# The share of the sample's words the best language's must make up, and the fewest.
_SHARE = 0.1
_FEWEST = 2
_SAMPLE_CHARACTERS = 300
_PUNCTUATION = '.,;:!?"()[]\u00ab\u00bb\u201c\u201d\u201e\u2018-\u2013\u2014/<>*'


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


@functools.cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Return each function word's languages."""
    found: dict[str, list[str]] = {}
    for language, words in _WORDS.items():
        for word in words.split():
            if language == "en" or word not in _ENGLISH_TOO:
                found.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in found.items()}


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
    languages = _languages_of()
    counts: dict[str, int] = {}
    for word in words:
        for language in languages.get(word.strip(_PUNCTUATION), ()):
            counts[language] = counts.get(language, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.__getitem__)  # the first of a tie: English first
    return best if counts[best] >= max(_FEWEST, len(words) * _SHARE) else None

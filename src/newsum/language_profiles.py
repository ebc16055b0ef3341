"""What newsum needs to know of a language to read it: its stop words, its stemmer, whether its
script puts spaces between words, and which way it is written.

    profile("hi") -> LanguageProfile(code="hi", stemmer="hindi", spaced=True, rtl=False, stopwords=...)

Sources, all shipped in PyPI packages (nothing is downloaded at run time):

* stop words: English uses newsum's own list (:data:`newsum.terms.STOPWORDS`, written for
  news: reporting verbs are content); other languages use the stopwords-iso lists
  (``stopwordsiso``, MIT), lower-cased. A language without a list has none: every word counts.
* stemmer: Snowball through PyStemmer, where it has the language (Arabic, Czech, Greek, Hindi,
  French, Russian and 30 more; not Hebrew, Chinese or Japanese): words are compared unstemmed
  in the others, except that Hebrew words lose the one-letter prefixes its spelling attaches
  to them (ו "and", then one of ה "the", ב "in", ל "to", כ "as", מ "from", ש "that"; only while
  three letters remain), the light stemming of Hebrew retrieval: "והממשלה" and
  "הממשלה" are one word, "ממשלה".
* scripts without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese): every
  character is a token (:mod:`newsum.terms`), budgets may count characters (``--chars``).

One setting for every language: nothing here is tuned per language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import regex

__all__ = [
    "LanguageProfile", "profile", "light_stem", "text_direction", "word_count", "UNSPACED", "RIGHT_TO_LEFT",
    "SNOWBALL_ALGORITHMS", "UNSPACED_SCRIPT_CLASS",
]

#: Languages whose script does not separate words with spaces.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
#: Languages written right to left.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})

#: ISO 639-1 code to the Snowball algorithm's name in PyStemmer.
SNOWBALL_ALGORITHMS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


#: One-letter prefixes stripped by :func:`light_stem`, for languages Snowball lacks: first
#: the conjunction, then at most one other.
_PREFIX_LETTERS = {"he": "והבלכמש"}
_MIN_STEM_LETTERS = 3


def light_stem(language: str, word: str) -> str:
    """``word`` without up to two of the language's one-letter prefixes (see the module
    docstring); the word itself in a language without any."""
    letters = _PREFIX_LETTERS.get(language)
    if not letters:
        return word
    conjunction, others = letters[0], letters[1:]
    if len(word) - 1 >= _MIN_STEM_LETTERS and word[0] == conjunction:
        word = word[1:]
    if len(word) - 1 >= _MIN_STEM_LETTERS and word[0] in others:
        word = word[1:]
    return word


@dataclass(frozen=True)
class LanguageProfile:
    """How to read one language (see the module docstring)."""

    code: str
    #: Snowball algorithm name, or None when words are compared unstemmed.
    stemmer: str | None
    spaced: bool
    rtl: bool
    stopwords: frozenset[str] = field(repr=False)


@cache
def profile(code: str | None) -> LanguageProfile:
    """The profile of an ISO 639-1 code (None or unknown codes: no stop words, no stemmer)."""
    code = (code or "und").lower()
    if code == "en":
        from .terms import STOPWORDS

        stopwords = STOPWORDS
    else:
        stopwords = _stopwords_iso(code)
    return LanguageProfile(code, _stemmer_name(code), code not in UNSPACED, code in RIGHT_TO_LEFT, stopwords)


def _stemmer_name(code: str) -> str | None:
    name = SNOWBALL_ALGORITHMS.get(code)
    if name is None:
        return None
    try:
        import Stemmer

        return name if name in Stemmer.algorithms() else None
    except ImportError:  # pragma: no cover - PyStemmer is a dependency; snowballstemmer has the same names
        import snowballstemmer

        return name if name in snowballstemmer.algorithms() else None


def _stopwords_iso(code: str) -> frozenset[str]:
    import stopwordsiso

    if not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(word.lower() for word in stopwordsiso.stopwords(code))


def text_direction(text: str) -> str:
    """"rtl" when most of the letters of ``text`` are written right to left (Arabic, Hebrew,
    Persian...), else "ltr": the ``dir`` a page gives a sentence or a quotation, whatever the
    cluster's language (an English article may quote Arabic)."""
    rtl = ltr = 0
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


#: Characters that count as one word in scripts without spaces (Chinese, Japanese, Thai): a
#: Chinese word is one to two characters.
CHARACTERS_PER_WORD = 2
#: The scripts written without spaces between words, as a regex character class (the
#: ``regex`` module's script properties): every character of them is a word of its own
#: (:mod:`newsum.terms`), and counts as half a word in a budget.
UNSPACED_SCRIPT_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
_UNSPACED_CHARACTER = regex.compile(f"[{UNSPACED_SCRIPT_CLASS}]")


def word_count(text: str) -> int:
    """Whitespace-separated words; in scripts without spaces, characters / CHARACTERS_PER_WORD."""
    if _UNSPACED_CHARACTER.search(text):
        return len("".join(text.split())) // CHARACTERS_PER_WORD
    return len(text.split())

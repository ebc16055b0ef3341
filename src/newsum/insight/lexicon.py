"""Words that news copy uses for one another, so that paraphrases count as shared words.

Outlets that rewrite wire copy swap words more than they change facts: "broke out" / "started",
"halted sales" / "stopped selling", "blaze" / "fire", "killed" / "died" / "fatalities". The
lists are data (``data/insight/<language>/lexicon.json``, read through :mod:`.wordlists`):
phrases rewritten to one word, synonym groups (each maps to its first word's stem; a word in
no group is itself), number words, and the calendar (weekdays, months) that every insight rule
shares.
"""

from __future__ import annotations

import re
from functools import cache

from ..terms import analyze
from . import wordlists

__all__ = ["meaning", "rewrite", "SYNONYM_GROUPS", "NUMBER_WORDS", "PHRASES", "WEEKDAYS", "MONTHS", "number_value"]

#: Phrases that say in several words what a synonym group says in one: rewritten before the
#: words are compared ("broke out" is "started", "broke down" is "collapsed").
PHRASES: dict[str, str] = wordlists.mapping("lexicon", "phrases")
_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
#: Number words as digits: "Fourteen people died" and "killed 14 people" share "14".
NUMBER_WORDS: dict[str, str] = {w: str(v) for w, v in wordlists.mapping("lexicon", "number_words").items()}
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = wordlists.groups("lexicon", "synonym_groups")
#: The calendar, lower case, in order (Monday first, January first).
WEEKDAYS: tuple[str, ...] = tuple(w.lower() for w in wordlists.ordered("lexicon", "weekdays"))
MONTHS: tuple[str, ...] = tuple(m.lower() for m in wordlists.ordered("lexicon", "months"))


def rewrite(text: str) -> str:
    """``text`` with :data:`PHRASES` replaced by their one word (for comparing words only: the
    offsets of the result are not the text's)."""
    return _PHRASE.sub(lambda m: PHRASES[m.group().lower()], text)


def number_value(word: str) -> int | None:
    """A number written as a word ("fourteen", "twenty-one", "dozen"), or None."""
    word = word.lower()
    if word in NUMBER_WORDS:
        return int(NUMBER_WORDS[word])
    tens, _, unit = word.partition("-")
    if unit and tens in NUMBER_WORDS and unit in NUMBER_WORDS and int(NUMBER_WORDS[tens]) % 10 == 0 and int(NUMBER_WORDS[unit]) < 10:
        return int(NUMBER_WORDS[tens]) + int(NUMBER_WORDS[unit])
    return None


@cache
def _meanings() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        canonical = analyze(group[0]).stems[0]
        for word in group:
            for stem in analyze(word).stems[:1]:
                table.setdefault(stem, canonical)
    return table


def meaning(stem: str) -> str:
    """The stem that stands for ``stem``'s synonym group (``stem`` itself when it has none;
    a number word's digits)."""
    return _meanings().get(stem) or NUMBER_WORDS.get(stem, stem)

"""Sentence boundaries by rule, for the languages nupunkt was not trained on (every language but
English).

A sentence ends at a run of terminal marks (. ! ? … and the language's own: the danda ।,
the Arabic question mark ؟, the Greek question mark ;, the full stops of Chinese and Japanese
。！？), with the closing quotation marks and brackets that follow it, when what comes next
starts a sentence:

* in scripts written with spaces, whitespace and then an upper-case letter, a digit, an
  opening quotation mark, bracket or dash, or a letter of a script without case (Arabic,
  Hebrew, Devanagari...); a lower-case letter continues the sentence (« Non ! » a-t-il dit);
* in Chinese and Japanese, anything (they put no space after 。).

A period is not an end after the language's abbreviations (``data/sentence_rules.json``),
after a single letter (an initial: "J. Smith"), inside a number, or, in languages that write
ordinals with a period ("am 3. Oktober"), after a number of one or two digits that a month
name follows. One rule for every language; the lists are knowledge of each language, not
settings fitted to data (measured on ``tests/fixtures/multilingual/sentences.jsonl``, which
they were not read from: ``python benchmarks/sentences.py``).
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import regex

__all__ = ["sentence_spans", "rules_for"]

_BASE_TERMINALS = ".!?…"
_CLOSERS = "\"'”’»«“」』）)]›"
_OPENERS = "\"'“‘«„»‹([¿¡「『（—–-"


@cache
def _table() -> dict:
    data = resources.files("newsum").joinpath("data/sentence_rules.json").read_text(encoding="utf-8")
    return json.loads(data)


@cache
def rules_for(language: str) -> tuple[frozenset[str], frozenset[str], bool, str]:
    """(abbreviations, month names, ordinal_dot, terminal marks) of ``language``."""
    entry = _table().get(language, {})
    terminals = _BASE_TERMINALS + "".join(entry.get("terminals", []))
    return (
        frozenset(entry.get("abbreviations", [])),
        frozenset(entry.get("months", [])),
        bool(entry.get("ordinal_dot", False)),
        terminals,
    )


_FULL_WIDTH = "。！？"
# Two or more dotted pieces of at most six letters each: "U.N.", "E.U.", "डबल्यु.एफ.".
_DOTTED = regex.compile(r"(?:[\p{L}\p{M}]{1,6}\.){2,}")


@cache
def _prefixes(language: str) -> frozenset[str]:
    """One-letter prefixes the language writes onto words (Hebrew's ו ה ל ב כ מ ש)."""
    return frozenset(_table().get(language, {}).get("prefixes", []))


@cache
def _boundary_pattern(terminals: str) -> regex.Pattern:
    """Terminal marks and closers, then whitespace; full-width marks need none."""
    marks = regex.escape("".join(t for t in terminals if t not in _FULL_WIDTH))
    closers = regex.escape(_CLOSERS)
    # French sets a (no-break) space inside its guillemets: "Non ! »" closes like "Non!»".
    return regex.compile(rf"[{_FULL_WIDTH}]+[{closers}]*\s*|[{marks}]+(?:[{closers}]|[\u00a0\u202f ][»”)\]])*(?:\s+|$)")


def _starts_sentence(text: str, position: int) -> bool:
    if position >= len(text):
        return True
    first = text[position]
    if first.isdigit() or first in _OPENERS:
        return True
    if first.isalpha():
        if first.isupper() or first.istitle():
            return True
        # A letter of a script without case (Arabic, Hebrew, Devanagari, CJK...) starts a
        # sentence as well as any; a lower-case one continues it.
        return not first.islower() and unicodedata.category(first) == "Lo"
    return unicodedata.category(first).startswith("P") and first not in ",;:"


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at ``end`` (the period's position), without
    its leading quotation marks or brackets."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (one paragraph), whitespace excluded."""
    abbreviations, months, ordinal_dot, terminals = rules_for(language)
    prefixes = _prefixes(language)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _boundary_pattern(terminals).finditer(text):
        mark_end = match.end()
        stripped_end = mark_end
        while stripped_end > match.start() and text[stripped_end - 1].isspace():
            stripped_end -= 1
        nxt = mark_end
        if text[match.start()] not in _FULL_WIDTH:
            if not _starts_sentence(text, nxt):
                continue
            if text[match.start()] == "." and match.group().rstrip().rstrip(_CLOSERS + "\u00a0\u202f ") == ".":
                word = _word_before(text, match.start())
                lowered = word.lower()
                if lowered in abbreviations or lowered.rstrip(".") in abbreviations:
                    continue
                if len(word) == 1 and word.isalpha() and word.isupper():
                    continue  # an initial
                if _DOTTED.fullmatch(word + "."):
                    continue  # dotted initials of any script ("U.N.", "डबल्यु.एफ."): an abbreviation
                if prefixes and len(lowered) > 1 and lowered[0] in prefixes and lowered[1:] in abbreviations:
                    continue  # a prefixed abbreviation (Hebrew "למר." = "to Mr.")
                if ordinal_dot and word.isdigit() and len(word) <= 2:
                    following = text[nxt:].split(maxsplit=1)
                    if following and following[0].strip(".,").lower() in months:
                        continue
        if stripped_end > start:
            spans.append((start, stripped_end))
        start = mark_end
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in spans if text[s:e].strip()]

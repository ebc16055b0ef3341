"""Insight's word lists, kept as data: one JSON file per topic and language.

    src/newsum/data/insight/<language>/<topic>.json

Each file is an object whose keys name lists of words (``["Monday", ...]``), word-to-value
maps (``{"two": 2}``) or groups of words that mean one thing (``[["fire", "blaze"], ...]``).
Rules read them through :func:`words`, :func:`mapping` and :func:`groups`; every file is read
once per process. A language without a file for a topic raises :class:`UnsupportedLanguage`,
so a caller can say so in its output instead of returning nothing. Why a list holds what it
holds is written in the file's ``"_about"`` entry (one text, or one per list), not beside
each word.

``tests/test_wordlists.py`` rejects duplicates within a list and a word in two groups.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ..errors import NewsumError

__all__ = ["words", "ordered", "mapping", "groups", "table", "languages", "alternation", "UnsupportedLanguage"]


class UnsupportedLanguage(NewsumError):
    """No word lists for this language (insight reads English only, for now)."""


@cache
def table(topic: str, language: str = "en") -> dict[str, Any]:
    """The whole file ``<language>/<topic>.json``."""
    folder = resources.files("newsum") / "data" / "insight" / language
    path = folder / f"{topic}.json"
    if not path.is_file():
        raise UnsupportedLanguage(
            f"insight has no {topic!r} word list for language {language!r} "
            f"(it reads {', '.join(languages()) or 'no language'}); "
            f"add src/newsum/data/insight/{language}/{topic}.json to support it"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def languages() -> list[str]:
    folder = resources.files("newsum") / "data" / "insight"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _entry(topic: str, name: str, language: str) -> Any:
    data = table(topic, language)
    if name not in data:
        raise KeyError(f"{language}/{topic}.json has no list {name!r}")
    return data[name]


@cache
def words(topic: str, name: str, language: str = "en") -> frozenset[str]:
    """A list of words, as a set."""
    return frozenset(_entry(topic, name, language))


@cache
def ordered(topic: str, name: str, language: str = "en") -> tuple[str, ...]:
    """A list of words in its file's order (weekdays, months)."""
    return tuple(_entry(topic, name, language))


@cache
def mapping(topic: str, name: str, language: str = "en") -> dict[str, Any]:
    """A word-to-value map (callers must not change it)."""
    return dict(_entry(topic, name, language))


@cache
def groups(topic: str, name: str, language: str = "en") -> tuple[tuple[str, ...], ...]:
    """Groups of words that mean one thing; a group's first word names it."""
    return tuple(tuple(group) for group in _entry(topic, name, language))


def alternation(topic: str, name: str, language: str = "en", *, capitalize: bool = False) -> str:
    """A regular-expression alternation of a list's words, longest first (phrases before
    their first word), escaped: for building a rule's pattern from data."""
    items = ordered(topic, name, language)
    if capitalize:
        items = tuple(w[:1].upper() + w[1:] for w in items)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))

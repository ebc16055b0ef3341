"""Insight's word lists (src/newsum/data/insight/<language>/*.json) hold no duplicates and no
word in two groups: a word listed twice is a sign that one of its two places is dead (a
synonym group that can never win, a map key whose first value is silently dropped)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsum.insight import wordlists
from newsum.terms import analyze

FOLDER = resources.files("newsum") / "data" / "insight"
FILES = sorted((p for language in FOLDER.iterdir() if language.is_dir() for p in language.iterdir() if p.name.endswith(".json")), key=str)
#: Lists of one file that must not share a word: a word cannot be both.
DISJOINT = {
    "lexicon": [("weekdays", "months")],
    "conflicts": [("qualifiers_at_least", "qualifiers_approximate"), ("state_keys", "who_keys")],
}


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"keys written twice (only the last counts): {duplicates}"
    return dict(pairs)


def test_there_are_english_word_lists():
    assert "en" in wordlists.languages()
    assert {"lexicon.json", "conflicts.json"} <= {p.name for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_list_holds_a_word_twice_and_no_word_sits_in_two_groups(path):
    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    about = data.get("_about")
    assert isinstance(about, (str, dict)), "every file says what its lists are for in '_about' (one text, or one per list)"
    for name, value in data.items():
        if name == "_about":
            continue
        if isinstance(value, list) and value and all(isinstance(g, list) for g in value):
            words = [w.lower() for group in value for w in group]
            assert len(words) == len(set(words)), f"{name}: a word in two groups: {sorted({w for w in words if words.count(w) > 1})}"
            # Groups are matched by stem: two words of one stem in two groups is the same clash.
            owner: dict[str, int] = {}
            for index, group in enumerate(value):
                for word in group:
                    for stem in analyze(word).stems[:1]:
                        assert owner.setdefault(stem, index) == index, f"{name}: {word!r} (stem {stem!r}) is in groups {owner[stem]} and {index}"
        elif isinstance(value, list):
            lowered = [str(w).lower() for w in value]
            assert len(lowered) == len(set(lowered)), f"{name}: listed twice: {sorted({w for w in lowered if lowered.count(w) > 1})}"
        else:
            assert isinstance(value, dict), f"{name}: a list, a list of groups or a map"
    topic = path.name.removesuffix(".json")
    for first, second in DISJOINT.get(topic, []):
        both = {w.lower() for w in data[first]} & {w.lower() for w in data[second]}
        assert not both, f"{first} and {second} share {sorted(both)}"


def test_a_language_without_lists_is_named_in_the_error():
    with pytest.raises(wordlists.UnsupportedLanguage, match="'xx'.*add src/newsum/data/insight/xx/lexicon.json"):
        wordlists.table("lexicon", "xx")

"""Words that news copy uses for one another, so that paraphrases count as shared words.

Outlets that rewrite wire copy swap words more than they change facts: "broke out" / "started",
"halted sales" / "stopped selling", "blaze" / "fire", "killed" / "died" / "fatalities". The
groups below were written for wire copy (disasters, courts, politics, business, sport) and are
checked on our labelled clusters (benchmarks/insight_eval.py). Each group maps to its first
word's stem; a word in no group is itself.
"""

from __future__ import annotations

import re

from ..terms import analyze

__all__ = ["meaning", "rewrite", "SYNONYM_GROUPS", "NUMBER_WORDS", "PHRASES"]

#: Phrases that say in several words what a synonym group says in one: rewritten before the
#: words are compared ("broke out" is "started", "broke down" is "collapsed").
PHRASES = {
    "broke out": "started", "broken out": "started", "breaks out": "starts", "broke down": "collapsed",
    "gave way": "collapsed", "caved in": "collapsed", "came ashore": "landfall", "made landfall": "landfall",
    "took the wraps off": "unveiled", "walked off the job": "strike", "walked out": "strike", "downed tools": "strike",
    "ran aground": "grounded", "went aground": "grounded", "stepped down": "resigned", "set fire to": "ignited",
    "called off": "cancelled", "put out": "extinguished", "took office": "inaugurated", "sworn in": "inaugurated",
    "went down": "sank", "handed over": "freed", "set free": "freed",
    "ordered out": "evacuated", "ordered to leave": "evacuated", "ordered to evacuate": "evacuated",
    "no one was killed": "no deaths", "nobody was killed": "no deaths", "no fatalities": "no deaths",
}
_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def rewrite(text: str) -> str:
    """``text`` with :data:`PHRASES` replaced by their one word (for comparing words only: the
    offsets of the result are not the text's)."""
    return _PHRASE.sub(lambda m: PHRASES[m.group().lower()], text)

#: Number words as digits: "Fourteen people died" and "killed 14 people" share "14".
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
     "hundred": "100", "dozen": "12"}

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # events and their verbs
    # "broke out" started (see PHRASES); "broke" alone, like "burst", failed
    ("start", "started", "began", "begin", "begun", "erupted", "sparked", "ignited"),
    ("collapse", "collapsed", "crumbled", "caved", "burst", "breached", "breach", "broke", "break"),
    ("stop", "stopped", "halted", "suspended", "ceased", "paused"),
    ("announce", "announced", "declared", "unveiled", "launched"),
    ("visit", "visited", "toured"),
    ("sign", "signed", "inked"),
    ("resign", "resigned", "quit"),
    ("publish", "published", "posted"),
    ("free", "freed", "released", "release", "liberated"),
    ("sink", "sank", "sunk", "capsized", "foundered"),
    ("fly", "flew", "flown", "flies"),
    ("arrest", "arrested", "detained", "caught", "captured", "recaptured", "apprehended", "seized"),
    ("send", "sent", "deployed", "dispatched"),
    ("meet", "meeting", "met", "talks"),
    ("hit", "struck", "slammed", "battered", "rattled", "shook", "jolted", "rocked"),
    ("ashore", "landfall"),
    ("evacuate", "evacuated", "evacuation", "fled", "leave"),
    ("rescue", "rescued", "pulled"),  # not "saved": its stem is "savings"'
    ("convict", "convicted", "guilty"),
    ("sentence", "sentenced", "jailed", "prison"),
    ("fine", "fined", "penalty"),
    ("ban", "banned", "barred", "suspension"),
    ("cut", "reduce", "reduced", "lower", "lowered", "slash", "slashed"),
    ("raise", "raised", "increase", "increased", "hike", "lift"),
    ("dead", "killed", "died", "dies", "death", "deaths", "fatalities", "fatal", "lives"),
    ("injure", "injured", "hurt", "wounded", "injuries"),
    ("hospital", "hospitalised", "hospitalized"),
    # things
    ("fire", "blaze", "flames", "wildfire", "inferno"),
    ("storm", "cyclone", "hurricane", "typhoon"),
    ("flood", "floods", "flooding", "floodwater", "floodwaters", "deluge"),
    ("quake", "earthquake", "tremor"),
    ("crash", "derailment", "collision", "accident"),
    ("worker", "employee", "employees", "staff", "workforce"),
    ("soldier", "soldiers", "troops", "army", "military"),
    ("strike", "walkout", "stoppage"),
    ("jury", "jurors"),
    ("agreement", "accord", "pact", "deal", "treaty"),
    ("company", "firm", "group", "maker"),
    ("plane", "jet", "aircraft", "airliner", "flight"),
    ("car", "vehicle"),
    ("price", "cost"),
    ("rule", "ruling", "verdict", "decision"),
    ("lawmaker", "lawmakers", "legislators", "deputies", "mps"),
    ("protester", "protesters", "demonstrators"),
    ("shares", "stock"),
    ("profit", "earnings"),
    ("revenue", "sales", "turnover", "sell", "selling"),
    ("investigate", "investigation", "inquiry", "probe"),
    ("minister", "ministry"),
    ("peak", "peaked", "crested", "crest", "topped"),
    ("pledge", "pledged", "promised", "promise", "committed"),
    ("seat", "seats", "capacity", "seater"),
    ("customer", "customers", "clients", "client"),
    ("buy", "bought", "acquire", "acquired", "purchase", "purchased", "takeover"),
    ("close", "closed", "ended", "finished"),
    ("lower", "down", "declined", "slid", "weaker"),
    ("higher", "up", "gained", "stronger"),
)

_MEANING: dict[str, str] = {}
for group in SYNONYM_GROUPS:
    canonical = analyze(group[0]).stems[0]
    for word in group:
        for stem in analyze(word).stems[:1]:
            _MEANING.setdefault(stem, canonical)


def meaning(stem: str) -> str:
    """The stem that stands for ``stem``'s synonym group (``stem`` itself when it has none;
    a number word's digits)."""
    return _MEANING.get(stem) or NUMBER_WORDS.get(stem, stem)

"""Where outlets state different values for the same thing: counts and amounts, days.

    statements ──value mentions (a number with the noun it counts; a weekday or a date)──▶
    ──pairs across documents about the same thing (same noun, shared context words)──▶
    ──values that differ, and are not an update, another quantity or another source's estimate──▶
    conflicts, every version as written with its offsets and sources

Precision matters more than recall: a false conflict is worse than a missed one, so every
rule here leaves a pair out when in doubt.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Document
from ..terms import STOPWORDS, analyze
from .corroboration import Statement, statements_of, tfidf_vectors

__all__ = ["ValueMention", "Conflict", "find_conflicts", "SHARED_CONTEXT"]

#: Content words two mentions must share near their values to be about the same thing.
SHARED_CONTEXT = 2

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100,
}
# A count or amount: optional qualifier, the number, an optional scale word, then the noun it
# counts ("at least 12 people", "$4.5 million", "950 kilometres", "14 were killed").
_QUANTITY = re.compile(
    r"""(?P<qualifier>(?:at\ least|at\ most|more\ than|fewer\ than|less\ than|about|around|nearly|almost|some|over|up\ to)\s+)?
        (?P<currency>[$€£¥]|US\$|USD\s|EUR\s|GBP\s)?
        (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b)
        (?P<ordinal>st|nd|rd|th)?
        (?:\s*(?P<scale>million|billion|trillion|thousand|bn|m)\b)?
        (?:\s*(?P<percent>%|percent|per\ cent))?
        (?:-(?P<compound>[a-z]+)\b)?
        (?:\s+(?P<noun>(?:of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?)?(?:[a-z][a-z-]+\s+){0,2}?[a-z][a-z-]+))?""",
    re.VERBOSE | re.IGNORECASE,
)
# Words that say a value replaced an earlier one: both are right, at different times.
_UPDATE = re.compile(r"\b(?:so far|as of|to date|have been|has been|rose|risen|rising|climbed|increased|jumped|grew|fell|dropped|revised|updated|up from|down from|now|later|has since|had risen|to reach|raising|bringing)\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"\b(?:according to|said|say|says|estimated|estimates|claimed|claim|puts?|put the (?:number|figure|toll)|reckons?|calculated?)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AFTER_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
# A day that dates a report, not an event: "said Tuesday", "told reporters on Sunday".
_REPORTED_DAY = re.compile(r"\b(?:said|says|told\s+\w+|announced|reported|stated|added|interview|statement|conference|briefing)\s+(?:on\s+)?$", re.IGNORECASE)
# A part of a total: "64 of the 122 seats".
_PART_OF = re.compile(r"\d\s+of\s+(?:the\s+|its\s+|their\s+)?[\d,]+")
# A stated time zone: the same instant can fall on two days ("10 p.m. Tuesday (UTC+1)").
_TIME_ZONE = re.compile(r"\b(?:UTC|GMT)(?:\s*[+−-]\s*\d{1,2})?\b|\blocal time\b|\b[A-Z]{2,4}T\b")
_GENERIC = {"said", "say", "told", "year", "time", "people", "also", "would", "could", "one", "two", "new"}


@dataclass(frozen=True)
class ValueMention:
    """A value as one document states it: ``text`` is the value with the words that make it a
    claim, at ``document[start:end]``, inside the sentence at ``sentence_start:sentence_end``."""

    document_id: str
    kind: str  # "number" or "day"
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    normalized: str
    key: str  # what the value is of: the noun counted, or "day"
    context: frozenset[str]
    #: For days: the words just before that say what happened ("ran aground on a reef ... on").
    heads: frozenset[str] = frozenset()
    #: For numbers: the value and its qualifier ("at least", "about", or "").
    value: float | None = None
    qualifier: str = ""


@dataclass(frozen=True)
class Conflict:
    about: str
    kind: str
    values: tuple[tuple[str, str, tuple[ValueMention, ...]], ...]  # (text, normalized, mentions)
    explanation: str | None = None

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "kind": self.kind,
            "values": [
                {
                    "text": text,
                    "normalized": normalized,
                    "sources": list(dict.fromkeys(m.document_id for m in mentions)),
                    "mentions": [
                        {"document_id": m.document_id, "start": m.start, "end": m.end, "text": m.text,
                         "sentence_start": m.sentence_start, "sentence_end": m.sentence_end}
                        for m in mentions
                    ],
                }
                for text, normalized, mentions in self.values
            ],
            "explanation": self.explanation,
        }


def _number(match: re.Match) -> float | None:
    raw = match.group("number").lower()
    if raw in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[raw])
    else:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            return None
    scale = (match.group("scale") or "").lower()
    value *= {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}.get(scale, 1)
    return value


#: Words on either side of a value that say what it is about ("the missile test on Tuesday").
CONTEXT_WINDOW = 40  # characters
#: Narrower for days: a sentence often names two days for two events ("rejected on Friday
#: ... the test on Tuesday"); only the words right beside a day say which event it dates.
DAY_WINDOW = 25
#: ... and the event's verb comes before the day, sometimes further ("broke out shortly before
#: midnight on Wednesday").
DAY_LEFT = 45
_CALENDAR = set(_WEEKDAYS) | {"morning", "afternoon", "evening", "night", "today", "yesterday", "week", "month",
                               "january", "february", "march", "april", "may", "june", "july", "august", "september",
                               "october", "november", "december", "least", "more", "than", "about", "around", "nearly"}


def _context(text: str) -> frozenset[str]:
    terms = analyze(text)
    return frozenset(
        s for w, s in zip(terms.words, terms.stems)
        if w not in STOPWORDS and len(w) > 2 and not w[:1].isdigit() and s not in _GENERIC and w not in _CALENDAR
    )


def _window(text: str, start: int, end: int, width: int = CONTEXT_WINDOW) -> str:
    left = text.rfind(" ", 0, max(0, start - width)) + 1
    right = text.find(" ", min(len(text), end + width))
    return text[left : right if right >= 0 else len(text)]


def _day_of(weekday: str, published: dt.date | None) -> str:
    """The date a weekday names, resolved against the publication date (the latest such day on
    or before it), or the weekday itself when the date is unknown."""
    if published is None:
        return weekday.lower()
    target = _WEEKDAYS.index(weekday.lower())
    delta = (published.weekday() - target) % 7
    return (published - dt.timedelta(days=delta)).isoformat()


def _mentions(statement: Statement, document: Document) -> list[ValueMention]:
    text = statement.text
    found: list[ValueMention] = []
    published = document.date.date() if isinstance(document.date, dt.datetime) else document.date
    for match in _WEEKDAY.finditer(text):
        if _REPORTED_DAY.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # the day of a statement, not of an event
        found.append(
            ValueMention(
                statement.document_id, "day", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, _day_of(match.group(1), published), "day",
                _context(_window(text, match.start(), match.end(), DAY_WINDOW) + " " + text[max(0, match.start() - DAY_LEFT) : match.start()]),
                _event_heads(text, match.start()),
            )
        )
    for match in _QUANTITY.finditer(text):
        raw = match.group("number")
        if _YEAR.match(raw):
            continue  # a year is a date, not a count
        if _AFTER_MONTH.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # "Dec. 22": a date, not a count
        value = _number(match)
        # "24-article treaty": the compound names what is counted.
        noun = (match.group("compound") or match.group("noun") or "").lower()
        unit = ("%" if match.group("percent") else "") + (match.group("currency") or "").strip()
        if not noun and not unit:
            # "Gate 7", "voted 5-2": the word before the number says what it is.
            before = re.search(r"([A-Za-z][a-z-]{2,})\s+$", text[: match.start()])
            noun = before.group(1).lower() if before else ""
        if value is None or (not noun and not unit):
            continue
        # What is counted: the last content word of the words after the number ("12 dead
        # people" -> "peopl"; "12 of the" -> nothing).
        content = [w for w in noun.split() if w not in STOPWORDS]
        stems = analyze(content[-1]).stems if content else ()
        head = stems[0] if stems else ""
        if head in _WHO_KEYS:
            # "42 people were injured" / "two people died": who, and what happened to them.
            following = _FOLLOWING.match(text, match.end())
            word = following.group(1) if following else ""
            if word and (word in _STATES or word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)):
                verb = analyze(word).stems
                if verb:
                    head = f"{head}:{_KEY_SYNONYMS.get(verb[0], verb[0])}"
        key = f"{unit}{head}" if (unit or head) else ""
        if not key:
            continue
        qualifier = (match.group("qualifier") or "").strip().lower()
        normalized = f"{qualifier + ' ' if qualifier else ''}{value:g}{' ' + unit if unit else ''}"
        found.append(
            ValueMention(
                statement.document_id, "number", match.group().strip(), statement.start + match.start(),
                statement.start + match.start() + len(match.group().rstrip()), statement.start, statement.end,
                normalized, key, _context(_window(text, match.start(), match.end())),
                value=value, qualifier=qualifier,
            )
        )
    return found


_SKIP_BEFORE_DAY = {"early", "late", "shortly", "just", "only", "again", "also", "then", "before", "after", "until", "since",
                    "around", "about", "midnight", "noon", "dawn", "last", "late", "earlier", "later"}
_REPORTING = {"said", "says", "told", "announced", "reported", "stated", "added"}


# Past-tense verbs that are not "-ed" words: what news says happened on a day.
_IRREGULAR_PAST = {
    "ran", "broke", "left", "made", "took", "began", "fell", "hit", "struck", "came", "went", "sank", "won", "lost",
    "met", "held", "gave", "built", "cut", "rose", "shot", "stole", "caught", "froze", "flew", "drove", "swept", "set",
    "spread", "sent", "quit", "led", "put", "beat", "bought", "sold", "paid", "brought", "fought", "found", "threw",
    "tore", "woke", "wrote", "spoke", "stood", "kept", "burst", "shut", "split", "spent", "arose", "bit", "blew",
}


def _same_key(a: str, b: str) -> bool:
    """Same thing counted: "resid" and "resid:order" (residents, ordered out) agree; "peopl:injur"
    and "peopl:dead" do not."""
    if a == b:
        return True
    head_a, _, verb_a = a.partition(":")
    head_b, _, verb_b = b.partition(":")
    return head_a == head_b and head_a != "day" and (not verb_a or not verb_b)


def _event_heads(text: str, start: int) -> frozenset[str]:
    """What happened on a day, as one word: the nearest past-tense verb in the eight words
    before "on Tuesday" ("ran aground on a reef off Corran Isle on Wednesday" -> "ran"), else
    the nearest word that is not a name, a stop word, a time word or a reporting verb."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text[max(0, start - 80) : start])[-8:]
    nearest = ""
    for word in reversed(words):
        lower = word.lower()
        if lower in STOPWORDS or lower in _SKIP_BEFORE_DAY or lower in _CALENDAR or lower in _REPORTING or word[:1].isupper():
            continue
        if lower in _IRREGULAR_PAST or (lower.endswith("ed") and len(lower) > 4):
            stems = analyze(lower).stems
            return frozenset(stems[:1])
        if not nearest:
            stems = analyze(lower).stems
            nearest = stems[0] if stems else ""
    return frozenset([nearest]) if nearest else frozenset()


def _numbers_differ(a: ValueMention, b: ValueMention) -> bool:
    qa, va, qb, vb = a.qualifier, a.value, b.qualifier, b.value
    if va == vb:
        return False
    # "at least 12" and "14" can both be true; "about 950" and "940" too.
    low = {"at least", "more than", "over"}
    approx = {"about", "around", "nearly", "almost", "some", "up to"}
    if qa in low and vb >= va or qb in low and va >= vb:
        return False
    if (qa in approx or qb in approx) and abs(va - vb) <= APPROXIMATE * max(va, vb):
        return False
    return True


#: Two statements are about the same fact when the cosine of their content words, values left
#: out, reaches this (a looser test than corroboration's: the values are what differ).
SAME_FACT_COSINE = 0.4
#: Days of dated documents are compared only between near restatements: a story's articles
#: name many days for many events.
DAY_SAME_FACT = 0.15
#: Even a noun each document counts once needs the two statements to share some content.
UNIQUE_SAME_FACT = 0.1
#: "about 950" and "940" agree; "about 380,000" and "some 410,000" (8% apart) do not.
APPROXIMATE = 0.03
#: Nouns too common to say by themselves what is counted ("7 years", "40,000 people").
_GENERIC_KEYS = {"peopl", "year", "day", "week", "month", "time", "hour", "minut", "%", "$", "€", "£", "dollar", "percent",
                 "point", "per", "cent", "mile", "kilomet", "metr", "other", "more", "part"}
_WHO_KEYS = {"peopl", "fan", "resid", "passeng", "worker", "children", "student", "person", "victim", "spectat", "soldier",
             "civilian", "patient", "employe", "staff", "member", "voter", "protest"}
_STATES = {"dead", "missing", "hurt", "injured", "wounded", "homeless", "trapped", "unaccounted", "aboard", "inside"}
_FOLLOWING = re.compile(r"\s+(?:(?:were|was|have|had|has|been|are|is|being|reportedly|also)\s+){0,3}(?:(?:seriously|badly|critically)\s+)?([a-z]{3,})")
_KEY_SYNONYMS = {"kill": "dead", "die": "dead", "death": "dead", "fatal": "dead", "live": "dead", "bodi": "dead",
                 "wound": "injur", "hurt": "injur", "injuri": "injur", "employe": "worker", "staff": "worker",
                 "job": "worker", "firefight": "firefight", "resid": "resid", "person": "peopl"}


def _masked_vectors(statements: Sequence[Statement]) -> list[dict[str, float]]:
    """tf-idf vectors of the statements' content words without numbers and days."""
    bags = []
    for statement in statements:
        terms = analyze(statement.text)
        bags.append(Counter(
            s for w, s in zip(terms.words, terms.stems)
            if w not in STOPWORDS and len(w) > 1 and not any(ch.isdigit() for ch in w) and w not in _CALENDAR
        ))
    return tfidf_vectors(bags)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def find_conflicts(documents: Sequence[Document], *, statements: Sequence[Statement] | None = None) -> list[Conflict]:
    """Values that outlets state differently for the same thing.

    Values are compared only between statements of different documents about the same fact
    (:data:`SAME_FACT_COSINE`) and only when they count the same thing (the same noun, or
    unit). Days are also compared across the cluster when a document carries no date (then
    nothing else dates its events), by the words right beside them, with a note that a time
    zone may explain the difference. ``statements``: :func:`.corroboration.statements_of` the
    documents, when the caller has them already.
    """
    documents = [d for d in documents if d.text.strip()]
    by_id = {d.id: d for d in documents}
    statements = statements_of(documents) if statements is None else statements
    index_of = {(s.document_id, s.start): k for k, s in enumerate(statements)}
    vectors = _masked_vectors(statements)
    names = _story_names(statements, len(documents))
    mentions = [
        replace(m, context=m.context - names, key=_KEY_SYNONYMS.get(m.key, m.key))
        for s in statements
        for m in _mentions(s, by_id[s.document_id])
    ]
    def undated_pair(a: ValueMention, b: ValueMention) -> bool:
        return by_id[a.document_id].date is None or by_id[b.document_id].date is None

    similarity: dict[tuple[int, int], float] = {}

    def same_fact(a: ValueMention, b: ValueMention, threshold: float = SAME_FACT_COSINE) -> bool:
        i, j = index_of[(a.document_id, a.sentence_start)], index_of[(b.document_id, b.sentence_start)]
        key = (min(i, j), max(i, j))
        if key not in similarity:
            similarity[key] = _cosine(vectors[i], vectors[j])
        return similarity[key] >= threshold

    # What each document counts with a noun only once ("41 ambulances"): two documents that
    # each count ambulances once are counting the same ambulances.
    per_document = Counter((m.document_id, m.key) for m in mentions if m.kind == "number")
    values_in: dict[tuple[str, int], set[str]] = {}
    for m in mentions:
        values_in.setdefault((m.document_id, m.sentence_start), set()).add(m.normalized)
    conflicts: list[Conflict] = []
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.document_id == b.document_id or a.kind != b.kind:
                continue
            if not _same_key(a.key, b.key):
                continue
            ta = statements[index_of[(a.document_id, a.sentence_start)]].text
            tb = statements[index_of[(b.document_id, b.sentence_start)]].text
            if a.kind == "number":
                bare_unit = not a.key.isalpha()  # "%" or a currency: the noun it measures must match too
                shared = a.context & b.context - {a.key}
                unique = (
                    a.key.partition(":")[0] not in _GENERIC_KEYS
                    and per_document[(a.document_id, a.key)] == 1
                    and per_document[(b.document_id, b.key)] == 1
                )
                if not ((unique and same_fact(a, b, UNIQUE_SAME_FACT)) or (same_fact(a, b) and len(shared) >= (3 if bare_unit else SHARED_CONTEXT))):
                    continue
                if _PART_OF.search(ta) or _PART_OF.search(tb):
                    continue  # "64 of the 122 seats": a part and its total
                if values_in[(a.document_id, a.sentence_start)] & values_in[(b.document_id, b.sentence_start)] >= {a.normalized, b.normalized}:
                    continue  # both sentences state both values: two quantities, not two versions
                if not _numbers_differ(a, b):
                    continue
                if _UPDATE.search(ta) or _UPDATE.search(tb):
                    continue  # an update that says so
                if _attributed_apart(ta, tb):
                    continue  # estimates of different named sources
            else:
                if a.normalized == b.normalized:
                    continue
                if _TIME_ZONE.search(ta) or _TIME_ZONE.search(tb):
                    continue  # a stated time zone: possibly the same instant
                if undated_pair(a, b):
                    # Nothing else dates these events: the words beside the days must agree.
                    if len(a.context & b.context) < SHARED_CONTEXT:
                        continue
                elif not (a.heads & b.heads and same_fact(a, b, DAY_SAME_FACT)):
                    continue  # dated: the same thing happened (a shared event word), about the same fact
            explanation = None
            if a.kind == "day" and (by_id[a.document_id].date is None or by_id[b.document_id].date is None):
                explanation = "the documents carry no dates: a time zone (or a late report) may explain the difference"
            about = " ".join(sorted(a.context & b.context)[:4])
            conflicts.append(
                Conflict(about, "date" if a.kind == "day" else "number", ((a.text, a.normalized, (a,)), (b.text, b.normalized, (b,))), explanation)
            )
    conflicts.extend(_name_conflicts(statements))
    return _merge(conflicts)


# Ranks that come before a name: two outlets giving one person different ranks disagree.
_RANKS = ("Lieutenant|Captain|Sergeant|Colonel|Major|General|Commissioner|Inspector|Detective|Superintendent|"
          "Constable|Admiral|Judge|Senator|Governor|Mayor|Minister|President|Chancellor|Professor|Dr")
_RANKED_NAME = re.compile(rf"\b({_RANKS})\.?\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}})\b")
_NAME_PAIR = re.compile(r"\b([A-Z][a-z'’-]{2,})\s+([A-Z][a-z'’-]{2,})\b")
_INSTITUTION_WORDS = {
    "Leader", "Cabinet", "House", "Party", "Council", "Bank", "Court", "Committee", "Ministry", "Department", "Assembly",
    "Union", "Senate", "Congress", "Parliament", "Government", "Office", "Agency", "Army", "Police", "Company", "Group",
    "North", "South", "East", "West", "New", "Minority", "Majority", "Deputy", "Vice", "General", "National", "Federal",
}
#: Two spellings of one name: difflib's ratio between them (Mateo/Matteo 0.91, Rudy/Rudi 0.75,
#: Korvell/Corvell 0.86); distinct names that share a surname differ more (Anna/Anton 0.44).
SPELLING_RATIO = 0.75


def _name_conflicts(statements: Sequence[Statement]) -> list[Conflict]:
    """Names spelled differently ("Mateo Grenz" / "Matteo Grenz") and ranks that differ
    ("Lieutenant Dario Fenwick" / "Captain Dario Fenwick") between documents."""
    found: list[Conflict] = []
    ranks: dict[str, dict[str, list[ValueMention]]] = {}
    pairs: list[tuple[str, str, ValueMention]] = []
    spelled: dict[str, set[str]] = {}
    for statement in statements:
        for match in _RANKED_NAME.finditer(statement.text):
            mention = _text_mention(statement, match.start(), match.end(), "name", match.group(1))
            ranks.setdefault(match.group(2), {}).setdefault(match.group(1), []).append(mention)
        for match in _NAME_PAIR.finditer(statement.text):
            first, second = match.group(1), match.group(2)
            pairs.append((first, second, _text_mention(statement, match.start(), match.end(), "name", match.group())))
            spelled.setdefault(statement.document_id, set()).update((first, second))
    for name, by_rank in ranks.items():
        if len(by_rank) > 1:
            documents = [{m.document_id for m in ms} for ms in by_rank.values()]
            if all(not (a & b) for i, a in enumerate(documents) for b in documents[i + 1 :]):
                values = tuple((ms[0].text, rank.lower(), tuple(ms)) for rank, ms in by_rank.items())
                found.append(Conflict(f"the rank of {name}", "name", values, None))
    seen: set[frozenset[str]] = set()
    for i, (a1, a2, am) in enumerate(pairs):
        for b1, b2, bm in pairs[i + 1 :]:
            if am.document_id == bm.document_id:
                continue
            if a2 == b2 and a1 != b1:
                x, y, shared_word = a1, b1, a2
            elif a1 == b1 and a2 != b2:
                x, y, shared_word = a2, b2, a1
            else:
                continue
            if shared_word in _INSTITUTION_WORDS or x in _INSTITUTION_WORDS or y in _INSTITUTION_WORDS:
                continue  # "Minority Leader" / "Majority Leader": two offices, not two spellings
            if difflib.SequenceMatcher(None, x.lower(), y.lower()).ratio() < SPELLING_RATIO:
                continue
            if x.rstrip("s") == y.rstrip("s") or x.rstrip("'’s") == y.rstrip("'’s") or x.startswith(y) or y.startswith(x):
                continue  # a plural, a possessive or an adjective (Israel/Israeli), not another spelling
            if x.endswith(("'s", "’s")) or y.endswith(("'s", "’s")):
                continue
            # A document that writes both spellings names two people (or corrects itself).
            if {x, y} <= spelled.get(am.document_id, set()) or {x, y} <= spelled.get(bm.document_id, set()):
                continue
            key = frozenset((am.text, bm.text))
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(f"the spelling of {am.text} / {bm.text}", "name", ((am.text, am.text, (am,)), (bm.text, bm.text, (bm,))), None))
    return found


def _text_mention(statement: Statement, start: int, end: int, kind: str, normalized: str) -> ValueMention:
    return ValueMention(
        statement.document_id, kind, statement.text[start:end], statement.start + start, statement.start + end,
        statement.start, statement.end, normalized, kind, frozenset(),
    )


def _story_names(statements: Sequence[Statement], documents: int) -> frozenset[str]:
    """Stems of the names the whole story is about (written with a capital, in most
    documents): "North Korea" is near every value of a story about it, and says nothing about
    which value is about what."""
    docs: dict[str, set[str]] = {}
    capital: dict[str, list[int]] = {}
    for statement in statements:
        terms = analyze(statement.text)
        for position, (stem, caps) in enumerate(zip(terms.stems, terms.capitalized)):
            docs.setdefault(stem, set()).add(statement.document_id)
            if position > 0:
                counts = capital.setdefault(stem, [0, 0])
                counts[0] += caps
                counts[1] += 1
    return frozenset(
        stem for stem, seen in docs.items()
        if len(seen) >= max(2, 0.8 * documents) and stem in capital and capital[stem][0] > 0.5 * capital[stem][1]
    )


def _attributed_apart(a: str, b: str) -> bool:
    """Both sentences attribute their value, to different sources ("organisers said" vs
    "police estimated"): not a conflict between outlets."""
    if not (_ATTRIBUTION.search(a) and _ATTRIBUTION.search(b)):
        return False
    sources = re.compile(
        r"\b(organi[sz]ers?|police|officials?|authorities|union|government|company|ministry|opposition|witnesses|hospital|"
        r"rescuers|auditors?|prosecutors?|analysts?|experts?|researchers?|insurers?|investors?|defen[cs]e|lawyers?|critics?)\b",
        re.IGNORECASE,
    )
    sa = {m.lower().rstrip("s") for m in sources.findall(a)}
    sb = {m.lower().rstrip("s") for m in sources.findall(b)}
    return bool(sa and sb and not (sa & sb))


def _merge(conflicts: list[Conflict]) -> list[Conflict]:
    """Pairwise conflicts about the same thing become one conflict with every version."""
    merged: list[Conflict] = []
    for conflict in conflicts:
        for index, existing in enumerate(merged):
            mentions = {m for _, _, ms in existing.values for m in ms}
            if existing.kind == conflict.kind and any(m in mentions for _, _, ms in conflict.values for m in ms):
                versions: dict[str, list] = {}
                for text, normalized, ms in (*existing.values, *conflict.values):
                    versions.setdefault(normalized, [text, []])[1].extend(m for m in ms if m not in versions.get(normalized, ["", []])[1])
                values = tuple((text, normalized, tuple(dict.fromkeys(ms))) for normalized, (text, ms) in versions.items())
                merged[index] = Conflict(existing.about, existing.kind, values, existing.explanation or conflict.explanation)
                break
        else:
            merged.append(conflict)
    return merged

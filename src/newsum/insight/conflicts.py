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
from ..semantic.lexical import cosine as _cosine
from ..semantic.lexical import tfidf_vectors
from .corroboration import Statement, statements_of
from .jobs import disagreeing_jobs, jobs_in
from .lexicon import NUMBER_WORDS, meaning, rewrite

__all__ = ["ValueMention", "Conflict", "find_conflicts", "SHARED_CONTEXT"]

#: Content words two mentions must share near their values to be about the same thing.
SHARED_CONTEXT = 2

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "hundred": 100,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
# A count or amount: optional qualifier, the number, an optional scale word, then the noun it
# counts ("at least 12 people", "$4.5 million", "950 kilometres", "14 were killed").
_QUANTITY = re.compile(
    r"""(?P<qualifier>(?:at\ least|at\ most|more\ than|fewer\ than|less\ than|about|around|nearly|almost|some|over|up\ to)\s+)?
        (?P<currency>[$€£¥]|US\$|USD\s|EUR\s|GBP\s)?
        (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?
                   |(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b
                   |(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)
        (?P<ordinal>st|nd|rd|th)?
        (?:\s*(?P<scale>million|billion|trillion|thousand|bn|m)\b)?
        (?:\s*(?P<percent>%|percent|per\ cent))?
        (?:-(?P<compound>[a-z]+)\b)?
        (?:\s+(?P<noun>(?:of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?)?(?:[a-z][a-z-]+\s+){0,2}?[a-z][a-z-]+))?""",
    re.VERBOSE | re.IGNORECASE,
)
# Words that say a value replaced an earlier one: both are right, at different times.
_UPDATE = re.compile(
    r"\b(?:so far|as of|to date|have been|has been|rose|risen|rising|climbed|increased|jumped|grew|grown|fell|dropped|"
    r"revised|updated|up from|down from|now|later|has since|had risen|to reach|raising|bringing|"
    r"since\s+(?:the|then|it|they|last|early|late)|by\s+(?:early\s+|late\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|morning|afternoon|evening|nightfall|midday|noon|midnight|the\s+(?:time|end)))\b",
    re.IGNORECASE,
)
# "Revenue rose 11 percent to $8.42 billion": a change over a period, not a later figure.
_PERIOD_CHANGE = re.compile(r"\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+)?[\d.,]+\s*(?:%|percent|per cent)")
# An estimate, someone's figure rather than a fact an outlet reports ("put the savings closer
# to 600 million", "He estimated the savings at nearer 250 million", "Korvath expects ...").
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|expects?|expected|forecasts?|projects?|projected|predicts?|reckons?|calculat\w*|could|might|may|would|put\s+(?:the|it|its)\b[^.]{0,40}?\b(?:at|closer|nearer)|closer to|nearer|guess\w*)\b",
    re.IGNORECASE,
)
# A total with extras, against a base ("worth 310 million once the club's debts are included").
_INCLUSIVE = re.compile(
    r"\b(?:once\b[^.]{0,40}\binclud\w*|including\s+(?:debts?|fees|taxes|tax|vat|shipping|delivery|extras)|plus\b|in total|all told"
    r"|with\s+(?:\w+\s+)?(?:delivery|shipping|extras|installation|fees|taxes|insurance))",
    re.IGNORECASE,
)
# Time since or before something, which moves with the day of the report ("three days after
# the attack").
_RELATIVE_SPAN = re.compile(r"\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+(?:after|before|ago|later|earlier|since)\b", re.IGNORECASE)


# A number given as a part beside another: "212 passengers [and four] crew", "[two of them] suspended".
_PART_NUMBER = re.compile(r"\band\s+(\d[\d,.]*|[a-z]+)\s+[a-z]|\b(\d[\d,.]*|[a-z]+)\s+of\s+them\b", re.IGNORECASE)


def _number_value(groups: tuple[str, str]) -> float | None:
    word = (groups[0] or groups[1]).lower().replace(",", "")
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


# Words that limit or widen what a figure covers: "In the old town alone, nine died" against
# "the floods have killed 14"; "nationwide" against "in the capital".
_SCOPE = re.compile(r"\b(?:alone|nationwide|worldwide|overall|in total|in all|across the (?:country|region|state|province)|in the capital|globally)\b", re.IGNORECASE)


def _clause_of(sentence: str, mention: ValueMention) -> str:
    """The clause of ``sentence`` that holds ``mention``: "The heat has been extraordinary: a
    thermometer recorded 46.4C" -> "a thermometer recorded 46.4C"."""
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    left = max((m.end() for m in re.finditer(r"[;:]|,(?!\d)", sentence[:start])), default=0)
    right = min((m.start() for m in re.finditer(r"[;:]|,(?!\d)", sentence[end:])), default=len(sentence) - end) + end
    return sentence[left:right]


def _is_update(text: str) -> bool:
    """The sentence says its figure replaced an earlier one ("rose to 11", "has since grown",
    "by Sunday evening") - not "rose 11 percent to", a change over a period."""
    return any(not _PERIOD_CHANGE.match(text, m.end()) for m in _UPDATE.finditer(text))
_ATTRIBUTION = re.compile(r"\b(?:according to|said|say|says|estimated|estimates|claimed|claim|puts?|put the (?:number|figure|toll)|reckons?|calculated?)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AFTER_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
# A day that dates a report, not an event: "said Tuesday", "told reporters on Sunday".
_REPORTED_DAY = re.compile(r"\b(?:said|says|reiterated|repeated|insisted|denied|warned|stressed|acknowledged|told\s+(?!by\b)\w+(?:\s+in\s+\w+)?|reported|stated|added|(?:interview|statement|conference|briefing|letter|report|communique)(?:\s+(?:released|issued|published|given))?)\s+(?:on\s+)?$", re.IGNORECASE)
# A day of a plan, not of an event: "is expected to meet Thursday", "will vote on Monday".
_PLANNED = re.compile(
    r"\b(?:expected|will|would|plans?|planned|scheduled|due|set|going|is\s+to|are\s+to|was\s+to|were\s+to|hopes?|intends?)\b(?:\s+[\w'’-]+){0,5}\s+$"
    r"|\b(?:is|are|opens?|starts?|begins?|ships?|goes|takes?\s+effect|resumes?|closes?|ends?|meets?)\s+(?:on\s+)?$",  # "Pre-orders open on Friday": a coming day
    re.IGNORECASE,
)
# What was so on a day rather than what happened: an ongoing action or a negation right before
# the day ("police were searching Wednesday", "it was unclear Thursday", "did not return calls
# Thursday", "still could not speak Sunday"). "had been deliberating since Thursday" dates a start.
_STATE_ON_DAY = re.compile(r"(?:\b(?:was|were|is|are|been|be)\s+\w+ing\b(?:\s+[\w'’-]+){0,3}|\b(?:not|n't|no|never|unclear|still|remained|remains)\b(?:\s+[\w'’-]+){0,4})\s+(?:on\s+|since\s+)?$", re.IGNORECASE)
# "from Wednesday through Friday": a span, not the day of one event.
_RANGE = re.compile(r"\s*(?:through|to|until|till|and|or|-|–)\s+(?:\w+\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_RANGE_END = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*(?:through|to|until|till|and|or|-|–)\s+$")
# A part of a total, after its number: "64 [of the 122 seats]", "Three [of the injured]".
_PART_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)(?P<total>(?:[\w'’,-]+\s+){0,2}[\w'’,-]+)|\s+of\s+(?P<count>[\d,]+\d)\b")


def _total_of(match: re.Match | None) -> str:
    """What a part is a part of, as a key: "of the 122 seats" -> "122", "of the train's seven
    carriages" -> "train's 7 carriages"; "" for a value that is not a part."""
    if match is None:
        return ""
    if match.group("count"):
        return match.group("count").replace(",", "")
    words = [NUMBER_WORDS.get(w.lower(), w.lower()) for w in match.group("total").split()]
    digits = [w.replace(",", "") for w in words if w.replace(",", "").isdigit()]
    return digits[0] if digits else " ".join(words)


_SMALL = r"\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# A vote or a score: "voted 5-2", "by 212 votes to 187", "by a vote of 214 to 185", "six votes to one".
_TALLY = re.compile(rf"\b(?P<first>{_SMALL})(?:\s+votes?)?\s*(?:-|–|to)\s*(?P<second>{_SMALL})\b", re.IGNORECASE)
_VOTE_WORDS = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bballots?\b|\bmargin\b", re.IGNORECASE)
# What follows a number that is not one count: a range, an age, a fraction.
_NOT_A_COUNT = re.compile(r"(?:\s*(?:million|billion|thousand))?\s*(?:or|to|-|–)\s*(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b|-year-old|\s+year\s+old|\s*\d+/\d+|\s*/", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:million|billion)?\s*(?:or|to|-|–)\s*$|\d/$", re.IGNORECASE)
# Where a value's clause ends: punctuation, a conjunction, another number.
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas)\b")


def _clause_window(text: str, start: int, end: int, words: int) -> tuple[str, str]:
    """The value's clause: up to ``words`` words before ``start`` and after ``end``."""
    left = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        cut = breaks[-1].end()
        if len([w for w in left[cut:].split() if w.lower() not in STOPWORDS]) < 2 and len(breaks) > 1:
            cut = breaks[-2].end()  # "inflation, which hit 9.7%": the clause's subject is before the comma
        left = left[cut:]
    right = text[end : end + 80]
    stop = _CLAUSE_BREAK.search(right)
    if stop:
        right = right[: stop.start()]
    return " ".join(left.split()[-words:]), " ".join(right.split()[:words])


def _names_near(text: str, start: int, end: int, words: int = 6) -> frozenset[str]:
    """Capitalised words of the value's clause that name something (not the sentence's first
    word, not a day or a month)."""
    left, right = _clause_window(text, start, end, words)
    found = set()
    for piece, offset in ((left, text.rfind(left, 0, start) if left else -1), (right, end)):
        for match in re.finditer(r"\b[A-Z][a-zA-Z'’-]+", piece):
            word = match.group().rstrip("'’s") if match.group().endswith(("'s", "’s")) else match.group()
            if offset == 0 and match.start() == 0:
                continue  # the first word of the sentence
            if word.lower() in _CALENDAR or word in _NOT_PLACES or word.lower() in STOPWORDS:
                continue
            found.add(word)
    return frozenset(found)


def _about(text: str, start: int, end: int, words: int = 5) -> frozenset[str]:
    """Content stems of the value's clause, up to ``words`` words each side."""
    left, right = _clause_window(text, start, end, words)
    side = f"{left} {right}"
    terms = analyze(side)
    return frozenset(
        meaning(s) for w, s in zip(terms.words, terms.stems)
        if w not in STOPWORDS and len(w) > 2 and not w[:1].isdigit() and s not in _GENERIC and w not in _CALENDAR
    )
# The verb an amount is the object of: "fined him [$450,000]", "employ about [31,000 people]".
_VERB_BEFORE = re.compile(r"\b([a-z]{3,}(?:ed|s|e|y)?)\s+(?:(?:him|her|them|it|us|a|an|the|about|around|some|nearly|almost|roughly|over|more\s+than|at\s+least)\s+)*$")
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
    #: For a part of a total ("11 of 14 counts"): the total.
    total: str = ""
    #: The words of the value's own clause, a few each side ("Turnout in the election was
    #: [68.4 percent]" -> turnout, election), as stems with synonyms merged.
    about: frozenset[str] = frozenset()
    #: The names in that clause ("Xu spent 12 years in prison" -> Xu).
    names: frozenset[str] = frozenset()


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
    tens, _, unit = raw.partition("-")
    if tens in _TENS:
        value = float(_TENS[tens] + _UNITS.get(unit, 0))
    elif raw in _NUMBER_WORDS:
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


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# A calendar date: "on May 28", "on July 1, 2026", "in March 2025" (a month needs "in" and a
# year: "may" alone is a verb).
_DATE = re.compile(
    r"\b(?:(?:on\s+)?(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?P<day>[1-9]|[12]\d|3[01])\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?:on\s+)?(?P<day_first>[1-9]|[12]\d|3[01])\s+(?P<month_after>January|February|March|April|May|June|July|August|September|October|November|December)\b(?:,?\s+(?P<year_after>(?:19|20)\d\d))?"
    r"|in\s+(?P<month_only>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?P<month_year>(?:19|20)\d\d))?\b)"
)


def _date_of(match: re.Match, published: dt.date | None) -> str:
    """ "2026-05-28" for a day (the year from the text, else the publication's), "2025-03" for
    a month, "05-28" when no year is known."""
    if match.group("month_only"):
        month = _MONTHS.index(match.group("month_only").lower()) + 1
        year = match.group("month_year") or (str(published.year - (month > published.month)) if published else "")
        return f"{year}-{month:02d}" if year else f"{month:02d}"  # "in March": the last March by the publication
    if match.group("month_after"):  # "14 June 2026"
        month, day, year = _MONTHS.index(match.group("month_after").lower()) + 1, match.group("day_first"), match.group("year_after")
    else:
        month, day, year = _MONTHS.index(match.group("month").lower()) + 1, match.group("day"), match.group("year")
    year = year or (str(published.year) if published else "")
    return f"{year + '-' if year else ''}{month:02d}-{int(day):02d}"


def _mentions(statement: Statement, document: Document) -> list[ValueMention]:
    text = statement.text
    found: list[ValueMention] = []
    published = document.date.date() if isinstance(document.date, dt.datetime) else document.date
    for match in _DATE.finditer(text):
        if _REPORTED_DAY.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        found.append(
            ValueMention(
                statement.document_id, "day", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, _date_of(match, published), "day",
                _context(_window(text, match.start(), match.end(), DAY_WINDOW) + " " + text[max(0, match.start() - DAY_LEFT) : match.start()]),
                _event_heads(text, match.start(), match.end()),
            )
        )
    for match in _WEEKDAY.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _REPORTED_DAY.search(before):
            continue  # the day of a statement, not of an event
        if _PLANNED.search(before) or _RANGE.match(text, match.end()) or _RANGE_END.search(before):
            continue  # a plan ("expected to meet Thursday") or a span of days: not the day something happened
        if _STATE_ON_DAY.search(before) and not before.rstrip().endswith("since"):
            continue  # "were searching Wednesday", "was unclear Thursday", "did not return calls": a state that day
        if text[match.end() : match.end() + 2] in ("'s", "’s") or _FORECAST.search(text[: match.start()]):
            continue  # "Friday's bombing" dates a noun; "is expected to ease ... on Monday" is a forecast
        found.append(
            ValueMention(
                statement.document_id, "day", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, _day_of(match.group(1), published), "day",
                _context(_window(text, match.start(), match.end(), DAY_WINDOW) + " " + text[max(0, match.start() - DAY_LEFT) : match.start()]),
                _event_heads(text, match.start(), match.end()),
                names=_doers_before(text, match.start()), about=_object_after(text, match.end()),
            )
        )
    for match in _TALLY.finditer(text):
        if not _VOTE_WORDS.search(text[max(0, match.start() - 40) : match.end() + 30]):
            continue
        first, second = (_number_value((g, "")) for g in (match.group("first"), match.group("second")))
        if first is None or second is None:
            continue
        found.append(
            ValueMention(
                statement.document_id, "number", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, f"{first:g}-{second:g}", "tally",
                _context(_window(text, match.start(), match.end())), value=first * 1e6 + second,
                about=_about(text, match.start(), match.end()),
            )
        )
    for match in _QUANTITY.finditer(text):
        raw = match.group("number")
        if _YEAR.match(raw):
            continue  # a year is a date, not a count
        if _AFTER_MONTH.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # "Dec. 22": a date, not a count
        value = _number(match)
        if _NOT_A_COUNT.match(text, match.end("number")) or _RANGE_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # "five or six", "4.5 million to 5 million", "a 75-year-old writer", "3 1/2 hours"
        key = _key_of(text, match)
        if value is None or not key:
            continue
        unit = ("%" if match.group("percent") else "") + (match.group("currency") or "").strip()
        value_end = match.end("percent") if match.group("percent") else match.end("scale") if match.group("scale") else match.end("number")
        total = _PART_OF.match(text, value_end)
        if _RELATIVE_SPAN.match(text, match.end("number")):
            continue  # "three days after the attack": counted from the day of the report
        qualifier = (match.group("qualifier") or "").strip().lower()
        normalized = f"{qualifier + ' ' if qualifier else ''}{value:g}{' ' + unit if unit else ''}"
        found.append(
            ValueMention(
                statement.document_id, "number", match.group().strip(), statement.start + match.start(),
                statement.start + match.start() + len(match.group().rstrip()), statement.start, statement.end,
                normalized, key, _context(_window(text, match.start(), match.end())),
                value=value, qualifier=qualifier, total=_total_of(total),
                about=_about(text, match.start(), value_end),
                names=_names_near(text, match.start(), value_end) or _doers_before(text, match.start()),
            )
        )
    return found


_SKIP_BEFORE_DAY = {"early", "late", "shortly", "just", "only", "again", "also", "then", "before", "after", "until", "since",
                    "around", "about", "midnight", "noon", "dawn", "last", "late", "earlier", "later"}
_REPORTING = {"said", "says", "told", "reported", "stated", "added"}


# Past-tense verbs that are not "-ed" words: what news says happened on a day.
_IRREGULAR_PAST = {
    "ran", "broke", "left", "made", "took", "began", "fell", "hit", "struck", "came", "sank", "won", "lost",
    "met", "held", "gave", "built", "rose", "stole", "caught", "froze", "flew", "drove", "swept",
    "sent", "quit", "led", "bought", "sold", "paid", "brought", "fought", "found", "threw",
    "tore", "woke", "wrote", "spoke", "stood", "kept", "burst", "spent", "arose", "blew",
}  # not "cut", "set", "shot", "spread", "split", "put", "beat": as often nouns ("a rate cut on Monday")


def _key_of(text: str, match: re.Match) -> str:
    """What a number counts or measures, as one key: its unit ("%", "$"), else the noun it
    counts, with what happened to people counted ("peopl:dead"), else the word that names it
    before the number ("Gate 7", "magnitude 7.1"); "" when nothing says."""
    unit = ("%" if match.group("percent") else "") + (match.group("currency") or "").strip()
    if unit:
        return unit  # what the percentage or amount is of is in the clause (ValueMention.about)
    if re.match(r"\s*°?\s*[CF]\b", text[match.end("number") :]) or re.match(r"\s*degrees\b", text[match.end("number") :]):
        return "degre"
    compound = (match.group("compound") or "").lower()
    if compound:
        return meaning(analyze(compound).stems[0]) if analyze(compound).stems else ""  # "the 24-article treaty"
    before = re.search(r"\b([A-Za-z][a-z-]{2,})\s+$", text[max(0, match.start() - 30) : match.start()])
    word_before = before.group(1) if before else ""
    if word_before[:1].isupper() and match.start() > len(before.group()):
        return meaning(analyze(word_before.lower()).stems[0])  # "Gate 7", "Flight 370"
    if word_before.lower() in _MEASURES:
        return meaning(analyze(word_before.lower()).stems[0])  # "magnitude 7.1", "a death toll of 23"
    after = re.split(r"[;:()]|[,.](?!\d)", text[match.end("number") : match.end("number") + 60], maxsplit=1)[0]
    head = _head_noun(re.sub(r"^\s*(?:million|billion|trillion|thousand|bn|m)\b", "", after))
    if head == "other":
        head = "peopl"  # "23 others were injured"
    if match.group("ordinal") and head:
        return f"{head}#"  # "the 78th minute": a position, and a specific one
    verb_before = _VERB_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    verb = analyze(verb_before.group(1)).stems[0] if verb_before and analyze(verb_before.group(1)).stems else ""
    if head in _WHO_KEYS or head in ("other", "") and verb in _PEOPLE_VERBS:
        state = ""
        following = _FOLLOWING.match(text, match.end())
        word = following.group(1) if following else ""
        stems = analyze(word).stems if word else ()
        if stems and _KEY_SYNONYMS.get(stems[0], stems[0]) in _STATE_KEYS:
            state = _KEY_SYNONYMS.get(stems[0], stems[0])  # "42 people were injured"
        elif verb in _PEOPLE_VERBS:
            state = _PEOPLE_VERBS[verb]  # "killing 11 people", "injuring 32"
        if verb == "employ":
            return "worker"  # "will employ about 31,000 people": a workforce
        return f"{head if head in _WHO_KEYS else 'peopl'}{':' + state if state else ''}"
    if not head and word_before and word_before.lower() not in STOPWORDS and not word_before.endswith("ing"):
        return meaning(analyze(word_before.lower()).stems[0]) if analyze(word_before.lower()).stems else ""  # "voted 5-2"
    return head


def _head_noun(words: str) -> str:
    """The noun of the words after a number, as a stem: "of the plant's workers joined" ->
    "worker" (past "of the", possessives and adjectives, before a verb)."""
    head = previous = ""
    for word in words.split():
        if word[:1].isupper() or word[:1].isdigit() or word[:1] in "-–":
            break  # a name ("in Port Ansel") or another number: not what is counted
        word = word.lower()
        if word in STOPWORDS or word in _PREPOSITIONS or word in NUMBER_WORDS:
            if head:
                break
            continue
        if word.endswith(("'s", "’s")):
            continue
        if head and (word.endswith("ed") or word in _IRREGULAR_PAST):
            break
        stems = analyze(word).stems
        if stems:
            previous, head = head, meaning(stems[0])
    if head == "member" and previous:
        return previous  # "23 crew members": crew
    return head


_PREPOSITIONS = {"across", "after", "against", "along", "amid", "among", "around", "before", "behind", "below", "beneath",
                 "beside", "between", "beyond", "despite", "during", "except", "inside", "into", "near", "onto", "outside",
                 "over", "past", "since", "through", "throughout", "toward", "towards", "under", "until", "upon", "within",
                 "without", "including", "per", "each", "a", "year", "day", "week", "month"}
#: Words before a number that say what it measures ("a magnitude 7.1 earthquake").
_DURATIONS = {"second", "minut", "hour", "day", "week", "month", "year", "decad", "centuri"}
_MEASURES = {"magnitude", "level", "rate", "score", "toll", "tally", "total", "figure", "capacity", "depth",
             "height", "length", "speed", "temperature", "turnout", "margin", "majority"}
#: Verbs before a count of people that say what happened to them ("killing 11", "injuring 32").
_PEOPLE_VERBS = {"kill": "dead", "injur": "injur", "wound": "injur", "hurt": "injur", "rescu": "rescu", "evacu": "evacu",
                 "arrest": "arrest", "detain": "arrest", "employ": "", "trap": "trap", "hospitalis": "hospit"}
#: What can happen to people counted, as key suffixes: "peopl:dead" and "peopl:injur" differ.
_STATE_KEYS = {"dead", "injur", "missing", "trap", "rescu", "evacu", "arrest", "hospit", "treat", "homeless", "displac",
               "order", "strand"}


def _same_key(a: str, b: str) -> bool:
    """Same thing counted: "resid" and "resid:order" (residents, ordered out) agree; "peopl:injur"
    and "peopl:dead" do not."""
    if a == b:
        return True
    head_a, _, verb_a = a.partition(":")
    head_b, _, verb_b = b.partition(":")
    if verb_a and verb_b and verb_a != verb_b:
        return False  # the dead and the injured
    if head_a == head_b:
        return head_a != "day"
    # "About 3,500 residents" and "Some 5,300 people": people, by any name, and the same state.
    return {head_a, head_b} <= _WHO_KEYS | _ANYONE and bool({head_a, head_b} & _ANYONE) and verb_a == verb_b


# Verbs that say an event started or ended: the event is the word after them ("began
# deliberations" dates the deliberations).
_ASPECT = {"start", "began", "begin", "resum", "end", "finish", "complet", "halt", "stop", "suspend"}
_ASPECT_MEANINGS = {meaning(stem) for stem in _ASPECT} | {"start", "stop"}
# Verbs that say little by themselves: the event is the word after them ("made landfall",
# "came ashore", "took office").
_LIGHT = {"made", "came", "took", "got", "went", "gave", "held"}


def _event_heads(text: str, start: int, end: int | None = None) -> frozenset[str]:
    """What happened on a day, as words: the nearest past-tense verb in the eight words
    before "on Tuesday" ("ran aground on a reef off Corran Isle on Wednesday" -> "ran"), and
    for "began deliberations" also the event begun; else the nearest word that is not a name,
    a stop word, a time word or a reporting verb. Synonyms are one head (:func:`.lexicon.meaning`)."""
    left = _heads_before(text, start)
    if end is not None and not (left and _VERB_JUST_BEFORE.search(text[max(0, start - 40) : start])):
        # "The regulator on Tuesday ordered the recall": the verb right after the day.
        after = re.match(r"\s*(?:(?:morning|afternoon|evening|night)\s+)?(?:(?:also|formally|finally|quietly)\s+)?([a-z]+)\b", rewrite(text[end : end + 40]))
        word = after.group(1) if after else ""
        if word and (word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)) and word not in _REPORTING:
            return frozenset(meaning(x) for x in analyze(word).stems[:1])
    return left


# A past-tense verb in the few words before a day: "began on Wednesday night", "erupted late on".
_VERB_JUST_BEFORE = re.compile(r"\b(?:[a-z]+ed|" + "|".join(sorted(_IRREGULAR_PAST)) + r")\b(?:\s+[\w'’-]+){0,3}\s+(?:on\s+)?$")


_PAST_VERB = re.compile(r"\b(?:[a-z]+ed|" + "|".join(sorted(_IRREGULAR_PAST)) + r")\b")


def _doers_before(text: str, start: int) -> frozenset[str]:
    """Names before a day's verb, in its clause, else at the start of the sentence: who did
    what that day ("Milosevic met Sunday", "Greece on Monday warned", "Holbrooke, the U.S.
    envoy, met with Milosevic late Monday")."""
    before = re.split(r"[,;:]|\b(?:and|but|who|which|that)\b", text[max(0, start - 60) : start])[-1]
    verb = list(_PAST_VERB.finditer(before))
    subject = before[: verb[-1].start()] if verb else before
    if re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", subject):
        return frozenset()  # "Vell was declared the winner": the name is not the doer
    if not re.search(r"\b[A-Z]", subject):
        subject = re.split(r"[,;:]", text[:start], maxsplit=1)[0] if "," in text[:start] else ""
    return frozenset(w for w in re.findall(r"\b[A-Z][a-zA-Z'’-]+", subject) if w not in _NOT_PLACES and w.lower() not in STOPWORDS and w.lower() not in _CALENDAR)


def _object_after(text: str, end: int) -> frozenset[str]:
    """Content words of what follows a day in its clause ("voted Friday [to condemn the pact]")."""
    right = re.split(r"[,;:.]", text[end : end + 80], maxsplit=1)[0]
    terms = analyze(right)
    return frozenset(meaning(st) for w, st in zip(terms.words, terms.stems) if w not in STOPWORDS and len(w) > 2 and w not in _CALENDAR and not w[:1].isdigit())


# Future and forecast before a day in its sentence: "is expected to ease ... on Monday".
_FORECAST = re.compile(r"\b(?:expected|forecast|predicted|will|would|could|may|might|plans?|scheduled|due to|set to)\b[^.;]*$", re.IGNORECASE)
# A day or a date: where the words before a day stop being about it ("was imposed July 1 over
# the owners' announcement June 29").
_ANY_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2})\b")


def _heads_before(text: str, start: int) -> frozenset[str]:
    before = text[max(0, start - 80) : start]
    days = list(_ANY_DAY.finditer(before))
    if days:
        before = before[days[-1].end() :]
    # "opened on Friday, with deliveries due to start on November 6", "ended Thursday up 1.8% and
    # added a further 0.4% on Friday": the day's own clause ("X was recaptured, the youngest of
    # the three, on Sunday": the clause before an apposition).
    clauses = [c for c in re.split(r"[,;:]|\b(?:and|but)\b", before)]
    clause = clauses[-1] if len(clauses) < 2 or re.search(r"[a-z]{3,}", clauses[-1]) else clauses[-2]
    if len(clauses) >= 3 and not _PAST_VERB.search(clause):
        clause = clauses[-3] + " " + clause if re.search(r"\b[a-z]+ed\b", clauses[-3]) else clause
    words = re.findall(r"[A-Za-z][\w'’-]*", rewrite(clause))[-16:]
    nearest = ""
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        lower = word.lower()
        if lower in STOPWORDS or lower in _SKIP_BEFORE_DAY or lower in _CALENDAR or lower in _REPORTING or word[:1].isupper():
            continue
        if lower in _IRREGULAR_PAST or (lower.endswith("ed") and len(lower) > 4):
            stems = analyze(lower).stems
            heads = {meaning(stems[0])} if stems else set()
            following = words[index + 1].lower() if index + 1 < len(words) else ""
            if stems and (stems[0] in _ASPECT or lower in _LIGHT) and following and following not in STOPWORDS | _CALENDAR | _SKIP_BEFORE_DAY:
                # "began deliberations", "halted sales": the event is the one begun or stopped.
                heads.update(meaning(x) for x in analyze(following).stems[:1])
            return frozenset(heads)
        if not nearest:
            stems = analyze(lower).stems
            nearest = meaning(stems[0]) if stems else ""
    # No verb: the nearest word, marked as weaker evidence ("by 50 basis points to 3.75% on
    # Thursday" and "by 0.5 percentage points on Monday" need not be one event).
    return frozenset([NOUN_HEAD + nearest]) if nearest else frozenset()


#: Marks an event head that is a noun, not a verb (see :func:`_event_heads`).
NOUN_HEAD = "~"


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
DAY_SAME_FACT = 0.05
#: ... higher when the days' event is known only by a noun beside them.
DAY_NOUN_SAME_FACT = 0.2
#: Even a noun each document counts once needs the two statements to share some content.
UNIQUE_SAME_FACT = 0.2
#: Values whose clauses share a word ("Turnout in the election was 68.4 percent" / "Turnout in
#: Sunday's vote was 64.8%") are compared at a lower sentence similarity.
CLAUSE_SAME_FACT = 0.2
#: ... and for a bare unit or a common noun, whose clauses must share a rare word (one in at most
#: RARE_WORD_DOCUMENTS statements per document of the cluster).
GENERIC_CLAUSE_SAME_FACT = 0.25
RARE_WORD_DOCUMENTS = 2
#: Outlets that disagree on a figure disagree within a factor of this (82,000 / 85,000 tonnes,
#: 130,000 / 310,000 customers); values further apart are different quantities.
MAX_RATIO = 3.0
#: A cluster whose documents span more days than this is a long-running story: there, days
#: are compared only between statements this similar, and never for a verb that one document
#: itself dates to two days.
LONG_STORY_DAYS = 7
LONG_STORY_SAME_FACT = 0.2
#: Values are compared only between documents published within this many days of each other:
#: a story that runs for weeks has many events on many days, and its figures move; outlets
#: that disagree report the same news at about the same time. (On DUC-2004, whose clusters
#: span weeks, nearly every pair further apart was two events or a later figure.)
SAME_NEWS_DAYS = 4
#: "about 950" and "940" agree; "about 380,000" and "some 410,000" (8% apart) do not.
APPROXIMATE = 0.03
#: Nouns too common to say by themselves what is counted ("7 years", "40,000 people").
_GENERIC_KEYS = {"peopl", "year", "day", "week", "month", "time", "hour", "minut", "%", "$", "€", "£", "dollar", "percent",
                 "point", "per", "cent", "mile", "kilomet", "kilometr", "km", "metr", "meter", "foot", "feet", "inch", "kg",
                 "kilogram", "tonn", "ton", "hectar", "acr", "degre", "other", "more", "part"}
_WHO_KEYS = {"peopl", "fan", "resid", "passeng", "worker", "children", "student", "person", "victim", "spectat", "soldier",
             "civilian", "patient", "employe", "staff", "member", "voter", "protest", "men", "women", "man", "woman",
             "miner", "crew", "pilot", "firefight", "rescuer", "troop", "player", "doctor", "nurse", "farmer", "tourist",
             "migrant", "refuge", "prison", "inmat", "hostag", "suspect", "journalist", "custom", "client", "adult",
             "volunt", "particip", "villag", "climber", "sailor", "fishermen", "pilgrim", "student", "child", "minor"}
#: Words for people in general: they count the same people as a word for some people does.
_ANYONE = {"peopl", "men", "women", "person", "individu"}
_STATES = {"dead", "missing", "hurt", "injured", "wounded", "homeless", "trapped", "unaccounted", "aboard", "inside"}
_FOLLOWING = re.compile(r"\s+(?:(?:were|was|have|had|has|been|are|is|being|reportedly|also)\s+){0,3}(?:(?:seriously|badly|critically)\s+)?([a-z]{3,})")
_KEY_SYNONYMS = {"order": "evacu", "role": "worker", "posit": "worker", "kill": "dead", "die": "dead", "death": "dead", "fatal": "dead", "live": "dead", "bodi": "dead", "injuri": "injur",
                 "wound": "injur", "hurt": "injur", "injuri": "injur", "employe": "worker", "staff": "worker",
                 "job": "worker", "firefight": "firefight", "resid": "resid", "person": "peopl"}


def _masked_vectors(statements: Sequence[Statement]) -> list[dict[str, float]]:
    """tf-idf vectors of the statements' content words without numbers and days."""
    bags = []
    for statement in statements:
        terms = analyze(rewrite(statement.text))
        bags.append(Counter(
            meaning(s) for w, s in zip(terms.words, terms.stems)
            if w not in STOPWORDS and len(w) > 1 and not any(ch.isdigit() for ch in w) and w not in _CALENDAR
        ))
    return tfidf_vectors(bags)


def find_conflicts(documents: Sequence[Document], *, statements: Sequence[Statement] | None = None) -> list[Conflict]:
    """Values that outlets state differently for the same thing.

    Values are compared only between statements of different documents about the same fact
    (:data:`SAME_FACT_COSINE`, lower when the values' own clauses share words) and only when
    they count the same thing (the same noun, or unit). Days are also compared across the
    cluster when a document carries no date (then nothing else dates its events), by the words
    right beside them, with a note that a time zone may explain the difference. Names,
    people's jobs and places are compared by :func:`_name_conflicts`, :func:`_job_conflicts`
    and :func:`_place_conflicts`. ``statements``: :func:`.corroboration.statements_of` the
    documents, when the caller has them already.
    """
    pairing = _Pairing(documents, statements)
    conflicts: list[Conflict] = []
    mentions = pairing.mentions
    for i, a in enumerate(mentions):
        for b in mentions[i + 1 :]:
            if pairing.why_not(a, b) is not None:
                continue
            explanation = None
            if a.kind == "day" and pairing.undated(a, b):
                explanation = "the documents carry no dates: a time zone (or a late report) may explain the difference"
            about = _about_words(pairing.sentence(a), a)
            conflicts.append(
                Conflict(about, "date" if a.kind == "day" else "number", ((a.text, a.normalized, (a,)), (b.text, b.normalized, (b,))), explanation)
            )
    conflicts.extend(_name_conflicts(pairing.statements))
    conflicts.extend(_job_conflicts(pairing.statements, {d: doc.date for d, doc in pairing.by_id.items()}))
    conflicts.extend(_place_conflicts(pairing.statements, pairing.by_id, pairing.vectors, pairing.index_of))
    return _merge(conflicts)


def _about_words(sentence: str, mention: ValueMention) -> str:
    """What a conflict is about, in the words of the text: the noun a number counts ("workers
    taken to hospital"), or the words that say what happened on a day ("broke out")."""
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    if mention.kind == "number":
        words = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"[\d.,%$€£¥]+", " ", sentence[start:end]))
        words = [w for w in words if w.lower() not in _NUMBER_WORDS and w.lower() not in _TENS and w.lower() not in
                 ("about", "around", "some", "nearly", "almost", "at", "least", "more", "than", "over", "up", "to", "million", "billion")]
        if words:
            return " ".join(words)
    clause = re.split(r"[,;:]|\b(?:and|but)\b", sentence[:start])[-1]
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", clause) if w.lower() not in _CALENDAR]
    return " ".join(words[-3:]) or mention.key


class _Pairing:
    """The value mentions of a cluster and what it takes to judge a pair of them: sentence
    similarities, what each document counts and states."""

    def __init__(self, documents: Sequence[Document], statements: Sequence[Statement] | None):
        documents = [d for d in documents if d.text.strip()]
        self.by_id = {d.id: d for d in documents}
        self.statements = statements_of(documents) if statements is None else statements
        self.index_of = {(s.document_id, s.start): k for k, s in enumerate(self.statements)}
        self.vectors = _masked_vectors(self.statements)
        names = _story_names(self.statements, len(documents))
        self.mentions = [
            replace(m, context=m.context - names, key=_KEY_SYNONYMS.get(m.key, m.key))
            for s in self.statements
            for m in _mentions(s, self.by_id[s.document_id])
        ]
        self._similarity: dict[tuple[int, int], float] = {}
        self._days_by_head: dict[tuple[str, str], set[str]] | None = None
        dates = [d.date.date() if isinstance(d.date, dt.datetime) else d.date for d in documents if d.date is not None]
        #: A story whose documents span weeks (DUC's clusters) rather than a few days of news.
        self.long_story = bool(dates) and (max(dates) - min(dates)).days > LONG_STORY_DAYS
        # In how many statements each (synonym-merged) stem occurs.
        self.document_frequency: Counter[str] = Counter()
        for statement in self.statements:
            terms = analyze(rewrite(statement.text))
            self.document_frequency.update({meaning(stem) for stem in terms.stems})
        # What each document counts with a noun only once ("41 ambulances"): two documents that
        # each count ambulances once are counting the same ambulances.
        self.per_document = Counter((m.document_id, m.key) for m in self.mentions if m.kind == "number")
        self.values_in: dict[tuple[str, int], set[str]] = {}
        self.stated: set[tuple[str, str, str]] = set()  # (document, noun, value) for every number stated
        for m in self.mentions:
            self.values_in.setdefault((m.document_id, m.sentence_start), set()).add(m.normalized)
            if m.kind == "number":
                self.stated.add((m.document_id, m.key.partition(":")[0], f"{m.value:g}"))

    def recurring(self, a: ValueMention, b: ValueMention, heads: set[str]) -> bool:
        """One of the two documents dates the same kind of event to two days itself ("met
        Sunday ... met again Tuesday"): the event recurs, days name different instances."""
        if self._days_by_head is None:
            self._days_by_head = {}
            for m in self.mentions:
                if m.kind == "day":
                    for head in m.heads:
                        self._days_by_head.setdefault((m.document_id, head), set()).add(m.normalized)
        return any(len(self._days_by_head.get((d, h), ())) > 1 for d in (a.document_id, b.document_id) for h in heads)

    def days_apart(self, a: ValueMention, b: ValueMention) -> int:
        """Days between the two documents' publication (0 when either has no date)."""
        first, second = self.by_id[a.document_id].date, self.by_id[b.document_id].date
        if first is None or second is None:
            return 0
        first = first.date() if isinstance(first, dt.datetime) else first
        second = second.date() if isinstance(second, dt.datetime) else second
        return abs((first - second).days)

    def undated(self, a: ValueMention, b: ValueMention) -> bool:
        return self.by_id[a.document_id].date is None or self.by_id[b.document_id].date is None

    def similarity(self, a: ValueMention, b: ValueMention) -> float:
        i = self.index_of[(a.document_id, a.sentence_start)]
        j = self.index_of[(b.document_id, b.sentence_start)]
        key = (min(i, j), max(i, j))
        if key not in self._similarity:
            self._similarity[key] = _cosine(self.vectors[i], self.vectors[j])
        return self._similarity[key]

    def sentence(self, m: ValueMention) -> str:
        return self.statements[self.index_of[(m.document_id, m.sentence_start)]].text

    def _adds_up(self, a: ValueMention, b: ValueMention) -> bool:
        """``b`` is ``a`` plus or minus another number of ``a``'s sentence: "212 passengers and
        four crew" / "216 people"; "seven years in prison, two of them suspended" / "five years"."""
        others = [_number_value(x) for x in _PART_NUMBER.findall(self.sentence(a))]
        return any(other is not None and (abs(a.value + other - b.value) < 1e-9 or abs(a.value - other - b.value) < 1e-9) for other in others)

    def why_not(self, a: ValueMention, b: ValueMention) -> str | None:
        """Why two mentions are not a conflict, or None when they are one."""
        if a.document_id == b.document_id or a.kind != b.kind:
            return "same document or kind"
        if not _same_key(a.key, b.key):
            return "not the same thing counted"
        if self.days_apart(a, b) > SAME_NEWS_DAYS and not (_DATE.search(a.text) and _DATE.search(b.text)):
            return "documents published too far apart: later news, not another version"
        ta, tb = self.sentence(a), self.sentence(b)
        both = self.values_in[(a.document_id, a.sentence_start)] & self.values_in[(b.document_id, b.sentence_start)]
        if both >= {a.normalized, b.normalized}:
            return "both sentences state both values"
        similarity = self.similarity(a, b)
        if a.kind == "number":
            bare_unit = not a.key.isalpha()  # "%" or a currency: the noun it measures must match too
            shared = a.context & b.context - {a.key}
            unique = (
                a.key.partition(":")[0] not in _GENERIC_KEYS
                and self.per_document[(a.document_id, a.key)] == 1
                and self.per_document[(b.document_id, b.key)] == 1
            )
            # What the values are of, beyond the noun or unit: the words of their clauses. For a
            # bare unit or a common noun ("%", "$", "years", "people") only words the cluster
            # uses rarely say which figure it is ("turnout", not "company" or "last").
            clause = (a.about & b.about) - {a.key.partition(":")[0], b.key.partition(":")[0]}
            generic = bare_unit or a.key.partition(":")[0] in _GENERIC_KEYS and not a.key.partition(":")[2]
            if a.key.partition(":")[0] in _DURATIONS:
                clause = set()  # "for eight years", "over the past six months": too common to pair by a word
            if generic:
                clause = {w for w in clause if self.document_frequency[w] <= RARE_WORD_DOCUMENTS * len(self.by_id)}
            if not (
                (unique and similarity >= UNIQUE_SAME_FACT)
                or (similarity >= SAME_FACT_COSINE and len(shared) >= (3 if bare_unit else SHARED_CONTEXT))
                or (clause and similarity >= (GENERIC_CLAUSE_SAME_FACT if generic else CLAUSE_SAME_FACT))
            ):
                return f"not about the same fact (similarity {similarity:.2f}, clause {sorted(clause)})"
            if a.key == "tally" or b.key == "tally":
                if a.key != b.key:
                    return "a tally and a count"
                return None if a.normalized != b.normalized and not _is_update(_clause_of(ta, a)) else "tallies agree, or an update"
            if max(a.value, b.value) > MAX_RATIO * max(min(a.value, b.value), 1e-9):
                return "values too far apart"
            if a.total != b.total:
                return "a part and its total"
            head = a.key.partition(":")[0]
            if (a.document_id, head, f"{b.value:g}") in self.stated or (b.document_id, head, f"{a.value:g}") in self.stated:
                return "one document also states the other's value"
            if not _numbers_differ(a, b):
                return "values agree"
            if _is_update(_clause_of(ta, a)) or _is_update(_clause_of(tb, b)):
                return "an update"
            if _attributed_apart(ta, tb) or _ESTIMATE.search(ta) or _ESTIMATE.search(tb):
                return "an estimate"
            if a.names and b.names and not a.names & b.names:
                return f"about different named things {sorted(a.names)} / {sorted(b.names)}"
            if {m.lower() for m in _SCOPE.findall(ta)} != {m.lower() for m in _SCOPE.findall(tb)}:
                return "one value is for a part of what the other covers"
            if _INCLUSIVE.search(ta) or _INCLUSIVE.search(tb):
                return "a base and a total with extras"
            if self._adds_up(a, b) or self._adds_up(b, a):
                return "one value is the other plus or minus a part the sentence gives"
            return None
        if a.normalized == b.normalized:
            return "the same day"
        if a.normalized.count("-") != b.normalized.count("-"):
            # "on 14 June 2026" / "in July 2026": compare what both say, the month.
            short, long = sorted((a.normalized, b.normalized), key=len)
            if short.count("-") != 1 or long.count("-") != 2 or long.startswith(short) or not (_DATE.search(a.text) and _DATE.search(b.text)):
                return "a day and a month that agree, or no year to compare"
        if _TIME_ZONE.search(ta) or _TIME_ZONE.search(tb):
            return "a stated time zone"
        if self.undated(a, b):
            # Nothing else dates these events: the words beside the days must agree.
            if len(a.context & b.context) >= SHARED_CONTEXT:
                return None
            verbs = {h for h in a.heads & b.heads if not h.startswith(NOUN_HEAD)} - _ASPECT_MEANINGS
            if verbs and a.context & b.context:
                return None  # "last flew successfully in June" / "had last flown in August"
            return "undated, words beside the days differ"
        shared = {h.lstrip(NOUN_HEAD) for h in a.heads} & {h.lstrip(NOUN_HEAD) for h in b.heads}
        plain_a = {h.lstrip(NOUN_HEAD) for h in a.heads} - _ASPECT_MEANINGS
        plain_b = {h.lstrip(NOUN_HEAD) for h in b.heads} - _ASPECT_MEANINGS
        if a.names and b.names and not a.names & b.names:
            return f"different doers {sorted(a.names)} / {sorted(b.names)}"  # "Demirel warned" / "Greece warned"
        if len(a.about) >= 3 and len(b.about) >= 3 and not a.about & b.about:
            return "different objects after the days"  # "voted Friday to condemn the pact" / "voted Thursday to authorize an inquiry"
        if not shared or not shared - _ASPECT_MEANINGS and (plain_a or plain_b):
            return f"different events {sorted(a.heads)} / {sorted(b.heads)}"  # "began pumping" / "began washing up"
        by_verb = shared & set(a.heads) & set(b.heads)
        if self.long_story and (not by_verb or self.recurring(a, b, by_verb)):
            return "a story of many weeks, where the same verb names many events"
        if similarity < (DAY_SAME_FACT if by_verb else DAY_NOUN_SAME_FACT) or self.long_story and similarity < LONG_STORY_SAME_FACT:
            return f"not about the same fact (similarity {similarity:.2f})"
        return None


# Ranks that come before a name: two outlets giving one person different ranks disagree.
_RANKS = ("Lieutenant|Captain|Sergeant|Colonel|Major|General|Commissioner|Inspector|Detective|Superintendent|"
          "Constable|Admiral|Judge|Senator|Governor|Mayor|Minister|President|Chancellor|Professor|Dr")
_RANKED_NAME = re.compile(rf"\b({_RANKS})\.?\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}})\b")
# Two capitalised words in a row, every such pair ("Developer Rudi Kessane" gives "Developer
# Rudi" and "Rudi Kessane"): a lookahead, so that the pairs overlap.
_NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z'’-]{2,})\s+([A-Z][a-z'’-]{2,})\b)")
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
            end = match.start() + len(statement.text[match.start():].split(second, 1)[0]) + len(second)
            pairs.append((first, second, _text_mention(statement, match.start(), end, "name", statement.text[match.start():end])))
            spelled.setdefault(statement.document_id, set()).update((first, second))
    for name, by_rank in ranks.items():
        if len(by_rank) > 1:
            documents = [{m.document_id for m in ms} for ms in by_rank.values()]
            if all(not (a & b) for i, a in enumerate(documents) for b in documents[i + 1 :]):
                values = tuple((ms[0].text, rank.lower(), tuple(ms)) for rank, ms in by_rank.items())
                found.append(Conflict(f"the rank of {name}", "name", values, None))
    seen: set[frozenset[str]] = set()
    # Words the cluster also writes in lower case ("though") are words, not names.
    lowercase = {w for statement in statements for w in re.findall(r"\b[a-z][a-z'’-]+\b", statement.text)}
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
            if _word_forms(x, y) or {x.lower(), y.lower()} & (STOPWORDS | _CALENDAR | lowercase):
                continue  # "Kosovo" / "Kosovan", "Though" / "Although": one word in two forms, or not a name
            # A document that writes both spellings names two people (or corrects itself).
            if {x, y} <= spelled.get(am.document_id, set()) or {x, y} <= spelled.get(bm.document_id, set()):
                continue
            key = frozenset((x, y))  # one finding per pair of spellings, however many times written
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(f"the spelling of {am.text} / {bm.text}", "name", ((am.text, am.text, (am,)), (bm.text, bm.text, (bm,))), None))
    return found


# Endings that make one word of another ("Kosovo" / "Kosovan", "Kurds" / "Kurdish",
# "Democracy" / "Democratic"): forms of a word, not two spellings of a name.
_FORM_ENDINGS = {"", "s", "es", "n", "an", "ian", "o", "a", "i", "ic", "ics", "ish", "ese", "y", "cy", "tic", "ical", "ia",
                 "ism", "ist", "ists", "ite", "ites"}


def _word_forms(x: str, y: str) -> bool:
    stem = 0
    while stem < min(len(x), len(y)) and x[stem].lower() == y[stem].lower():
        stem += 1
    return stem >= 4 and x[stem:].lower() in _FORM_ENDINGS and y[stem:].lower() in _FORM_ENDINGS


def _job_conflicts(statements: Sequence[Statement], published: dict[str, object]) -> list[Conflict]:
    """One person given jobs that have nothing in common by different documents
    (:mod:`.jobs`): every document's version, as written."""
    mentions = [m for s in statements for m in jobs_in(s.document_id, s.start, s.text)]
    found: list[Conflict] = []
    for person, first, second in disagreeing_jobs(mentions, published):
        values = []
        for group in (first, second):
            as_values = tuple(
                ValueMention(m.document_id, "name", m.text, m.start, m.end, m.statement_start, m.statement_end,
                             " / ".join(" ".join(sorted(r)) for r in m.roles), "job", frozenset())
                for m in group
            )
            values.append((group[0].text, as_values[0].normalized, as_values))
        found.append(Conflict(f"the job of {person}", "name", tuple(values), None))
    return found


# Where something happened: "near the fishing town of Kelloa", "in the Norden Basin district
# of Port Veldris", "near the capital, Port Ambrin", "near the Hatcher's Gap campground".
_PLACE = re.compile(
    r"\b(?P<preposition>near|in|at|outside|off)\s+(?:the\s+)?(?:(?:[a-z-]+\s+){0,2}[a-z-]+(?:\s+of|,)\s+)?(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+)*)(?:\s+(?P<kind>[a-z]{4,}(?:\s+(?:zone|district|area|park|road|street|site|plant|station|port))?))?"
)
#: Places are compared only between statements this close (masked cosine), about one event.
PLACE_SAME_FACT = 0.2
_NOT_PLACES = {m.capitalize() for m in _MONTHS} | {d.capitalize() for d in _WEEKDAYS} | {"The", "A", "An", "This", "That"}


def _place_conflicts(statements: Sequence[Statement], by_id: dict[str, Document], vectors: list[dict[str, float]],
                     index_of: dict[tuple[str, int], int]) -> list[Conflict]:
    """One event placed in different places: the same event word before the place ("broke out
    ... near X" / "started ... near Y"), statements about the same fact, places that share no
    word, and neither document naming the other's place anywhere (a document that names both
    may be naming a district and its city, or two stops of one event)."""
    mentions: list[tuple[ValueMention, str, frozenset[str], frozenset[str], int]] = []
    for k, statement in enumerate(statements):
        for match in _PLACE.finditer(statement.text):
            words = match.group("place").split()
            if words[0] in _NOT_PLACES or words[-1] in _NOT_PLACES:
                continue
            kind = match.group("kind") or ""
            if match.group("preposition") == "in" and not kind:
                continue  # "in Kenya" / "in East Africa": one place may hold the other; "in the X district" names a spot
            end = match.end() if kind and kind not in STOPWORDS else match.end("place")
            mention = _text_mention(statement, match.start(), end, "place", match.group("place"))
            heads = _event_heads(statement.text, match.start())
            names = frozenset(w for w in words if w != "of")
            mentions.append((mention, match.group("preposition"), heads, names, k))
    found: list[Conflict] = []
    for i, (a, prep_a, heads_a, names_a, ka) in enumerate(mentions):
        for b, prep_b, heads_b, names_b, kb in mentions[i + 1 :]:
            if a.document_id == b.document_id or prep_a != prep_b or not heads_a & heads_b or names_a & names_b:
                continue
            if _cosine(vectors[ka], vectors[kb]) < PLACE_SAME_FACT:
                continue
            if b.normalized in by_id[a.document_id].text or a.normalized in by_id[b.document_id].text:
                continue
            found.append(Conflict(f"where: {' '.join(sorted(heads_a & heads_b))}", "place", ((a.text, a.normalized, (a,)), (b.text, b.normalized, (b,))), None))
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

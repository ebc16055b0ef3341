"""Days and dates: "on Tuesday", "early on Monday", "on May 28", "in March 2025".

    sentence ──a day that dates an event (not a report, a plan, a span or a state), resolved
               against the publication date, with the event's verb ("broke out on") and doers──▶ ValueMention
    pair of mentions ──RULES: the first that explains the difference vetoes it──▶ reported or not
"""

from __future__ import annotations

import datetime as dt
import re

from ...model import Document
from ..corroboration import Statement
from ..lexicon import MONTHS, WEEKDAYS
from .clauses import (
    ASPECT_MEANINGS,
    DAY_LEFT,
    DAY_WINDOW,
    FORECAST,
    MONTH_WORDS,
    NOUN_HEAD,
    SHARED_CONTEXT,
    WEEKDAY_WORDS,
    context_terms,
    doers_before,
    event_heads,
    object_after,
    window,
)
from .model import ValueMention
from .rules import Rule

WEEKDAY = re.compile(r"\b(?:on\s+)?(" + WEEKDAY_WORDS + r")(?:\s+(?:morning|afternoon|evening|night))?\b")
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
_RANGE = re.compile(r"\s*(?:through|to|until|till|and|or|-|–)\s+(?:\w+\s+)?(?:" + WEEKDAY_WORDS + r")")
_RANGE_END = re.compile(r"\b(?:" + WEEKDAY_WORDS + r")\s*(?:through|to|until|till|and|or|-|–)\s+$")
TIME_ZONE = re.compile(r"\b(?:UTC|GMT)(?:\s*[+−-]\s*\d{1,2})?\b|\blocal time\b|\b[A-Z]{2,4}T\b")
def _day_of(weekday: str, published: dt.date | None) -> str:
    """The date a weekday names, resolved against the publication date (the latest such day on
    or before it), or the weekday itself when the date is unknown."""
    if published is None:
        return weekday.lower()
    target = WEEKDAYS.index(weekday.lower())
    delta = (published.weekday() - target) % 7
    return (published - dt.timedelta(days=delta)).isoformat()


# A calendar date: "on May 28", "on July 1, 2026", "in March 2025" (a month needs "in" and a
# year: "may" alone is a verb).
DATE = re.compile(
    r"\b(?:(?:on\s+)?(?P<month>" + MONTH_WORDS + r")"
    r"\s+(?P<day>[1-9]|[12]\d|3[01])\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?:on\s+)?(?P<day_first>[1-9]|[12]\d|3[01])\s+(?P<month_after>" + MONTH_WORDS + r")\b(?:,?\s+(?P<year_after>(?:19|20)\d\d))?"
    r"|in\s+(?P<month_only>" + MONTH_WORDS + r")(?:\s+(?P<month_year>(?:19|20)\d\d))?\b)"
)


def _date_of(match: re.Match, published: dt.date | None) -> str:
    """ "2026-05-28" for a day (the year from the text, else the publication's), "2025-03" for
    a month, "05-28" when no year is known."""
    if match.group("month_only"):
        month = MONTHS.index(match.group("month_only").lower()) + 1
        year = match.group("month_year") or (str(published.year - (month > published.month)) if published else "")
        return f"{year}-{month:02d}" if year else f"{month:02d}"  # "in March": the last March by the publication
    if match.group("month_after"):  # "14 June 2026"
        month, day, year = MONTHS.index(match.group("month_after").lower()) + 1, match.group("day_first"), match.group("year_after")
    else:
        month, day, year = MONTHS.index(match.group("month").lower()) + 1, match.group("day"), match.group("year")
    year = year or (str(published.year) if published else "")
    return f"{year + '-' if year else ''}{month:02d}-{int(day):02d}"




def day_mentions(statement: Statement, document: Document) -> list[ValueMention]:
    """Every day and date of one statement that dates an event (not a report, a plan or a span)."""
    text = statement.text
    found: list[ValueMention] = []
    published = document.date.date() if isinstance(document.date, dt.datetime) else document.date
    for match in DATE.finditer(text):
        if _REPORTED_DAY.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        found.append(
            ValueMention(
                statement.document_id, "day", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, _date_of(match, published), "day",
                context_terms(window(text, match.start(), match.end(), DAY_WINDOW) + " " + text[max(0, match.start() - DAY_LEFT) : match.start()]),
                event_heads(text, match.start(), match.end()),
            )
        )
    for match in WEEKDAY.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _REPORTED_DAY.search(before):
            continue  # the day of a statement, not of an event
        if _PLANNED.search(before) or _RANGE.match(text, match.end()) or _RANGE_END.search(before):
            continue  # a plan ("expected to meet Thursday") or a span of days: not the day something happened
        if _STATE_ON_DAY.search(before) and not before.rstrip().endswith("since"):
            continue  # "were searching Wednesday", "was unclear Thursday", "did not return calls": a state that day
        if text[match.end() : match.end() + 2] in ("'s", "’s") or FORECAST.search(text[: match.start()]):
            continue  # "Friday's bombing" dates a noun; "is expected to ease ... on Monday" is a forecast
        found.append(
            ValueMention(
                statement.document_id, "day", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, _day_of(match.group(1), published), "day",
                context_terms(window(text, match.start(), match.end(), DAY_WINDOW) + " " + text[max(0, match.start() - DAY_LEFT) : match.start()]),
                event_heads(text, match.start(), match.end()),
                names=doers_before(text, match.start()), about=object_after(text, match.end()),
            )
        )
    return found


#: Days of dated documents are compared only between near restatements: a story's articles
#: name many days for many events.
DAY_SAME_FACT = 0.05
#: ... higher when the days' event is known only by a noun beside them.
DAY_NOUN_SAME_FACT = 0.2
#: In a story of many weeks (:attr:`.engine.Pairing.long_story`) days are compared only between
#: statements this similar, and never for a verb that one document itself dates to two days.
LONG_STORY_SAME_FACT = 0.2


def _same_day(a: ValueMention, b: ValueMention, p) -> str | None:
    return "the same day" if a.normalized == b.normalized else None


def _day_and_month(a: ValueMention, b: ValueMention, p) -> str | None:
    if a.normalized.count("-") != b.normalized.count("-"):
        # "on 14 June 2026" / "in July 2026": compare what both say, the month.
        short, long = sorted((a.normalized, b.normalized), key=len)
        if short.count("-") != 1 or long.count("-") != 2 or long.startswith(short) or not (DATE.search(a.text) and DATE.search(b.text)):
            return "a day and a month that agree, or no year to compare"
    return None


def _time_zone(a: ValueMention, b: ValueMention, p) -> str | None:
    if TIME_ZONE.search(p.sentence(a)) or TIME_ZONE.search(p.sentence(b)):
        return "a stated time zone"
    return None


def _undated_words(a: ValueMention, b: ValueMention, p) -> str | None:
    """Nothing else dates these events: the words beside the days must agree."""
    if len(a.context & b.context) >= SHARED_CONTEXT:
        return None
    verbs = {h for h in a.heads & b.heads if not h.startswith(NOUN_HEAD)} - ASPECT_MEANINGS
    if verbs and a.context & b.context:
        return None  # "last flew successfully in June" / "had last flown in August"
    return "undated, words beside the days differ"


def _doers(a: ValueMention, b: ValueMention, p) -> str | None:
    if a.names and b.names and not a.names & b.names:
        return f"different doers {sorted(a.names)} / {sorted(b.names)}"  # "Demirel warned" / "Greece warned"
    return None


def _objects(a: ValueMention, b: ValueMention, p) -> str | None:
    if len(a.about) >= 3 and len(b.about) >= 3 and not a.about & b.about:
        return "different objects after the days"  # "voted Friday to condemn the pact" / "voted Thursday to authorize an inquiry"
    return None


def _shared_heads(a: ValueMention, b: ValueMention) -> set[str]:
    return {h.lstrip(NOUN_HEAD) for h in a.heads} & {h.lstrip(NOUN_HEAD) for h in b.heads}


def _events(a: ValueMention, b: ValueMention, p) -> str | None:
    shared = _shared_heads(a, b)
    plain_a = {h.lstrip(NOUN_HEAD) for h in a.heads} - ASPECT_MEANINGS
    plain_b = {h.lstrip(NOUN_HEAD) for h in b.heads} - ASPECT_MEANINGS
    if not shared or not shared - ASPECT_MEANINGS and (plain_a or plain_b):
        return f"different events {sorted(a.heads)} / {sorted(b.heads)}"  # "began pumping" / "began washing up"
    return None


def _long_story(a: ValueMention, b: ValueMention, p) -> str | None:
    by_verb = _shared_heads(a, b) & set(a.heads) & set(b.heads)
    if p.long_story and (not by_verb or p.recurring(a, b, by_verb)):
        return "a story of many weeks, where the same verb names many events"
    return None


def _same_fact(a: ValueMention, b: ValueMention, p) -> str | None:
    similarity = p.similarity(a, b)
    by_verb = _shared_heads(a, b) & set(a.heads) & set(b.heads)
    if similarity < (DAY_SAME_FACT if by_verb else DAY_NOUN_SAME_FACT) or p.long_story and similarity < LONG_STORY_SAME_FACT:
        return f"not about the same fact (similarity {similarity:.2f})"
    return None


_CALENDAR_RULES = (Rule("same-day", _same_day), Rule("day-and-month", _day_and_month), Rule("time-zone", _time_zone))
#: Rules for days of documents that carry no date: nothing but the words beside them dates them.
UNDATED_RULES = (*_CALENDAR_RULES, Rule("undated-words", _undated_words))
#: Rules for days of dated documents, in the order they run.
RULES = (
    *_CALENDAR_RULES,
    Rule("different-doers", _doers),
    Rule("different-objects", _objects),
    Rule("different-events", _events),
    Rule("long-story", _long_story),
    Rule("same-fact", _same_fact),
)

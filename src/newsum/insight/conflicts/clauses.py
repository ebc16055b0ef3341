"""What the words around a value say: its clause, the names and content words beside it, and
the event a day belongs to (the verb before "on Tuesday"). Shared by the value types'
extractors (:mod:`.numbers`, :mod:`.days`, :mod:`.places`)."""

from __future__ import annotations

import re

from ...terms import STOPWORDS, analyze
from .. import wordlists
from ..lexicon import MONTHS, WEEKDAYS, meaning, rewrite

WEEKDAY_WORDS = wordlists.alternation("lexicon", "weekdays")
MONTH_WORDS = wordlists.alternation("lexicon", "months")
#: Capitalised words that are not places or names: the calendar and articles.
#: Content words two values' contexts must share to be about the same thing, where nothing
#: better says so.
SHARED_CONTEXT = 2
NOT_PLACES = frozenset({m.capitalize() for m in MONTHS} | {d.capitalize() for d in WEEKDAYS} | {"The", "A", "An", "This", "That"})

_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas)\b")


def clause_window(text: str, start: int, end: int, words: int) -> tuple[str, str]:
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


def names_near(text: str, start: int, end: int, words: int = 6) -> frozenset[str]:
    """Capitalised words of the value's clause that name something (not the sentence's first
    word, not a day or a month)."""
    left, right = clause_window(text, start, end, words)
    found = set()
    for piece, offset in ((left, text.rfind(left, 0, start) if left else -1), (right, end)):
        for match in re.finditer(r"\b[A-Z][a-zA-Z'’-]+", piece):
            word = match.group().rstrip("'’s") if match.group().endswith(("'s", "’s")) else match.group()
            if offset == 0 and match.start() == 0:
                continue  # the first word of the sentence
            if word.lower() in CALENDAR or word in NOT_PLACES or word.lower() in STOPWORDS:
                continue
            found.add(word)
    return frozenset(found)


def clause_terms(text: str, start: int, end: int, words: int = 5) -> frozenset[str]:
    """Content stems of the value's clause, up to ``words`` words each side."""
    left, right = clause_window(text, start, end, words)
    side = f"{left} {right}"
    terms = analyze(side)
    return frozenset(
        meaning(s) for w, s in zip(terms.words, terms.stems)
        if w not in STOPWORDS and len(w) > 2 and not w[:1].isdigit() and s not in GENERIC_WORDS and w not in CALENDAR
    )
# The verb an amount is the object of: "fined him [$450,000]", "employ about [31,000 people]".
GENERIC_WORDS = wordlists.words("conflicts", "generic_words")
CONTEXT_WINDOW = 40  # characters
#: Narrower for days: a sentence often names two days for two events ("rejected on Friday
#: ... the test on Tuesday"); only the words right beside a day say which event it dates.
DAY_WINDOW = 25
#: ... and the event's verb comes before the day, sometimes further ("broke out shortly before
#: midnight on Wednesday").
DAY_LEFT = 45
CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS) | wordlists.words("conflicts", "calendar_words")


def context_terms(text: str) -> frozenset[str]:
    terms = analyze(text)
    return frozenset(
        s for w, s in zip(terms.words, terms.stems)
        if w not in STOPWORDS and len(w) > 2 and not w[:1].isdigit() and s not in GENERIC_WORDS and w not in CALENDAR
    )


def window(text: str, start: int, end: int, width: int = CONTEXT_WINDOW) -> str:
    left = text.rfind(" ", 0, max(0, start - width)) + 1
    right = text.find(" ", min(len(text), end + width))
    return text[left : right if right >= 0 else len(text)]


SKIP_BEFORE_DAY = wordlists.words("conflicts", "skip_before_day")
REPORTING = wordlists.words("conflicts", "reporting_verbs")


# Past-tense verbs that are not "-ed" words: what news says happened on a day.
IRREGULAR_PAST = wordlists.words("conflicts", "irregular_past")  # not "cut", "set", "shot", "spread", "split", "put", "beat": as often nouns ("a rate cut on Monday")


ASPECT = wordlists.words("conflicts", "aspect_verbs")
ASPECT_MEANINGS = {meaning(stem) for stem in ASPECT} | {"start", "stop"}
# Verbs that say little by themselves: the event is the word after them ("made landfall",
# "came ashore", "took office").
LIGHT = wordlists.words("conflicts", "light_verbs")


def event_heads(text: str, start: int, end: int | None = None) -> frozenset[str]:
    """What happened on a day, as words: the nearest past-tense verb in the eight words
    before "on Tuesday" ("ran aground on a reef off Corran Isle on Wednesday" -> "ran"), and
    for "began deliberations" also the event begun; else the nearest word that is not a name,
    a stop word, a time word or a reporting verb. Synonyms are one head (:func:`.lexicon.meaning`)."""
    left = heads_before(text, start)
    if end is not None and not (left and _VERB_JUST_BEFORE.search(text[max(0, start - 40) : start])):
        # "The regulator on Tuesday ordered the recall": the verb right after the day.
        after = re.match(r"\s*(?:(?:morning|afternoon|evening|night)\s+)?(?:(?:also|formally|finally|quietly)\s+)?([a-z]+)\b", rewrite(text[end : end + 40]))
        word = after.group(1) if after else ""
        if word and (word in IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)) and word not in REPORTING:
            return frozenset(meaning(x) for x in analyze(word).stems[:1])
    return left


# A past-tense verb in the few words before a day: "began on Wednesday night", "erupted late on".
_VERB_JUST_BEFORE = re.compile(r"\b(?:[a-z]+ed|" + "|".join(sorted(IRREGULAR_PAST)) + r")\b(?:\s+[\w'’-]+){0,3}\s+(?:on\s+)?$")


PAST_VERB = re.compile(r"\b(?:[a-z]+ed|" + "|".join(sorted(IRREGULAR_PAST)) + r")\b")


def doers_before(text: str, start: int) -> frozenset[str]:
    """Names before a day's verb, in its clause, else at the start of the sentence: who did
    what that day ("Milosevic met Sunday", "Greece on Monday warned", "Holbrooke, the U.S.
    envoy, met with Milosevic late Monday")."""
    before = re.split(r"[,;:]|\b(?:and|but|who|which|that)\b", text[max(0, start - 60) : start])[-1]
    verb = list(PAST_VERB.finditer(before))
    subject = before[: verb[-1].start()] if verb else before
    if re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", subject):
        return frozenset()  # "Vell was declared the winner": the name is not the doer
    if not re.search(r"\b[A-Z]", subject):
        subject = re.split(r"[,;:]", text[:start], maxsplit=1)[0] if "," in text[:start] else ""
    return frozenset(w for w in re.findall(r"\b[A-Z][a-zA-Z'’-]+", subject) if w not in NOT_PLACES and w.lower() not in STOPWORDS and w.lower() not in CALENDAR)


def object_after(text: str, end: int) -> frozenset[str]:
    """Content words of what follows a day in its clause ("voted Friday [to condemn the pact]")."""
    right = re.split(r"[,;:.]", text[end : end + 80], maxsplit=1)[0]
    terms = analyze(right)
    return frozenset(meaning(st) for w, st in zip(terms.words, terms.stems) if w not in STOPWORDS and len(w) > 2 and w not in CALENDAR and not w[:1].isdigit())


# Future and forecast before a day in its sentence: "is expected to ease ... on Monday".
FORECAST = re.compile(r"\b(?:expected|forecast|predicted|will|would|could|may|might|plans?|scheduled|due to|set to)\b[^.;]*$", re.IGNORECASE)
# A day or a date: where the words before a day stop being about it ("was imposed July 1 over
# the owners' announcement June 29").
ANY_DAY = re.compile(rf"\b(?:{WEEKDAY_WORDS}|(?:{MONTH_WORDS})\s+\d{{1,2}})\b")


def heads_before(text: str, start: int) -> frozenset[str]:
    before = text[max(0, start - 80) : start]
    days = list(ANY_DAY.finditer(before))
    if days:
        before = before[days[-1].end() :]
    # "opened on Friday, with deliveries due to start on November 6", "ended Thursday up 1.8% and
    # added a further 0.4% on Friday": the day's own clause ("X was recaptured, the youngest of
    # the three, on Sunday": the clause before an apposition).
    clauses = [c for c in re.split(r"[,;:]|\b(?:and|but)\b", before)]
    clause = clauses[-1] if len(clauses) < 2 or re.search(r"[a-z]{3,}", clauses[-1]) else clauses[-2]
    if len(clauses) >= 3 and not PAST_VERB.search(clause):
        clause = clauses[-3] + " " + clause if re.search(r"\b[a-z]+ed\b", clauses[-3]) else clause
    words = re.findall(r"[A-Za-z][\w'’-]*", rewrite(clause))[-16:]
    nearest = ""
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        lower = word.lower()
        if lower in STOPWORDS or lower in SKIP_BEFORE_DAY or lower in CALENDAR or lower in REPORTING or word[:1].isupper():
            continue
        if lower in IRREGULAR_PAST or (lower.endswith("ed") and len(lower) > 4):
            stems = analyze(lower).stems
            heads = {meaning(stems[0])} if stems else set()
            following = words[index + 1].lower() if index + 1 < len(words) else ""
            if stems and (stems[0] in ASPECT or lower in LIGHT) and following and following not in STOPWORDS | CALENDAR | SKIP_BEFORE_DAY:
                # "began deliberations", "halted sales": the event is the one begun or stopped.
                heads.update(meaning(x) for x in analyze(following).stems[:1])
            return frozenset(heads)
        if not nearest:
            stems = analyze(lower).stems
            nearest = meaning(stems[0]) if stems else ""
    # No verb: the nearest word, marked as weaker evidence ("by 50 basis points to 3.75% on
    # Thursday" and "by 0.5 percentage points on Monday" need not be one event).
    return frozenset([NOUN_HEAD + nearest]) if nearest else frozenset()


#: Marks an event head that is a noun, not a verb (see :func:`event_heads`).
NOUN_HEAD = "~"



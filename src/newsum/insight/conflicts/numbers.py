"""Counts and amounts: "at least 12 people", "$4.5 million", "a 38-metre dam", "voted 5-2".

    sentence ──number, scale, unit, and the noun it counts (the key: "peopl:dead", "%", "metr")──▶ ValueMention
    pair of mentions ──RULES, in order: the first that explains the difference vetoes it──▶ reported or not

A rule is ``(name, check)``: ``check(a, b, pairing)`` returns why the two values are not a
conflict (an update over time, a part and its total, an estimate, values that agree within
their qualifiers ...), or None. :mod:`.engine` runs the rules and records the decision.
"""

from __future__ import annotations

import re

from ...terms import STOPWORDS, analyze
from .. import wordlists
from ..corroboration import Statement
from ..lexicon import NUMBER_WORDS, meaning, number_value
from .clauses import (
    CALENDAR,
    IRREGULAR_PAST,
    SHARED_CONTEXT,
    WEEKDAY_WORDS,
    clause_terms,
    context_terms,
    doers_before,
    names_near,
    window,
)
from .model import ValueMention
from .rules import Rule

_SCALES = wordlists.mapping("conflicts", "scales")
_SOURCES = re.compile(r"\b(?:" + wordlists.alternation("conflicts", "attribution_sources") + r")s?\b", re.IGNORECASE)

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
    r"since\s+(?:the|then|it|they|last|early|late)|by\s+(?:early\s+|late\s+)?(?:" + WEEKDAY_WORDS + r"|morning|afternoon|evening|nightfall|midday|noon|midnight|the\s+(?:time|end)))\b",
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


def number_word_value(groups: tuple[str, str]) -> float | None:
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
_AFTER_MONTH = re.compile(r"\b(?:" + wordlists.alternation("lexicon", "month_abbreviations") + r")[a-z]*\.?\s+$")
# A day that dates a report, not an event: "said Tuesday", "told reporters on Sunday".
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


# A value in brackets right after another: a conversion ("180 mph (289 kph)", "40-foot
# (12-meter)", "1,000 baht (dlrs 26)").
_CONVERSION = re.compile(r"\d[^()\d]{0,25}\(\s*(?:about\s+|some\s+|dlrs\s+|US\$|\$|€|£)?$", re.IGNORECASE)
_SMALL = r"\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# A vote or a score: "voted 5-2", "by 212 votes to 187", "by a vote of 214 to 185", "six votes to one".
_TALLY = re.compile(rf"\b(?P<first>{_SMALL})(?:\s+votes?)?\s*(?:-|–|to)\s*(?P<second>{_SMALL})\b", re.IGNORECASE)
_VOTE_WORDS = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bballots?\b|\bmargin\b", re.IGNORECASE)
# What follows a number that is not one count: a range, an age, a fraction.
_NOT_A_COUNT = re.compile(r"(?:\s*(?:million|billion|thousand))?\s*(?:or|to|-|–)\s*(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b|-year-old|\s+year\s+old|\s*\d+/\d+|\s*/", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:million|billion)?\s*(?:or|to|-|–)\s*$|\d/$", re.IGNORECASE)
# Where a value's clause ends: punctuation, a conjunction, another number.
_VERB_BEFORE = re.compile(r"\b([a-z]{3,}(?:ed|s|e|y)?)\s+(?:(?:him|her|them|it|us|a|an|the|about|around|some|nearly|almost|roughly|over|more\s+than|at\s+least)\s+)*$")
# A stated time zone: the same instant can fall on two days ("10 p.m. Tuesday (UTC+1)").
def _number(match: re.Match) -> float | None:
    raw = match.group("number").lower()
    word = number_value(raw)
    if word is not None:
        value = float(word)
    else:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            return None
    scale = (match.group("scale") or "").lower()
    value *= _SCALES.get(scale, 1)
    return value


#: Words on either side of a value that say what it is about ("the missile test on Tuesday").


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
        if stems and KEY_SYNONYMS.get(stems[0], stems[0]) in _STATE_KEYS:
            state = KEY_SYNONYMS.get(stems[0], stems[0])  # "42 people were injured"
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
        if head and word.lower().strip(",.;:") in CALENDAR:
            break  # "12 kilometres yesterday": a time, not what is counted
        word = word.lower()
        if word in STOPWORDS or word in _PREPOSITIONS or word in NUMBER_WORDS:
            if head:
                break
            continue
        if word.endswith(("'s", "’s")):
            continue
        if head and (word.endswith("ed") or word in IRREGULAR_PAST):
            break
        stems = analyze(word).stems
        if stems:
            previous, head = head, meaning(stems[0])
    if head == "member" and previous:
        return previous  # "23 crew members": crew
    return head


_PREPOSITIONS = wordlists.words("conflicts", "prepositions")
#: Words before a number that say what it measures ("a magnitude 7.1 earthquake").
DURATIONS = wordlists.words("conflicts", "durations")
_MEASURES = wordlists.words("conflicts", "measures")
#: Verbs before a count of people that say what happened to them ("killing 11", "injuring 32").
_PEOPLE_VERBS = wordlists.mapping("conflicts", "people_verbs")
#: What can happen to people counted, as key suffixes: "peopl:dead" and "peopl:injur" differ.
_STATE_KEYS = wordlists.words("conflicts", "state_keys")


def same_key(a: str, b: str) -> bool:
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


def _numbers_differ(a: ValueMention, b: ValueMention) -> bool:
    qa, va, qb, vb = a.qualifier, a.value, b.qualifier, b.value
    if va == vb:
        return False
    # "at least 12" and "14" can both be true; "about 950" and "940" too.
    low = wordlists.words("conflicts", "qualifiers_at_least")
    approx = wordlists.words("conflicts", "qualifiers_approximate")
    if qa in low and vb >= va or qb in low and va >= vb:
        return False
    if (qa in approx or qb in approx) and abs(va - vb) <= APPROXIMATE * max(va, vb):
        return False
    return True


#: Two statements are about the same fact when the cosine of their content words, values left
#: out, reaches this (a looser test than corroboration's: the values are what differ).
SAME_FACT_COSINE = 0.4
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
#: "about 950" and "940" agree; "about 380,000" and "some 410,000" (8% apart) do not.
APPROXIMATE = 0.03
#: Nouns too common to say by themselves what is counted ("7 years", "40,000 people").
GENERIC_KEYS = wordlists.words("conflicts", "generic_keys")
_WHO_KEYS = wordlists.words("conflicts", "who_keys")
#: Words for people in general: they count the same people as a word for some people does.
_ANYONE = wordlists.words("conflicts", "anyone_keys")

_FOLLOWING = re.compile(r"\s+(?:(?:were|was|have|had|has|been|are|is|being|reportedly|also)\s+){0,3}(?:(?:seriously|badly|critically)\s+)?([a-z]{3,})")
KEY_SYNONYMS = wordlists.mapping("conflicts", "key_synonyms")


def _attributed_apart(a: str, b: str) -> bool:
    """Both sentences attribute their value, to different sources ("organisers said" vs
    "police estimated"): not a conflict between outlets."""
    if not (_ATTRIBUTION.search(a) and _ATTRIBUTION.search(b)):
        return False
    sa = {m.lower().rstrip("s") for m in _SOURCES.findall(a)}
    sb = {m.lower().rstrip("s") for m in _SOURCES.findall(b)}
    return bool(sa and sb and not (sa & sb))




def number_mentions(statement: Statement) -> list[ValueMention]:
    """Every count, amount and tally of one statement, with what it counts."""
    text = statement.text
    found: list[ValueMention] = []
    for match in _TALLY.finditer(text):
        if not _VOTE_WORDS.search(text[max(0, match.start() - 40) : match.end() + 30]):
            continue
        first, second = (number_word_value((g, "")) for g in (match.group("first"), match.group("second")))
        if first is None or second is None:
            continue
        found.append(
            ValueMention(
                statement.document_id, "number", match.group(), statement.start + match.start(), statement.start + match.end(),
                statement.start, statement.end, f"{first:g}-{second:g}", "tally",
                context_terms(window(text, match.start(), match.end())), value=first * 1e6 + second,
                about=clause_terms(text, match.start(), match.end()),
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
        if _CONVERSION.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # "95 miles (152 kilometers)": the same value in another unit, rounded its own way
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
                normalized, key, context_terms(window(text, match.start(), match.end())),
                value=value, qualifier=qualifier, total=_total_of(total),
                about=clause_terms(text, match.start(), value_end),
                names=names_near(text, match.start(), value_end) or doers_before(text, match.start()),
            )
        )
    return found


def _adds_up(a: ValueMention, b: ValueMention, sentence: str) -> bool:
    """``b`` is ``a`` plus or minus another number of ``a``'s sentence: "212 passengers and
    four crew" / "216 people"; "seven years in prison, two of them suspended" / "five years"."""
    others = [number_word_value(x) for x in _PART_NUMBER.findall(sentence)]
    return any(other is not None and (abs(a.value + other - b.value) < 1e-9 or abs(a.value - other - b.value) < 1e-9) for other in others)


def _same_thing(a: ValueMention, b: ValueMention, p) -> str | None:
    return None if same_key(a.key, b.key) else "not the same thing counted"


def _same_fact(a: ValueMention, b: ValueMention, p) -> str | None:
    similarity = p.similarity(a, b)
    bare_unit = not a.key.isalpha()  # "%" or a currency: the noun it measures must match too
    shared = a.context & b.context - {a.key}
    unique = (
        a.key.partition(":")[0] not in GENERIC_KEYS
        and p.per_document[(a.document_id, a.key)] == 1
        and p.per_document[(b.document_id, b.key)] == 1
    )
    # What the values are of, beyond the noun or unit: the words of their clauses. For a
    # bare unit or a common noun ("%", "$", "years", "people") only words the cluster
    # uses rarely say which figure it is ("turnout", not "company" or "last").
    clause = (a.about & b.about) - {a.key.partition(":")[0], b.key.partition(":")[0]}
    generic = bare_unit or a.key.partition(":")[0] in GENERIC_KEYS and not a.key.partition(":")[2]
    if a.key.partition(":")[0] in DURATIONS:
        clause = set()  # "for eight years", "over the past six months": too common to pair by a word
    if generic:
        clause = {w for w in clause if p.document_frequency[w] <= RARE_WORD_DOCUMENTS * p.documents}
    if (
        (unique and similarity >= UNIQUE_SAME_FACT)
        or (similarity >= SAME_FACT_COSINE and len(shared) >= (3 if bare_unit else SHARED_CONTEXT))
        or (clause and similarity >= (GENERIC_CLAUSE_SAME_FACT if generic else CLAUSE_SAME_FACT))
    ):
        return None
    return f"not about the same fact (similarity {similarity:.2f}, clause {sorted(clause)})"


def _tally(a: ValueMention, b: ValueMention, p) -> str | None:
    if a.key != b.key:
        return "a tally and a count"
    if a.normalized == b.normalized or _is_update(_clause_of(p.sentence(a), a)):
        return "tallies agree, or an update"
    return None


def _far_apart(a: ValueMention, b: ValueMention, p) -> str | None:
    if max(a.value, b.value) > MAX_RATIO * max(min(a.value, b.value), 1e-9):
        return "values too far apart"
    return None


def _part_of_total(a: ValueMention, b: ValueMention, p) -> str | None:
    return "a part and its total" if a.total != b.total else None


def _states_other(a: ValueMention, b: ValueMention, p) -> str | None:
    head = a.key.partition(":")[0]
    if (a.document_id, head, f"{b.value:g}") in p.stated or (b.document_id, head, f"{a.value:g}") in p.stated:
        return "one document also states the other's value"
    return None


#: "three more bodies", "another 40 homes", "an additional 200 troops": an increment on some
#: earlier figure, whose base each outlet may count from a different report.
_INCREMENT_AFTER = re.compile(r"\s+(?:" + wordlists.alternation("conflicts", "increment_after") + r")\b", re.IGNORECASE)
_INCREMENT_BEFORE = re.compile(r"\b(?:" + wordlists.alternation("conflicts", "increment_before") + r")\s+$", re.IGNORECASE)


def _is_increment(m: ValueMention, sentence: str) -> bool:
    start, end = m.start - m.sentence_start, m.end - m.sentence_start
    number_end = re.match(r"[^\s]*(?:\s+(?:million|billion|thousand))?", sentence[start:end])
    after = sentence[start + (number_end.end() if number_end else 0) :]
    return bool(_INCREMENT_AFTER.match(after) or _INCREMENT_BEFORE.search(sentence[max(0, start - 20) : start]))


def _increment(a: ValueMention, b: ValueMention, p) -> str | None:
    if _is_increment(a, p.sentence(a)) or _is_increment(b, p.sentence(b)):
        return "an increment on an earlier figure, not a total"
    return None


def _agree(a: ValueMention, b: ValueMention, p) -> str | None:
    return None if _numbers_differ(a, b) else "values agree"


def _update(a: ValueMention, b: ValueMention, p) -> str | None:
    if _is_update(_clause_of(p.sentence(a), a)) or _is_update(_clause_of(p.sentence(b), b)):
        return "an update"
    return None


def _estimate(a: ValueMention, b: ValueMention, p) -> str | None:
    ta, tb = p.sentence(a), p.sentence(b)
    if _attributed_apart(ta, tb) or _ESTIMATE.search(ta) or _ESTIMATE.search(tb):
        return "an estimate"
    return None


def _named_things(a: ValueMention, b: ValueMention, p) -> str | None:
    if a.names and b.names and not a.names & b.names:
        return f"about different named things {sorted(a.names)} / {sorted(b.names)}"
    return None


def _scope(a: ValueMention, b: ValueMention, p) -> str | None:
    if {m.lower() for m in _SCOPE.findall(p.sentence(a))} != {m.lower() for m in _SCOPE.findall(p.sentence(b))}:
        return "one value is for a part of what the other covers"
    return None


def _inclusive(a: ValueMention, b: ValueMention, p) -> str | None:
    if _INCLUSIVE.search(p.sentence(a)) or _INCLUSIVE.search(p.sentence(b)):
        return "a base and a total with extras"
    return None


def _plus_part(a: ValueMention, b: ValueMention, p) -> str | None:
    if _adds_up(a, b, p.sentence(a)) or _adds_up(b, a, p.sentence(b)):
        return "one value is the other plus or minus a part the sentence gives"
    return None


#: Rules for two tallies ("voted 5-2" / "6-1").
TALLY_RULES = (Rule("what-is-counted", _same_thing), Rule("same-fact", _same_fact), Rule("tally", _tally))
#: Rules for two counts or amounts, in the order they run.
RULES = (
    Rule("what-is-counted", _same_thing),
    Rule("same-fact", _same_fact),
    Rule("far-apart", _far_apart),
    Rule("part-of-total", _part_of_total),
    Rule("states-other-value", _states_other),
    Rule("values-agree", _agree),
    Rule("increment", _increment),
    Rule("update", _update),
    Rule("estimate", _estimate),
    Rule("named-things", _named_things),
    Rule("scope", _scope),
    Rule("inclusive", _inclusive),
    Rule("adds-up", _plus_part),
)

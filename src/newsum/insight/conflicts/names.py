"""Names: one person's name spelled two ways ("Mateo Grenz" / "Matteo Grenz"), given two
ranks ("Lieutenant" / "Captain Dario Fenwick"), or two jobs that have nothing in common
(:mod:`..jobs`), by different documents."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from ...terms import STOPWORDS
from .. import wordlists
from ..corroboration import Statement
from ..jobs import JobMention, disagreeing_holders, disagreeing_jobs
from .clauses import CALENDAR
from .model import Conflict, ValueMention, text_mention

_RANKS = wordlists.alternation("conflicts", "ranks")
_RANKED_NAME = re.compile(rf"\b({_RANKS})\.?\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}})\b")
# Two capitalised words in a row, every such pair ("Developer Rudi Kessane" gives "Developer
# Rudi" and "Rudi Kessane"): a lookahead, so that the pairs overlap.
_NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z'’-]{2,})\s+([A-Z][a-z'’-]{2,})\b)")
_INSTITUTION_WORDS = wordlists.words("conflicts", "institution_words")
#: Two spellings of one name: difflib's ratio between them (Mateo/Matteo 0.91, Rudy/Rudi 0.75,
#: Korvell/Corvell 0.86); distinct names that share a surname differ more (Anna/Anton 0.44).
SPELLING_RATIO = 0.75


def name_conflicts(statements: Sequence[Statement]) -> list[Conflict]:
    """Names spelled differently ("Mateo Grenz" / "Matteo Grenz") and ranks that differ
    ("Lieutenant Dario Fenwick" / "Captain Dario Fenwick") between documents."""
    found: list[Conflict] = []
    ranks: dict[str, dict[str, list[ValueMention]]] = {}
    pairs: list[tuple[str, str, ValueMention]] = []
    spelled: dict[str, set[str]] = {}
    for statement in statements:
        for match in _RANKED_NAME.finditer(statement.text):
            mention = text_mention(statement, match.start(), match.end(), "name", match.group(1))
            ranks.setdefault(match.group(2), {}).setdefault(match.group(1), []).append(mention)
        for match in _NAME_PAIR.finditer(statement.text):
            first, second = match.group(1), match.group(2)
            end = match.start() + len(statement.text[match.start():].split(second, 1)[0]) + len(second)
            pairs.append((first, second, text_mention(statement, match.start(), end, "name", statement.text[match.start():end])))
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
            if _word_forms(x, y) or {x.lower(), y.lower()} & (STOPWORDS | CALENDAR | lowercase):
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
_FORM_ENDINGS = wordlists.words("conflicts", "form_endings")


def _word_forms(x: str, y: str) -> bool:
    stem = 0
    while stem < min(len(x), len(y)) and x[stem].lower() == y[stem].lower():
        stem += 1
    return stem >= 4 and x[stem:].lower() in _FORM_ENDINGS and y[stem:].lower() in _FORM_ENDINGS




def _job_value(m) -> ValueMention:
    return ValueMention(m.document_id, "name", m.text, m.start, m.end, m.statement_start, m.statement_end,
                        m.person, "holder", frozenset())


def holder_conflicts(mentions: Sequence[JobMention], published: dict[str, object], texts: dict[str, str]) -> list[Conflict]:
    """One job given to two people by two documents (:func:`..jobs.disagreeing_holders`);
    ``mentions``: :func:`..jobs.jobs_in` of the cluster's statements."""
    found = []
    for a, b in disagreeing_holders(mentions, published, texts):
        job = a.text.replace(a.person, "").strip(" ,.;")
        found.append(Conflict(f"who is {job}", "name", ((a.text, a.person, (_job_value(a),)), (b.text, b.person, (_job_value(b),))), None))
    return found


def job_conflicts(mentions: Sequence[JobMention], published: dict[str, object]) -> list[Conflict]:
    """One person given jobs that have nothing in common by different documents
    (:mod:`..jobs`): every document's version, as written."""
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

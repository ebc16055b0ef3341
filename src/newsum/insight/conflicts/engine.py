"""The conflict engine: pair values by what they are about, run each value type's rules, and
record why every pair was or was not reported.

    statements ──value mentions (numbers.py, days.py)──▶
    ──pairs across documents published close together, of one kind──▶
    ──the type's RULES in order: the first reason vetoes (rules.py)──▶ Decision (reported or why not)
    ──decisions reported, merged per value──▶ conflicts, every version as written with offsets and sources
    names.py, places.py: names, ranks, jobs and places, compared their own way

Precision matters more than recall: a false conflict is worse than a missed one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ...model import Document
from ...semantic import default_embedder
from ...semantic.lexical import cosine, tfidf_vectors
from ...terms import STOPWORDS, analyze
from ..corroboration import Statement, statements_of
from ..jobs import jobs_in
from ..lexicon import meaning, number_value, rewrite
from . import days, numbers
from .clauses import CALENDAR
from .days import DATE, day_mentions
from .model import Conflict, Decision, ValueMention
from .names import holder_conflicts, job_conflicts, name_conflicts
from .numbers import KEY_SYNONYMS, number_mentions
from .places import place_conflicts
from .rules import Rule
from .same_thing import SameThingModel, clause_text, features, shipped_model

__all__ = ["find_conflicts", "explain_conflicts", "Pairing"]

#: Values are compared only between documents published within this many days of each other:
#: a story that runs for weeks has many events on many days, and its figures move; outlets
#: that disagree report the same news at about the same time. (On DUC-2004, whose clusters
#: span weeks, nearly every pair further apart was two events or a later figure.)
SAME_NEWS_DAYS = 4
#: A cluster whose documents span more days than this is a long-running story (days.py
#: compares days more strictly there).
LONG_STORY_DAYS = 7


def _same_value(a: ValueMention, b: ValueMention, p: "Pairing") -> str | None:
    return "the same value" if a.normalized == b.normalized else None


def _later_news(a: ValueMention, b: ValueMention, p: "Pairing") -> str | None:
    if p.days_apart(a, b) > SAME_NEWS_DAYS and not (DATE.search(a.text) and DATE.search(b.text)):
        return "documents published too far apart: later news, not another version"
    return None


def _both_stated(a: ValueMention, b: ValueMention, p: "Pairing") -> str | None:
    both = p.values_in[(a.document_id, a.sentence_start)] & p.values_in[(b.document_id, b.sentence_start)]
    return "both sentences state both values" if both >= {a.normalized, b.normalized} else None


#: Rules every pair of values meets first, whatever their type.
SAME_VALUE = Rule("same-value", _same_value)
COMMON_RULES = (Rule("later-news", _later_news), Rule("both-stated", _both_stated))


def rules_for(a: ValueMention, b: ValueMention, pairing: "Pairing") -> tuple[Rule, ...]:
    """The rules that judge this pair, in order."""
    if a.kind == "number":
        if a.key == "tally" or b.key == "tally":
            return (SAME_VALUE, numbers.TALLY_RULES[0], *COMMON_RULES, *numbers.TALLY_RULES[1:])
        return (SAME_VALUE, numbers.RULES[0], *COMMON_RULES, *numbers.RULES[1:])
    return (SAME_VALUE, *COMMON_RULES, *(days.UNDATED_RULES if pairing.undated(a, b) else days.RULES))


#: Rules that judged whether two values are about the same thing before the learned model
#: did (:mod:`.same_thing`); with a model they are left out, and its features carry what they
#: looked at. The other rules explain a difference (an update, an estimate ...) and always run.
SAMENESS_RULES = frozenset({"same-fact", "different-doers", "different-objects", "different-events", "long-story",
                            "undated-words", "named-things"})


def explaining_rules(a: ValueMention, b: ValueMention, pairing: "Pairing") -> tuple[Rule, ...]:
    """The rules that run before the model. In a story of many weeks (DUC's clusters) the
    sameness rules run as well: the model learned from clusters of a few days, and there many
    events share a verb and a unit; both must agree before a pair is reported."""
    if pairing.long_story or a.kind == "day":
        return rules_for(a, b, pairing)
    return tuple(r for r in rules_for(a, b, pairing) if r.name not in SAMENESS_RULES)


def judge(a: ValueMention, b: ValueMention, pairing: "Pairing", model: SameThingModel | None = None) -> Decision:
    """The decision on one pair of values of different documents and one kind: the first
    explaining rule that vetoes it, else the learned same-thing decision (``model``: default
    the shipped one)."""
    if a.kind == "day" and pairing.undated(a, b):
        # Documents without dates: the model learned from dated clusters only (every labelled
        # set has dates), so the words beside the days decide, as the rules always did.
        for rule in rules_for(a, b, pairing):
            reason = rule(a, b, pairing)
            if reason is not None:
                return Decision(a, b, False, rule.name, reason)
        return Decision(a, b, True, "reported", "undated documents: the words beside the days agree, the days differ")
    for rule in explaining_rules(a, b, pairing):
        reason = rule(a, b, pairing)
        if reason is not None:
            return Decision(a, b, False, rule.name, reason)
    model = model or shipped_model()
    probability = model.probability(features(a, b, pairing))
    if probability < model.threshold:
        return Decision(a, b, False, "same-thing", f"probably not about the same thing (p {probability:.2f} < {model.threshold:.2f})", probability)
    return Decision(a, b, True, "reported", f"about the same thing (p {probability:.2f}), values differ and no rule explains it", probability)


def _pairs(pairing: "Pairing"):
    mentions = pairing.mentions
    for i, a in enumerate(mentions):
        for b in mentions[i + 1 :]:
            if a.document_id != b.document_id and a.kind == b.kind:
                yield a, b


def explain_conflicts(documents: Sequence[Document], *, statements: Sequence[Statement] | None = None,
                      model: SameThingModel | None = None) -> list[Decision]:
    """Every pair of values the engine judged, with the rule that decided (for ``--explain``)."""
    pairing = Pairing(documents, statements)
    return [judge(a, b, pairing, model) for a, b in _pairs(pairing)]


def find_conflicts(documents: Sequence[Document], *, statements: Sequence[Statement] | None = None,
                   model: SameThingModel | None = None) -> list[Conflict]:
    """Values that outlets state differently for the same thing.

    Counts, amounts and days are paired across documents and judged by their type's rules
    (:mod:`.numbers`, :mod:`.days`); names, ranks, jobs and places by :mod:`.names` and
    :mod:`.places`. ``statements``: :func:`..corroboration.statements_of` the documents, when
    the caller has them already.
    """
    pairing = Pairing(documents, statements)
    conflicts: list[Conflict] = []
    for a, b in _pairs(pairing):
        if not judge(a, b, pairing, model).reported:
            continue
        explanation = None
        if a.kind == "day" and pairing.undated(a, b):
            explanation = "the documents carry no dates: a time zone (or a late report) may explain the difference"
        about = _about_words(pairing.sentence(a), a)
        conflicts.append(
            Conflict(about, "date" if a.kind == "day" else "number", ((a.text, a.normalized, (a,)), (b.text, b.normalized, (b,))), explanation)
        )
    conflicts.extend(name_conflicts(pairing.statements))
    published = {d: doc.date for d, doc in pairing.by_id.items()}
    jobs = [m for s in pairing.statements for m in jobs_in(s.document_id, s.start, s.text)]
    conflicts.extend(job_conflicts(jobs, published))
    conflicts.extend(place_conflicts(pairing.statements, pairing.by_id, pairing.vectors, pairing.index_of))
    conflicts.extend(holder_conflicts(jobs, published, {d: doc.text for d, doc in pairing.by_id.items()}))
    return _merge(conflicts)


def _masked_vectors(statements: Sequence[Statement]) -> list[dict[str, float]]:
    """tf-idf vectors of the statements' content words without numbers and days."""
    bags = []
    for statement in statements:
        terms = analyze(rewrite(statement.text))
        bags.append(Counter(
            meaning(s) for w, s in zip(terms.words, terms.stems)
            if w not in STOPWORDS and len(w) > 1 and not any(ch.isdigit() for ch in w) and w not in CALENDAR
        ))
    return tfidf_vectors(bags)


def _about_words(sentence: str, mention: ValueMention) -> str:
    """What a conflict is about, in the words of the text: the noun a number counts ("workers
    taken to hospital"), or the words that say what happened on a day ("broke out")."""
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    if mention.kind == "number":
        words = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"[\d.,%$€£¥]+", " ", sentence[start:end]))
        words = [w for w in words if number_value(w) is None and w.lower() not in
                 ("about", "around", "some", "nearly", "almost", "at", "least", "more", "than", "over", "up", "to", "million", "billion")]
        if words:
            return " ".join(words)
    clause = re.split(r"[,;:]|\b(?:and|but)\b", sentence[:start])[-1]
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", clause) if w.lower() not in CALENDAR]
    return " ".join(words[-3:]) or mention.key


class Pairing:
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
            replace(m, context=m.context - names, key=KEY_SYNONYMS.get(m.key, m.key))
            for s in self.statements
            for m in (*day_mentions(s, self.by_id[s.document_id]), *number_mentions(s))
        ]
        self._similarity: dict[tuple[int, int], float] = {}
        self._vectors_by_text: dict[str, np.ndarray] = {}
        self._days_by_head: dict[tuple[str, str], set[str]] | None = None
        dates = [d.date.date() if isinstance(d.date, dt.datetime) else d.date for d in documents if d.date is not None]
        #: A story whose documents span weeks (DUC's clusters) rather than a few days of news.
        self.long_story = bool(dates) and (max(dates) - min(dates)).days > LONG_STORY_DAYS
        self.documents = len(documents)
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
            self._similarity[key] = cosine(self.vectors[i], self.vectors[j])
        return self._similarity[key]

    def sentence(self, m: ValueMention) -> str:
        return self.statements[self.index_of[(m.document_id, m.sentence_start)]].text

    def _vectors(self, *texts: str) -> list["np.ndarray"]:
        """Unit vectors of ``texts``, embedded when a pair first needs them (most pairs never
        reach the model, so most sentences are never embedded here)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors_by_text]
        if missing:
            self._vectors_by_text.update(zip(missing, default_embedder().embed(missing)))
        return [self._vectors_by_text[t] for t in texts]

    def sentence_embedding(self, a: ValueMention, b: ValueMention) -> float:
        x, y = self._vectors(self.sentence(a), self.sentence(b))
        return float(x @ y)

    def clause_embedding(self, a: ValueMention, b: ValueMention) -> float:
        x, y = self._vectors(clause_text(self.sentence(a), a), clause_text(self.sentence(b), b))
        return float(x @ y)


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


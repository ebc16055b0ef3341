"""Are two values about the same thing? A learned decision, for counts, amounts and days.

Two values from different documents conflict only when they measure the same quantity or date
the same event. Outlets word that differently ("killing at least six people" / "the death toll
stands at nine"; "the blaze broke out on Monday night" / "the fire started on Tuesday"), so
the decision is made from several signals, weighed by a logistic model:

    sentences, values left out ──tf-idf cosine (cluster idf, synonyms merged)──┐
    the values' own clauses    ──WordLlama embedding cosine, shared words──────┤
    what is counted            ──same noun or unit, a common one, once per document──┼─▶ P(same thing)
    days                       ──the same event verb, the same doers──────────┤
    documents                  ──days between them, a story of many weeks─────┘

The weights and the threshold are data (``data/conflict_model.json``), fitted by
``tools/train_conflicts.py`` on the labelled clusters it names (never on the held-out sets);
the file records the command and the data. Rules that *explain* a difference (an update, a
part and its total, an estimate, a time zone) stay rules (:mod:`.numbers`, :mod:`.days`): a
model does not learn from 50 clusters that "rose to" means a later figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ...learned import check_features, check_probability, check_weights, read_model
from ...terms import analyze
from ..lexicon import meaning
from ..parser import parse
from .clauses import ASPECT_MEANINGS, NOUN_HEAD, clause_window
from .model import ValueMention

__all__ = ["FEATURES", "SameThingModel", "features", "shipped_model"]

#: The features of a pair of counts, amounts or days, in the order of the model's weights
#: (after the bias).
FEATURES = (
    "is_day",
    "sentence_cosine",
    "sentence_embedding",
    "clause_embedding",
    "clause_overlap",
    "context_shared",
    "same_key",
    "generic_key",
    "once_per_document",
    "shared_event_verb",
    "doers_differ",
    "names_shared",
    "days_apart",
    "long_story",
    "log_ratio",
    "later_larger",
    "subject_same",
    "subject_differs",
    "object_differs",
)
def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / math.sqrt(len(x) * len(y)) if x and y else 0.0


def clause_text(sentence: str, mention: ValueMention) -> str:
    """The value's clause with the value left out: what it is about."""
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    left, right = clause_window(sentence, start, end, 8)
    return f"{left} {right}".strip() or sentence


#: Publication hours apart beyond which a larger figure in the later document reads as a
#: later count (tolls rise as bodies are found), not another outlet's version.
LATER_HOURS = 6.0


def _word(token: Any) -> str:
    stems = analyze(token.text.lower()).stems
    return meaning(stems[0]) if stems else ""


def event_frame(sentence: str, mention: ValueMention) -> tuple[str, str, str]:
    """(verb, subject, object) of the event a value belongs to, by the parser: from the value's
    last word up through its heads to the first verb ("[the earthquake] struck ... on
    Saturday": struck, earthquake, region). Synonyms merged; "" where the parse says nothing."""
    doc = parse(sentence)
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    inside = [t for t in doc if start <= t.idx < end]
    if not inside:
        return "", "", ""
    token = inside[-1]
    for _ in range(5):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return "", "", ""
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and token.dep_ in ("relcl", "acl") and token.head is not token:
        subject = token.head  # "the fire, which started on Monday": the fire
    obj = next((c for c in token.children if c.dep_ in ("dobj", "attr")), None)
    return _word(token), _word(subject) if subject is not None else "", _word(obj) if obj is not None else ""


def _later_larger(a: ValueMention, b: ValueMention, pairing: Any) -> float:
    """1 when the later of two documents published hours apart gives the larger count."""
    if a.kind != "number" or a.value is None or b.value is None:
        return 0.0
    first, second = pairing.by_id[a.document_id].date, pairing.by_id[b.document_id].date
    if first is None or second is None or not hasattr(first, "hour") or not hasattr(second, "hour"):
        return 0.0
    try:
        hours = (second - first).total_seconds() / 3600.0
    except TypeError:  # one date with a time zone, one without
        return 0.0
    if abs(hours) < LATER_HOURS:
        return 0.0
    later_value, earlier_value = (b.value, a.value) if hours > 0 else (a.value, b.value)
    return 1.0 if later_value > earlier_value else 0.0


def features(a: ValueMention, b: ValueMention, pairing: Any) -> list[float]:
    """The :data:`FEATURES` of one pair (``pairing``: an :class:`.engine.Pairing`)."""
    from .numbers import DURATIONS, GENERIC_KEYS

    is_day = a.kind == "day"
    head_a, head_b = a.key.partition(":")[0], b.key.partition(":")[0]
    generic = (not a.key.isalpha() and not is_day) or head_a in GENERIC_KEYS or head_a in DURATIONS
    once = (
        not is_day
        and pairing.per_document[(a.document_id, a.key)] == 1
        and pairing.per_document[(b.document_id, b.key)] == 1
    )
    verbs_a = {h for h in a.heads if not h.startswith(NOUN_HEAD)} - ASPECT_MEANINGS
    verbs_b = {h for h in b.heads if not h.startswith(NOUN_HEAD)} - ASPECT_MEANINGS
    plain_a = {h.lstrip(NOUN_HEAD) for h in a.heads}
    plain_b = {h.lstrip(NOUN_HEAD) for h in b.heads}
    shared_event = 1.0 if verbs_a & verbs_b else 0.5 if plain_a & plain_b else 0.0
    ratio = 0.0
    if not is_day and a.value and b.value and a.value > 0 and b.value > 0:
        ratio = min(abs(math.log(a.value / b.value)), 3.0)
    return [
        float(is_day),
        pairing.similarity(a, b),
        pairing.sentence_embedding(a, b),
        pairing.clause_embedding(a, b),
        _overlap(a.about, b.about),
        min(len(a.context & b.context), 5) / 5.0,
        float(head_a == head_b) if not is_day else 0.0,
        float(generic),
        float(once),
        shared_event if is_day else 0.0,
        float(bool(a.names and b.names and not a.names & b.names)),
        float(bool(a.names & b.names)),
        min(pairing.days_apart(a, b), 7) / 7.0,
        float(pairing.long_story),
        ratio,
        _later_larger(a, b, pairing),
        *_frames(a, b, pairing),
    ]


def _frames(a: ValueMention, b: ValueMention, pairing: Any) -> tuple[float, float, float]:
    """Whether the two values' events have the same subject, different subjects, different
    objects (by the parser; days only: a count's noun is its key already)."""
    if a.kind != "day":
        return 0.0, 0.0, 0.0
    _, subject_a, object_a = event_frame(pairing.sentence(a), a)
    _, subject_b, object_b = event_frame(pairing.sentence(b), b)
    same = float(bool(subject_a) and subject_a == subject_b)
    differs = float(bool(subject_a and subject_b) and subject_a != subject_b)
    objects = float(bool(object_a and object_b) and object_a != object_b)
    return same, differs, objects


@dataclass(frozen=True)
class SameThingModel:
    """Logistic weights over :data:`FEATURES` (``weights[0]`` is the bias) and the probability
    at or above which two values are about the same thing; ``about`` says how they were made."""

    weights: tuple[float, ...]
    threshold: float
    about: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_weights(self.weights, FEATURES, "a conflict model", "tools/train_conflicts.py")
        check_probability(self.threshold, "a conflict threshold")

    @classmethod
    def load(cls, path: str | Path | None = None) -> SameThingModel:
        """The model in ``path``, by default the file shipped in ``newsum/data``."""
        data = read_model("conflict_model.json", path)
        check_features(data.get("features"), FEATURES, "conflict model", "tools/train_conflicts.py")
        about = {k: v for k, v in data.items() if k not in ("features", "weights", "threshold")}
        return cls(tuple(float(w) for w in data["weights"]), float(data["threshold"]), about)

    def probability(self, row: list[float]) -> float:
        w = np.asarray(self.weights)
        return float(1.0 / (1.0 + math.exp(-(w[0] + float(np.dot(w[1:], row))))))


@cache
def shipped_model() -> SameThingModel:
    return SameThingModel.load()

"""What conflicts are made of: a value as one document states it, a conflict with every
version, and the decision the engine took on a pair of values (for ``--explain``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..corroboration import Statement

__all__ = ["ValueMention", "Conflict", "Decision", "text_mention"]


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


def text_mention(statement: Statement, start: int, end: int, kind: str, normalized: str) -> ValueMention:
    return ValueMention(
        statement.document_id, kind, statement.text[start:end], statement.start + start, statement.start + end,
        statement.start, statement.end, normalized, kind, frozenset(),
    )




@dataclass(frozen=True)
class Decision:
    """Why a pair of values was or was not reported as a conflict: the rule that decided
    (``rule``), in words (``reason``), and the learned same-fact probability when the model
    was asked (``probability``, else None)."""

    a: ValueMention
    b: ValueMention
    reported: bool
    rule: str
    reason: str
    probability: float | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.a.kind,
            "values": [
                {"document_id": m.document_id, "text": m.text, "normalized": m.normalized, "start": m.start, "end": m.end}
                for m in (self.a, self.b)
            ],
            "reported": self.reported,
            "rule": self.rule,
            "reason": self.reason,
            "probability": None if self.probability is None else round(self.probability, 3),
        }

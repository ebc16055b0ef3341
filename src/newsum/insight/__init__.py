"""The shape of a story's coverage across outlets: what newsum.insight() returns.

    quotes.py         direct quotations, their speakers, the outlets that carry them, altered versions
    corroboration.py  statements grouped with their paraphrases: confirmed by N outlets / single-source
    conflicts/        values that outlets state differently (counts, amounts, days, names, places),
                      and why each pair of values was or was not reported
    entities.py       people, organisations and places, merged across name variants
    timeline.py       dated events, relative dates resolved against publication dates

Every item points to document ids and character offsets; quoted text is exactly as written.
"""

from __future__ import annotations

import sys
import types

from dataclasses import dataclass
from typing import Any

from ..model import Cluster, Document
from .conflicts import Conflict, Decision, explain_conflicts, find_conflicts
from .corroboration import Corroboration, corroborate, statements_of
from .entities import Entity, entities
from .quotes import Quote, Speakers, group_quotes, quotes_in
from .timeline import Event, timeline

__all__ = ["Insight", "insight", "build_insight", "Quote", "Conflict", "Decision", "Corroboration", "Entity", "Event"]

INSIGHT_SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Insight:
    """Quotes, conflicts, corroboration, entities and timeline of one cluster."""

    id: str | None
    quotes: tuple[Quote, ...]
    conflicts: tuple[Conflict, ...]
    corroboration: tuple[Corroboration, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[Event, ...]
    #: With ``explain``: every pair of counts, amounts or days the conflict engine judged,
    #: reported or not, with the rule that decided (:class:`.conflicts.Decision`).
    conflict_decisions: tuple[Decision, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        explained = {} if self.conflict_decisions is None else {
            "conflict_decisions": [d.to_dict() for d in self.conflict_decisions]
        }
        return {
            "schema_version": INSIGHT_SCHEMA_VERSION,
            "id": self.id,
            "quotes": [q.to_dict() for q in self.quotes],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "corroboration": [c.to_dict() for c in self.corroboration],
            "entities": [e.to_dict() for e in self.entities],
            "timeline": [e.to_dict() for e in self.timeline],
            **explained,
        }


def insight(documents: Any, *, id: str | None = None) -> Insight:
    """Quotes with speakers, conflicts, corroboration, entities and timeline of one cluster of
    documents (a :class:`~newsum.Cluster`, or documents as for :func:`newsum.summarize`).

    >>> report = newsum.insight(cluster)  # doctest: +SKIP
    >>> [(q.speaker, q.text, q.sources) for q in report.quotes]  # doctest: +SKIP
    """
    from ..summarizer import as_cluster

    return build_insight(as_cluster(documents, id=id))


def build_insight(cluster: Cluster, *, explain: bool = False) -> Insight:
    """Everything :class:`Insight` holds, for one cluster; with ``explain``, also why each
    pair of values was or was not reported as a conflict."""
    documents: list[Document] = [d for d in cluster.documents if d.text.strip()]
    order = {d.id: i for i, d in enumerate(documents)}
    speakers = Speakers(d.text for d in documents)
    mentions = [m for d in documents for m in quotes_in(d, speakers)]
    # Statements and their groups are found once and shared by the parts that read them.
    statements = statements_of(documents)
    groups = corroborate(documents, statements=statements)
    return Insight(
        id=cluster.id,
        quotes=tuple(group_quotes(mentions, document_order=order)),
        conflicts=tuple(find_conflicts(documents, statements=statements)),
        corroboration=tuple(groups),
        entities=tuple(entities(documents, statements=statements)),
        timeline=tuple(timeline(documents, groups=groups)),
        conflict_decisions=tuple(explain_conflicts(documents, statements=statements)) if explain else None,
    )


class _CallablePackage(types.ModuleType):
    """``newsum.insight(documents)`` reads as the feature's name, and ``newsum.insight`` is also
    this package (``newsum.insight.find_conflicts``): the package is callable, as
    :func:`insight`."""

    def __call__(self, documents: Any, *, id: str | None = None) -> Insight:
        return insight(documents, id=id)


sys.modules[__name__].__class__ = _CallablePackage

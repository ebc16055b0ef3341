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

from dataclasses import dataclass, replace
from typing import Any

from ..language import cluster_language
from ..model import Cluster, Document
from ..terms import reading
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
    #: The language the cluster was read in (ISO 639-1).
    language: str = "en"
    #: What the reader should know, e.g. which parts do not read this language yet (their lists
    #: are then empty because they were not computed, not because nothing was found).
    notes: tuple[str, ...] = ()

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
            "language": self.language,
            "notes": list(self.notes),
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
    language = cluster_language(documents) if documents else "en"
    if language != "en":
        with reading(language):
            return _insight_beyond_english(cluster, documents, language)
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


#: The parts of insight that read English only, for now.
ENGLISH_ONLY = ("conflicts", "timeline", "entities")


def _insight_beyond_english(cluster: Cluster, documents: list[Document], language: str) -> Insight:
    """Insight of a cluster in another language: quotations where the language has word lists
    (:mod:`.quotes_by_language`), corroboration (by meaning, in any language); the English-only
    parts are not run, and the notes say so."""
    from .quotes_by_language import supports

    order = {d.id: i for i, d in enumerate(documents)}
    notes = [f"{', '.join(ENGLISH_ONLY)} read English only: not computed for language '{language}'"]
    quotes: tuple[Quote, ...] = ()
    if supports(language):
        speakers = Speakers(d.text for d in documents)
        in_language = [replace(d, language=d.language or language) for d in documents]
        quotes = tuple(group_quotes([m for d in in_language for m in quotes_in(d, speakers)], document_order=order))
    else:
        notes.insert(0, f"quotations are read in {', '.join(supported_quote_languages())} and English, not '{language}': not computed")
    return Insight(
        id=cluster.id,
        quotes=quotes,
        conflicts=(),
        corroboration=tuple(corroborate(documents)),
        entities=(),
        timeline=(),
        language=language,
        notes=tuple(notes),
    )


def supported_quote_languages() -> list[str]:
    from .quotes_by_language import languages

    return languages()


class _CallablePackage(types.ModuleType):
    """``newsum.insight(documents)`` reads as the feature's name, and ``newsum.insight`` is also
    this package (``newsum.insight.find_conflicts``): the package is callable, as
    :func:`insight`."""

    def __call__(self, documents: Any, *, id: str | None = None) -> Insight:
        return insight(documents, id=id)


sys.modules[__name__].__class__ = _CallablePackage

"""Which documents support a summary sentence, and how it is cited."""

from __future__ import annotations

from collections.abc import Mapping

from .model import Document, Span, SummarySentence
from .similarity import Candidate

__all__ = ["cite"]


def cite(candidate: Candidate, documents: Mapping[str, Document]) -> SummarySentence:
    """The summary sentence for ``candidate``: its verbatim span (or the spans of its pieces,
    when it was trimmed), every document that carries it (``sources``, its own first), and
    their distinct outlet names (``outlets``)."""
    sentence = candidate.representative
    outlets: list[str] = []
    for doc_id in candidate.support:
        outlet = documents[doc_id].outlet
        if outlet and outlet not in outlets:
            outlets.append(outlet)
    pieces = candidate.pieces or ((sentence.start, sentence.end),)
    return SummarySentence(
        text=candidate.text,
        document_id=sentence.document_id,
        start=pieces[0][0],
        end=pieces[-1][1],
        spans=tuple(Span(sentence.document_id, a, b) for a, b in pieces),
        sources=tuple(candidate.support),
        outlets=tuple(outlets),
    )

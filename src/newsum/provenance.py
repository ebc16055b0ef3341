"""Which passage of which document supports each summary sentence, and how it is cited.

A summary sentence cites every document that states its fact, in any wording: the documents
that carry it nearly verbatim (the candidate's copies, :mod:`newsum.similarity`) and those
whose sentence the semantic layer judges the same fact (:class:`newsum.semantic.SameFact`).
Each cited document contributes one passage, a whole sentence of its own text: a copy if it
has one, else its most probable same-fact sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Document, Span, SummarySentence
from .clean import LabeledSentence
from .semantic import SameFact
from .similarity import Candidate
from .terms import Terms

__all__ = ["cite", "supporting_passages", "SUPPORT_CANDIDATES_PER_DOCUMENT"]

#: Of each other document, the sentences with the best lexical scores (tf-idf cosine and
#: containment, weighted as the model weighs them) that are embedded and decided for one
#: summary sentence. A document states a fact once; its statement shares the fact's rare
#: words, so its best few lexical matches hold it. On DUC-2004 (50 clusters, 100 words) 3
#: cites exactly the documents no limit cites (445 citations of 223 sentences), 1 loses one;
#: the limit bounds the embedding work on clusters of many similar articles.
SUPPORT_CANDIDATES_PER_DOCUMENT = 3


def supporting_passages(
    candidates: Sequence[Candidate],
    *,
    documents: Sequence[Document],
    body: Mapping[str, Sequence[LabeledSentence]],
    analyses: Mapping[tuple[str, int], Terms],
    same_fact: SameFact,
) -> list[tuple[Span, ...]]:
    """For each candidate, one passage per document that states its fact: its own sentence
    first, then the other documents in the order of ``documents`` (the cluster's canonical
    order). ``body``: each document's selectable sentences, the passages to choose from;
    ``analyses``: their :class:`~newsum.terms.Terms` by ``(document_id, start)``, where known."""
    rank = {d.id: i for i, d in enumerate(documents)}
    corpus: list[LabeledSentence] = []
    groups: list[str] = []
    by_doc: dict[str, range] = {}
    for d in documents:
        sentences = body.get(d.id, ())
        by_doc[d.id] = range(len(corpus), len(corpus) + len(sentences))
        corpus.extend(sentences)
        groups.extend([d.id] * len(sentences))
    terms = [analyses.get((doc, s.start)) for doc, s in zip(groups, corpus)]
    found = same_fact.matches(
        [c.text for c in candidates],
        [s.text for s in corpus],
        query_analyses=[c.analysis for c in candidates],
        corpus_analyses=terms if all(t is not None for t in terms) else None,
        exclude=[by_doc.get(c.document_id, ()) for c in candidates],
        corpus_groups=groups,
        per_group=SUPPORT_CANDIDATES_PER_DOCUMENT,
    )
    out = []
    for candidate, matches in zip(candidates, found):
        own = candidate.representative
        passages: dict[str, Span] = {own.document_id: Span(own.document_id, own.start, own.end)}
        for member in candidate.members:  # copies first: they state it in the same words
            passages.setdefault(member.document_id, Span(member.document_id, member.start, member.end))
        for match in matches:  # most probable first
            sentence = corpus[match.j]
            passages.setdefault(sentence.document_id, Span(sentence.document_id, sentence.start, sentence.end))
        others = sorted((d for d in passages if d != own.document_id), key=lambda d: rank.get(d, len(rank)))
        out.append((passages[own.document_id], *(passages[d] for d in others)))
    return out


def cite(candidate: Candidate, documents: Mapping[str, Document], *, support: Sequence[Span] | None = None) -> SummarySentence:
    """The summary sentence for ``candidate``: its verbatim span (or the spans of its pieces,
    when it was trimmed), the passage of every document that states it (``support``, its own
    first; default: the documents that carry it nearly verbatim), those documents
    (``sources``) and their distinct outlet names (``outlets``)."""
    sentence = candidate.representative
    if support is None:
        by_doc = {}
        for member in candidate.members:
            by_doc.setdefault(member.document_id, Span(member.document_id, member.start, member.end))
        by_doc[sentence.document_id] = Span(sentence.document_id, sentence.start, sentence.end)
        support = [by_doc[d] for d in candidate.support]
    sources = tuple(span.document_id for span in support)
    outlets: list[str] = []
    for doc_id in sources:
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
        sources=sources,
        outlets=tuple(outlets),
        support=tuple(support),
    )

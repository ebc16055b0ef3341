"""Copies of one sentence across documents become one candidate.

Outlets copy each other: the same sentence appears in several articles exactly, with one word
changed, or with a clause added. Such sentences become one :class:`Candidate` whose
``support`` is the set of documents that carry it verbatim, a signal for selection. Whether two
sentences are copies is the semantic layer's lexical rule
(:func:`newsum.semantic.same_wording`: containment >= 0.8 and Jaccard >= 0.5 of content
stems); whether they state the same fact in other words is its learned decision
(:class:`newsum.semantic.SameFact`), which the citations use (:mod:`newsum.provenance`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .clean import LabeledSentence
from .semantic.lexical import MIN_TERMS_FOR_NEAR as _MIN_TERMS_FOR_NEAR
from .semantic.lexical import SAME_CONTAINMENT, SAME_JACCARD, same_wording
from .terms import Terms, analyze

__all__ = ["Candidate", "group_redundant"]

_REPRESENTATIVE_POOL = 64


@dataclass(frozen=True)
class Candidate:
    """A sentence that may go into a summary, with the copies of it in other documents.

    ``representative`` is the version that is quoted; ``members`` are all versions
    (the representative included); ``support`` the ids of the documents they come from, the
    representative's document first, then the rest in the cluster's canonical order.
    """

    representative: LabeledSentence
    members: tuple[LabeledSentence, ...]
    support: tuple[str, ...]
    analysis: Terms
    #: When the sentence is kept in pieces (see :mod:`newsum.trim`): their absolute
    #: ``(start, end)`` offsets in the representative's document; ``analysis`` is then the
    #: analysis of the pieces' text.
    pieces: tuple[tuple[int, int], ...] | None = None

    @property
    def terms(self) -> frozenset[str]:
        """The representative's content stems."""
        return self.analysis.content

    @property
    def text(self) -> str:
        """What the summary would quote: the sentence, or its pieces joined by one space."""
        if self.pieces is None:
            return self.representative.text
        base, own = self.representative.start, self.representative.text
        return " ".join(own[a - base : b - base] for a, b in self.pieces)

    @property
    def document_id(self) -> str:
        return self.representative.document_id


def group_redundant(
    sentences: Sequence[LabeledSentence],
    *,
    document_rank: dict[str, int] | None = None,
    analyses: Mapping[tuple[str, int], Terms] | None = None,
) -> list[Candidate]:
    """Group ``sentences`` (any order) into candidates of sentences that say the same thing.

    ``document_rank`` orders documents (lower first) for the choice of representative and the
    order of ``support``; by default documents are ordered by id. ``analyses`` maps
    ``(document_id, start)`` to the sentence's :class:`~newsum.terms.Terms` when they are
    already known. The result is in the order of the representatives' (document rank,
    position), so it does not depend on the order of ``sentences``.
    """
    rank = document_rank or {doc: i for i, doc in enumerate(sorted({s.document_id for s in sentences}))}
    units = sorted(sentences, key=lambda s: (rank[s.document_id], s.start))
    analysis = [
        analyses[(unit.document_id, unit.start)] if analyses is not None else analyze(unit.text) for unit in units
    ]
    terms = [a.content for a in analysis]
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(terms):
        if same_wording(terms[i], terms[j]):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(units)):
        groups[find(i)].append(i)

    candidates = []
    for members in groups.values():
        # The quoted version is chosen among the first _REPRESENTATIVE_POOL members (in
        # canonical order): a sentence copied by hundreds of pages needs no quadratic vote.
        best = max(
            members[:_REPRESENTATIVE_POOL],
            key=lambda i: (_contained_in(i, members, terms), -rank[units[i].document_id], -units[i].start),
        )
        support_docs = sorted({units[i].document_id for i in members}, key=lambda d: rank[d])
        own = units[best].document_id
        candidates.append(
            Candidate(
                representative=units[best],
                members=tuple(units[i] for i in members),
                support=(own, *[d for d in support_docs if d != own]),
                analysis=analysis[best],
            )
        )
    candidates.sort(key=lambda c: (rank[c.document_id], c.representative.start))
    return candidates


def _contained_in(i: int, members: list[int], terms: list[frozenset[str]]) -> int:
    """How many members carry (nearly) all of member i's content: the most-supported version
    of a fact is the one to quote, so every cited document really says it."""
    own = terms[i]
    if not own:
        return 0
    return sum(1 for j in members if len(own & terms[j]) / len(own) >= SAME_CONTAINMENT)


def _candidate_pairs(terms: list[frozenset[str]]) -> set[tuple[int, int]]:
    """Pairs that can pass :func:`same_wording`, by prefix filtering: order terms from rare to
    common; two sets that share ``t`` of the smaller's terms must share one of its rarest
    ``|A| - ceil(t |A|) + 1`` terms. A length filter follows from the Jaccard test: the larger
    set has at most ``|A| / SAME_JACCARD`` terms (sets of under 4 terms must be equal). Exact
    for :func:`same_wording`, and near-linear."""
    frequency = Counter(term for ts in terms for term in ts)
    index: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(terms):
        for term in ts:
            index[term].append(i)
    # Each term's place from rare to common, computed once: sorting by a dict lookup is
    # several times cheaper than by a key tuple built per term per sentence.
    place = {t: k for k, (_, t) in enumerate(sorted(zip(frequency.values(), frequency.keys())))}
    pairs: set[tuple[int, int]] = set()
    for i, ts in enumerate(terms):
        if not ts:
            continue
        ordered = sorted(ts, key=place.__getitem__)
        size = len(ts)
        needed = size if size < _MIN_TERMS_FOR_NEAR else math.ceil(SAME_CONTAINMENT * size)
        largest = size if size < _MIN_TERMS_FOR_NEAR else size / SAME_JACCARD
        for term in ordered[: size - needed + 1]:
            for j in index[term]:
                if j != i and size <= len(terms[j]) <= largest:
                    pairs.add((min(i, j), max(i, j)))
    return pairs

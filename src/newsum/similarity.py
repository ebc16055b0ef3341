"""The one place where "these two sentences say the same thing" is decided.

Outlets copy each other: the same sentence appears in several articles exactly, with one word
changed, or with a clause added. Such sentences become one :class:`Candidate` whose
``support`` is the set of documents that carry it — a signal for selection and the citation.

Two sentences say the same when their content words (stems, no stop words) overlap so much
that the shorter is nearly contained in the longer *and* the two are not mostly different:

* containment ``|A ∩ B| / min(|A|, |B|) >= 0.8``: one changed word in a 10-word sentence
  (0.9) or a clause added to it (1.0) passes; two reports of different facts about the same
  people and places rarely reach it (korea-2017: the highest such pair is 0.67);
* Jaccard ``|A ∩ B| / |A ∪ B| >= 0.5``: the added clause may at most double the sentence;
* the shorter has at least 4 content words; shorter sentences ("Lavrov said.") merge only when
  their words are identical.

:func:`overlap` (containment alone) is what selection uses to keep two sentences that share
most of their words out of the same summary.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .clean import LabeledSentence
from .terms import Terms, analyze

__all__ = ["Candidate", "same_content", "overlap", "group_redundant", "SAME_CONTAINMENT", "SAME_JACCARD"]

SAME_CONTAINMENT = 0.8
SAME_JACCARD = 0.5
_MIN_TERMS_FOR_NEAR = 4
_REPRESENTATIVE_POOL = 64


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Containment of the smaller term set in the larger (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def same_content(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two sentences with these content-term sets say the same thing?"""
    if not a or not b:
        return False
    if min(len(a), len(b)) < _MIN_TERMS_FOR_NEAR:
        return a == b
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= SAME_CONTAINMENT and shared / len(a | b) >= SAME_JACCARD


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
        if same_content(terms[i], terms[j]):
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
    """Pairs that can pass :func:`same_content`, by prefix filtering: order terms from rare to
    common; two sets that share ``t`` of the smaller's terms must share one of its rarest
    ``|A| - ceil(t |A|) + 1`` terms. A length filter follows from the Jaccard test: the larger
    set has at most ``|A| / SAME_JACCARD`` terms (sets of under 4 terms must be equal). Exact
    for :func:`same_content`, and near-linear."""
    frequency = Counter(term for ts in terms for term in ts)
    index: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(terms):
        for term in ts:
            index[term].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, ts in enumerate(terms):
        if not ts:
            continue
        ordered = sorted(ts, key=lambda t: (frequency[t], t))
        size = len(ts)
        needed = size if size < _MIN_TERMS_FOR_NEAR else math.ceil(SAME_CONTAINMENT * size)
        largest = size if size < _MIN_TERMS_FOR_NEAR else size / SAME_JACCARD
        for term in ordered[: size - needed + 1]:
            for j in index[term]:
                if j != i and size <= len(terms[j]) <= largest:
                    pairs.add((min(i, j), max(i, j)))
    return pairs

"""Which statements several outlets carry, and which rest on one source.

    documents ──clean──▶ statements (body sentences that state something)
              ──tf-idf cosine across documents, and the semantic layer's same-fact decision──▶ pairs of paraphrases
              ──merge, one statement per document──▶ groups: confirmed by N outlets / single-source

A statement is a body sentence (not a headline, byline, caption or site furniture; see
:mod:`newsum.clean`) that is not only a quotation with its attribution. Two statements of
different documents are paraphrases when the cosine of their content stems, each weighted by
its inverse frequency among the cluster's statements, reaches :data:`PARAPHRASE_COSINE`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..clean import clean
from ..model import Document, date_sort_key
from ..semantic import SameFact
from ..semantic.lexical import tfidf_vectors
from ..terms import STOPWORDS, analyze
from .lexicon import NUMBER_WORDS, meaning, rewrite

__all__ = ["Statement", "Corroboration", "statements_of", "corroborate", "PARAPHRASE_COSINE"]

#: Cosine (tf-idf over content stems, synonyms merged) at which two statements of different
#: documents say the same thing, with groups merged by average linkage (GROUP_LINKAGE). Chosen
#: on our labelled clusters (benchmarks/insight_eval.py), pairwise F1 for the three sets
#: a-c / d-f / g-h: 0.947 / 0.853 / 0.750 here; 0.22 gives 0.929 / 0.805 / 0.667; without
#: average linkage 0.15 chains unrelated statements (g-h precision 0.73). 0.18 gives
#: 0.943 / 0.848 / 0.739.
PARAPHRASE_COSINE = 0.18
#: ... for clusters of up to SMALL_CLUSTER statements. In larger clusters (DUC-2004 has 300-600
#: statements of long articles) chance overlaps grow with the number of pairs: a hand check of
#: DUC pairs found most of those between 0.15 and 0.32 unrelated and about half of those between
#: 0.35 and 0.45. The threshold rises with the log of the number of statements, to
#: LARGE_CLUSTER_COSINE at 4x SMALL_CLUSTER statements.
SMALL_CLUSTER = 100
LARGE_CLUSTER_COSINE = 0.4

#: The average similarity between two groups that merge, as a share of the pair threshold.
GROUP_LINKAGE = 0.8
#: Shorter sentences state too little to group ("Read more."); four words still say "No one
#: was killed."
MIN_WORDS = 4

_QUOTE_CHARS = re.compile(r"``|''|[\"“”]")


@dataclass(frozen=True)
class Statement:
    document_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Corroboration:
    """One fact and every statement of it: ``sources`` are document ids, ``outlets`` their
    distinct outlet names (a document without one counts as its own outlet)."""

    text: str
    statements: tuple[Statement, ...]
    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    first_reported: str | None

    @property
    def label(self) -> str:
        n = len(self.outlets)
        return f"confirmed by {n} outlets" if n > 1 else "single-source"

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "outlets": list(self.outlets),
            "first_reported": self.first_reported,
            "label": self.label,
            "statements": [
                {"document_id": s.document_id, "start": s.start, "end": s.end, "text": s.text} for s in self.statements
            ],
        }


def _quote_only(text: str) -> bool:
    """A piece of quotation with no words of the reporter's around it (a paragraph that
    continues a quote): it states nothing the reporter attributes. A quote with its
    attribution ('"We regard this negatively," Lavrov said.') is a statement: outlets that
    carry it corroborate that it was said."""
    marks = list(_QUOTE_CHARS.finditer(text))
    if not marks or marks[0].start() > 2:
        return False
    outside = text[marks[-1].end() :] if len(marks) > 1 else ""
    return not any(ch.isalpha() for ch in outside)


def statements_of(documents: Sequence[Document]) -> list[Statement]:
    """The statements of every document, in document order and text order."""
    found = []
    for document in documents:
        for sentence in clean(document):
            if sentence.selectable and not _quote_only(sentence.text) and len(sentence.text.split()) >= MIN_WORDS:
                found.append(Statement(document.id or "", sentence.start, sentence.end, sentence.text))
    return found


def _vectors(statements: Sequence[Statement]) -> list[dict[str, float]]:
    return tfidf_vectors([_bag(s.text) for s in statements])


def _bag(text: str) -> Counter[str]:
    """The words a statement says something with: content stems, synonyms as one word
    (:mod:`.lexicon`), numbers as digits ("Fourteen" and "14"; "9 percent" keeps its "9")."""
    terms = analyze(rewrite(text))
    return Counter({
        meaning(stem) for word, stem in zip(terms.words, terms.stems)
        if (word not in STOPWORDS or word in NUMBER_WORDS) and (len(word) > 1 or word.isdigit())
    })


def corroborate(
    documents: Sequence[Document],
    *,
    threshold: float = PARAPHRASE_COSINE,
    statements: Sequence[Statement] | None = None,
    same_fact: SameFact | None = None,
) -> list[Corroboration]:
    """Every statement grouped with its paraphrases in other documents; groups in order of
    their first statement. ``statements``: :func:`statements_of` the documents, when the
    caller has them already. ``same_fact``: the semantic layer's decision (default: the
    shipped one), whose pairs join the cosine's."""
    documents = [d for d in documents if d.text.strip()]
    by_id = {d.id: d for d in documents}
    statements = statements_of(documents) if statements is None else statements
    vectors = _vectors(statements)
    if threshold == PARAPHRASE_COSINE and len(statements) > SMALL_CLUSTER:
        rise = min(1.0, math.log(len(statements) / SMALL_CLUSTER) / math.log(4))
        threshold += (LARGE_CLUSTER_COSINE - threshold) * rise
    # Pairs of statements of different documents, most similar first.
    postings: dict[str, list[int]] = {}
    for index, vector in enumerate(vectors):
        for term in vector:
            postings.setdefault(term, []).append(index)
    pairs = []
    for i, vector in enumerate(vectors):
        scores: Counter[int] = Counter()
        for term, weight in vector.items():
            for j in postings[term]:
                if j > i and statements[j].document_id != statements[i].document_id:
                    scores[j] += weight * vectors[j][term]
        pairs.extend((score, i, j) for j, score in scores.items() if score >= threshold)
    # The semantic layer's same-fact pairs join as pairs at the threshold: other wordings of one
    # fact that share too few words for the cosine. At the layer's own threshold (0.90
    # precision on the same-fact pairs) they change no labelled pair of tests/insight a-i
    # (benchmarks/insight_eval.py: the cosine already finds them); at 0.15 they add two true
    # pairs of set i and no false one. One threshold for "same fact" is worth more here.
    same_fact = SameFact() if same_fact is None else same_fact
    if len(statements) > 1:
        known = {(i, j): k for k, (_, i, j) in enumerate(pairs)}
        for match in same_fact.pairs([s.text for s in statements], groups=[s.document_id for s in statements]):
            if (match.i, match.j) not in known:
                pairs.append((threshold, match.i, match.j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    similarity = {(i, j): score for score, i, j in pairs}
    group_of = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    for _, i, j in pairs:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        docs_a = {statements[k].document_id for k in members[a]}
        if any(statements[k].document_id in docs_a for k in members[b]):
            continue  # one statement per document in a group
        # Average linkage: every statement of the merged group must, on average, say the same
        # as the others, so that A ~ B and B ~ C do not chain A into C's group.
        cross = [similarity.get((min(x, y), max(x, y)), 0.0) for x in members[a] for y in members[b]]
        if sum(cross) / len(cross) < threshold * GROUP_LINKAGE:
            continue
        for k in members[b]:
            group_of[k] = a
        members[a].extend(members.pop(b))
    groups = []
    for first in sorted(members):
        indices = sorted(members[first])
        chosen = [statements[k] for k in indices]
        sources = tuple(dict.fromkeys(s.document_id for s in chosen))
        outlets = tuple(dict.fromkeys((by_id[d].source or d) for d in sources))
        dated = [by_id[d] for d in sources if by_id[d].date is not None]
        first_reported = min(dated, key=lambda d: date_sort_key(d.date)).date.isoformat() if dated else None
        groups.append(Corroboration(chosen[0].text, tuple(chosen), sources, outlets, first_reported))
    return groups

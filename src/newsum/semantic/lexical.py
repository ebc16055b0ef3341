"""The lexical half of the semantic layer: content-stem overlaps and tf-idf cosines.

Every comparison of two sentences by their words goes through here, so that no module keeps a
second copy of a cosine or a containment:

* :func:`containment` and :func:`jaccard` of content-stem sets (:func:`newsum.terms.analyze`),
  and :func:`same_wording`, the rule for copies ("the same sentence, a word changed or a clause
  added") that groups verbatim support (:mod:`newsum.similarity`);
* :func:`tfidf_vectors`, unit tf-idf vectors with idf over the bags given (a cluster's
  statements: corroboration and conflicts), and :func:`cosine` of two such sparse vectors;
* :func:`background_vector`, a unit tf-idf vector whose idf comes from English word frequencies
  (wordfreq), not from the bags at hand: a pair of sentences then gets the same score in a
  two-sentence test and in a 600-sentence cluster, which the learned same-fact decision
  (:mod:`.same_fact`) needs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..terms import STOPWORDS, Terms

__all__ = [
    "containment",
    "jaccard",
    "same_wording",
    "tfidf_vectors",
    "cosine",
    "background_vector",
    "background_idf",
    "SAME_CONTAINMENT",
    "SAME_JACCARD",
]

#: Copies (see :func:`same_wording`): the shorter sentence's content stems nearly all in the
#: longer (one changed word in a 10-word sentence is 0.9, an added clause 1.0); two reports of
#: different facts about the same people and places rarely reach it (korea-2017: the highest
#: such pair is 0.67).
SAME_CONTAINMENT = 0.8
#: ... and the two not mostly different: an added clause may at most double the sentence.
SAME_JACCARD = 0.5
#: Shorter sentences ("Lavrov said.") are copies only when their words are identical.
MIN_TERMS_FOR_NEAR = 4


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller term set that is in the larger (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def same_wording(a: frozenset[str], b: frozenset[str]) -> bool:
    """Are two sentences with these content-stem sets copies of each other (the same words,
    one changed, or a clause added)?"""
    if not a or not b:
        return False
    if min(len(a), len(b)) < MIN_TERMS_FOR_NEAR:
        return a == b
    return containment(a, b) >= SAME_CONTAINMENT and jaccard(a, b) >= SAME_JACCARD


def tfidf_vectors(bags: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """Unit-length tf-idf vectors of bags of terms, idf over the bags themselves (a cluster's
    statements: what every statement says weighs little)."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    vectors = []
    for bag in bags:
        vector = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t]) + 1) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / norm for t, v in vector.items()})
    return vectors


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse unit vectors (their cosine)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


#: Zipf frequency (log10 per billion words) above which nothing is rarer: background idf is
#: ``IDF_CEILING - zipf(word)``, so "the" (7.7) weighs 0.3 and a word outside wordfreq's top
#: 60,000 weighs 8.
IDF_CEILING = 8.0


def background_vector(terms: Terms) -> dict[str, float]:
    """Unit tf-idf vector of a sentence's content stems, idf from English word frequencies
    (the rarest spelling of a stem in the sentence gives its weight)."""
    counts: dict[str, int] = {}
    idf: dict[str, float] = {}
    for word, stem in zip(terms.words, terms.stems):
        weight = background_idf(word)
        if weight is None:
            continue
        counts[stem] = counts.get(stem, 0) + 1
        if weight > idf.get(stem, 0.0):
            idf[stem] = weight
    vector = {s: (1 + math.log(c)) * idf[s] if c > 1 else idf[s] for s, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {s: v / norm for s, v in vector.items()}


@lru_cache(maxsize=200_000)
def background_idf(word: str) -> float | None:
    """Background idf of a word; None for stop words and one-letter tokens (not content).
    Cached: a pure function of the word and the shipped frequency table."""
    if word in STOPWORDS or len(word) < 2:
        return None
    from ..select.salience import zipf  # the one wordfreq table; imported late (no cycle)

    return max(0.1, IDF_CEILING - zipf(word))

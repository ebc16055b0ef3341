"""Documents that do not belong to the cluster's story.

Crawled clusters carry pages that are about something else (a stray article, a topic page,
a login wall). Each document is compared with the rest of the cluster: the cosine between its
content words and those of all other documents together, each word weighted by how rare it is
in English at large (a document about the same story shares its names and rare words, not just
"said" and "year"). A document is off-topic when

* it has no article text at all (every line is a headline, byline or site furniture): ``empty``;
* its similarity to the rest is below :data:`UNRELATED_BELOW` and, in clusters of three or
  more, also well below the other documents' own similarity to the rest: ``unrelated``. In a
  cluster of two, low similarity says only that the two differ; the one that reads least like
  an article (fewer words of article text) is flagged when it is much shorter, else neither.

The cluster's story is what most documents share: a document is never flagged when that would
leave no document. Measured against the noisy ``llm_irrelevant_docs`` labels of Multi-News
validation (see the README and ``benchmarks/offtopic.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

from .model import OffTopic
from .terms import STOPWORDS, Terms

__all__ = ["OffTopic", "find_offtopic", "UNRELATED_BELOW"]

#: Cosine similarity to the rest of the cluster below which a document is unrelated. Chosen on
#: the first 500 Multi-News validation clusters: the precision of the noisy labels stays
#: above 0.6 down to here and falls quickly past it (0.05: P 0.64, R 0.45; 0.10: P 0.58).
UNRELATED_BELOW = 0.05
#: In clusters of three or more, a flagged document is also below this share of the median
#: similarity of the others (a cluster of loosely related pages flags none).
RELATIVE_BELOW = 0.5
#: In a pair, the shorter document is flagged only when it has less than this share of the
#: other's article words.
PAIR_SHORTER_THAN = 0.5


def _vector(analyses: Sequence[Terms], rarity: dict[str, float], zipf) -> dict[str, float]:
    """Content stems weighted by (1 + log of the sentences using them) times rarity."""
    counts: Counter[str] = Counter(chain.from_iterable(terms.content for terms in analyses))
    missing = counts.keys() - rarity.keys()
    for terms in analyses:
        if not missing:
            break
        if missing.isdisjoint(terms.content):
            continue
        for word, stem in zip(terms.words, terms.stems):
            if stem in missing and stem in terms.content:
                # Zipf 7.5 ("the") weighs 0.5; a word outside the 60,000 most common weighs 7.5.
                rarity[stem] = max(0.5, 7.5 - zipf(word))
                missing.discard(stem)
    return {stem: (1.0 + math.log(n)) * rarity[stem] for stem, n in counts.items()}


def _similarity_to_rest(vector: Mapping[str, float], totals: Mapping[str, float], total_square: float) -> float:
    """Cosine between ``vector`` and ``totals - vector`` (the other documents together), in
    time linear in the document's own terms: the rest is never built."""
    dot_total = sum(value * totals[term] for term, value in vector.items())
    own_square = sum(value * value for value in vector.values())
    dot = dot_total - own_square
    rest_square = total_square - 2 * dot_total + own_square
    if own_square <= 0 or rest_square <= 1e-12:
        return 0.0
    return max(0.0, dot) / math.sqrt(own_square * rest_square)


def find_offtopic(body: Mapping[str, Sequence[Terms]]) -> list[OffTopic]:
    """Off-topic documents among ``body`` (document id to the analyses of its article
    sentences, in the cluster's canonical order)."""
    from .select.salience import zipf

    flagged: list[OffTopic] = []
    with_text = [doc for doc, analyses in body.items() if analyses]
    for doc, analyses in body.items():
        if not analyses:
            flagged.append(OffTopic(doc, 1.0, "empty: no article text, only headlines, bylines or site furniture"))
    if len(with_text) < 2:
        return flagged
    rarity: dict[str, float] = {}
    vectors = {doc: _vector(body[doc], rarity, zipf) for doc in with_text}
    totals: Counter[str] = Counter()
    for vector in vectors.values():
        totals.update(vector)
    total_square = sum(value * value for value in totals.values())
    similarity = {doc: _similarity_to_rest(vector, totals, total_square) for doc, vector in vectors.items()}

    if len(with_text) == 2:
        a, b = with_text
        if similarity[a] >= UNRELATED_BELOW:
            return flagged
        words = {doc: sum(len(t) for t in body[doc]) for doc in with_text}
        shorter, longer = sorted(with_text, key=lambda d: (words[d], d))
        if words[shorter] < PAIR_SHORTER_THAN * words[longer]:
            flagged.append(
                OffTopic(shorter, 1.0 - similarity[shorter], f"unrelated: similarity {similarity[shorter]:.3f} to the other "
                         f"document, and much less article text ({words[shorter]} vs {words[longer]} words)")
            )
        return flagged

    candidates = []
    for doc in with_text:
        others = sorted(similarity[d] for d in with_text if d != doc)
        median = others[len(others) // 2] if len(others) % 2 else (others[len(others) // 2 - 1] + others[len(others) // 2]) / 2
        if similarity[doc] < UNRELATED_BELOW and similarity[doc] < RELATIVE_BELOW * median:
            candidates.append((similarity[doc], doc, median))
    # Never flag every document: the story is what the others share.
    for value, doc, median in sorted(candidates)[: len(with_text) - 1]:
        flagged.append(
            OffTopic(doc, 1.0 - value, f"unrelated: similarity {value:.3f} to the rest of the cluster, "
                     f"where the other documents have {median:.3f}")
        )
    return flagged

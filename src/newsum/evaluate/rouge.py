"""A quick ROUGE: Google's ``rouge-score`` (R-1, R-2, R-L), with Porter stemming.

Settings, stated next to every number this module produces: recall (and F) averaged over the
references of a cluster, summaries truncated to the word limit first (as ROUGE-1.5.5's
``-l`` does), rouge-score's default tokenizer (lower case, letters and digits only), stemming
on, stop words kept. It has no ROUGE-SU4 and no jackknifing, so its numbers are close to but
not the same as ROUGE-1.5.5's; the evaluation issue wraps the Perl reference for published
comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import MissingDependency

__all__ = ["RougeScores", "rouge_recall", "truncate_words", "SETTINGS"]

SETTINGS = "rouge-score 0.1.x, Porter stemming, stop words kept, recall averaged over references, truncated to the word limit"


@dataclass(frozen=True)
class RougeScores:
    r1: float
    r2: float
    rl: float
    f1: float
    f2: float
    fl: float


def truncate_words(text: str, limit: int) -> str:
    """The first ``limit`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:limit])


@lru_cache(maxsize=1)
def _scorer():
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise MissingDependency("ROUGE scoring", "eval", "rouge-score") from None
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def rouge_recall(summary: str, references: Sequence[str], *, words: int | None = None) -> RougeScores:
    """ROUGE of one summary against its references (averaged over references)."""
    if not references:
        raise ValueError("ROUGE needs at least one reference summary")
    if words is not None:
        summary = truncate_words(summary, words)
    scorer = _scorer()
    totals = [0.0] * 6
    for reference in references:
        scores = scorer.score(reference, summary)
        for k, name in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[k] += scores[name].recall
            totals[3 + k] += scores[name].fmeasure
    n = len(references)
    return RougeScores(*(100.0 * t / n for t in totals))

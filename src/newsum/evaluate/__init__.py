"""Evaluation: ROUGE against reference summaries, and baselines run side by side.

Needs the ``eval`` extra: ``pip install 'newsum[eval]'``.
"""

from .baselines import BASELINES, run_baseline
from .rouge import RougeScores, rouge_recall, truncate_words

__all__ = ["BASELINES", "run_baseline", "RougeScores", "rouge_recall", "truncate_words"]

"""Evaluation: ROUGE against reference summaries, and baselines run side by side.

Needs the ``eval`` extra: ``pip install 'newsum[eval]'`` (and, for the ROUGE-1.5.5 scorer of
record, ``perl`` with Debian's ``libxml-dom-perl``).
"""

from .baselines import BASELINES, run_baseline
from .rouge import RougeRun, RougeScores, available_scorers, score, truncate_words

__all__ = ["BASELINES", "run_baseline", "RougeRun", "RougeScores", "available_scorers", "score", "truncate_words"]

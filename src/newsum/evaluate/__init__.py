"""Evaluation: ROUGE against reference summaries, and baselines run side by side.

Needs the ``eval`` extra: ``pip install 'newsum[eval]'`` (and, for the ROUGE-1.5.5 scorer of
record, ``perl`` with Debian's ``libxml-dom-perl``).

    rouge.py      the scorers (ROUGE-1.5.5, rouge-score) behind one score()
    baselines.py  lead, sumy's five, centroid, the ROUGE-2 oracle
    stats.py      bootstrap confidence intervals, paired randomization test
    harness.py    run every system on the same clusters, score, compare: evaluate()
    report.py     the text table, report.json and the plot
"""

from .baselines import BASELINES, run_baseline
from .harness import EvalResult, SystemResult, evaluate
from .report import render_table, write_report
from .rouge import RougeRun, RougeScores, available_scorers, score, truncate_words
from .stats import bootstrap_ci, paired_test

__all__ = [
    "BASELINES",
    "run_baseline",
    "evaluate",
    "EvalResult",
    "SystemResult",
    "render_table",
    "write_report",
    "RougeRun",
    "RougeScores",
    "available_scorers",
    "score",
    "truncate_words",
    "bootstrap_ci",
    "paired_test",
]

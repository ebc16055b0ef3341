"""Run newsum and baselines on the same clusters, score them, and say how sure we are.

    clusters ──each system, timed──▶ summaries ──one score() call per system──▶ per-cluster ROUGE
             ──stats──▶ means, bootstrap CIs, paired p-values vs newsum ──▶ EvalResult

Rendering (table, JSON file, plot) is :mod:`.report`'s job.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..language import cluster_language
from ..model import Budget, Cluster
from ..summarizer import Summarizer
from ..terms import reading
from .baselines import BASELINES, run_baseline
from .rouge import resolve_scorer
from .rouge import RougeRun, score
from .stats import bootstrap_ci, paired_test

__all__ = ["evaluate", "EvalResult", "SystemResult", "NEWSUM", "METRICS", "TESTED_METRICS", "SYSTEM_LABELS"]

NEWSUM = "newsum"
#: Recall and F-measure of ROUGE-1, -2 and -SU4, as :class:`~newsum.evaluate.rouge.RougeScores` names them.
METRICS = ("r1", "r2", "rsu4", "f1", "f2", "fsu4")
#: The metrics the paired test is run on: recall, the DUC-2004 task's measure.
TESTED_METRICS = ("r1", "r2", "rsu4")
METRIC_LABELS = {"r1": "R-1", "r2": "R-2", "rsu4": "R-SU4", "f1": "R-1", "f2": "R-2", "fsu4": "R-SU4"}
SYSTEM_LABELS = {
    "lead": "Lead",
    "lexrank": "sumy LexRank",
    "textrank": "sumy TextRank",
    "lsa": "sumy LSA",
    "kl": "sumy KL-Sum",
    "sumbasic": "sumy SumBasic",
    "centroid": "Centroid",
    "oracle": "Oracle (ROUGE-2, greedy)",
}

# 95% percentile intervals from 1,000 bootstrap resamples; 10,000 sign flips for p-values
# (the Monte Carlo error of p ~ 0.05 is then ~0.002). Fixed seeds: a report is reproducible.
CONFIDENCE = 0.95
BOOTSTRAP_RESAMPLES = 1000
TEST_RESAMPLES = 10000
SEED = 0


@dataclass(frozen=True)
class SystemResult:
    """One system over all clusters: per-cluster scores and times, and their summaries."""

    name: str
    label: str
    run: RougeRun
    seconds: tuple[float, ...]
    words: tuple[int, ...]
    over_budget: int
    failures: tuple[str, ...]
    means: Mapping[str, float | None]
    cis: Mapping[str, tuple[float, float] | None]
    p_values: Mapping[str, float | None] = field(default_factory=dict)

    @property
    def ms_per_cluster(self) -> float:
        return 1000 * sum(self.seconds) / len(self.seconds)


@dataclass(frozen=True)
class EvalResult:
    """Everything one evaluation run measured, and the settings it was measured with."""

    cluster_ids: tuple[str | None, ...]
    words: int
    method: str
    scorer: str
    settings: str
    systems: Mapping[str, SystemResult]
    data_path: str | None = None
    data_sha256: str | None = None
    confidence: float = CONFIDENCE
    bootstrap_resamples: int = BOOTSTRAP_RESAMPLES
    test_resamples: int = TEST_RESAMPLES
    seed: int = SEED
    seconds: float = 0.0

    @property
    def has_su4(self) -> bool:
        return all(s.means.get("rsu4") is not None for s in self.systems.values())

    @property
    def settings_note(self) -> str:
        """The settings in words, to print beside the numbers."""
        return settings_note(self.scorer, self.settings, self.words)

    @property
    def stats_note(self) -> str:
        return (
            f"{round(100 * self.confidence)}% CI: percentile bootstrap of the mean over clusters, "
            f"{self.bootstrap_resamples} resamples, seed {self.seed}; p: paired sign-flip randomization test "
            f"against {NEWSUM}, two-sided, on per-cluster recall, {self.test_resamples} resamples, seed {self.seed}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what ``report.json`` holds)."""
        from .._version import __version__

        return {
            "report_version": "1.0",
            "newsum_version": __version__,
            "settings": self.settings,
            "settings_note": self.settings_note,
            "scorer": self.scorer,
            "words": self.words,
            "method": self.method,
            "data": {"path": self.data_path, "sha256": self.data_sha256, "clusters": len(self.cluster_ids)},
            "statistics": {
                "confidence": self.confidence,
                "bootstrap_resamples": self.bootstrap_resamples,
                "test": "paired sign-flip randomization, two-sided, against newsum, on recall",
                "test_resamples": self.test_resamples,
                "seed": self.seed,
                "note": self.stats_note,
            },
            "seconds": round(self.seconds, 3),
            "systems": {
                name: {
                    "label": system.label,
                    "scorer": system.run.scorer,
                    "settings": system.run.settings,
                    "mean": {metric: _round(system.means[metric]) for metric in METRICS},
                    "ci": {metric: [_round(v) for v in ci] if ci is not None else None for metric, ci in system.cis.items()},
                    "p_vs_newsum": dict(system.p_values) if name != NEWSUM else None,
                    "ms_per_cluster": round(system.ms_per_cluster, 3),
                    "over_budget": system.over_budget,
                    "failures": list(system.failures),
                }
                for name, system in self.systems.items()
            },
            "clusters": [
                {
                    "id": cluster_id,
                    "scores": {
                        name: {
                            **{metric: _round(getattr(system.run.scores[i], metric)) for metric in METRICS},
                            "words": system.words[i],
                            "ms": round(1000 * system.seconds[i], 3),
                        }
                        for name, system in self.systems.items()
                    },
                }
                for i, cluster_id in enumerate(self.cluster_ids)
            ],
        }


def _round(value: float | None) -> float | None:
    """Scores in % to 4 decimals: ROUGE-1.5.5 prints 5 digits of a fraction; the rest is float noise."""
    return None if value is None else round(value, 4)


def settings_note(scorer: str, settings: str, words: int) -> str:
    """``settings`` (the scorer's own line) with what it means: recall and F, truncation,
    stemming, stop words, how references are combined."""
    if scorer == "rouge-1.5.5":
        return (
            f"{settings} | recall and F in %, summaries cut to {words} words (-l {words}), Porter stemming "
            "with WordNet exceptions (-m), stop words kept (no -s), counts pooled over the references (-f A)"
        )
    return f"{settings} | recall and F in %"


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def evaluate(
    clusters: Iterable[Cluster],
    *,
    systems: Sequence[str],
    words: int = 100,
    method: str = "concept",
    trim: bool = False,
    scorer: str = "auto",
    data: str | Path | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> EvalResult:
    """Summarize every cluster with every system, score them, and compare them.

    ``systems`` names ``"newsum"`` (a :class:`newsum.Summarizer` with ``method`` and a budget of
    ``words`` words) and baselines of :data:`~newsum.evaluate.baselines.BASELINES`. Every
    summary is cut to ``words`` words before scoring (newsum never needs it). ``scorer`` is
    resolved once, so every number comes from the same scorer. ``data`` is the file the
    clusters came from, recorded with its SHA-256. ``progress(event, system)`` is called with
    ``"summarized"`` after each summary (``len(clusters) * len(systems)`` calls), then with
    ``"scoring"`` before each system is scored.

    A cluster on which newsum raises an input error (nothing it may select fits, no usable
    sentence) counts as an empty summary and is listed in that system's ``failures``: one bad
    cluster does not end a run of hours, and the failure is reported, not hidden.
    """
    clusters = list(clusters)
    names = list(dict.fromkeys(systems))
    _check(clusters, names, words=words, data=data)
    languages = [cluster_language(cluster.documents) for cluster in clusters]
    non_english = sorted({language for language in languages if language != "en"})
    # One scorer for the whole run: any cluster not in English makes it the Unicode scorer.
    scorer_name = resolve_scorer(scorer, language=non_english[0] if non_english else None)

    summarizer = Summarizer(budget=Budget(words=words), method=method, trim=trim)
    sentences: dict[str, list[list[str]]] = {name: [] for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    failures: dict[str, list[str]] = {name: [] for name in names}
    started = time.perf_counter()
    for cluster, language in zip(clusters, languages):
        for name in names:
            start = time.perf_counter()
            try:
                if name == NEWSUM:
                    picked = [s.text for s in summarizer.summarize(cluster).sentences]
                else:
                    with reading(language):  # the baselines split, tokenize and stem in it too
                        picked = run_baseline(name, cluster, words=words)
            except InputError as error:
                picked = []
                failures[name].append(f"{cluster.id}: {error}")
            seconds[name].append(time.perf_counter() - start)
            sentences[name].append(picked)
            if progress is not None:
                progress("summarized", name)

    references = [list(cluster.references) for cluster in clusters]
    runs = {}
    for name in names:
        if progress is not None:
            progress("scoring", name)
        runs[name] = _score_by_language(sentences[name], references, languages, words=words, scorer=scorer_name)
    results: dict[str, SystemResult] = {}
    for name in names:
        run = runs[name]
        counts = tuple(len(" ".join(s).split()) for s in sentences[name])
        means, cis = {}, {}
        for metric in METRICS:
            values = _values(run, metric)
            means[metric] = sum(values) / len(values) if values is not None else None
            cis[metric] = (
                bootstrap_ci(values, confidence=CONFIDENCE, resamples=BOOTSTRAP_RESAMPLES, seed=SEED)
                if values is not None
                else None
            )
        p_values = {}
        if NEWSUM in runs and name != NEWSUM:
            for metric in TESTED_METRICS:
                ours, theirs = _values(runs[NEWSUM], metric), _values(run, metric)
                p_values[metric] = (
                    paired_test(ours, theirs, resamples=TEST_RESAMPLES, seed=SEED) if ours is not None and theirs is not None else None
                )
        results[name] = SystemResult(
            name=name,
            label=(f"newsum ({method}, trimmed)" if trim else f"newsum ({method})") if name == NEWSUM else SYSTEM_LABELS.get(name, name),
            run=run,
            seconds=tuple(seconds[name]),
            words=counts,
            over_budget=sum(count > words for count in counts),
            failures=tuple(failures[name]),
            means=means,
            cis=cis,
            p_values=p_values,
        )
    settings = runs[names[0]].settings
    return EvalResult(
        cluster_ids=tuple(cluster.id for cluster in clusters),
        words=words,
        method=f"{method}, trimmed" if trim else method,
        scorer=scorer_name,
        settings=settings,
        systems=results,
        data_path=str(data) if data is not None else None,
        data_sha256=file_sha256(data) if data is not None and Path(data).is_file() else None,
        seconds=time.perf_counter() - started,
    )


def _score_by_language(
    summaries: list[list[str]], references: list[list[str]], languages: list[str], *, words: int, scorer: str
) -> RougeRun:
    """One RougeRun over all clusters; the Unicode scorer stems each cluster in its language."""
    if scorer != "unicode" or len(set(languages)) == 1:
        return score(summaries, references, words=words, scorer=scorer, language=languages[0] if scorer == "unicode" else None)
    scores: list = [None] * len(summaries)
    settings: dict[str, str] = {}
    for language in sorted(set(languages)):
        where = [i for i, code in enumerate(languages) if code == language]
        run = score([summaries[i] for i in where], [references[i] for i in where], words=words, scorer=scorer, language=language)
        for i, value in zip(where, run.scores):
            scores[i] = value
        settings[language] = run.settings
    return RougeRun(tuple(scores), scorer, "per language: " + "; ".join(f"{code}: {line}" for code, line in settings.items()))


def _values(run: RougeRun, metric: str) -> list[float] | None:
    values = [getattr(s, metric) for s in run.scores]
    return None if any(v is None for v in values) else values


def _check(clusters: list[Cluster], names: list[str], *, words: int, data: str | Path | None) -> None:
    """Fail before hours of work, not after: bad settings, and clusters without references."""
    if not names:
        raise ConfigError(f"no systems to evaluate; name {NEWSUM!r} and/or baselines: {', '.join(BASELINES)}")
    unknown = [name for name in names if name != NEWSUM and name not in BASELINES]
    if unknown:
        raise ConfigError(f"unknown system {unknown[0]!r}; choose from {NEWSUM}, {', '.join(BASELINES)}")
    if isinstance(words, bool) or not isinstance(words, int) or words < 1:
        raise ConfigError(f"words must be a positive whole number, got {words!r}")
    if not clusters:
        raise InputError("no clusters to evaluate", path=str(data) if data is not None else None)
    for number, cluster in enumerate(clusters, start=1):
        if not cluster.references:
            raise InputError(
                f"cluster {cluster.id!r} (cluster {number} of the input) has no reference summaries; evaluation scores "
                "summaries against them: give every cluster a 'references' list of strings",
                path=str(data) if data is not None else None,
            )


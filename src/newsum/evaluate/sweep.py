"""The budget sweep: the same systems on the same clusters at several summary lengths.

    budgets ──evaluate() at each──▶ one EvalResult per budget ──▶ a table (systems × budgets),
                                                                   sweep.json and a plot

A method can win at 100 words and lose at 250 (the budget takes half of a small cluster's
input, and redundancy starts to cost): the sweep shows where.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Cluster
from .harness import METRIC_LABELS, NEWSUM, TESTED_METRICS, EvalResult, evaluate
from .report import _short_settings, require_plotting, save_figure

__all__ = ["SweepResult", "sweep", "render_sweep_table", "write_sweep_report", "parse_budgets"]

#: A baseline's mean is marked when the paired test against newsum gives p below this.
SIGNIFICANT = 0.05


@dataclass(frozen=True)
class SweepResult:
    """One :class:`EvalResult` per budget, in increasing budget order."""

    results: tuple[EvalResult, ...]

    @property
    def budgets(self) -> tuple[int, ...]:
        return tuple(r.words for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        first = self.results[0]
        return {
            "report_version": "1.0",
            "kind": "budget sweep",
            "scorer": first.scorer,
            "data": {"path": first.data_path, "sha256": first.data_sha256, "clusters": len(first.cluster_ids)},
            "budgets": list(self.budgets),
            "settings": {str(r.words): r.settings_note for r in self.results},
            "systems": {
                name: {
                    "label": system.label,
                    "by_budget": {
                        str(r.words): {
                            "mean": {m: r.systems[name].means[m] for m in TESTED_METRICS},
                            "ci": {m: r.systems[name].cis[m] for m in TESTED_METRICS},
                            "p_vs_newsum": dict(r.systems[name].p_values) if name != NEWSUM else None,
                            "over_budget": r.systems[name].over_budget,
                            "ms_per_cluster": round(r.systems[name].ms_per_cluster, 3),
                        }
                        for r in self.results
                    },
                }
                for name, system in first.systems.items()
            },
        }


def parse_budgets(text: str) -> list[int]:
    """``"50,100,200"`` → ``[50, 100, 200]``; a clear error for anything else."""
    budgets = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ConfigError(f"budget sweep: {part!r} is not a positive whole number of words; write e.g. 50,100,200")
        budgets.append(int(part))
    if not budgets:
        raise ConfigError("budget sweep: no budgets given; write e.g. 50,100,200")
    return sorted(set(budgets))


def sweep(
    clusters: Iterable[Cluster],
    *,
    budgets: Sequence[int],
    systems: Sequence[str],
    progress: Callable[[str, str], None] | None = None,
    **options: Any,
) -> SweepResult:
    """:func:`~newsum.evaluate.harness.evaluate` at every budget in ``budgets`` (words), with
    the same ``systems``, clusters and ``options`` (method, trim, scorer, data)."""
    clusters = list(clusters)
    if not budgets:
        raise ConfigError("budget sweep: no budgets given")
    results = []
    for words in sorted(set(budgets)):
        results.append(evaluate(clusters, systems=systems, words=words, progress=progress, **options))
    # One scorer for every number of the sweep: resolve_scorer is deterministic for one machine,
    # but say so if it ever is not.
    if len({r.scorer for r in results}) != 1:  # pragma: no cover - defensive
        raise ConfigError("budget sweep: budgets were scored by different scorers; pass --scorer explicitly")
    return SweepResult(tuple(results))


def _cell(result: EvalResult, name: str, metric: str) -> str:
    system = result.systems[name]
    mean = system.means[metric]
    if mean is None:
        return "—"
    p = system.p_values.get(metric) if name != NEWSUM else None
    return f"{mean:5.2f}{'*' if p is not None and p < SIGNIFICANT else ' '}"


def render_sweep_table(result: SweepResult) -> str:
    """Systems down, budgets across; recall of R-1, R-2, R-SU4 at each budget; a baseline's
    mean is starred where it differs from newsum's with p < 0.05 (paired), and the last row
    gives newsum minus the best baseline."""
    first = result.results[0]
    metrics = [m for m in TESTED_METRICS if all(r.systems[NEWSUM].means.get(m) is not None for r in result.results)]
    names = list(first.systems)
    labels = {name: first.systems[name].label for name in names}
    width = max(len("newsum − best baseline"), *(len(label) for label in labels.values())) + 2
    cell = 8
    group = cell * len(metrics) + 3
    n = len(first.cluster_ids)
    source = f" of {first.data_path}" if first.data_path else ""
    lines = [
        f"Budget sweep: {n} cluster{'s' if n != 1 else ''}{source}; newsum method {first.method}; scorer {first.scorer}",
        f"ROUGE: {first.settings_note.replace(f'-l {first.words}', '-l <budget>').replace(f'{first.words} words', '<budget> words')}",
        f"Recall in % ({_short_settings(first).replace(f'{first.words} words', 'the budget')}); "
        f"* the paired test against newsum gives p < {SIGNIFICANT}",
        "",
        "".ljust(width) + "".join(f"{r.words} words".ljust(group) for r in result.results).rstrip(),
        "system".ljust(width)
        + "".join(("".join(METRIC_LABELS[m].ljust(cell) for m in metrics) + "   ") for _ in result.results).rstrip(),
    ]
    for name in names:
        lines.append(
            labels[name].ljust(width)
            + "".join(("".join(_cell(r, name, m).ljust(cell) for m in metrics) + "   ") for r in result.results).rstrip()
        )
    baselines = [name for name in names if name != NEWSUM]
    if NEWSUM in names and baselines:
        row = []
        for r in result.results:
            for m in metrics:
                best = max(r.systems[b].means[m] for b in baselines)
                row.append(f"{r.systems[NEWSUM].means[m] - best:+5.2f}".ljust(cell))
            row.append("   ")
        lines.append("newsum − best baseline".ljust(width) + "".join(row).rstrip())
    over = [f"{r.words}w: " + ", ".join(f"{labels[s]} {r.systems[s].over_budget}" for s in names if r.systems[s].over_budget) for r in result.results]
    over = [o for o in over if not o.endswith(": ")]
    if over:
        lines.append("Summaries over the budget (cut by ROUGE): " + "; ".join(over))
    return "\n".join(lines) + "\n"


def write_sweep_report(result: SweepResult, directory: str | Path) -> list[Path]:
    """Write ``sweep.json``, ``sweep.png``, ``sweep.svg`` and one ``report-<N>w.json`` per budget."""
    require_plotting()
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for r in result.results:
        path = target / f"report-{r.words}w.json"
        path.write_text(json.dumps(r.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    summary = target / "sweep.json"
    summary.write_text(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    paths.append(summary)
    return [*paths, *save_figure(_figure(result), target, "sweep")]


def _figure(result: SweepResult):
    from matplotlib.figure import Figure

    first = result.results[0]
    metrics = [m for m in TESTED_METRICS if all(r.systems[NEWSUM].means.get(m) is not None for r in result.results)]
    figure = Figure(figsize=(4.2 * len(metrics), 3.8), layout="constrained")
    axes = figure.subplots(1, len(metrics), squeeze=False)[0]
    budgets = list(result.budgets)
    for ax, metric in zip(axes, metrics):
        for name, system in first.systems.items():
            means = [r.systems[name].means[metric] for r in result.results]
            cis = [r.systems[name].cis[metric] for r in result.results]
            errors = [[m - ci[0] for m, ci in zip(means, cis)], [ci[1] - m for m, ci in zip(means, cis)]]
            style = {"color": "tab:red", "linewidth": 2.2, "zorder": 3} if name == NEWSUM else {"linewidth": 1.2, "alpha": 0.85}
            ax.errorbar(budgets, means, yerr=errors, marker="o", markersize=4, capsize=3, label=system.label, **style)
        ax.set_title(f"{METRIC_LABELS[metric]} recall (%)")
        ax.set_xlabel("budget (words)")
        ax.set_xticks(budgets)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="lower right")
    figure.suptitle(
        f"{_short_settings(first).replace(f'{first.words} words', 'the budget')}; {len(first.cluster_ids)} clusters; "
        f"mean with {round(100 * first.confidence)}% bootstrap CI",
        fontsize=9,
    )
    return figure

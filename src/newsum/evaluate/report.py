"""An evaluation run for people and for files: the text table, ``report.json`` and the plot.

Every table is headed by the scorer and its settings, so no number is read without them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import MissingDependency
from .harness import METRIC_LABELS, NEWSUM, TESTED_METRICS, EvalResult

__all__ = ["render_table", "write_report", "require_plotting", "REPORT_FILES"]

REPORT_FILES = ("report.json", "scores.png", "scores.svg")


def _short_settings(result: EvalResult) -> str:
    if result.scorer == "rouge-1.5.5":
        return f"ROUGE-1.5.5, cut to {result.words} words, Porter stemming, stop words kept"
    if result.scorer == "unicode":
        return f"Unicode ROUGE, cut to {result.words} words, Snowball stems per language where there is one, stop words kept"
    return f"rouge-score, cut to {result.words} words, Porter stemming, stop words kept, no SU4"


def _with_ci(mean: float | None, ci: tuple[float, float] | None) -> str:
    if mean is None or ci is None:
        return "—"
    return f"{mean:5.2f} [{ci[0]:5.2f}, {ci[1]:5.2f}]"


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def render_table(result: EvalResult) -> str:
    """The run as plain-text tables: recall and F with CIs, then time, budget and p-values."""
    systems = list(result.systems.values())
    width = max(len("system"), *(len(s.label) for s in systems)) + 2
    metrics = [m for m in ("r1", "r2", "rsu4") if m != "rsu4" or result.has_su4]
    cell = 22
    n = len(result.cluster_ids)
    source = f" of {result.data_path}" if result.data_path else ""
    digest = f" (sha256 {result.data_sha256[:12]})" if result.data_sha256 else ""
    lines = [
        f"{n} cluster{'s' if n != 1 else ''}{source}{digest}; budget {result.words} words; newsum method {result.method}; "
        f"scorer {result.scorer}",
        f"ROUGE: {result.settings_note}",
        f"Statistics: {result.stats_note}",
    ]
    for kind, prefix in (("Recall", "r"), ("F-measure", "f")):
        lines += ["", f"{kind} in % ({_short_settings(result)}), mean [{round(100 * result.confidence)}% CI]"]
        names = [prefix + m[1:] for m in metrics]
        lines.append("system".ljust(width) + "".join(METRIC_LABELS[m].ljust(cell) for m in names).rstrip())
        for system in systems:
            lines.append(
                system.label.ljust(width)
                + "".join(_with_ci(system.means[m], system.cis[m]).ljust(cell) for m in names).rstrip()
            )
    tested = [m for m in TESTED_METRICS if m in metrics]
    lines += [
        "",
        f"Time, budget and paired test against {NEWSUM} (p on recall, two-sided)",
        "system".ljust(width)
        + "ms/cluster".rjust(10)
        + f"over {result.words}w".rjust(11)
        + "failed".rjust(8)
        + "".join(f"p {METRIC_LABELS[m]}".rjust(10) for m in tested),
    ]
    for system in systems:
        ps = "".join(("—" if system.name == NEWSUM else _p(system.p_values.get(m))).rjust(10) for m in tested)
        lines.append(
            system.label.ljust(width)
            + f"{system.ms_per_cluster:10.1f}"
            + f"{system.over_budget:>11d}"
            + f"{len(system.failures):>8d}"
            + ps
        )
    lines.append(f"\nTotal time {result.seconds:.1f} s (summaries and scoring).")
    return "\n".join(lines) + "\n"


def require_plotting() -> None:
    """Raise :class:`MissingDependency` now if the plot cannot be drawn (before a long run)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MissingDependency("the evaluation plot (--report)", "eval", "matplotlib") from None


def write_report(result: EvalResult, directory: str | Path) -> list[Path]:
    """Write ``report.json``, ``scores.png`` and ``scores.svg`` into ``directory`` (created if
    needed); returns their paths."""
    require_plotting()
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    report = target / "report.json"
    report.write_text(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [report, *save_figure(_figure(result), target, "scores")]


def save_figure(figure, directory: Path, stem: str) -> list[Path]:
    """``stem.png`` and ``stem.svg`` in ``directory``, with no creation date in them: the same
    run writes the same bytes."""
    paths = []
    for suffix in ("png", "svg"):
        path = directory / f"{stem}.{suffix}"
        metadata = {"Date": None} if suffix == "svg" else {"Software": None}
        figure.savefig(path, format=suffix, dpi=150, metadata=metadata)
        paths.append(path)
    return paths


def _figure(result: EvalResult):
    # matplotlib.figure.Figure draws without pyplot: no global backend or figure registry is
    # touched, and PNG goes through the Agg renderer whatever backend the user configured.
    from matplotlib.figure import Figure

    metrics = [m for m in TESTED_METRICS if result.systems[next(iter(result.systems))].means[m] is not None]
    systems = list(result.systems.values())
    figure = Figure(figsize=(4.0 * len(metrics) + 1.5, 0.45 * len(systems) + 1.6), layout="constrained")
    axes = figure.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
    positions = list(range(len(systems)))[::-1]  # first system on top
    for ax, metric in zip(axes, metrics):
        for y, system in zip(positions, systems):
            mean, (low, high) = system.means[metric], system.cis[metric]
            colour = "tab:red" if system.name == NEWSUM else "tab:blue"
            ax.errorbar(mean, y, xerr=[[mean - low], [high - mean]], fmt="o", color=colour, capsize=3, markersize=5)
        ax.set_title(f"{METRIC_LABELS[metric]} recall (%)")
        ax.grid(axis="x", alpha=0.3)
        lows = [s.cis[metric][0] for s in systems]
        highs = [s.cis[metric][1] for s in systems]
        pad = max(0.5, 0.05 * (max(highs) - min(lows)))
        ax.set_xlim(math.floor(min(lows) - pad), math.ceil(max(highs) + pad))
    axes[0].set_yticks(positions, [s.label for s in systems])
    figure.suptitle(
        f"{_short_settings(result)}; {len(result.cluster_ids)} clusters; "
        f"mean with {round(100 * result.confidence)}% bootstrap CI",
        fontsize=9,
    )
    return figure

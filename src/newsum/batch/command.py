"""``newsum batch``: the pipeline as a Dask job."""

from __future__ import annotations

import re
import sys

import click

__all__ = ["batch_command"]


def _days(value: str, option: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", value or "")
    if not match or int(match.group(1)) < 1:
        raise click.BadParameter(f"{value!r} is not a length of time; write it as days (30d) or weeks (4w)", param_hint=option)
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Directory for stories.jsonl, stories.parquet, summaries.jsonl, report.json.")
@click.option("--scheduler", help="Address of an existing Dask scheduler (tcp://...); default: a local cluster sized to this machine.")
@click.option("--workers", type=int, help="Worker processes of the local cluster (default: one per CPU).")
@click.option("--window", default="30d", show_default=True, help="Length of a partition (days: 30d, weeks: 4w).")
@click.option("--overlap", default="30d", show_default=True, help="Days each partition also reads before its window (at most --window), to follow stories across the boundary.")
@click.option("--insight", is_flag=True, help="Also write insight.jsonl (quotes, conflicts, ...) per story.")
@click.option("--words", type=int, default=100, show_default=True, help="Budget of each story's summary.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def batch_command(inputs, out, scheduler, workers, window, overlap, insight, words, progress) -> None:
    """Group INPUT... into stories and summarize them, as a batch job on Dask.

    INPUT: article JSONL (one article per line, as for ingest), cluster JSONL, a directory of
    HTML/text files, or Parquet (columns as the JSONL fields). A job that stops can be run
    again with the same OUT: finished parts are kept.

    \b
    Examples:
      newsum batch crawl-2026.jsonl --out batch-out/
      newsum batch part-*.parquet --out out/ --scheduler tcp://10.0.0.5:8786 --insight
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from ..errors import MissingDependency

        raise MissingDependency("newsum batch", "batch", "dask[distributed]") from None
    from .job import BatchConfig, run_batch

    config = BatchConfig(window_days=_days(window, "--window"), overlap_days=_days(overlap, "--overlap") if overlap.strip() not in ("0", "0d") else 0,
                         insight=insight, words=words)
    if config.overlap_days > config.window_days:
        raise click.BadParameter(f"must be at most --window ({config.window_days} days), got {config.overlap_days} days", param_hint="--overlap")
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        print(f"newsum: started a local Dask cluster with {len(cluster.workers)} workers; dashboard: {client.dashboard_link}", file=sys.stderr)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(desc="batch", unit=" tasks", file=sys.stderr)

    def update(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    try:
        report = run_batch(list(inputs), out, config=config, client=client, progress=update)
    finally:
        if bar is not None:
            bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    print(
        f"newsum: {report['articles']} articles ({report['copies']} copies) in {report['stories']} stories, "
        f"{report['summaries']} summaries; {len(report['skipped'])} bad records skipped (listed in report.json); "
        f"{sum(report['seconds'].values()):.1f} s",
        file=sys.stderr,
    )
    if report["skipped"]:
        raise SystemExit(3)

"""``newsum batch`` (the pipeline as a Dask job) and ``newsum batch prepare`` (its input as
partitioned Parquet, written by the workers)."""

from __future__ import annotations

import contextlib
import sys

import click

__all__ = ["batch_command"]

class _RunByDefault(click.Group):
    """``newsum batch INPUT...`` runs the job; ``newsum batch prepare ...`` is the subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from ..errors import MissingDependency

        raise MissingDependency("newsum batch", "batch", "dask[dataframe,distributed]") from None
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        print(f"newsum: started a local Dask cluster with {len(cluster.workers)} workers; dashboard: {client.dashboard_link}", file=sys.stderr)
        yield client


def _cluster_options(command):
    command = click.option("--workers", type=int, help="Worker processes of a local cluster (default: one per CPU).")(command)
    command = click.option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786); default: a local cluster.")(command)
    return command


def _window(value: int) -> int:
    if value < 1:
        raise click.BadParameter(f"must be 1 or more articles, got {value}", param_hint="--window")
    return value


@click.group("batch", cls=_RunByDefault)
def batch_command() -> None:
    """Group articles into stories and summarize them, as a batch job on Dask.

    \b
    newsum batch INPUT... --out OUT          the whole job (see: newsum batch run --help)
    newsum batch prepare INPUT... --out DIR  only its input, as partitioned Parquet

    \b
    Examples:
      newsum batch crawl.jsonl --out out/ --workers 2
      newsum batch prepare 'crawl/*.jsonl' --out prepared/ && newsum batch prepared/ --out out/
    """


@batch_command.command("run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out", required=True, help="Folder (or fsspec URL) for stories/, summaries/, stories.jsonl, summaries.jsonl, report.json.")
@click.option("--store", help="Where the stories are kept: a SQLite file or postgresql://... (default: OUT/store.db). Every worker must reach it.")
@_cluster_options
@click.option("--window", type=int, default=5000, show_default=True, help="Articles per window (the unit of parallel work).")
@click.option("--insight", is_flag=True, help="Also write insight (quotes, conflicts, ...) per story.")
@click.option("--words", type=int, default=100, show_default=True, help="Budget of each story's summary.")
@click.option("--merged/--no-merged", default=None, help="Also write the merged stories.jsonl and summaries.jsonl (default: up to 1M articles).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def run_command(inputs, out, store, scheduler, workers, window, insight, words, merged, progress) -> None:
    """Group INPUT... into stories and summarize them on a Dask cluster.

    The workers read the input, compute every article's features in parallel, make the join
    decisions of `newsum ingest` in publication order (a task per window), and write the
    outputs; the stories also go to the store, which `newsum serve --db` reads. A job that
    stops can be run again with the same OUT: what is done is kept.

    INPUT: article JSONL (one article per line, as for ingest), cluster JSONL, Parquet
    (columns as the JSONL fields), or a local folder of HTML/text/RSS files; files, folders
    or globs, local or fsspec URLs (s3://..., gs://...) that every worker can read; or a
    folder `newsum batch prepare` wrote.

    \b
    Examples:
      newsum batch crawl-2026.jsonl --out batch-out/
      newsum batch 's3://news/2026/*.parquet' --out s3://news/out --store postgresql://db/news --scheduler tcp://10.0.0.5:8786
    """
    from .job import BatchConfig, run_batch

    config = BatchConfig(window=_window(window), insight=insight, words=words, merged=merged)
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

    with _client(scheduler, workers) as client:
        try:
            report = run_batch(list(inputs), out, config=config, client=client, store=store, progress=update)
        finally:
            if bar is not None:
                bar.close()
    print(
        f"newsum: {report['articles']} articles ({report['copies']} copies) in {report['stories']} stories, "
        f"{report['summaries']} summaries; {report['skipped_count']} bad records skipped (listed in report.json); "
        f"{sum(report['seconds'].values()):.1f} s",
        file=sys.stderr,
    )
    if report["skipped_count"]:
        raise SystemExit(3)


@batch_command.command("prepare")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out", required=True, help="Folder (or fsspec URL) for the prepared Parquet.")
@_cluster_options
@click.option("--window", type=int, default=5000, show_default=True, help="Articles per part.")
def prepare_command(inputs, out, scheduler, workers, window) -> None:
    """Write INPUT... as Parquet parts of about WINDOW articles in publication order, on the
    workers (read, HTML extracted, identified, duplicates dropped, sorted). Bad records go to
    OUT/skipped/ with their file and line.

    \b
    Example:
      newsum batch prepare crawl/*.jsonl --out prepared/ && newsum batch prepared/ --out out/
    """
    from .reading import prepare

    with _client(scheduler, workers):  # the dataframe operations run on the current client
        manifest = prepare(list(inputs), out, window=_window(window))
    print(f"newsum: {manifest['articles']} articles in {manifest['windows']} parts; {manifest['skipped']} bad records skipped "
          f"(in {out.rstrip('/')}/skipped)", file=sys.stderr)
    if manifest["skipped"]:
        raise SystemExit(3)


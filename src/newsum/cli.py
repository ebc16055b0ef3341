"""The ``newsum`` command: parse, call the library, print. Data to stdout (or ``--output``),
notes, errors and progress to stderr.

Exit codes: 0 everything summarized; 1 an error (one line on stderr; nothing is written for
the input that failed); 2 a usage error (an unknown option, a bad option value); 3 some
clusters were skipped under ``--skip-bad`` (each listed on stderr).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from ._version import __version__
from .errors import ConfigError, InputError, NewsumError
from .evaluate.baselines import BASELINES
from .evaluate.rouge import SCORERS
from .ingest import Skipped, input_size, read_inputs
from .model import Budget, Summary
from .parallel import imap_ordered
from .render import FORMATS, json_text, jsonl_line, render_text
from .select import SELECTORS
from .summarizer import Summarizer

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class UsageProblem(Exception):
    """A problem with how the command was called (exit code 2)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsum")
def cli() -> None:
    """newsum: one short, faithful summary of many news articles about one story, with every
    sentence citing the articles that report it.

    Run `newsum COMMAND --help` for the options of a command.
    """


@cli.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--words", type=int, help="Budget in words (whitespace-separated tokens). Default: 100.")
@click.option("--sentences", type=int, help="Budget in sentences.")
@click.option("--chars", type=int, help="Budget in characters of the joined summary.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--method", type=click.Choice(sorted(SELECTORS)), default="concept", show_default=True, help="Selection algorithm.")
@click.option("--trim", is_flag=True, help="Let sentences lose parenthetical asides and opening connectives; trimmed sentences cite the spans they keep.")
@click.option("--keep-offtopic", is_flag=True, help="Summarize documents flagged as off the cluster's story too (they are listed either way).")
@click.option("--min-sources", type=int, default=1, show_default=True, metavar="K", help="Use only statements that K or more distinct outlets carry, in any wording (a document without an outlet counts as one).")
@click.option("--with-insight", is_flag=True, help="Add the cluster's insight (quotes, conflicts, corroboration, entities, timeline): JSON key 'insight', or a report after the summary.")
@click.option("--skip-bad", is_flag=True, help="Skip clusters (or article files) that cannot be read, list them on stderr, exit 3.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write results to this file instead of stdout.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on when stderr is a terminal and the input is JSONL).")
@click.option("-q", "--quiet", is_flag=True, help="No notes or progress on stderr; errors are still shown.")
@click.option("-j", "--workers", type=int, default=1, show_default=True, help="Processes that summarize clusters in parallel (for JSONL input of many clusters); 0: one per CPU. Output order is input order.")
@click.option("--db", "db_path", metavar="STORE", help="Summarize a story of this store (a SQLite file or postgresql://...; with --story) instead of PATH.")
@click.option("--story", "story_id", help="The story to summarize (with --db).")
@click.option("--since", help="With --db: an update summary, what the story's articles published on or after this date (YYYY-MM-DD) add to the earlier ones.")
@click.option("--seen", multiple=True, metavar="OLD", help="Leave out what the documents of OLD (any input summarize takes; repeatable) already said: an update summary of PATH.")
@click.option("--query", metavar="TEXT", help="A question the summary answers (\"What is known about the casualties?\"); when the documents do not address it, the output says 'Not answered'. A cluster's own 'query' (JSONL) is used when not given.")
@click.option("--language", metavar="CODE", help="Read every document in this language (ISO 639-1, e.g. 'fr', 'hi'); default: each document's 'language' field, else detected.")
def summarize(
    paths, words, sentences, chars, fmt, method, trim, keep_offtopic, min_sources, with_insight, skip_bad, output, progress, quiet, workers,
    db_path, story_id, since, seen, query, language,
) -> None:
    """Summarize the articles in PATH... .

    PATH is .txt/.html files or a directory of them (together one cluster; a document's id
    is its file name without extension), cluster JSONL files (one cluster per line), or - for
    stdin.

    \b
    Examples:
      newsum summarize examples/ferry.jsonl
      newsum summarize examples/ferry/ --sentences 3 --format markdown
      newsum summarize clusters.jsonl --format jsonl --skip-bad -o summaries.jsonl
      newsum summarize big.jsonl --format jsonl --workers 0 -o summaries.jsonl
      newsum summarize examples/ferry.jsonl --query "What caused the ferry to run aground?" --words 60
    """
    budget = _budget(words=words, sentences=sentences, chars=chars)
    if db_path:
        if paths or seen:
            raise UsageProblem("give either PATH... (with --seen) or --db with --story, not both")
        if not story_id:
            raise UsageProblem("--db needs --story ID (list the stories with `newsum stories --db DB`)")
    elif story_id or since:
        raise UsageProblem("--story and --since need --db")
    elif not paths:
        raise UsageProblem("give PATH... to summarize (or --db DB --story ID)")
    _check_output_is_not_input(output, paths)
    if workers < 0:
        raise UsageProblem(f"--workers must be 0 (one per CPU) or a positive number, got {workers}")
    if min_sources < 1:
        raise UsageProblem(f"--min-sources must be 1 or more, got {min_sources}")
    if query is not None and not query.strip():
        raise UsageProblem("--query needs the question's text, got an empty string")
    if language is not None and not re.fullmatch(r"[a-z]{2,3}", language):
        raise UsageProblem(f"--language takes an ISO 639-1 code such as 'fr' or 'hi', got {language!r}")
    settings = {
        "query": query,
        "language": language,
        "budget": budget,
        "method": method,
        "trim": trim,
        "keep_offtopic": keep_offtopic,
        "min_sources": min_sources,
        "with_insight": with_insight,
    }
    if db_path or seen:
        workers = 1  # the documents already read go with the one summarizer
        settings["seen"] = _seen_documents(db_path, story_id, since, seen)
    show_progress = (not quiet and sys.stderr.isatty()) if progress is None else progress
    size = input_size(paths)
    jsonl_input = any(p == "-" or Path(p).suffix.lower() in (".jsonl", ".ndjson", ".json") for p in paths)
    bar = _progress_bar(size, enabled=show_progress and jsonl_input)

    if db_path:
        from .store import open_store
        from .stream.commands import story_cluster

        store = open_store(db_path, readonly=True)
        try:
            records = iter([story_cluster(store, story_id, since=since)])
        finally:
            store.close()
    else:
        records = read_inputs(list(paths), errors="skip" if skip_bad else "raise", on_bytes=bar.update if bar else None)
    skipped = 0
    written = 0
    with _open_output(output) as out:
        writer = _Writer(
            out, fmt, to_dict=Summary.to_dict, to_text=lambda summary, heading: _summary_text(summary, fmt, heading)
        )
        try:
            outcomes = imap_ordered(
                _summarize_record, _lookahead(records), workers=workers, initializer=_start_worker, initargs=(settings,)
            )
            for (kind, result), many in outcomes:
                writer.many = many
                if kind == "fatal":
                    raise NewsumError(result)
                if kind == "skip":
                    if not skip_bad:
                        raise InputError(result)
                    skipped += 1
                    _stderr(f"skipped: {result}", bar=bar)
                    continue
                summary = result
                if not quiet:
                    for note in summary.notes:
                        _stderr(f"note: {_label(summary)}{note}", bar=bar)
                writer.write(summary)
                written += 1
        finally:
            writer.close()
            if bar is not None:
                bar.close()
    if skipped:
        if not written:
            raise InputError(f"none of the input could be summarized ({skipped} skipped)")
        raise SystemExit(EXIT_SKIPPED)


@cli.command("insight")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--skip-bad", is_flag=True, help="Skip clusters that cannot be read, list them on stderr, exit 3.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write results to this file instead of stdout.")
@click.option("--explain", is_flag=True, help="Also say, for every pair of counts, amounts or days, why it was or was not reported as a conflict (the rule that decided; JSON key 'conflict_decisions').")
def insight_command(paths, fmt, skip_bad, output, explain) -> None:
    """Quotes with speakers, conflicts, corroboration, entities and timeline of PATH... .

    Inputs as for `summarize`. json: one object (an array for several clusters); jsonl: one
    line per cluster with its id; text/markdown: a readable report.

    \b
    Examples:
      newsum insight ../shared/data/examples/korea-2017.jsonl
      newsum insight clusters.jsonl --format jsonl -o insight.jsonl
      newsum insight examples/ferry.jsonl --explain
    """
    from .insight import build_insight
    from .insight.report import render_insight

    _check_output_is_not_input(output, paths)
    records = read_inputs(list(paths), errors="skip" if skip_bad else "raise")
    skipped = written = 0
    with _open_output(output) as out:
        writer = _Writer(
            out,
            fmt,
            to_dict=lambda report: report.to_dict(),
            to_text=lambda report, heading: render_insight(report, markdown=fmt == "markdown", heading=heading),
        )
        try:
            for record, many in _lookahead(records):
                writer.many = many
                if isinstance(record, Skipped):
                    if not skip_bad:
                        raise record.error
                    skipped += 1
                    _stderr(f"skipped: {record.error}")
                    continue
                writer.write(build_insight(record, explain=explain))
                written += 1
        finally:
            writer.close()
    if skipped:
        if not written:
            raise InputError(f"none of the input could be read ({skipped} skipped)")
        raise SystemExit(EXIT_SKIPPED)


# The baselines run when --baselines is not given: the quick ones (KL-Sum takes seconds per
# DUC cluster) and the two that frame a result from below (Lead) and above (the oracle).
DEFAULT_BASELINES = "lead,lexrank,centroid,oracle"


@cli.command("eval")
@click.argument("data", metavar="DATA.jsonl")
@click.option("--words", type=int, default=100, show_default=True, help="Budget in words; every summary is cut to it before scoring.")
@click.option("--method", type=click.Choice(sorted(SELECTORS)), default="concept", show_default=True, help="newsum's selection algorithm.")
@click.option("--trim", is_flag=True, help="newsum trims parenthetical asides and opening connectives (reported with and without: run twice).")
@click.option(
    "--baselines",
    default=DEFAULT_BASELINES,
    show_default=True,
    help=f"Comma-separated baselines to run beside newsum, 'all' or 'none'. Choices: {', '.join(BASELINES)}.",
)
@click.option(
    "--scorer",
    type=click.Choice(["auto", *SCORERS]),
    default="auto",
    show_default=True,
    help="ROUGE implementation: auto is rouge-1.5.5 (the scorer of record) when perl can run it, else rouge-score.",
)
@click.option(
    "--sweep",
    "sweep_budgets",
    metavar="N,N,...",
    help="Budget sweep: evaluate at each of these budgets in words (e.g. 50,100,200) instead of --words; prints one table "
    "across budgets (with --report: sweep.json, sweep.png, sweep.svg and a report per budget).",
)
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Also write report.json, scores.png and scores.svg into this directory.")
@click.option("--limit", type=int, help="Evaluate only the first N clusters.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on when stderr is a terminal).")
def evaluate_command(data, words, method, trim, baselines, scorer, sweep_budgets, report_dir, limit, progress) -> None:
    """Score newsum and baselines against reference summaries, on the same clusters.

    DATA.jsonl is cluster JSONL in which every cluster has 'references' (human summaries).
    Every system summarizes every cluster; summaries are cut to --words words and scored with
    ROUGE-1, -2 and -SU4 (recall and F); the table gives means with 95% bootstrap confidence
    intervals, the time per cluster, and p-values of a paired randomization test of newsum
    against each baseline. The ROUGE settings are printed beside the numbers. Progress and
    notes go to stderr, the table to stdout.

    \b
    Examples:
      newsum eval ../shared/data/duc2004/clusters.jsonl
      newsum eval clusters.jsonl --baselines all --report eval-report/
      newsum eval clusters.jsonl --words 250 --baselines lead,lexrank --scorer rouge-score --limit 10
      newsum eval clusters.jsonl --sweep 50,100,200 --baselines lexrank,textrank --report sweep/
    """
    import itertools

    from .evaluate.harness import evaluate
    from .evaluate.report import render_table, require_plotting, write_report
    from .evaluate.rouge import available_scorers
    from .evaluate.sweep import parse_budgets, render_sweep_table, sweep, write_sweep_report

    if words < 1:
        raise UsageProblem(f"--words must be a positive whole number, got {words}")
    budgets = None
    if sweep_budgets is not None:
        if click.get_current_context().get_parameter_source("words").name != "DEFAULT":
            raise UsageProblem("give either --words or --sweep, not both: --sweep sets the budgets")
        try:
            budgets = parse_budgets(sweep_budgets)
        except NewsumError as error:
            raise UsageProblem(f"--sweep {sweep_budgets}: {error}") from None
    if limit is not None and limit < 1:
        raise UsageProblem(f"--limit must be a positive whole number, got {limit}")
    systems = ["newsum", *_baseline_names(baselines)]
    if report_dir is not None:
        require_plotting()  # fail now, not after the run
        try:
            Path(report_dir).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageProblem(f"--report {report_dir}: cannot create the directory ({error.strerror}); choose a writable one") from None
    if scorer == "auto" and "rouge-1.5.5" not in available_scorers():
        _stderr("note: ROUGE-1.5.5 cannot run here (needs perl and libxml-dom-perl); scoring with rouge-score, "
                "the quick path: no SU4, and R-1 reads ~0.4 lower than the scorer of record")

    clusters = list(itertools.islice(read_inputs([data]), limit))
    show_progress = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(total=len(clusters) * len(systems) * len(budgets or [words]), unit="summary", desc="summarizing", file=sys.stderr, mininterval=0.5)

    def on_progress(event: str, system: str) -> None:
        if bar is None:
            return
        if event == "summarized":
            bar.update(1)
        else:
            bar.set_description(f"scoring {system}")

    options = {"method": method, "trim": trim, "scorer": scorer, "data": data, "progress": on_progress}
    try:
        if budgets is not None:
            swept = sweep(clusters, budgets=budgets, systems=systems, **options)
        else:
            result = evaluate(clusters, systems=systems, words=words, **options)
    finally:
        if bar is not None:
            bar.close()
    results = swept.results if budgets is not None else (result,)
    for each in results:
        for system in each.systems.values():
            for failure in system.failures:
                _stderr(f"note: {system.label} failed at {each.words} words on cluster {failure} (scored as an empty summary)")
    click.echo(render_sweep_table(swept) if budgets is not None else render_table(result), nl=False)
    if report_dir is not None:
        paths = write_sweep_report(swept, report_dir) if budgets is not None else write_report(result, report_dir)
        _stderr(f"wrote {', '.join(str(p) for p in paths)}")


def _baseline_names(value: str) -> list[str]:
    text = value.strip().lower()
    if text == "none" or not text:
        return []
    if text == "all":
        return list(BASELINES)
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in BASELINES:
            raise UsageProblem(f"unknown baseline {name!r} in --baselines; choose from {', '.join(BASELINES)}, or all, or none")
    return list(dict.fromkeys(names))


_worker_summarizer: Summarizer | None = None


def _start_worker(settings: dict) -> None:
    """Runs once in each process that summarizes (the main one, with one worker)."""
    global _worker_summarizer, _worker_seen
    settings = dict(settings)
    _worker_seen = settings.pop("seen", ())
    _worker_summarizer = Summarizer(**settings)


def _seen_documents(db_path, story_id, since, seen_paths) -> tuple:
    """The documents an update summary leaves out: a story's articles before --since, or
    every document of the --seen inputs."""
    if db_path:
        if not since:
            return ()
        from .store import open_store
        from .stream.commands import story_cluster

        store = open_store(db_path, readonly=True)
        try:
            return story_cluster(store, story_id, since=since, before=True).documents
        finally:
            store.close()
    documents = []
    for record in read_inputs(list(seen_paths), errors="raise"):
        documents.extend(record.documents)
    return tuple(documents)


_worker_seen: tuple = ()


def _summarize_record(item):
    """One cluster (or a record the reader skipped) to an outcome that pickles cleanly:
    ("ok", Summary), ("skip", message) for bad input, ("fatal", message) for anything else
    newsum refuses; paired with whether the input holds several records."""
    record, many = item
    if isinstance(record, Skipped):
        return ("skip", str(record.error)), many
    try:
        return ("ok", _worker_summarizer.summarize(record, seen=_worker_seen)), many
    except InputError as error:
        return ("skip", str(error)), many
    except NewsumError as error:
        return ("fatal", str(error)), many


def _label(summary: Summary) -> str:
    return f"cluster {summary.id!r}: " if summary.id else ""


def _budget(*, words: int | None, sentences: int | None, chars: int | None) -> Budget:
    given = {name: value for name, value in (("words", words), ("sentences", sentences), ("chars", chars)) if value is not None}
    if len(given) > 1:
        raise UsageProblem(f"give one budget, not {len(given)}: choose one of {', '.join('--' + n for n in given)}")
    if not given:
        return Budget(words=100)
    ((name, value),) = given.items()
    if value < 1:
        raise UsageProblem(f"--{name} must be a positive whole number, got {value}")
    return Budget(**given)


def _check_output_is_not_input(output: str | None, paths: tuple[str, ...]) -> None:
    if output is None:
        return
    target = Path(output).resolve()
    for name in paths:
        if name != "-" and Path(name).exists() and Path(name).resolve() == target:
            raise UsageProblem(f"--output {output} is also an input; newsum never overwrites its input, choose another file")


def _lookahead(records: Iterator) -> Iterator[tuple[object, bool]]:
    """Pair each record with whether the input holds more than one (decides object vs array).

    The second record is read before the first is processed; if reading it fails, the input
    clearly has more than one record, the first is still processed, then the error surfaces.
    """
    first = next(records, None)
    if first is None:
        return
    try:
        second = next(records, None)
    except NewsumError:
        yield first, True
        raise
    if second is None:
        yield first, False
        return
    yield first, True
    yield second, True
    for record in records:
        yield record, True


class _Writer:
    """Streams results (summaries, or insight reports) in one format; a JSON array is opened on
    the first and closed at the end. ``to_dict`` and ``to_text(item, heading)`` say how one
    item reads."""

    def __init__(self, out: IO[str], fmt: str, *, to_dict: Callable[[Any], dict], to_text: Callable[[Any, bool], str]):
        self.out, self.fmt, self.many, self.count = out, fmt, False, 0
        self.to_dict, self.to_text = to_dict, to_text

    def write(self, item: Any) -> None:
        if self.fmt == "json":
            text = json_text(self.to_dict(item))
            if self.many:
                text = ("[\n" if self.count == 0 else ",\n") + text.rstrip("\n")
        elif self.fmt == "jsonl":
            text = jsonl_line(self.to_dict(item))
        else:
            text = ("\n" if self.count else "") + self.to_text(item, self.many)
        self.out.write(text)
        self.out.flush()
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json" and self.many:
            self.out.write("\n]\n" if self.count else "[]\n")
            self.out.flush()


def _summary_text(summary: Summary, fmt: str, heading: bool) -> str:
    text = render_text(summary, fmt, heading=heading)
    if summary.insight is not None:
        from .insight.report import render_insight

        text += "\n" + render_insight(summary.insight, markdown=fmt == "markdown")
    return text


@contextlib.contextmanager
def _open_output(output: str | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8") as handle:
        yield handle


def _progress_bar(total: int | None, *, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    # delay: a run that ends within a second never draws the bar.
    return tqdm(total=total, unit="B", unit_scale=True, desc="summarizing", file=sys.stderr, mininterval=0.5, delay=1.0)


def _stderr(message: str, *, bar=None) -> None:
    line = f"newsum: {message}"
    if bar is not None:
        bar.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)


def _register_stream_commands() -> None:
    from .stream.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)
    from .web.command import serve_command

    cli.add_command(serve_command)
    from .batch.command import batch_command

    cli.add_command(batch_command)


_register_stream_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsum`` command; returns the exit code."""
    try:
        cli.main(args=argv, prog_name="newsum", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.exceptions.Abort:
        _stderr("aborted")
        return EXIT_ERROR
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "")
        return EXIT_OK
    except click.UsageError as error:
        hint = f"; see '{error.ctx.command_path} --help'" if error.ctx else ""
        _stderr(f"usage error: {error.format_message().rstrip('.')}{hint}")
        return EXIT_USAGE
    except (UsageProblem, ConfigError) as error:
        _stderr(f"usage error: {error}")
        return EXIT_USAGE
    except NewsumError as error:
        _stderr(f"error: {error}")
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): stop quietly.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        _stderr("interrupted")
        return 130
    return EXIT_OK


def run() -> None:  # pragma: no cover - console script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()

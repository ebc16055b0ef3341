"""The stream commands of ``newsum``: ingest, refresh, stories, export (registered on the
main command group by :mod:`newsum.cli`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from ..errors import InputError, NewsumError
from ..model import Cluster, Document
from ..store import Store, open_store, utc_time
from .ingest import ingest

__all__ = ["COMMANDS", "story_cluster", "STORE_HELP"]

STORE_HELP = "The store: a SQLite file (a path or sqlite:///PATH) or a PostgreSQL database (postgresql://USER@HOST/DB)."


def _note(message: str) -> None:
    print(f"newsum: {message}", file=sys.stderr)


@contextlib.contextmanager
def _article_bar(progress: bool | None, quiet: bool, desc: str, *, total: int | None = None, delay: float = 0.0):
    """A progress bar of articles on stderr (by default only when stderr is a terminal):
    yields its update function, or None when there is no bar; closed on the way out, so that
    notes printed after the block do not run into it."""
    show = (not quiet and sys.stderr.isatty()) if progress is None else progress
    if not show:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=total, unit=" articles", desc=desc, file=sys.stderr, mininterval=0.5, delay=delay)
    try:
        yield bar.update
    finally:
        bar.close()


def story_cluster(store: Store, story_id: str, *, since: str | dt.datetime | None = None, before: bool = False) -> Cluster:
    """A story's articles as a cluster (id: the story's id). ``since``: only articles
    published at or after it, in UTC (``before``: only those before it)."""
    resolved = store.resolve_story(story_id)
    record = store.story(resolved)
    if record is None:
        raise InputError(f"no story {story_id!r} in {store.location}; list them with `newsum stories --db {store.location}`")
    if isinstance(since, str) and utc_time(since) is None:
        raise InputError(f"--since {since!r} is not a date; write it as YYYY-MM-DD (or an ISO 8601 time)")
    since = utc_time(since)
    documents = []
    for article in store.story_articles(resolved):
        if since is not None:
            is_new = article.published is not None and article.published >= since
            if is_new == before:
                continue
        documents.append(
            Document(text=article.text, id=article.id or article.key, title=article.title, date=_parse_date(article.date),
                     url=article.url, source=article.source, extra={"copy_of": article.copy_of} if article.copy_of else {})
        )
    return Cluster(tuple(documents), id=resolved)


def _parse_date(value: str | None):
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
    except ValueError:
        return None


def _day_text(time: dt.datetime | None) -> str:
    return time.date().isoformat() if time else "?"


def _check_date(value: str | None, option: str) -> dt.datetime | None:
    """``--since``: a day (its midnight in UTC) or an ISO 8601 time, as a UTC time."""
    if value is None:
        return None
    time = utc_time(value) if _parse_date(value) is not None else None
    if time is None:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD (or an ISO 8601 time)", param_hint=option)
    return time


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP + " Created if absent.")
@click.option("--skip-bad", is_flag=True, help="Skip malformed lines or files (each listed on stderr; exit 3) instead of stopping at the first.")
@click.option("--close-after", type=int, default=90, show_default=True, metavar="DAYS", help="Close a story after this many days without a new article; later coverage starts a follow-up story.")
@click.option("--refresh", "then_refresh", is_flag=True, help="Recompute the summaries and insight of changed stories at the end.")
@click.option("--no-wait", is_flag=True, help="Fail at once if another newsum process is writing to the store (default: wait for it).")
@click.option("--batch", "batch_size", type=click.IntRange(1, 100_000), default=500, show_default=True, metavar="N", help="Articles per transaction: a kill loses at most one batch; on a store several writers share, smaller batches interleave their articles closer to arrival order.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="No report on stderr; errors are still shown.")
def ingest_command(sources, db_path, skip_bad, close_after, then_refresh, no_wait, batch_size, progress, quiet) -> None:
    """Add the articles of SOURCE... to a store and group them into stories.

    SOURCE is a JSONL feed (one article per line: id, url, source, date, title, and text or
    html), a cluster JSONL file (its documents become articles), a directory of .html/.txt
    files, or an RSS/Atom file. Re-ingesting the same articles changes nothing; a changed
    text under the same id (or URL) is an update, kept with its history.

    \b
    Examples:
      newsum ingest feed.jsonl --db news.db
      newsum ingest crawl/ feeds/*.xml --db news.db --refresh
    """
    if close_after < 1:
        raise click.BadParameter(f"must be at least 1 day, got {close_after}", param_hint="--close-after")
    store = open_store(db_path)
    started = time.perf_counter()
    try:
        with store.writing(wait=not no_wait):
            with _article_bar(progress, quiet, "ingesting", delay=1.0) as update:
                report = ingest(list(sources), store, skip_bad=skip_bad, close_after_days=close_after, batch=batch_size, progress=update)
            for problem in report.skipped:
                _note(f"skipped: {problem}")
            if not quiet:
                counts = store.counts()
                _note(
                    f"{report.read} read: {report.added} new ({report.copies} copies of earlier articles), {report.updated} updated, "
                    f"{report.unchanged} unchanged; {report.new_stories} new stories, {report.merged_stories} merged, "
                    f"{report.closed_stories} closed; the store has {counts['articles']} articles in {counts['stories']} stories "
                    f"({time.perf_counter() - started:.1f} s)"
                )
            if then_refresh:
                _refresh(store, quiet=quiet)
    finally:
        store.close()
    if report.skipped:
        raise SystemExit(3)


#: Characters of article text shown on each side of a supporting passage.
PASSAGE_CONTEXT = 240


def page_view(summary: dict, insight: dict, cluster: Cluster) -> dict:
    """What a story's page shows, computed once at refresh: the summary sentences with, for
    each, the passage of every supporting article (the sentence and a little text around it),
    the quotes, conflicts and timeline."""
    texts = {d.id: d.text for d in cluster.documents}
    outlets = {d.id: d.source for d in cluster.documents}
    sentences = []
    for item in summary.get("sentences", []):
        passages = []
        for p in item.get("support", []):
            text = texts.get(p["document_id"], "")
            left, right = max(0, p["start"] - PASSAGE_CONTEXT), min(len(text), p["end"] + PASSAGE_CONTEXT)
            passages.append({"document_id": p["document_id"], "outlet": outlets.get(p["document_id"]),
                             "before": ("…" if left else "") + text[left : p["start"]], "text": text[p["start"] : p["end"]],
                             "after": text[p["end"] : right] + ("…" if right < len(text) else "")})
        sentences.append({"text": item["text"], "sources": item.get("sources", []), "outlets": item.get("outlets", []), "passages": passages})
    return {
        "summary": {"sentences": sentences},
        "quotes": insight.get("quotes", [])[:60],
        "conflicts": insight.get("conflicts", []),
        "timeline": insight.get("timeline", [])[:60],
    }


def _refresh(store: Store, *, quiet: bool, words: int = 100) -> int:
    from .. import __version__
    from ..model import Budget
    from ..summarizer import Summarizer

    stale = store.stale_stories()
    if not stale:
        if not quiet:
            _note("every story's summary and insight are up to date; nothing to do")
        return 0
    summarizer = Summarizer(budget=Budget(words=words), with_insight=True)
    done = failed = 0
    for story_id in stale:
        cluster = story_cluster(store, story_id)
        with store.batch():
            try:
                summary = summarizer.summarize(cluster)
                payload = summary.to_dict()
                insight = payload.pop("insight", None) or {}
                view = page_view(payload, insight, cluster)
            except NewsumError as error:
                payload, insight = {"id": story_id, "error": str(error)}, {}
                view = {"summary": payload, "quotes": [], "conflicts": [], "timeline": []}
                failed += 1
            store.save_digest(story_id, payload, insight, __version__, view)
        done += 1
    if not quiet:
        _note(f"refreshed {done} stories" + (f" ({failed} could not be summarized; their error is stored)" if failed else ""))
    return done


@click.command("regroup")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP + " Read, left as it is.")
@click.option("--out", "out_path", required=True, metavar="STORE", help="The new store to write (a file that does not exist, or an empty database).")
@click.option("--close-after", type=int, default=90, show_default=True, metavar="DAYS", help="As for ingest.")
@click.option("--refresh", "then_refresh", is_flag=True, help="Compute the new stories' summaries and insight at the end.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True)
def regroup_command(db_path, out_path, close_after, then_refresh, progress, quiet) -> None:
    """Group a store's articles again, with this newsum's grouping model, into a new store.

    The articles are read in the order they were ingested and go through the same pipeline
    as ingest (copies, stories, merges, follow-ups); the old store is not changed. Use it
    after an upgrade that changes the grouping model (the story ids of the new store are new).

    \b
    Example:
      newsum regroup --db news.db --out news-regrouped.db --refresh
    """
    from .ingest import ingest_documents, stored_articles

    if "://" not in out_path and Path(out_path).exists():
        raise click.BadParameter(f"{out_path} exists; regroup writes a new store: name a file that does not exist", param_hint="--out")
    source = open_store(db_path, readonly=True)
    target = open_store(out_path)
    try:
        if target.counts()["articles"]:
            raise click.BadParameter(f"{target.location} has articles; regroup writes a new store: name an empty one", param_hint="--out")
        with target.writing():
            with _article_bar(progress, quiet, "regrouping", total=source.counts()["articles"]) as update:
                report = ingest_documents(stored_articles(source), target, close_after_days=close_after, progress=update)
            if not quiet:
                counts = target.counts()
                _note(f"{report.added} articles ({report.copies} copies) in {counts['stories']} stories written to {target.location}")
            if then_refresh:
                _refresh(target, quiet=quiet)
    finally:
        source.close()
        target.close()


@click.command("refresh")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP)
@click.option("--words", type=int, default=100, show_default=True, help="Budget of each story's summary.")
@click.option("-q", "--quiet", is_flag=True)
def refresh_command(db_path, words, quiet) -> None:
    """Recompute the summary and insight of every story that changed since the last refresh
    (reading a story never waits for them).

    \b
    Example:
      newsum refresh --db news.db
    """
    store = open_store(db_path)
    try:
        with store.writing():
            _refresh(store, quiet=quiet, words=words)
    finally:
        store.close()


@click.command("stories")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP)
@click.option("--since", help="Only stories with an article published on or after this date (YYYY-MM-DD).")
@click.option("--min-sources", type=int, default=1, show_default=True, metavar="K", help="Only stories that K or more distinct outlets cover.")
@click.option("--search", help="Only stories with an article matching this full-text query: words (all must be there), \"phrases\", OR, NOT.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
def stories_command(db_path, since, min_sources, search, fmt) -> None:
    """List the stories of a store: size, outlets, time span and headline, latest first.

    \b
    JSON: [{"id", "articles", "outlets", "first_seen", "last_seen", "headline", ...}]

    \b
    Examples:
      newsum stories --db news.db --since 2026-03-01 --min-sources 3
      newsum stories --db news.db --search "dam NOT football" --format jsonl
    """
    since = _check_date(since, "--since")
    if min_sources < 1:
        raise click.BadParameter(f"must be 1 or more, got {min_sources}", param_hint="--min-sources")
    store = open_store(db_path, readonly=True)
    try:
        wanted = None
        if search:
            try:
                wanted = {store.resolve_story(s) for _, s in store.search(search, limit=10_000) if s}
            except Exception as error:  # sqlite3.OperationalError: a malformed FTS5 query
                raise InputError(f"--search {search!r} is not a valid full-text query ({error})") from None
        records = [r for r in store.stories(since=since, min_outlets=min_sources) if wanted is None or r.id in wanted]
        if fmt == "json":
            click.echo(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2))
        elif fmt == "jsonl":
            for record in records:
                click.echo(json.dumps(record.to_dict(), ensure_ascii=False))
        else:
            for record in records:
                span = f"{_day_text(record.first_seen)} .. {_day_text(record.last_seen)}"
                click.echo(f"{record.id}  {len(record.articles):4d} articles  {len(record.outlets):3d} outlets  {span}  {record.headline or ''}")
    finally:
        store.close()


@click.command("export")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP)
@click.option("--story", "story_id", required=True, help="The story's id.")
@click.option("--since", help="Only the articles published on or after this date.")
def export_command(db_path, story_id, since) -> None:
    """Print a story as one cluster JSONL line, for every other newsum command.

    \b
    Example:
      newsum export --db news.db --story s000042 > story.jsonl
    """
    since = _check_date(since, "--since")
    store = open_store(db_path, readonly=True)
    try:
        cluster = story_cluster(store, story_id, since=since)
        documents = []
        for d in cluster.documents:
            item = {"id": d.id, "title": d.title, "date": d.date.isoformat() if d.date else None, "url": d.url, "source": d.source, "text": d.text}
            documents.append({k: v for k, v in item.items() if v is not None})
        click.echo(json.dumps({"id": cluster.id, "documents": documents}, ensure_ascii=False))
    finally:
        store.close()


COMMANDS = (ingest_command, regroup_command, refresh_command, stories_command, export_command)


# -- following feeds -------------------------------------------------------------------------


def _feed_urls(items: tuple[str, ...]) -> list[str]:
    """Feed URLs from the arguments: URLs, or files listing them (OPML, or one URL a line)."""
    from ..fetch import read_feed_list

    urls: list[str] = []
    for item in items:
        if item.startswith(("http://", "https://")):
            urls.append(item)
        elif Path(item).exists():
            urls.extend(source.url for source in read_feed_list(item).sources)
        else:
            raise InputError(f"{item!r} is neither a feed URL (http:// or https://) nor a file listing feeds (OPML, or one URL a line)")
    return urls


@click.command("watch")
@click.argument("feeds", nargs=-1, metavar="[FEED...]")
@click.option("--db", "db_path", required=True, metavar="STORE", help=STORE_HELP + " Created if absent.")
@click.option("--once", is_flag=True, help="Poll the feeds that are due once and exit (for cron).")
@click.option("--interval", type=float, default=15.0, show_default=True, metavar="MINUTES", help="Minutes between two polls of a feed (a feed's own <ttl> may make it longer; never under one minute).")
@click.option("--workers", type=int, default=8, show_default=True, help="Pages fetched at once, across hosts (each host gets at most two at a time).")
@click.option("--close-after", type=int, default=90, show_default=True, metavar="DAYS", help="As for ingest.")
@click.option("--refresh/--no-refresh", "then_refresh", default=True, show_default=True, help="Recompute the summaries and insight of the stories new articles changed.")
@click.option("-q", "--quiet", is_flag=True, help="No report on stderr; errors are still shown.")
def watch_command(feeds, db_path, once, interval, workers, close_after, then_refresh, quiet) -> None:
    """Follow feeds by URL: fetch each new article's page, group it into stories, keep going.

    FEED is a feed URL (RSS, Atom), or a file listing feeds (OPML, or one URL a line); they
    join the store's feed list (see `newsum feeds`), and every feed of that list is polled on
    its own schedule. Fetching is polite: robots.txt, a clear User-Agent, conditional GET, one
    request per second per host, Retry-After. Ctrl-C (or SIGTERM) stops after the article in
    hand is stored: nothing half-written.

    \b
    Examples:
      newsum watch https://example.org/rss.xml --db news.db
      newsum watch feeds.opml --db postgresql://newsum@db.example/news --once
    """
    import signal
    import threading

    from ..fetch import Watcher
    from .watching import StoreFeedStates, deliver_to

    if interval < 1:
        raise click.BadParameter(f"must be at least 1 minute, got {interval}", param_hint="--interval")
    urls = _feed_urls(feeds)
    store = open_store(db_path)
    states = StoreFeedStates(store)
    try:
        for url in urls:
            if states.add(url) and not quiet:
                _note(f"following {url}")
        if not store.feeds():
            raise InputError(f"{store.location} follows no feed; name one: newsum watch FEED_URL --db {store.location}")
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}

        def after(report) -> None:
            if then_refresh and report.added:
                _refresh(store, quiet=True)
            if not quiet and (report.added or report.updated):
                _note(f"{report.added} new articles ({report.copies} copies), {report.updated} updated; {report.new_stories} new stories")

        try:
            with Watcher(states, deliver_to(store, close_after_days=close_after, after=after), interval=interval * 60,
                         workers=workers, stop=stop) as watcher:
                if not quiet and not once:
                    _note(f"watching {len(store.feeds())} feeds into {store.location} (Ctrl-C to stop)")
                report = watcher.run(once=once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if not quiet:
            _note(f"{report.feeds_polled} feed polls ({report.feeds_not_modified} not modified, {report.feeds_failed} failed), "
                  f"{report.pages_fetched} pages, {report.pages_skipped} skipped, {report.pages_failed} to retry; "
                  f"{report.articles_added} new articles in {report.seconds:.0f} s")
            for url, reason in report.failed[-20:]:
                _note(f"failed: {url}: {reason}")
    finally:
        store.close()


@click.group("feeds", invoke_without_command=True)
@click.option("--db", "db_path", metavar="STORE", help=STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def feeds_command(context, db_path, fmt) -> None:
    """The feeds a store follows: with no subcommand, each one's last fetch, last error and
    articles added.

    \b
    Examples:
      newsum feeds --db news.db
      newsum feeds add https://example.org/rss.xml feeds.opml --db news.db
      newsum feeds remove https://example.org/rss.xml --db news.db
    """
    context.ensure_object(dict)
    context.obj["db"] = db_path
    if context.invoked_subcommand is not None:
        return
    if not db_path:
        raise click.UsageError("give the store: newsum feeds --db STORE")
    from .watching import feed_status

    store = open_store(db_path, readonly=True)
    try:
        rows = [feed_status(record) for record in store.feeds()]
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        _note("no feeds; add one with: newsum feeds add FEED_URL --db STORE")
    for row in rows:
        fetched = (row["last_fetch_at"] or "never")[:19]
        error = f"  last error: {row['last_error']}" if row["last_error"] else ""
        click.echo(f"{row['url']}  fetched {fetched}  {row['articles_added']} articles{error}")


def _subcommand_store(context, db_path):
    address = db_path or context.obj.get("db")
    if not address:
        raise click.UsageError("give the store: --db STORE")
    return open_store(address)


@feeds_command.command("add")
@click.argument("feeds", nargs=-1, required=True, metavar="FEED...")
@click.option("--db", "db_path", metavar="STORE", help=STORE_HELP)
@click.pass_context
def feeds_add_command(context, feeds, db_path) -> None:
    """Follow FEED... (URLs, or files listing them: OPML, or one URL a line)."""
    from .watching import StoreFeedStates

    urls = _feed_urls(feeds)
    store = _subcommand_store(context, db_path)
    try:
        states = StoreFeedStates(store)
        for url in urls:
            _note(f"following {url}" if states.add(url) else f"already following {url}")
    finally:
        store.close()


@feeds_command.command("remove")
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_URL...")
@click.option("--db", "db_path", metavar="STORE", help=STORE_HELP)
@click.pass_context
def feeds_remove_command(context, feeds, db_path) -> None:
    """Stop following FEED_URL... (their articles stay in the store)."""
    from .watching import StoreFeedStates

    store = _subcommand_store(context, db_path)
    missing = []
    try:
        states = StoreFeedStates(store)
        for url in feeds:
            if states.remove(url):
                _note(f"no longer following {url}")
            else:
                missing.append(url)
    finally:
        store.close()
    if missing:
        raise InputError(f"not following {', '.join(missing)}; list the feeds with: newsum feeds --db STORE")


@feeds_command.command("list")
@click.option("--db", "db_path", metavar="STORE", help=STORE_HELP)
@click.pass_context
def feeds_list_command(context, db_path) -> None:
    """The feed URLs, one a line."""
    store = _subcommand_store(context, db_path)
    try:
        for record in store.feeds():
            click.echo(record.url)
    finally:
        store.close()


COMMANDS = COMMANDS + (watch_command, feeds_command)

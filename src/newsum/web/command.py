"""``newsum serve``: the web page over a store, or over cluster JSONL files."""

from __future__ import annotations

import ipaddress
import sys
import tempfile
from pathlib import Path

import click

from ..errors import InputError

__all__ = ["serve_command", "store_from_clusters"]


def store_from_clusters(paths: list[str], db_path: Path) -> None:
    """A store in which every cluster of ``paths`` is one story (its id the cluster's id),
    with summaries and insight computed: ``newsum serve FILE.jsonl``."""
    from ..ingest import Skipped, read_inputs
    from ..store.base import ArticleRecord
    from ..store import open_store
    from ..stream.commands import _refresh
    from ..stream.ingest import article_key, fingerprint

    store = open_store(db_path)
    position = 1
    with store.writing(), store.batch():
        for number, cluster in enumerate(read_inputs(paths, errors="raise"), start=1):
            if isinstance(cluster, Skipped):  # pragma: no cover - errors="raise"
                raise cluster.error
            story_id = cluster.id or f"cluster-{number}"
            for document in cluster.documents:
                content = fingerprint(document)
                key = article_key(document, content)
                if store.article(key) is not None:
                    key = f"{story_id}/{key}"
                store.put_article(ArticleRecord(
                    key, document.id, document.url, document.source or document.outlet, document.date.isoformat() if document.date else None,
                    document.title, document.text, content, story_id, None, position))
                position += 1
    with store.writing():
        _refresh(store, quiet=True)
    store.close()


@click.command("serve")
@click.argument("paths", nargs=-1, metavar="[FILE.jsonl...]")
@click.option("--db", "db_path", metavar="STORE", help="The store to serve, read-only (a SQLite file, or postgresql://USER@HOST/DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="Server processes (pages are read from the store, so more processes serve more readers at once).")
@click.option("--allow-remote", is_flag=True, help="Allow --host to be an address other machines can reach (there is no login: anyone who reaches it reads the store).")
def serve_command(paths, db_path, host, port, workers, allow_remote) -> None:
    """A local web page to read stories, their cited summaries and insight.

    \b
    Examples:
      newsum serve --db news.db
      newsum serve examples/ferry.jsonl --port 8080
    """
    if bool(paths) == bool(db_path):
        raise click.UsageError("give either --db DB or cluster JSONL FILE(s)")
    if not _is_loopback(host) and not allow_remote:
        raise click.UsageError(f"--host {host} can be reached from other machines and newsum has no login; add --allow-remote if you mean it")
    try:
        import uvicorn

        from .app import create_app
    except ImportError:
        from ..errors import MissingDependency

        raise MissingDependency("newsum serve", "web", "fastapi and uvicorn") from None
    if paths:
        db_path = Path(tempfile.mkdtemp(prefix="newsum-serve-")) / "clusters.db"
        print(f"newsum: preparing {len(paths)} file(s): summaries and insight of every cluster ...", file=sys.stderr)
        store_from_clusters(list(paths), db_path)
    elif "://" not in str(db_path) and not Path(db_path).exists():
        raise InputError(f"{db_path}: no such store; create it with `newsum ingest SOURCE --db {db_path}`")
    if not _is_loopback(host):
        print(f"newsum: WARNING: serving on {host}, reachable from other machines, without any login", file=sys.stderr)
    if workers < 1:
        raise click.UsageError(f"--workers must be 1 or more, got {workers}")
    create_app(db_path)  # fails here, with the store's message, if the store cannot be read
    from ..store import store_location

    print(f"newsum: serving {store_location(db_path)} at http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    import os

    os.environ["NEWSUM_SERVE_DB"] = str(db_path) if "://" in str(db_path) else str(Path(db_path).resolve())
    uvicorn.run("newsum.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers, log_level="warning")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

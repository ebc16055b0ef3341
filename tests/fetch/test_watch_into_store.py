"""`newsum watch` and `newsum feeds` on every store backend, against the local server."""

from __future__ import annotations

import json

import pytest

from newsum.cli import main
from newsum.store import open_store

from .conftest import Reply
from .pages import article_page, nav_page, rss, rss_for


def serve_news(server, numbers) -> str:
    """A feed of the stories ``numbers``, their pages, and robots.txt; the feed's URL."""
    server.route("/robots.txt", Reply(body="User-agent: *\nAllow: /\n", content_type="text/plain"))
    for n in range(10):
        server.route(f"/story/{n}", Reply(body=article_page(n)))
    return server.route("/rss.xml", Reply(body=rss_for(server.url(""), numbers), content_type="application/rss+xml"))


@pytest.fixture
def run(capsys):
    """newsum's command line: (exit code, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def stored(address: str) -> list:
    store = open_store(address, readonly=True)
    try:
        return list(store.all_articles())
    finally:
        store.close()


def test_watch_once_stores_each_article_once_and_polls_politely_again(server, store_address, run):
    feed = serve_news(server, [0, 1, 2])
    code, _, err = run("watch", feed, "--db", store_address, "--once", "--no-refresh")
    assert code == 0, err
    articles = stored(store_address)
    assert len(articles) == 3 and all("opened on Monday" in a.text and a.url.startswith(server.url("/story/")) for a in articles)
    assert all("Home" not in a.text.split("\n")[0] for a in articles)  # the page's navigation is not the article
    # The feed changes: one story more; when the feed is due again, a second run adds only that one.
    server.route("/rss.xml", Reply(body=rss_for(server.url(""), [3, 0, 1, 2]), content_type="application/rss+xml"))
    store = open_store(store_address)
    with store.batch():
        for record in store.feeds():
            store.save_feed_state(record.url, {**record.state, "next_poll_at": None})
    store.close()
    assert run("watch", "--db", store_address, "--once", "--no-refresh")[0] == 0
    keys = [a.key for a in stored(store_address)]
    assert len(keys) == 4 and len(set(keys)) == 4
    status = json.loads(run("feeds", "--db", store_address, "--format", "json")[1])
    assert status[0]["url"] == feed and status[0]["articles_added"] == 4 and status[0]["last_fetch_at"]


def test_a_feed_entry_that_is_no_article_and_a_failing_feed_are_reported_not_stored(server, store_address, run):
    server.route("/robots.txt", Reply(body="User-agent: *\nAllow: /\n", content_type="text/plain"))
    server.route("/section", Reply(body=nav_page()))
    feed = server.route("/rss.xml", Reply(body=rss([{"title": "Town news", "link": server.url("/section")}]),
                                          content_type="application/rss+xml"))
    broken = server.route("/broken.xml", Reply(status=500, body="oops"))
    assert run("watch", feed, broken, "--db", store_address, "--once", "--no-refresh")[0] == 0
    assert stored(store_address) == []
    status = {row["url"]: row for row in json.loads(run("feeds", "--db", store_address, "--format", "json")[1])}
    assert status[broken]["last_error"] and status[broken]["errors_in_a_row"] == 1
    assert status[feed]["last_error"] is None and status[feed]["articles_added"] == 0


def test_feeds_add_list_remove(tmp_path, store_address, run):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# our outlets\nhttps://example.org/rss.xml\nhttps://example.net/atom.xml?utm_source=x\n")
    assert run("feeds", "add", str(listing), "--db", store_address)[0] == 0
    assert run("feeds", "list", "--db", store_address)[1].split() == ["https://example.net/atom.xml", "https://example.org/rss.xml"]
    assert run("feeds", "remove", "https://example.org/rss.xml", "--db", store_address)[0] == 0
    assert run("feeds", "list", "--db", store_address)[1].split() == ["https://example.net/atom.xml"]
    code, _, err = run("feeds", "remove", "https://example.org/rss.xml", "--db", store_address)
    assert code != 0 and "not following" in err


def test_sigterm_stops_watch_cleanly_with_everything_fetched_stored(server, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    feed = serve_news(server, list(range(6)))
    db = str(tmp_path / "news.db")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    watcher = subprocess.Popen([sys.executable, "-m", "newsum", "watch", feed, "--db", db, "--no-refresh"], env=env,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and sum(1 for seen in list(server.requests) if seen.path.startswith("/story/")) < 2:
        time.sleep(0.1)
    watcher.send_signal(signal.SIGTERM)
    _, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, err
    stored_now = stored(db)
    store = open_store(db, readonly=True)
    (record,) = store.feeds()
    store.close()
    # Whatever was stored is whole, and the feed's count says how many; the rest comes next time.
    assert all("opened on Monday" in a.text for a in stored_now)
    assert record.state.get("articles_added", 0) == len(stored_now)

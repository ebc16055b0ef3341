"""The web page: routes, the JSON API, errors, limits and security headers (in-process), and
the browser tests (Playwright driving Debian's Chromium; skipped when it is absent):
stories, a story, clicking a sentence, search, summarize-now, and script payloads in every
field that must not run on any page. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from builders import EXAMPLE_JSONL, REPO  # noqa: E402
from newsum.cli import main  # noqa: E402
from newsum.web.app import CSP, create_app, safe_url  # noqa: E402
from newsum.web.command import store_from_clusters  # noqa: E402

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAYLOAD = '<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=1;alert(2)">'
EVIL_ARTICLES = [
    {"id": f"evil-{k}", "source": f"Evil Outlet {PAYLOAD}", "date": f"2026-03-0{k + 2}", "url": "javascript:window.__pwned=1;alert(3)",
     "title": f"Flood {PAYLOAD} hits Eskby",
     "text": (f"Floodwater from the Varn River forced 4,000 residents of Eskby from their homes on Monday {PAYLOAD}. "
              "Engineers opened the spillway of the Varn dam after days of heavy rain, the council said. "
              f"\"The dam is sound {PAYLOAD},\" said regional governor Anneli Soder. "
              "Rail services between Eskby and the coast were suspended after the track near the river flooded.")}
    for k in range(3)
]


def _example_texts() -> list[str]:
    from newsum.ingest import read_inputs

    (cluster,) = list(read_inputs([str(EXAMPLE_JSONL)]))
    return [d.text for d in cluster.documents]


@pytest.fixture(scope="module")
def ferry_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "ferry.db"
    store_from_clusters([str(EXAMPLE_JSONL)], db)
    return db


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in EVIL_ARTICLES) + "\n", encoding="utf-8")
    db = folder / "evil.db"
    assert main(["ingest", str(feed), "--db", str(db), "--refresh", "-q"]) == 0
    return db


@pytest.fixture(scope="module")
def client(ferry_db):
    return TestClient(create_app(ferry_db), raise_server_exceptions=False)


def test_stories_story_and_article_pages_render_with_the_security_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-security-policy"] == CSP and "unsafe-inline" not in CSP
    stories = client.get("/api/stories").json()["stories"]
    (story,) = stories
    assert story["id"] == "ferry-aground" and story["size"] == 4
    html = client.get(f"/stories/{story['id']}").text
    data = client.get(f"/api/stories/{story['id']}").json()
    view = data["view"]
    assert view["summary"]["sentences"] and view["quotes"]
    first = view["summary"]["sentences"][0]
    assert first["text"] in html.replace("&#34;", '"').replace("&#39;", "'")
    # Every supporting article's passage is a sentence of that article.
    keys = {a["id"]: a["key"] for a in data["articles"]}
    for passage in first["passages"]:
        text = client.get(f"/api/articles/{keys[passage['document_id']]}").json()["article"]["text"]
        assert passage["text"].strip() and passage["text"] in text
    assert {p["document_id"] for p in first["passages"]} == set(first["sources"])
    article = data["articles"][0]["key"]
    assert client.get(f"/articles/{article}").status_code == 200
    assert client.get(f"/api/articles/{article}").json()["article"]["key"] == article


def test_unknown_ids_bad_parameters_and_big_uploads_get_a_clear_page_or_json(client):
    assert client.get("/stories/nope").status_code == 404 and "no story" in client.get("/stories/nope").text
    assert client.get("/api/stories/nope").json() == {"error": "no story 'nope'", "status": 404}
    bad = client.get("/api/stories", params={"since": "yesterday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
    assert client.get("/api/stories", params={"q": '"unclosed'}).status_code == 400
    big = client.post("/api/summarize", content=b"x" * 3_000_000, headers={"content-type": "text/plain"})
    assert big.status_code == 413 and "larger than" in big.json()["error"]
    empty = client.post("/api/summarize", data={"text": "   "})
    assert empty.status_code == 400 and "paste" in empty.json()["error"]
    assert "Traceback" not in client.get("/articles/nope").text


def test_summarize_now_takes_pasted_text_and_files_but_never_a_path(client):
    texts = _example_texts()
    pasted = client.post("/api/summarize", data={"text": "\n---\n".join(texts[:2])})
    assert pasted.status_code == 200 and pasted.json()["sentences"]
    uploaded = client.post("/api/summarize", files=[("files", ("a.txt", texts[0].encode(), "text/plain"))])
    assert uploaded.status_code == 200 and uploaded.json()["sentences"][0]["sources"] == ["a"]
    # A path in the form is text to summarize, not a file to read.
    path = client.post("/api/summarize", data={"text": "/etc/passwd"})
    assert path.status_code == 400 and "root:" not in path.text


def test_payloads_in_articles_are_escaped_in_every_page_and_links_are_http_only(evil_db):
    client = TestClient(create_app(evil_db), raise_server_exceptions=False)
    (story,) = client.get("/api/stories").json()["stories"]
    pages = ["/", f"/stories/{story['id']}", "/articles/id:evil-0", "/?q=Eskby"]
    for url in pages:
        html = client.get(url).text
        assert "<script>window.__pwned" not in html and "<img src=x" not in html, url
        assert "javascript:" not in html.split("<main>")[1], url
    assert safe_url("javascript:alert(1)") is None and safe_url("https://example.org/a") == "https://example.org/a"


def test_serve_refuses_a_remote_address_without_allow_remote(capsys):
    assert main(["serve", "--db", "x.db", "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


# -- the browser -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live(ferry_db, evil_db):
    uvicorn = pytest.importorskip("uvicorn")
    servers = {}
    for name, db in (("ferry", ferry_db), ("evil", evil_db)):
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.time() + 10
        while not server.started and time.time() < deadline:
            time.sleep(0.05)
        servers[name] = (server, f"http://127.0.0.1:{port}")
    yield {name: url for name, (_, url) in servers.items()}
    for server, _ in servers.values():
        server.should_exit = True


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium here (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
        )
        yield browser
        browser.close()


def _page(browser, width=1100):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.alerts = []
    page.on("dialog", lambda dialog: (page.alerts.append(dialog.message), dialog.dismiss()))
    return page


def test_browser_reads_a_story_and_shows_the_passages_behind_a_sentence(browser, live):
    ARTIFACTS.mkdir(exist_ok=True)
    page = _page(browser)
    page.goto(live["ferry"] + "/")
    page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)
    page.click("a.headline")
    page.wait_for_selector("button.sentence")
    page.click("button.sentence >> nth=0")
    page.wait_for_selector("#passages .passage")
    passages = page.locator("#passages .passage")
    sources = int(page.locator("button.sentence >> nth=0").locator("sup").text_content().strip("[]"))
    assert passages.count() == sources >= 1
    marked = page.locator("#passages mark").first.text_content()
    assert marked and marked.strip() in page.locator("button.sentence >> nth=0").text_content()
    # A passage takes its direction from its own letters (Arabic and Hebrew read right to left).
    assert page.locator("#passages .passage p").first.get_attribute("dir") == "auto"
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)
    phone = _page(browser, width=390)
    phone.goto(page.url)
    phone.screenshot(path=str(ARTIFACTS / "story-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # nothing wider than a phone
    page.close()
    phone.close()


def test_browser_searches_and_summarizes_pasted_text(browser, live):
    page = _page(browser)
    page.goto(live["ferry"] + "/")
    page.fill("input[name=q]", "ferry")
    page.click("button[type=submit]")
    assert page.locator("a.headline").count() == 1
    page.goto(live["ferry"] + "/")
    page.fill("input[name=q]", "zeppelin")
    page.click("button[type=submit]")
    assert page.locator("a.headline").count() == 0
    page.goto(live["ferry"] + "/summarize")
    page.fill("textarea[name=text]", "\n---\n".join(_example_texts()[:2]))
    page.click("button[type=submit]")
    page.wait_for_selector("ol.result li")
    assert page.locator("ol.result li").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "summarize.png"), full_page=True)
    page.close()


def test_browser_runs_no_script_from_article_text_on_any_page(browser, live):
    page = _page(browser)
    base = live["evil"]
    page.goto(base + "/")
    story_url = page.locator("a.headline").first.get_attribute("href")
    for url in ["/", story_url, "/articles/id:evil-0", "/?q=Eskby"]:
        page.goto(base + url)
        if url == story_url:
            page.click("button.sentence >> nth=0")
            page.wait_for_selector("#passages .passage")
            page.hover("button.sentence >> nth=-1")
        assert page.evaluate("window.__pwned === undefined"), url
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:"), (url, href)
    assert page.alerts == []
    page.screenshot(path=str(ARTIFACTS / "payloads.png"), full_page=True)
    page.close()


def test_pages_keep_working_while_an_ingest_writes_to_the_store(tmp_path):
    from newsum.store.sqlite import SQLiteStore
    from newsum.stream.ingest import ingest

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in EVIL_ARTICLES[:1]) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert main(["ingest", str(feed), "--db", str(db), "-q"]) == 0
    client = TestClient(create_app(db), raise_server_exceptions=False)
    more = tmp_path / "more.jsonl"
    more.write_text("\n".join(json.dumps({**EVIL_ARTICLES[0], "id": f"more-{k}", "text": EVIL_ARTICLES[0]["text"] + f" Update {k}."}) for k in range(300)) + "\n", encoding="utf-8")
    writer = threading.Thread(target=lambda: ingest([str(more)], SQLiteStore(db), batch=20))
    writer.start()
    statuses = []
    while writer.is_alive():
        statuses.append(client.get("/").status_code)
        statuses.append(client.get("/api/stories").status_code)
    writer.join()
    assert statuses and set(statuses) == {200}
    # The listing follows the store once the ingest has committed (the page cache is keyed by it).
    assert sum(s["size"] for s in client.get("/api/stories").json()["stories"]) == 301


def test_a_story_answers_a_question_on_demand_and_says_when_it_cannot(client):
    page = client.get("/stories/ferry-aground")
    assert 'action="/stories/ferry-aground/ask"' in page.text
    answered = client.get("/api/stories/ferry-aground/ask", params={"q": "Where did the ferry run aground?"}).json()
    assert answered["answer"]["query"]["answered"] and answered["answer"]["sentences"]
    assert answered["articles_read"] == answered["articles"] == 4
    html = client.get("/stories/ferry-aground/ask", params={"q": "Where did the ferry run aground?"})
    assert html.status_code == 200 and answered["answer"]["sentences"][0]["text"][:40] in html.text.replace("&#39;", "'")
    not_answered = client.get("/stories/ferry-aground/ask", params={"q": "What did the central bank decide about mortgage rates?"})
    assert not_answered.status_code == 200 and "Not answered" in not_answered.text
    # The question is data: escaped, never interpreted.
    evil = client.get("/stories/ferry-aground/ask", params={"q": "<script>alert(1)</script> ferry"})
    assert "<script>alert(1)</script>" not in evil.text
    assert client.get("/api/stories/ferry-aground/ask", params={"q": "x" * 301}).status_code == 400
    assert client.get("/api/stories/ferry-aground/ask", params={"q": "  "}).status_code == 400
    assert client.get("/api/stories/nope/ask", params={"q": "anything?"}).status_code == 404


def test_a_question_that_takes_too_long_gets_a_503(monkeypatch):
    from newsum.web import app as web

    def slow(*args, **kwargs):
        import time

        time.sleep(1.0)

    monkeypatch.setattr("newsum.summarizer.Summarizer.summarize", slow)
    with pytest.raises(web._Problem) as problem:
        web._answer_within([], "anything?", 0.05)
    assert problem.value.status == 503


def test_every_page_and_the_feeds_page_work_on_every_backend_and_follow_changes(tmp_path, store_address):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in EVIL_ARTICLES[:2]) + "\n", encoding="utf-8")
    assert main(["ingest", str(feed), "--db", store_address, "--refresh", "-q"]) == 0
    from newsum.store import open_store

    store = open_store(store_address)
    with store.batch():
        store.add_feed("https://example.org/rss.xml")
        store.save_feed_state("https://example.org/rss.xml", {"title": f"Gazette {PAYLOAD}", "last_error": f"HTTP 500 {PAYLOAD}",
                                                              "errors": 2, "articles_added": 7})
    store.close()
    client = TestClient(create_app(store_address), raise_server_exceptions=False)
    (story,) = client.get("/api/stories").json()["stories"]
    for url in ["/", f"/stories/{story['id']}", "/articles/id:evil-0", "/?q=Eskby", "/feeds"]:
        response = client.get(url)
        assert response.status_code == 200 and "<script>window.__pwned" not in response.text, url
    (row,) = client.get("/api/feeds").json()["feeds"]
    assert row["articles_added"] == 7 and row["errors_in_a_row"] == 2 and "HTTP 500" in row["last_error"]
    assert "HTTP 500" in client.get("/feeds").text
    # A new story written by another process shows at once: the page cache follows the store's change counter.
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "strike-1", "source": "Wire", "date": "2026-03-09", "title": "Kessmouth dockers strike",
                                "text": "Dockworkers at the port of Kessmouth walked off the job on Tuesday, halting container traffic."}) + "\n")
    assert main(["ingest", str(more), "--db", store_address, "-q"]) == 0
    assert "Kessmouth dockers strike" in client.get("/").text

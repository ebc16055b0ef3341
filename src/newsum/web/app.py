"""The web app: stories, a story, an article, and summarize-now, as pages and as JSON.

Pages are rendered on the server (Jinja2, autoescaped: text from articles is data); a little
JavaScript (static/app.js, no inline script, no innerHTML with article text) shows the passages
behind a summary sentence. Every page reads what `newsum refresh` stored; nothing is
summarized per request except on the summarize-now page. The store is opened read-only.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from ..errors import MissingDependency, NewsumError
from ..language_profiles import text_direction
from ..model import date_sort_key

try:
    from fastapi import FastAPI, Form, Request, UploadFile
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError:  # pragma: no cover - the [web] extra
    raise MissingDependency("newsum serve", "web", "fastapi") from None

from ..store import Store, open_store, utc_time

__all__ = ["create_app", "app_from_environment", "MAX_UPLOAD_BYTES", "CSP"]

HERE = Path(__file__).resolve().parent
#: Requests larger than this are refused (413) before they are read: the summarize-now form
#: takes pasted text or a few article files.
MAX_UPLOAD_BYTES = 2_000_000
#: Scripts from this server only, no inline script, no plugins, no framing by others.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_SIZE = 50


def safe_url(url: str | None) -> str | None:
    """A URL that may be a link: http(s) only (never javascript:, data:, ...)."""
    if not url:
        return None
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class _Guard:
    """Refuses oversized requests before reading them, and sets the security headers on every
    response (plain ASGI: cheaper than a request/response middleware on every page)."""

    def __init__(self, app, templates) -> None:
        self.app, self.templates = app, templates

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
            request = Request(scope, receive)
            response = _error(request, self.templates, 413, f"the request is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB; send less text or fewer files")
            return await response(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in {name for name, _ in _SECURITY_HEADERS}]
                message["headers"] = headers + _SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _PageCache:
    """Rendered pages by URL, valid while the store's change counter stands (every ingest or
    refresh batch moves it, on any machine that writes to the store): a page is read from
    the store once per change, not per reader."""

    def __init__(self, changes, size: int = 512) -> None:
        self.changes = changes
        self.size = size
        self.pages: dict[str, tuple[int, str]] = {}

    def get(self, key: str) -> str | None:
        hit = self.pages.get(key)
        return hit[1] if hit and hit[0] == self.changes() else None

    def put(self, key: str, html: str, generation: int) -> None:
        if len(self.pages) >= self.size:
            self.pages.pop(next(iter(self.pages)))
        self.pages[key] = (generation, html)


class _Connections:
    """One read-only store connection per server thread, opened on first use and kept (a
    PostgreSQL connection costs milliseconds to open; a page should not)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.local = threading.local()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = open_store(self.address, readonly=True)
        return store


class _Problem(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def create_app(db_path: str | Path) -> FastAPI:
    """The app over the store at ``db_path`` (a SQLite file or a PostgreSQL address; read-only)."""
    db_path = str(db_path)
    open_store(db_path, readonly=True).close()  # fail now, with the store's message, if unusable
    app = FastAPI(title="newsum", description="Stories, summaries with citations, and insight.", docs_url=None, openapi_url="/api/openapi.json", redoc_url=None)  # the docs UI would load from a CDN: the schema is the documentation
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["safe_url"] = safe_url
    templates.env.filters["direction"] = text_direction  # dir="rtl" for Arabic and Hebrew sentences and quotes
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    connections = _Connections(db_path)

    @contextlib.contextmanager
    def store() -> Iterator[Store]:
        yield connections.get()

    app.add_middleware(_Guard, templates=templates)

    @app.exception_handler(_Problem)
    async def problem(request: Request, error: _Problem):
        return _error(request, templates, error.status, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_problem(request: Request, error: StarletteHTTPException):
        return _error(request, templates, error.status_code, "no such page" if error.status_code == 404 else str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError):
        return _error(request, templates, 422, "the request's parameters are not valid: " + "; ".join(e.get("msg", "") for e in error.errors()))

    @app.exception_handler(Exception)
    async def crash(request: Request, error: Exception):  # no traceback to the client
        return _error(request, templates, 500, "something went wrong on the server; the error is in its log")

    # -- data -------------------------------------------------------------------------------------

    def stories_data(q: str | None, since: str | None, min_sources: int, sort: str, page: int) -> dict:
        if since and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
            raise _Problem(400, f"since={since!r} is not a date; write it as YYYY-MM-DD")
        if min_sources < 1 or page < 1:
            raise _Problem(400, "min_sources and page must be 1 or more")
        with store() as s:
            wanted = None
            if q:
                try:
                    wanted = {s.resolve_story(x) for _, x in s.search(q, limit=5000) if x}
                except Exception:
                    raise _Problem(400, f"the search {q!r} is not a valid query; use words, \"quoted phrases\", OR, NOT") from None
            rows = s.story_rows(since=utc_time(since), min_outlets=min_sources, ids=wanted, order="size" if sort == "size" else "latest",
                                limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        return {"stories": rows[:PAGE_SIZE], "page": page, "more": len(rows) > PAGE_SIZE, "q": q or "", "since": since or "",
                "min_sources": min_sources, "sort": sort}

    def story_data(story_id: str) -> dict:
        with store() as s:
            header = s.story_header(story_id)
            if header is None:
                raise _Problem(404, f"no story {story_id!r}")
            view = s.page_view(header["id"])
            articles = s.story_article_list(header["id"])
        return {"story": header, "view": view, "articles": articles}

    def feeds_data() -> dict:
        from ..stream.watching import feed_status

        with store() as s:
            return {"feeds": [feed_status(record) for record in s.feeds()]}

    def article_data(key: str) -> dict:
        with store() as s:
            article = s.article(key)
            if article is None:
                raise _Problem(404, f"no article {key!r}")
            digest = s.digest(article.story_id) if article.story_id else None
        used = []
        if digest:
            for sentence in digest[0].get("sentences", []):
                for p in sentence.get("support", []):
                    if p["document_id"] == (article.id or article.key):
                        used.append((p["start"], p["end"]))
        pieces, at = [], 0
        for start, end in sorted(set(used)):
            if start < at:
                continue
            pieces.append({"text": article.text[at:start], "used": False})
            pieces.append({"text": article.text[start:end], "used": True})
            at = end
        pieces.append({"text": article.text[at:], "used": False})
        return {"article": {"key": article.key, "id": article.id, "title": article.title, "source": article.source, "date": article.date,
                            "url": article.url, "story_id": article.story_id, "copy_of": article.copy_of, "text": article.text},
                "pieces": pieces}

    # -- pages ---------------------------------------------------------------------------------------

    cache = _PageCache(lambda: connections.get().changes())

    def cached(request: Request, render) -> HTMLResponse:
        key = str(request.url.path) + "?" + str(request.url.query)
        html = cache.get(key)
        if html is None:
            generation = connections.get().changes()  # before reading: a change meanwhile makes the page stale, not lost
            html = render()
            cache.put(key, html, generation)
        return HTMLResponse(html)

    def render(request: Request, name: str, context: dict) -> str:
        return templates.get_template(name).render({"request": request, **context})

    @app.get("/", response_class=HTMLResponse)
    def stories_page(request: Request, q: str | None = None, since: str | None = None, min_sources: int = 1, sort: str = "latest", page: int = 1):
        return cached(request, lambda: render(request, "stories.html", stories_data(q, since, min_sources, sort, page)))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: str):
        return cached(request, lambda: render(request, "story.html", story_view(story_id)))

    def story_view(story_id: str) -> dict:
        data = story_data(story_id)
        view = data["view"] or {}
        passages = {k: s["passages"] for k, s in enumerate((view.get("summary") or {}).get("sentences", []))}
        data["passages_json"] = json.dumps(passages, ensure_ascii=False)
        return data

    def ask_data(story_id: str, q: str) -> dict:
        question = " ".join((q or "").split())
        if not question:
            raise _Problem(400, "ask a question: write it in the box (q=...)")
        if len(question) > MAX_QUESTION_CHARS:
            raise _Problem(400, f"the question is {len(question)} characters long; keep it under {MAX_QUESTION_CHARS}")
        from ..stream.commands import story_cluster

        with store() as s:
            try:
                cluster = story_cluster(s, story_id)
            except NewsumError as error:
                raise _Problem(404, str(error)) from None
        # The newest articles when a story is larger than one question may read (size limit).
        documents = sorted(cluster.documents, key=lambda d: date_sort_key(d.date))[-MAX_ASK_ARTICLES:]
        answer = _answer_within(documents, question, ASK_SECONDS)
        return {"story_id": story_id, "question": question, "answer": answer, "articles_read": len(documents),
                "articles": len(cluster.documents)}

    @app.get("/stories/{story_id}/ask", response_class=HTMLResponse)
    def ask_page(request: Request, story_id: str, q: str = ""):
        """A question put to one story, answered on demand: never cached, outside the pages' load."""
        return templates.TemplateResponse(request, "ask.html", ask_data(story_id, q))

    @app.get("/articles/{key:path}", response_class=HTMLResponse)
    def article_page(request: Request, key: str):
        return templates.TemplateResponse(request, "article.html", article_data(key))

    @app.get("/feeds", response_class=HTMLResponse)
    def feeds_page(request: Request):
        return cached(request, lambda: render(request, "feeds.html", feeds_data()))

    @app.get("/summarize", response_class=HTMLResponse)
    def summarize_form(request: Request):
        return templates.TemplateResponse(request, "summarize.html", {"result": None, "text": ""})

    @app.post("/summarize", response_class=HTMLResponse)
    async def summarize_page(request: Request, text: str = Form(""), files: list[UploadFile] | None = None):
        result = await _summarize_now(text, files or [])
        return templates.TemplateResponse(request, "summarize.html", {"result": result, "text": text})

    # -- the JSON API ------------------------------------------------------------------------------------

    @app.get("/api/stories")
    def api_stories(q: str | None = None, since: str | None = None, min_sources: int = 1, sort: str = "latest", page: int = 1) -> dict:
        """The stories page as JSON."""
        return stories_data(q, since, min_sources, sort, page)

    @app.get("/api/stories/{story_id}/ask")
    def api_ask(story_id: str, q: str = "") -> dict:
        """A question put to a story: the summary that answers it (``answer.query.answered``
        false when the articles do not address it), computed on demand."""
        return ask_data(story_id, q)

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict:
        """A story as its page shows it: its record, the stored summary with the passage of
        every supporting article behind each sentence, quotes, conflicts, timeline, articles."""
        return story_data(story_id)

    @app.get("/api/feeds")
    def api_feeds() -> dict:
        """The feeds the store follows: last fetch, next poll, articles added, last error."""
        return feeds_data()

    @app.get("/api/articles/{key:path}")
    def api_article(key: str) -> dict:
        """An article, with the pieces of its text that summaries use."""
        return article_data(key)

    @app.post("/api/summarize")
    async def api_summarize(text: str = Form(""), files: list[UploadFile] | None = None) -> dict:
        """A one-off summary of pasted text (articles separated by a line with three dashes)
        or uploaded .txt/.html files. The server never reads a path or URL the form names."""
        return await _summarize_now(text, files or [])

    return app


def app_from_environment() -> FastAPI:
    """The app over the store named by NEWSUM_SERVE_DB: what each worker process of
    ``newsum serve --workers N`` builds."""
    import os

    return create_app(os.environ["NEWSUM_SERVE_DB"])


#: A question put to a story: at most this long, answered from at most this many of its
#: newest articles, within this many seconds (a story of 60 articles takes about 1 s).
MAX_QUESTION_CHARS = 300
MAX_ASK_ARTICLES = 60
ASK_SECONDS = 20.0


def _answer_within(documents, question: str, seconds: float) -> dict:
    """The query summary of ``documents``, or a 503 problem when it takes longer than
    ``seconds`` (the work goes on in its thread; the reader is not kept waiting)."""
    import concurrent.futures

    from ..model import Budget
    from ..summarizer import Summarizer

    def work():
        return Summarizer(budget=Budget(words=100), query=question).summarize(documents).to_dict()

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(work).result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        raise _Problem(503, f"answering took longer than {seconds:g} s; ask a narrower question or try again") from None
    except NewsumError as error:
        raise _Problem(400, str(error)) from None
    finally:
        pool.shutdown(wait=False)


async def _summarize_now(text: str, files: list) -> dict:
    from ..ingest.files import read_document_bytes
    from ..summarizer import Summarizer
    from ..model import Budget, Document

    documents = []
    for k, piece in enumerate(p for p in re.split(r"(?m)^\s*-{3,}\s*$", text or "") if p.strip()):
        documents.append(Document(text=piece.strip(), id=f"pasted-{k + 1}"))
    for k, upload in enumerate(files):
        if not getattr(upload, "filename", None):
            continue
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise _Problem(413, f"{upload.filename}: larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
        fmt = "html" if upload.filename.lower().endswith((".html", ".htm")) else "text"
        try:
            documents.append(read_document_bytes(data, doc_id=Path(upload.filename).stem or f"file-{k + 1}", fmt=fmt, path=upload.filename))
        except NewsumError as error:
            raise _Problem(400, str(error)) from None
    if not documents:
        raise _Problem(400, "paste some article text (separate articles with a line of three dashes) or upload .txt/.html files")
    try:
        summary = Summarizer(budget=Budget(words=100)).summarize(documents)
    except NewsumError as error:
        raise _Problem(400, str(error)) from None
    return summary.to_dict()


def _error(request: Request, templates, status: int, message: str):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers={"Content-Security-Policy": CSP})
    response = templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    return response

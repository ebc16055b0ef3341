"""Ingest a stream into a store: read, identify, find copies, group into stories, save.

    SOURCE... ──feed_articles──▶ (Document, where) one at a time (JSONL feed lines, cluster
    JSONL documents, .html/.txt files of a directory, RSS/Atom entries)
    ──identity: id, else URL, else content fingerprint──▶ new / unchanged / updated
    ──profile (stems, names, embedding; before the batch takes the grouping lock)──▶
    waiting, with its profile, until no writer can still deliver an earlier article
    ──in publication order: MinHash copy of an earlier article?──▶ joins its original's story
    ──else StoryGrouper──▶ a story (new, joined, merged, follow-up of a closed one)
    ──every BATCH articles, one transaction──▶ the store

Grouping is a single pass whose result depends on the order articles are read in, so it
reads them in publication order (ties by key; undated ones in the order they came), and with
several writers on one store, an article waits until every live writer has delivered up to
its time (each writer's horizon: the latest publication it has submitted). One writer, or
two writers sharing one stream, then make the same stories as one process reading the
stream in its order. Each batch takes the store's grouping lock and re-reads the grouping
state if another writer committed since.

A crash or kill mid-way loses at most the batch in progress, which the store rolls back; the
grouping state is saved in the same transaction, so running the same ingest again completes
it exactly (and groups what a killed writer left waiting). Ingesting the same articles again
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import uuid
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError, MalformedRecord
from ..ingest.files import document_files, read_document_file
from ..ingest.records import document_from_record
from ..model import Document
from ..store.base import ArticleRecord, utc_time
from ..store.base import Store
from .duplicates import DuplicateIndex, band_keys, signature
from ..language import document_language
from ..semantic.stories import ArticleProfile, profile_articles
from .grouping import StoryGrouper

__all__ = ["IngestReport", "ingest", "ingest_documents", "group_profiled", "ProfiledArticle", "stored_articles", "feed_articles",
           "article_key", "fingerprint", "duplicate_text", "grouping_language", "profile_documents", "line_documents", "BATCH"]

#: Files read as JSONL (one article or one cluster per line).
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
#: Articles per transaction: large enough that commits cost little, small enough that a
#: crash loses little.
BATCH = 500


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    copies: int = 0
    new_stories: int = 0
    merged_stories: int = 0
    closed_stories: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: (v if k != "skipped" else list(v)) for k, v in self.__dict__.items()}


def duplicate_text(title: str | None, text: str) -> str:
    """What an article's near-duplicate signature is made from."""
    return (title or "") + "\n" + text


def fingerprint(document: Document) -> str:
    """A hash of the article's title and text, spaces normalised."""
    content = " ".join((document.title or "").split()) + "\n" + " ".join(document.text.split())
    return hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest()


def article_key(document: Document, content: str) -> str:
    """An article's identity: its id, else its URL, else its content."""
    if document.id:
        return f"id:{document.id}"
    if document.url:
        return f"url:{document.url}"
    return f"fp:{content}"


# -- reading --------------------------------------------------------------------------------


def line_documents(raw: bytes, *, path: str, line: int) -> Iterator[Document]:
    """The articles of one line of a JSONL feed: one article, or a cluster's documents (a bad
    one raises where it is, after those before it)."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedRecord(f"not a JSON object ({error}); each line must be one article or one cluster", path=path, line=line) from None
    if isinstance(record, dict) and "documents" in record:
        documents = record["documents"]
        if not isinstance(documents, list):
            raise MalformedRecord("'documents' must be a list of articles", path=path, line=line)
        for k, item in enumerate(documents):
            yield document_from_record(item, path=path, line=line, where=f"document {k + 1}")
    else:
        yield document_from_record(record, path=path, line=line, where="article")


def _jsonl_articles(path: Path, *, skip_bad: bool, report: IngestReport) -> Iterator[tuple[Document, str]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                for document in line_documents(raw, path=str(path), line=number):
                    yield document, where
            except InputError as error:
                if not skip_bad:
                    raise
                report.skipped.append(str(error))


_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


def _feed_entries(path: Path, *, skip_bad: bool, report: IngestReport) -> Iterator[tuple[Document, str]]:
    """The entries of an RSS/Atom file as articles: their text is the entry's content (else its
    summary) read as HTML and unescaped, as ``newsum watch`` reads feeds."""
    from ..errors import IngestError
    from ..fetch import parse_feed

    try:
        feed = parse_feed(path.read_bytes(), url=None)
    except IngestError as error:
        error = InputError(f"not a readable RSS/Atom feed ({error})", path=str(path))
        if not skip_bad:
            raise error from None
        report.skipped.append(str(error))
        return
    for number, entry in enumerate(feed.entries, start=1):
        record = {"id": entry.id, "url": entry.link, "title": entry.title, "source": feed.title,
                  "date": entry.published.isoformat() if entry.published else None, "text": entry.summary}
        try:
            if not entry.summary.strip():
                raise MalformedRecord(f"entry {number} has no text (no content or summary)", path=str(path))
            yield document_from_record({k: v for k, v in record.items() if v is not None}, path=str(path), where=f"entry {number}"), f"{path}#{number}"
        except InputError as error:
            if not skip_bad:
                raise
            report.skipped.append(str(error))


def feed_articles(sources: Sequence[str], *, skip_bad: bool = False, report: IngestReport | None = None) -> Iterator[tuple[Document, str]]:
    """Every article of the sources, in order, with where it came from."""
    report = report if report is not None else IngestReport()
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file or directory: {source}")
        if path.is_dir():
            for file in document_files(path):
                try:
                    yield read_document_file(file), str(file)
                except InputError as error:
                    if not skip_bad:
                        raise
                    report.skipped.append(str(error))
            continue
        with path.open("rb") as handle:
            head = handle.read(2048)
        if path.suffix.lower() in (".rss", ".atom", ".xml") or _FEED_START.match(head):
            yield from _feed_entries(path, skip_bad=skip_bad, report=report)
        elif path.suffix.lower() in JSONL_SUFFIXES or head.lstrip()[:1] == b"{":
            yield from _jsonl_articles(path, skip_bad=skip_bad, report=report)
        else:
            yield read_document_file(path), str(path)


# -- the pipeline ---------------------------------------------------------------------------


def grouping_language(document: Document) -> str:
    """The language an article is grouped in: its own, else detected (short texts: English,
    the language of the grouping model's training streams)."""
    return document_language(document) or "en"


def _day(document: Document) -> dt.date | None:
    if isinstance(document.date, dt.datetime):
        return document.date.date()
    return document.date


def profile_documents(documents: Sequence[Document], *, embedder) -> list[ArticleProfile]:
    """Grouping profiles of ``documents`` (stems, names, embedding), embedded in one call: the
    expensive part of grouping, which needs nothing of the stream (words are weighed by a
    background idf), so writers and batch workers compute it in parallel."""
    return profile_articles([(d.title, d.text, _day(d)) for d in documents], embedder=embedder,
                            languages=[grouping_language(d) for d in documents])


class _Pipeline:
    def __init__(self, store: Store, *, close_after_days: int) -> None:
        self.store = store
        self.close_after_days = close_after_days
        self.duplicates = DuplicateIndex(lookup=store.duplicate_candidates, store=store.add_duplicate_signature)
        self.seen_changes = store.changes()
        #: Profiles of the articles this writer submitted, until grouped (others' are read back).
        self.mine: dict[str, ArticleProfile] = {}
        #: Stories closed as time moved on, in the order they closed (final: nothing joins
        #: them), when a caller keeps them (the batch; a long ingest would only accumulate them).
        self.closed: list[str] | None = None
        self._restore()

    def _restore(self) -> None:
        self.grouper = StoryGrouper(close_after_days=self.close_after_days, cold=self.store)
        self.grouper.restore(self.store.load_state("grouper"), self.store.open_stories())
        self.position = self.store.next_position()

    def catch_up(self) -> None:
        """At the start of a batch (the grouping lock held): the grouping state as the store
        has it, read again when another writer committed since this one last did; the batch
        itself will add one to the change counter."""
        changes = self.store.changes()
        if changes != self.seen_changes:
            self._restore()
        self.seen_changes = changes + 1

    def profiles(self, documents: Sequence[Document]) -> dict[int, ArticleProfile]:
        """Grouping profiles of the documents not yet stored, embedded in one call (before the
        batch takes the grouping lock: the expensive part runs in parallel across writers)."""
        new = [d for d in documents if self.store.article(article_key(d, fingerprint(d))) is None]
        profiles = profile_documents(new, embedder=self.grouper.embedder)
        return {id(d): p for d, p in zip(new, profiles)}

    def submit(self, documents: Sequence[Document], report: IngestReport, profiles: dict[int, ArticleProfile], writer: str) -> None:
        """Inside a batch: updates of stored articles are written at once; new articles wait,
        with their profiles, to be grouped in publication order (:meth:`group_ready`)."""
        contents = [fingerprint(d) for d in documents]
        keys = [article_key(d, content) for d, content in zip(documents, contents)]
        waiting = self.store.pending_keys(keys)
        rows = []
        horizon = None
        for document, content, key in zip(documents, contents, keys):
            existing = self.store.article(key)
            date = document.date.isoformat() if document.date is not None else None
            if existing is not None:
                if existing.fingerprint == content:
                    report.unchanged += 1
                    continue
                # A changed text under the same identity: an update, kept with its history.
                self.store.put_article(
                    ArticleRecord(key, document.id, document.url, document.source, date, document.title, document.text, content,
                                  existing.story_id, existing.copy_of, existing.position, grouping_language(document)),
                    replaced=existing,
                )
                report.updated += 1
                continue
            if key in waiting:
                report.unchanged += 1  # another writer (or an earlier line) delivered it; it waits to be grouped
                continue
            waiting.add(key)
            profile = profiles.get(id(document))
            if profile is None:
                (profile,) = profile_documents([document], embedder=self.grouper.embedder)
            published = utc_time(document.date)
            record = {"id": document.id, "url": document.url, "source": document.source, "date": date, "title": document.title,
                      "text": document.text, "language": grouping_language(document), "fingerprint": content}
            rows.append((key, published, json.dumps(record, ensure_ascii=False), json.dumps(profile.to_state()), writer))
            self.mine[key] = profile
            if published is not None and (horizon is None or published > horizon):
                horizon = published
            report.added += 1
        self.store.submit_pending(rows)
        if horizon is not None:
            self.store.advance_writer(writer, horizon)

    def group_ready(self, report: IngestReport) -> None:
        """Inside a batch: group the waiting articles that no live writer can still precede
        (published up to every writer's horizon), in publication order, whoever delivered them."""
        ready = self.store.ready_pending()
        for key, record, state in ready:
            fields = json.loads(record)
            profile = self.mine.pop(key, None) or ArticleProfile.from_state(json.loads(state))
            self._group(key, fields, profile, report)
        self.store.drop_pending([key for key, _, _ in ready])

    def _group(self, key: str, fields: dict, profile: ArticleProfile, report: IngestReport, *,
               sig: np.ndarray | None = None, terms: str | None = None) -> None:
        if sig is None:
            sig = signature(duplicate_text(fields["title"], fields["text"]))
        bands = band_keys(sig)
        original, _ = self.duplicates.find(sig, bands)
        follow_up_of = None
        if original is not None:
            story_id = self.store.resolve_story(self.store.article(original).story_id)
            copy_of = original
            report.copies += 1
        else:
            assignment = self.grouper.add_article(profile)
            for gone, kept in assignment.merged:
                self.store.merge_stories(gone, kept)
                self.store.drop_open_story(gone)
                report.merged_stories += 1
            for closed in assignment.closed:
                if self.closed is not None:
                    self.closed.append(closed)
                self.store.close_story(closed)
                self.store.drop_open_story(closed)
                report.closed_stories += 1
            story_id, copy_of, follow_up_of = assignment.story_id, None, assignment.follow_up_of
            if assignment.new_story:
                report.new_stories += 1
        self.store.put_article(ArticleRecord(key, fields["id"], fields["url"], fields["source"], fields["date"], fields["title"],
                                             fields["text"], fields["fingerprint"], story_id, copy_of, self.position, fields["language"],
                                             terms=terms))
        if follow_up_of:
            self.store.set_follow_up(story_id, self.store.resolve_story(follow_up_of))
        self.duplicates.add(key, sig, bands)
        self.position += 1

    def save(self) -> None:
        """The grouping state, in the transaction of the batch it follows."""
        for story_id in sorted(self.grouper.dirty):
            story = self.grouper.stories.get(story_id)
            if story is not None:
                self.store.save_open_story(story_id, story.to_state())
        self.grouper.dirty.clear()
        self.grouper.gone.clear()
        self.store.save_state("grouper", self.grouper.state())


def ingest(
    sources: Sequence[str],
    store: Store,
    *,
    skip_bad: bool = False,
    close_after_days: int = 90,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Add the articles of ``sources`` to ``store``; see the module's docstring."""
    report = IngestReport()
    articles = feed_articles(sources, skip_bad=skip_bad, report=report)
    return ingest_documents(articles, store, report=report, close_after_days=close_after_days, batch=batch, progress=progress)


def ingest_documents(
    articles: Iterable[tuple[Document, str]],
    store: Store,
    *,
    report: IngestReport | None = None,
    close_after_days: int = 90,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Add ``(document, where it came from)`` pairs to ``store``, in the order given."""
    report = report if report is not None else IngestReport()
    pipeline = _Pipeline(store, close_after_days=close_after_days)
    writer = uuid.uuid4().hex
    store.enter_writer(writer)
    try:
        articles = iter(articles)
        while True:
            chunk = [document for document, _ in itertools.islice(articles, batch)]
            if not chunk:
                break
            profiles = pipeline.profiles(chunk)
            with store.batch():
                pipeline.catch_up()
                report.read += len(chunk)
                pipeline.submit(chunk, report, profiles, writer)
                pipeline.group_ready(report)
                pipeline.save()
            if progress is not None:
                progress(len(chunk))
        with store.batch():
            # Leaving: what this writer held back is ready now (all of it, when no other writer runs).
            pipeline.catch_up()
            store.leave_writer(writer)
            pipeline.group_ready(report)
            pipeline.save()
    finally:
        store.after_leaving(writer)
    return report


@dataclass(frozen=True)
class ProfiledArticle:
    """An article whose expensive parts a batch worker computed: its grouping profile, its
    near-duplicate signature and the stems search indexes. ``fields``: id, url, source, date,
    title, text, language, fingerprint (as :meth:`_Pipeline.submit` keeps them)."""

    key: str
    fields: dict
    profile: ArticleProfile
    signature: np.ndarray
    terms: str


def group_profiled(
    articles: Iterable[ProfiledArticle],
    store: Store,
    *,
    close_after_days: int = 90,
    batch: int = BATCH,
    report: IngestReport | None = None,
    closed_state: str | None = None,
) -> tuple[IngestReport, list[str]]:
    """Group articles already profiled into ``store``, in the order given, with the decisions
    ``ingest`` makes (the same copy test, grouper and state); return the report and the stories
    closed on the way. The batch's ordered chain: the caller gives publication order. An
    article already stored is passed over, so a run stopped mid-way and run again resumes
    exactly (the grouping state is saved with every BATCH articles, in their transaction).
    ``closed_state``: the store state that keeps the list of stories closed, saved in the same
    transactions (so a resumed run returns the whole list)."""
    report = report if report is not None else IngestReport()
    pipeline = _Pipeline(store, close_after_days=close_after_days)
    pipeline.closed = list(store.load_state(closed_state) or []) if closed_state is not None else []
    articles = iter(articles)
    while True:
        chunk = list(itertools.islice(articles, batch))
        if not chunk:
            break
        with store.batch():
            pipeline.catch_up()
            for article in chunk:
                report.read += 1
                if store.article(article.key) is not None:
                    report.unchanged += 1
                    continue
                pipeline._group(article.key, article.fields, article.profile, report, sig=article.signature, terms=article.terms)
                report.added += 1
            pipeline.save()
            if closed_state is not None:
                store.save_state(closed_state, pipeline.closed)
    return report, pipeline.closed


def stored_articles(store: Store) -> Iterator[tuple[Document, str]]:
    """The articles of a store as documents, in the order they were ingested (their current
    versions; copies included, so they are found as copies again)."""
    from ..model import parse_date

    for record in store.all_articles():
        document = Document(
            id=record.id,
            text=record.text,
            title=record.title,
            date=parse_date(record.date, what=f"the stored date of {record.key}"),
            url=record.url,
            source=record.source,
        )
        yield document, f"{record.key} (position {record.position})"

"""Online story grouping: each new article joins an open story or starts one.

    article (title, lead, date) ──tf-idf terms, names weighted up──▶ vector
    ──open stories that share its strongest terms (an inverted index)──▶ candidates
    ──cosine to each story's centroid, less a little for every week since its last article──▶
    the best story above JOIN_SIMILARITY, else a new story (linked as a follow-up when it
    continues a closed one)
    ──a story whose centroid comes close to another's──▶ merged (the older id stays)

Stories with no article for ``close_after_days`` are closed: they leave memory (their
signature goes to a :class:`ColdStories` index, in the store), so memory follows the open
stories, not the stream. The result depends on the order of the articles, as any single-pass
method does: the same input in the same order always gives the same stories; another order
can put a borderline article in another story, and the first articles of a story decide what
its centroid is about.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol
from dataclasses import dataclass, field

from ..terms import STOPWORDS, analyze

__all__ = ["StoryGrouper", "Assignment", "ColdStories", "MemoryColdStories", "article_vector", "JOIN_SIMILARITY"]

#: Cosine between an article and a story's centroid above which the article joins the story.
#: Tuned on the DUC-2004 articles of clusters d30001-d30025 fed as one stream in date order
#: (benchmarks/stream_duc.py): BCubed F1 peaks between 0.22 and 0.30.
JOIN_SIMILARITY = 0.12
#: Two open stories whose centroids come this close are one story.
MERGE_SIMILARITY = 0.5
#: ... and share at least this many of their INDEX_TERMS strongest terms (a cheap first test).
MERGE_SHARED_TERMS = 8
#: A new story continues a closed one (a follow-up) at this cosine to its signature.
FOLLOW_UP_SIMILARITY = 0.4
#: A follow-up is looked for among stories closed in the last FOLLOW_UP_DAYS, by the new
#: article's FOLLOW_UP_TERMS strongest terms (so the search stays small as closed stories pile up).
FOLLOW_UP_DAYS = 365
FOLLOW_UP_TERMS = 20
#: How a gap since a story's last article lowers the similarity: times exp(-days / DECAY_DAYS).
#: News returns to a story after pauses of weeks (DUC-2004: up to 76 days), so the decay is
#: slow; without it, stories about one region (four Israeli-Palestinian stories of autumn
#: 1998 in DUC-2004) run together.
DECAY_DAYS = 40
#: Terms kept per article and per story centroid, and how many of a story's terms index it.
ARTICLE_TERMS = 60
CENTROID_TERMS = 150
INDEX_TERMS = 40
#: Words of an article read: the title and the lead carry the story.
LEAD_WORDS = 250
#: Names (capitalised words inside sentences) say which story more than other words do.
NAME_WEIGHT = 1.5

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _top(vector: dict[str, float], k: int) -> dict[str, float]:
    if len(vector) <= k:
        return vector
    return dict(heapq.nlargest(k, vector.items(), key=lambda item: (item[1], item[0])))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


class Vocabulary:
    """Document frequencies of the stream so far, for idf: a word every story uses weighs
    little. Grows with the vocabulary, not with the number of articles. ``added`` holds the
    counts since the store last saved them."""

    def __init__(self, df: dict[str, int] | None = None, n: int = 0) -> None:
        self.df: Counter[str] = Counter(df or {})
        self.n = n
        self.added: Counter[str] = Counter()

    def observe(self, terms: Iterable[str]) -> None:
        unique = set(terms)
        self.df.update(unique)
        self.added.update(unique)
        self.n += 1

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0


def article_terms(title: str | None, text: str) -> Counter[str]:
    """Term counts of an article's title (twice) and lead: content stems, and names as
    "=name" terms."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    counts: Counter[str] = Counter()
    for piece, weight in (((title or ""), 2), (lead, 1)):
        terms = analyze(piece)
        for word, stem in zip(terms.words, terms.stems):
            if word not in STOPWORDS and len(word) > 2 and not word[:1].isdigit():
                counts[stem] += weight
        for name in _NAME.findall(piece):
            if name.lower() not in STOPWORDS:
                counts["=" + name.lower()] += weight
    return counts


def article_vector(counts: Counter[str], vocabulary: Vocabulary) -> dict[str, float]:
    vector = {
        term: (1 + math.log(count)) * vocabulary.idf(term) * (NAME_WEIGHT if term.startswith("=") else 1.0)
        for term, count in counts.items()
    }
    return _unit(_top(vector, ARTICLE_TERMS))


@dataclass
class Story:
    id: str
    first: dt.date | None
    last: dt.date | None
    size: int = 0
    total: dict[str, float] = field(default_factory=dict)  # sum of member vectors
    centroid: dict[str, float] = field(default_factory=dict)
    indexed: frozenset[str] = frozenset()

    def to_state(self) -> dict:
        return {"first": self.first.isoformat() if self.first else None, "last": self.last.isoformat() if self.last else None,
                "size": self.size, "total": self.total}

    @classmethod
    def from_state(cls, story_id: str, state: dict) -> "Story":
        story = cls(story_id, dt.date.fromisoformat(state["first"]) if state["first"] else None,
                    dt.date.fromisoformat(state["last"]) if state["last"] else None, state["size"], dict(state["total"]))
        story.centroid = _unit(_top(story.total, CENTROID_TERMS))
        return story

    def add(self, vector: dict[str, float], date: dt.date | None) -> None:
        for term, weight in vector.items():
            self.total[term] = self.total.get(term, 0.0) + weight
        self.total = _top(self.total, CENTROID_TERMS * 2)
        self.centroid = _unit(_top(self.total, CENTROID_TERMS))
        self.size += 1
        if date is not None:
            self.first = date if self.first is None else min(self.first, date)
            self.last = date if self.last is None else max(self.last, date)


@dataclass(frozen=True)
class Assignment:
    """Where an article went: its story, whether the story is new, the closed story it
    follows up (if any), and stories merged into it as a result (``(merged id, kept id)``)."""

    story_id: str
    new_story: bool
    follow_up_of: str | None = None
    merged: tuple[tuple[str, str], ...] = ()
    closed: tuple[str, ...] = ()  # stories closed before this article, as time moved on
    similarity: float = 0.0


class ColdStories(Protocol):
    """Where closed stories' signatures go, to find what a new story follows up."""

    def add(self, story_id: str, signature: dict[str, float], closed_on: dt.date | None = None) -> None: ...

    def most_similar(self, vector: dict[str, float], since: dt.date | None = None) -> tuple[str | None, float]: ...


class MemoryColdStories:
    """Closed stories' signatures in memory, by term (for tests and one-off runs; the SQLite
    store keeps them on disk)."""

    def __init__(self) -> None:
        self.signatures: dict[str, dict[str, float]] = {}
        self.closed_on: dict[str, dt.date | None] = {}
        self.by_term: dict[str, set[str]] = {}

    def add(self, story_id: str, signature: dict[str, float], closed_on: dt.date | None = None) -> None:
        self.signatures[story_id] = signature
        self.closed_on[story_id] = closed_on
        for term in signature:
            self.by_term.setdefault(term, set()).add(story_id)

    def most_similar(self, vector: dict[str, float], since: dt.date | None = None) -> tuple[str | None, float]:
        candidates = set().union(*(self.by_term.get(t, set()) for t in vector)) if vector else set()
        if since is not None:
            candidates = {c for c in candidates if self.closed_on[c] is None or self.closed_on[c] >= since}
        best, score = None, 0.0
        for story_id in sorted(candidates):
            similarity = _cosine(vector, self.signatures[story_id])
            if similarity > score:
                best, score = story_id, similarity
        return best, score


class StoryGrouper:
    """Assigns articles, one at a time and in the order given, to stories.

    ``new_id`` makes story ids (called with a running number). The grouper holds only open
    stories; :meth:`close_stale` (called by :meth:`add` as dates advance) hands closed ones
    to ``cold``.
    """

    def __init__(
        self,
        *,
        join_similarity: float = JOIN_SIMILARITY,
        close_after_days: int = 90,
        cold: ColdStories | None = None,
        new_id=None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.join_similarity = join_similarity
        self.close_after = dt.timedelta(days=close_after_days)
        self.cold = cold if cold is not None else MemoryColdStories()
        self.vocabulary = vocabulary or Vocabulary()
        self.stories: dict[str, Story] = {}
        self.index: dict[str, set[str]] = {}
        self._counter = 0
        self._new_id = new_id or (lambda number: f"s{number:06d}")
        self.now: dt.date | None = None
        #: Stories changed since the store last saved them, and stories gone (closed, merged).
        self.dirty: set[str] = set()
        self.gone: set[str] = set()

    # -- saving and restoring (the store keeps open stories between runs) ------------------

    def state(self) -> dict:
        return {"counter": self._counter, "now": self.now.isoformat() if self.now else None, "n": self.vocabulary.n}

    def restore(self, state: dict | None, stories: Iterable[tuple[str, dict]]) -> None:
        if state:
            self._counter = state["counter"]
            self.now = dt.date.fromisoformat(state["now"]) if state["now"] else None
            self.vocabulary.n = state["n"]
        for story_id, story_state in stories:
            story = Story.from_state(story_id, story_state)
            self.stories[story_id] = story
            self._reindex(story)

    # -- the index of open stories -------------------------------------------------------

    def _unindex(self, story: Story) -> None:
        for term in story.indexed:
            members = self.index.get(term)
            if members is not None:
                members.discard(story.id)
                if not members:
                    del self.index[term]

    def _reindex(self, story: Story) -> None:
        self._unindex(story)
        story.indexed = frozenset(_top(story.centroid, INDEX_TERMS))
        for term in story.indexed:
            self.index.setdefault(term, set()).add(story.id)

    def _drop(self, story: Story) -> None:
        self._unindex(story)
        del self.stories[story.id]

    # -- time ------------------------------------------------------------------------------

    def close_stale(self, today: dt.date) -> list[str]:
        """Close the open stories whose last article is older than ``close_after_days``."""
        closed = []
        for story in sorted(self.stories.values(), key=lambda s: s.id):
            if story.last is not None and today - story.last > self.close_after:
                self.cold.add(story.id, story.centroid, today)
                self._drop(story)
                closed.append(story.id)
                self.gone.add(story.id)
                self.dirty.discard(story.id)
        return closed

    # -- adding ---------------------------------------------------------------------------

    def add(self, title: str | None, text: str, date: dt.date | None) -> Assignment:
        closed: list[str] = []
        if date is not None and (self.now is None or date > self.now):
            self.now = date
            closed = self.close_stale(date)
        counts = article_terms(title, text)
        self.vocabulary.observe(counts)
        vector = article_vector(counts, self.vocabulary)
        story_id, similarity = self._best_story(vector, date)
        follow_up = None
        new_story = story_id is None
        if new_story:
            self._counter += 1
            story_id = self._new_id(self._counter)
            self.stories[story_id] = Story(story_id, date, date)
            since = date - dt.timedelta(days=FOLLOW_UP_DAYS) if date is not None else None
            cold_id, cold_similarity = self.cold.most_similar(_top(vector, FOLLOW_UP_TERMS), since)
            if cold_id is not None and cold_similarity >= FOLLOW_UP_SIMILARITY:
                follow_up = cold_id
        story = self.stories[story_id]
        story.add(vector, date)
        self._reindex(story)
        self.dirty.add(story_id)
        merged = self._merge_into_neighbours(story)
        return Assignment(merged[-1][1] if merged else story_id, new_story, follow_up, tuple(merged), tuple(closed), similarity)

    def _candidates(self, vector: dict[str, float]) -> set[str]:
        found: set[str] = set()
        for term in vector:
            found |= self.index.get(term, set())
        return found

    def _score(self, vector: dict[str, float], story: Story, date: dt.date | None) -> float:
        similarity = _cosine(vector, story.centroid)
        if date is not None and story.last is not None:
            similarity *= math.exp(-abs((date - story.last).days) / DECAY_DAYS)
        return similarity

    def _best_story(self, vector: dict[str, float], date: dt.date | None) -> tuple[str | None, float]:
        best, score = None, 0.0
        for story_id in sorted(self._candidates(vector)):
            similarity = self._score(vector, self.stories[story_id], date)
            if similarity > score:
                best, score = story_id, similarity
        return (best, score) if score >= self.join_similarity else (None, score)

    def _merge_into_neighbours(self, story: Story) -> list[tuple[str, str]]:
        """Merge ``story`` with open stories whose centroids came this close; the older id
        (the smaller: ids grow) stays."""
        merged: list[tuple[str, str]] = []
        while True:
            # Stories that share many of this one's indexing terms: only they can be close.
            shared: Counter[str] = Counter()
            for term in story.indexed:
                for other in self.index.get(term, ()):
                    if other != story.id:
                        shared[other] += 1
            neighbours = sorted(other for other, n in shared.items() if n >= MERGE_SHARED_TERMS)
            best, score = None, 0.0
            for other in neighbours:
                similarity = _cosine(story.centroid, self.stories[other].centroid)
                if similarity > score:
                    best, score = other, similarity
            if best is None or score < MERGE_SIMILARITY:
                return merged
            keep, gone = sorted((story.id, best))
            kept, lost = self.stories[keep], self.stories[gone]
            for term, weight in lost.total.items():
                kept.total[term] = kept.total.get(term, 0.0) + weight
            kept.total = _top(kept.total, CENTROID_TERMS * 2)
            kept.centroid = _unit(_top(kept.total, CENTROID_TERMS))
            kept.size += lost.size
            kept.first = min(d for d in (kept.first, lost.first) if d is not None) if (kept.first or lost.first) else None
            kept.last = max(d for d in (kept.last, lost.last) if d is not None) if (kept.last or lost.last) else None
            self._drop(lost)
            self._reindex(kept)
            merged.append((gone, keep))
            self.gone.add(gone)
            self.dirty.discard(gone)
            self.dirty.add(keep)
            story = kept

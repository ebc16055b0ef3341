"""Online story grouping: each new article joins an open story or starts one.

    article (title, text, date) ──profile (newsum.semantic.stories)──▶ stems, lead, names,
    embedding; tf-idf with a background idf (word frequencies, not the stream's)
    ──open stories that share its strongest terms (an inverted index), and the nearest by
    embedding──▶ candidates
    ──features (cosines, decayed cosines, time Gaussians) → learned logistic model──▶ the most
    probable story when it reaches the model's threshold, else a new story (linked as a
    follow-up when it continues a closed one)
    ──a story whose stem centroid comes close to another's──▶ merged (the older id stays)

The model (weights and threshold) is data: ``newsum/data/grouping_model.json``, made by
``python tools/train_grouping.py`` from labelled streams; ``model=`` takes another.
Stories with no article for ``close_after_days`` are closed: they leave memory (their
signature goes to a :class:`ColdStories` index, in the store), so memory follows the open
stories, not the stream. The result depends on the order of the articles, as any single-pass
method does: the same input in the same order always gives the same stories.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Protocol
from dataclasses import dataclass

import numpy as np

from ..semantic.embedding import Embedder, default_embedder
from ..semantic.lexical import cosine as _cosine
from ..semantic.stories import ArticleProfile, GroupingModel, StoryProfile, profile_article, story_features, top_terms as _top

__all__ = ["StoryGrouper", "Assignment", "ColdStories", "MemoryColdStories"]

#: Two open stories whose stem centroids come this close are one story (a rule kept from the
#: cosine grouper: it joins a story that started twice before either grew apart).
MERGE_SIMILARITY = 0.5
#: ... and share at least this many of their INDEX_TERMS strongest terms (a cheap first test).
MERGE_SHARED_TERMS = 8
#: A new story continues a closed one (a follow-up) at this cosine to its signature.
FOLLOW_UP_SIMILARITY = 0.4
#: A follow-up is looked for among stories closed in the last FOLLOW_UP_DAYS, by the new
#: article's FOLLOW_UP_TERMS strongest terms (so the search stays small as closed stories pile up).
FOLLOW_UP_DAYS = 365
FOLLOW_UP_TERMS = 20
#: Candidates: open stories sharing the article's QUERY_TERMS strongest stems, the
#: TERM_CANDIDATES with most weight in common, plus the EMBEDDING_CANDIDATES nearest by
#: embedding (a story told in other words). The model scores only these.
QUERY_TERMS = 30
TERM_CANDIDATES = 8
EMBEDDING_CANDIDATES = 3
#: A story's strongest stems that index it.
INDEX_TERMS = 40


@dataclass
class Story:
    id: str
    profile: StoryProfile
    indexed: frozenset[str] = frozenset()

    @property
    def centroid(self) -> dict[str, float]:
        return self.profile.centroids["stems"]

    def to_state(self) -> dict:
        return self.profile.to_state()


@dataclass(frozen=True)
class Assignment:
    """Where an article went: its story, whether the story is new, the closed story it
    follows up (if any), and stories merged into it as a result (``(merged id, kept id)``)."""

    story_id: str
    new_story: bool
    follow_up_of: str | None = None
    merged: tuple[tuple[str, str], ...] = ()
    closed: tuple[str, ...] = ()  # stories closed before this article, as time moved on
    probability: float = 0.0  # the model's probability for the best open story (joined or not)


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


class _EmbeddingIndex:
    """Open stories' unit embeddings in one matrix (rows reused when stories leave), so the
    nearest stories to an article are one matrix product."""

    def __init__(self, dim: int) -> None:
        self.matrix = np.zeros((64, dim), dtype=np.float32)
        self.row: dict[str, int] = {}
        self.owner: list[str | None] = [None] * 64
        self.used = np.zeros(64, dtype=bool)
        self.free: list[int] = list(range(63, -1, -1))

    def put(self, story_id: str, vector: np.ndarray | None) -> None:
        if vector is None:
            return
        row = self.row.get(story_id)
        if row is None:
            if not self.free:
                n = len(self.owner)
                self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
                self.owner.extend([None] * n)
                self.used = np.concatenate([self.used, np.zeros(n, dtype=bool)])
                self.free = list(range(2 * n - 1, n - 1, -1))
            row = self.free.pop()
            self.row[story_id] = row
            self.owner[row] = story_id
            self.used[row] = True
        self.matrix[row] = vector

    def remove(self, story_id: str) -> None:
        row = self.row.pop(story_id, None)
        if row is not None:
            self.matrix[row] = 0.0
            self.owner[row] = None
            self.used[row] = False
            self.free.append(row)

    def nearest(self, vector: np.ndarray, k: int) -> list[str]:
        if not self.row or k <= 0:
            return []
        scores = self.matrix @ vector
        scores[~self.used] = -np.inf
        k = min(k, len(self.row))
        best = np.argpartition(-scores, k - 1)[:k]
        return [self.owner[i] for i in sorted(best, key=lambda i: (-scores[i], self.owner[i]))]


class StoryGrouper:
    """Assigns articles, one at a time and in the order given, to stories.

    ``new_id`` makes story ids (called with a running number). The grouper holds only open
    stories; :meth:`close_stale` (called by :meth:`add` as dates advance) hands closed ones
    to ``cold``. ``model`` decides joins (default: the shipped
    ``newsum/data/grouping_model.json``); ``embedder`` embeds each article's title and lead.
    """

    def __init__(
        self,
        *,
        model: GroupingModel | None = None,
        embedder: Embedder | None = None,
        close_after_days: int = 90,
        cold: ColdStories | None = None,
        new_id=None,
        language: str = "en",
    ) -> None:
        self.model = model if model is not None else GroupingModel.load()
        self.embedder = embedder if embedder is not None else default_embedder()
        self.language = language
        self.close_after = dt.timedelta(days=close_after_days)
        self.cold = cold if cold is not None else MemoryColdStories()
        self.stories: dict[str, Story] = {}
        self.index: dict[str, set[str]] = {}
        self.embeddings = _EmbeddingIndex(getattr(self.embedder, "dim", 256))
        self._counter = 0
        self._new_id = new_id or (lambda number: f"s{number:06d}")
        self.now: dt.date | None = None
        #: Stories changed since the store last saved them, and stories gone (closed, merged).
        self.dirty: set[str] = set()
        self.gone: set[str] = set()

    # -- saving and restoring (the store keeps open stories between runs) ------------------

    def state(self) -> dict:
        return {"counter": self._counter, "now": self.now.isoformat() if self.now else None}

    def restore(self, state: dict | None, stories: Iterable[tuple[str, dict]]) -> None:
        if state:
            self._counter = state["counter"]
            self.now = dt.date.fromisoformat(state["now"]) if state["now"] else None
        for story_id, story_state in stories:
            story = Story(story_id, StoryProfile.from_state(story_state))
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
        self.embeddings.put(story.id, story.profile.embedding)

    def _drop(self, story: Story) -> None:
        self._unindex(story)
        self.embeddings.remove(story.id)
        del self.stories[story.id]

    # -- time ------------------------------------------------------------------------------

    def close_stale(self, today: dt.date) -> list[str]:
        """Close the open stories whose last article is older than ``close_after_days``."""
        closed = []
        for story in sorted(self.stories.values(), key=lambda s: s.id):
            last = story.profile.last
            if last is not None and today - last > self.close_after:
                self.cold.add(story.id, story.centroid, today)
                self._drop(story)
                closed.append(story.id)
                self.gone.add(story.id)
                self.dirty.discard(story.id)
        return closed

    # -- adding ---------------------------------------------------------------------------

    def advance(self, date: dt.date | None) -> list[str]:
        """Move the clock to ``date`` (never back) and close the stories it leaves behind."""
        if date is not None and (self.now is None or date > self.now):
            self.now = date
            return self.close_stale(date)
        return []

    def add(self, title: str | None, text: str, date: dt.date | None) -> Assignment:
        return self.add_article(profile_article(title, text, date, embedder=self.embedder, language=self.language))

    def add_article(self, article: ArticleProfile) -> Assignment:
        """Place an article already profiled (:func:`newsum.semantic.stories.profile_article`)."""
        date = article.date
        closed = self.advance(date)
        story_id, probability = self.best_story(article)
        follow_up = None
        new_story = story_id is None
        if new_story:
            story_id = self.new_story()
            since = date - dt.timedelta(days=FOLLOW_UP_DAYS) if date is not None else None
            cold_id, cold_similarity = self.cold.most_similar(_top(article.vectors["stems"], FOLLOW_UP_TERMS), since)
            if cold_id is not None and cold_similarity >= FOLLOW_UP_SIMILARITY:
                follow_up = cold_id
        story = self.join(story_id, article)
        merged = self._merge_into_neighbours(story)
        return Assignment(merged[-1][1] if merged else story_id, new_story, follow_up, tuple(merged), tuple(closed), probability=probability)

    def new_story(self, story_id: str | None = None) -> str:
        """Open an empty story (named by ``new_id`` unless ``story_id`` is given)."""
        if story_id is None:
            self._counter += 1
            story_id = self._new_id(self._counter)
        self.stories[story_id] = Story(story_id, StoryProfile())
        return story_id

    def join(self, story_id: str, article: ArticleProfile) -> Story:
        story = self.stories[story_id]
        story.profile.add(article)
        self._reindex(story)
        self.dirty.add(story_id)
        return story

    def candidates(self, article: ArticleProfile) -> list[str]:
        """Open stories worth scoring for ``article`` (see QUERY_TERMS)."""
        shared: dict[str, float] = {}
        for term, weight in _top(article.vectors["stems"], QUERY_TERMS).items():
            for story_id in self.index.get(term, ()):
                shared[story_id] = shared.get(story_id, 0.0) + weight
        found = sorted(shared, key=lambda s: (-shared[s], s))[:TERM_CANDIDATES]
        for story_id in self.embeddings.nearest(article.embedding, EMBEDDING_CANDIDATES):
            if story_id not in found:
                found.append(story_id)
        # A story is told in one language: an article in another never joins it (two stories
        # never meet over the stop words of different languages).
        return [s for s in found if self.stories[s].profile.language == article.language]

    def features(self, article: ArticleProfile, story_ids: list[str]) -> list[list[float]]:
        return [story_features(article, self.stories[s].profile) for s in story_ids]

    def best_story(self, article: ArticleProfile) -> tuple[str | None, float]:
        """The most probable open story for ``article`` and its probability; None when it is
        under the model's threshold (the article starts a story)."""
        candidates = self.candidates(article)
        if not candidates:
            return None, 0.0
        probabilities = self.model.probabilities(self.features(article, candidates))
        best = int(np.argmax(probabilities))
        probability = float(probabilities[best])
        return (candidates[best], probability) if probability >= self.model.threshold else (None, probability)

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
            neighbours = sorted(other for other, n in shared.items()
                                if n >= MERGE_SHARED_TERMS and self.stories[other].profile.language == story.profile.language)
            best, score = None, 0.0
            for other in neighbours:
                similarity = _cosine(story.centroid, self.stories[other].centroid)
                if similarity > score:
                    best, score = other, similarity
            if best is None or score < MERGE_SIMILARITY:
                return merged
            keep, gone = sorted((story.id, best))
            kept, lost = self.stories[keep], self.stories[gone]
            kept.profile.absorb(lost.profile)
            self._drop(lost)
            self._reindex(kept)
            merged.append((gone, keep))
            self.gone.add(gone)
            self.dirty.discard(gone)
            self.dirty.add(keep)
            story = kept

"""Does this article belong to that story? Article profiles, story features, a learned decision.

    article (title, text, date) ──profile──▶ content stems (title twice + body), stems of the
        lead, capitalised names, an embedding of the title and lead (WordLlama)
    ──background idf (word frequencies)──▶ three sparse unit vectors + one dense
    (article, open story) ──features──▶ cosines to the story's centroids (stems, lead, names,
        embedding), the same cosines decayed by the days since the story's newest article,
        Gaussians of the days to its newest / oldest / mean article
    ──logistic weights (data/grouping_model.json)──▶ P(the article belongs to the story)

The best-scoring open story is joined when its probability reaches the model's threshold;
else the article starts a story. Features follow Miranda et al. (EMNLP 2018, "Multilingual
Clustering of Streaming News"): several tf-idf sub-vectors, time Gaussians (sigma 3 days) and
a learned decision in place of a hand-set cosine threshold; the threshold itself is chosen by
running the single pass on the training streams (``tools/train_grouping.py``), so it is
calibrated to online decisions rather than to gold-built stories.

Term weights use a background idf, from English word frequencies (wordfreq, shipped with
newsum): ``8 - zipf(word)``, so "said" weighs ~2 and a name outside the 60,000 commonest
words weighs 8. Not the stream's own document frequencies: with them, the same pair of
articles scores differently at the start of a stream and after 100,000 articles, in a small
stream and a large one, so a model trained on one stream's scores misjudges another's.
Measured leave-one-stream-out (tools/train_grouping.py, benchmarks/stream_eval.py) when it
was introduced: DUC-2004 0.824 -> 0.827 and DUC-2003 0.848 -> 0.877 BCubed F1 against the
stream's idf, within what the choice of threshold alone moves; a blend (stream idf taking
over after 300 articles) was worse on both. It also makes a partition of
``newsum batch`` weigh words exactly as the single pass does, with nothing to carry over.

Names are found without a parser (a stream has ~2.5 ms per article for all of this):
capitalised word runs, dropping a run's leading or trailing function words, weekdays and
months; a capitalised word that opens a sentence counts only when the same article also
writes it capitalised mid-sentence (a gazetteer of the article itself). Names are kept as
"=name" terms beside the stems, so one document-frequency table serves both.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..learned import check_probability, read_model
from ..terms import reading, stems_of, stopwords, tokens
from .lexical import background_idf, cosine

__all__ = [
    "ArticleProfile",
    "StoryProfile",
    "GroupingModel",
    "STORY_FEATURES",
    "profile_article",
    "profile_articles",
    "story_features",
    "name_counts",
    "unit",
    "top_terms",
]

#: Words of the body read for stems and names: long articles say what they are about early;
#: reading past this costs ingest time (~1 ms per 100 words) and adds little (DUC and
#: Multi-News articles run 300-900 words).
BODY_WORDS = 400
#: Words of the lead, for the lead sub-vector; and of the lede that is embedded (title and
#: first sentences): embedding costs in proportion to tokens, ~4 ms for 150 words here, more
#: than the stream's budget for all of grouping.
LEAD_WORDS = 150
EMBED_WORDS = 50
#: Terms kept per article vector (stems, lead stems, names) and per story centroid.
ARTICLE_TERMS, LEAD_TERMS, NAME_TERMS = 100, 60, 40
CENTROID_TERMS = 150
#: Time Gaussians: sigma 3 days, as Miranda et al.; a second, 14-day one, because DUC stories
#: run for weeks with pauses (the training streams decide how much each counts).
SIGMA_DAYS = 3.0
WIDE_SIGMA_DAYS = 14.0
#: Decayed cosines: times exp(-days since the story's newest article / DECAY_DAYS).
DECAY_DAYS = 30.0

#: The features, in the order of the model's weights.
STORY_FEATURES = (
    "cosine_stems",
    "cosine_lead",
    "cosine_names",
    "cosine_embedding",
    "gauss_newest",
    "gauss_oldest",
    "gauss_mean",
    "dated",
    "decayed_stems",
    "decayed_names",
    "decayed_embedding",
    "gauss_newest_wide",
)

_NAME_RUN = re.compile(
    r"\b(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.)(?:\s+(?:(?:de|la|van|von|bin|al|of|the)\s+)?(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.))*"
)
# What may stand before the first word of a sentence (so a capital there says nothing).
_SENTENCE_OPENING = re.compile(r"(?:[.!?:;]['\"”’]?\s+|\n\s*|``\s*|\"\s*|_\s*|\(\s*)$")
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december mr mrs ms dr gen sen rep gov".split()
)


def name_counts(text: str) -> Counter[str]:
    """Capitalised names in ``text``, lower-cased (a multi-word name also counts its last
    word, so "Yevgeny Primakov" and a later "Primakov" meet)."""
    runs: list[tuple[list[str], bool]] = []
    seen_inside: set[str] = set()
    stop_list = stopwords()
    for match in _NAME_RUN.finditer(text):
        words = [w.strip("'’").lower() for w in match.group(0).split()]
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
        opening = match.start() == 0 or bool(_SENTENCE_OPENING.search(text[max(0, match.start() - 5) : match.start()]))
        while words and (words[0] in stop_list or words[0] in _CALENDAR):
            words, opening = words[1:], False
        while words and (words[-1] in stop_list or words[-1] in _CALENDAR):
            words = words[:-1]
        if not words:
            continue
        if not opening:
            seen_inside.update(words)
        runs.append((words, opening))
    counts: Counter[str] = Counter()
    for words, opening in runs:
        if opening and len(words) == 1 and words[0] not in seen_inside:
            continue
        name = " ".join(words)
        if len(name) < 3:
            continue
        counts[name] += 1
        if len(words) > 1:
            counts[words[-1]] += 1
    return counts


#: A term not met in any article's words (cannot happen for stems; a guard) weighs as the
#: rarest word: the ceiling of :func:`newsum.semantic.lexical.background_idf`.
_RARE_IDF = 8.0


def _stem_counts(text: str, idf: dict[str, float], *, lead_tokens: int = 0) -> tuple[Counter[str], Counter[str]]:
    """Content-stem counts of ``text`` and of its first ``lead_tokens`` tokens; fills ``idf``
    with each stem's background idf (from the first spelling met). One tokenization and one
    stemming call per text: this runs for every article of a stream."""
    every = tokens(text)
    stop_list = stopwords()
    content = [w not in stop_list and len(w) > 2 and not w[:1].isdigit() for w in every]
    lead_end = sum(content[:lead_tokens])
    words = [w for w, keep in zip(every, content) if keep]
    stems = stems_of(words)
    counts: Counter[str] = Counter(stems)
    for word, stem in zip(words, stems):
        if stem not in idf:
            idf[stem] = background_idf(word) or _RARE_IDF
    return counts, Counter(stems[:lead_end])


def _name_idf(name: str) -> float:
    """A name weighs as its rarest word ("de" and "la" in a name weigh nothing)."""
    return max((background_idf(word) or 0.0) for word in name.split()) or _RARE_IDF


def unit(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def top_terms(vector: Mapping[str, float], k: int) -> dict[str, float]:
    if len(vector) <= k:
        return dict(vector)
    return dict(heapq.nlargest(k, vector.items(), key=lambda item: (item[1], item[0])))


@dataclass
class ArticleProfile:
    """What grouping reads of an article: term counts (stems of title twice + body, stems of
    title + lead, names as "=name"), the embedding of title + lede, the day, the background
    idf of its terms, and the unit tf-idf vectors made from them."""

    stems: Counter[str]
    lead: Counter[str]
    names: Counter[str]
    embedding: np.ndarray
    date: dt.date | None
    idf: dict[str, float] = field(default_factory=dict)  # background idf of its stems and "=names"
    vectors: dict[str, dict[str, float]] = field(default_factory=dict)
    #: The language it is written in: it joins only stories in the same language.
    language: str = "en"

    def to_state(self) -> dict:
        """The profile as JSON (what a writer leaves for another to group: floats round-trip
        exactly, so the same decisions follow)."""
        return {"stems": dict(self.stems), "lead": dict(self.lead), "names": dict(self.names),
                "embedding": [float(x) for x in self.embedding], "dtype": str(self.embedding.dtype),
                "date": self.date.isoformat() if self.date else None, "idf": self.idf, "language": self.language}

    @classmethod
    def from_state(cls, state: dict) -> ArticleProfile:
        return cls(Counter(state["stems"]), Counter(state["lead"]), Counter(state["names"]),
                   np.asarray(state["embedding"], dtype=state.get("dtype", "float32")),
                   dt.date.fromisoformat(state["date"]) if state["date"] else None, dict(state["idf"]), language=state["language"])

    def __post_init__(self) -> None:
        if not self.vectors:
            self.vectors = {
                "stems": self._weigh(self.stems, ARTICLE_TERMS),
                "lead": self._weigh(self.lead, LEAD_TERMS),
                "names": self._weigh(self.names, NAME_TERMS, "="),
            }

    def _weigh(self, counts: Mapping[str, int], k: int, prefix: str = "") -> dict[str, float]:
        return unit(top_terms({t: (1 + math.log(c)) * self.idf.get(prefix + t, _RARE_IDF) for t, c in counts.items()}, k))


def _profile_counts(title: str | None, text: str) -> tuple[Counter[str], Counter[str], Counter[str], dict[str, float], str]:
    """Stems of title twice + body, stems of title twice + lead, names, the background idf of
    their terms, and the text to embed."""
    words = text.split()[:BODY_WORDS]
    title = (title or "").strip()
    body = " ".join(words)
    idf: dict[str, float] = {}
    title_stems, _ = _stem_counts(title, idf)
    for stem in title_stems:
        title_stems[stem] *= 2
    body_stems, lead_only = _stem_counts(body, idf, lead_tokens=LEAD_WORDS)
    stems, lead_stems = title_stems + body_stems, title_stems + lead_only
    names = name_counts(f"{title}\n{body}")
    for name in names:
        idf["=" + name] = _name_idf(name)
    lede = " ".join(words[:EMBED_WORDS])
    return stems, lead_stems, names, idf, (f"{title}. {lede}" if title else lede)


def profile_articles(items, *, embedder, language: str = "en", languages: Sequence[str] | None = None) -> list[ArticleProfile]:
    """Profiles of ``(title, text, date)`` items, their embeddings computed in one call (a
    batch of 500 articles embeds ~10x faster than 500 single calls). ``languages``: each
    item's language (default: ``language`` for all); its words are stemmed in it. The
    embedding model was trained on English pairs; its vocabulary is multilingual, so other
    languages are embedded with it too, and compared only within their language."""
    codes = list(languages) if languages is not None else [language] * len(items)
    counts = []
    for (title, text, _), code in zip(items, codes):
        with reading(code):
            counts.append(_profile_counts(title, text))
    embeddings = embedder.embed([c[4] for c in counts], language="en") if counts else []
    return [ArticleProfile(s, l, n, e, date, idf, language=code)
            for (s, l, n, idf, _), e, (_, _, date), code in zip(counts, embeddings, items, codes)]


def profile_article(title: str | None, text: str, date: dt.date | None, *, embedder, language: str = "en") -> ArticleProfile:
    """The article's profile (see :class:`ArticleProfile`)."""
    return profile_articles([(title, text, date)], embedder=embedder, language=language)[0]


@dataclass
class StoryProfile:
    """A story as grouping sees it: sums of its articles' unit vectors (kept to the strongest
    terms), their centroids, the sum of embeddings, and its dates (first, last, mean)."""

    totals: dict[str, dict[str, float]] = field(default_factory=lambda: {"stems": {}, "lead": {}, "names": {}})
    centroids: dict[str, dict[str, float]] = field(default_factory=lambda: {"stems": {}, "lead": {}, "names": {}})
    embedding_sum: np.ndarray | None = None
    embedding: np.ndarray | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    day_sum: int = 0  # sum of the dated articles' ordinals
    dated: int = 0
    size: int = 0
    #: The language of its first article: only articles in it may join.
    language: str = "en"

    def add(self, article: ArticleProfile) -> None:
        if self.size == 0:
            self.language = article.language
        for kind, vector in article.vectors.items():
            self._add_vector(kind, vector)
        self._add_embedding(article.embedding)
        self.size += 1
        if article.date is not None:
            self.first = article.date if self.first is None else min(self.first, article.date)
            self.last = article.date if self.last is None else max(self.last, article.date)
            self.day_sum += article.date.toordinal()
            self.dated += 1

    def absorb(self, other: StoryProfile) -> None:
        """Take in a story merged into this one."""
        for kind, total in other.totals.items():
            self._add_vector(kind, total)
        if other.embedding_sum is not None:
            self._add_embedding(other.embedding_sum)
        self.size += other.size
        self.day_sum += other.day_sum
        self.dated += other.dated
        dates = [d for d in (self.first, other.first) if d is not None]
        self.first = min(dates) if dates else None
        dates = [d for d in (self.last, other.last) if d is not None]
        self.last = max(dates) if dates else None

    def _add_vector(self, kind: str, vector: Mapping[str, float]) -> None:
        total = self.totals[kind]
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
        if len(total) > CENTROID_TERMS * 4:  # trimmed now and then, not on every article
            self.totals[kind] = total = top_terms(total, CENTROID_TERMS * 2)
        self.centroids[kind] = unit(top_terms(total, CENTROID_TERMS))

    def _add_embedding(self, vector: np.ndarray) -> None:
        self.embedding_sum = vector.astype(np.float32) if self.embedding_sum is None else self.embedding_sum + vector
        norm = float(np.linalg.norm(self.embedding_sum))
        self.embedding = self.embedding_sum / norm if norm > 0 else self.embedding_sum

    @property
    def mean_day(self) -> float | None:
        return self.day_sum / self.dated if self.dated else None

    def to_state(self) -> dict:
        return {
            "v": 2,
            "totals": self.totals,
            "embedding_sum": [round(float(x), 6) for x in self.embedding_sum] if self.embedding_sum is not None else None,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "day_sum": self.day_sum,
            "dated": self.dated,
            "size": self.size,
            "language": self.language,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> StoryProfile:
        """From :meth:`to_state`, or from a store written before this model (version 1: one
        "total" of stems and "=name" terms, no embedding): its stems stand in for the lead
        and its names become the names vector; the embedding starts with the next article."""
        story = cls()
        story.first = dt.date.fromisoformat(state["first"]) if state.get("first") else None
        story.last = dt.date.fromisoformat(state["last"]) if state.get("last") else None
        story.size = state.get("size", 0)
        story.language = state.get("language", "en")
        if state.get("v") == 2:
            story.totals = {k: dict(v) for k, v in state["totals"].items()}
            if state.get("embedding_sum") is not None:
                story._add_embedding(np.asarray(state["embedding_sum"], dtype=np.float32))
            story.day_sum, story.dated = state["day_sum"], state["dated"]
        else:
            total = state.get("total", {})
            stems = {t: w for t, w in total.items() if not t.startswith("=")}
            story.totals = {"stems": stems, "lead": dict(stems), "names": {t[1:]: w for t, w in total.items() if t.startswith("=")}}
            if story.first and story.last:
                story.day_sum = (story.first.toordinal() + story.last.toordinal()) * story.size // 2
                story.dated = story.size
        story.centroids = {k: unit(top_terms(v, CENTROID_TERMS)) for k, v in story.totals.items()}
        return story


def _gauss(days: float, sigma: float) -> float:
    return math.exp(-days * days / (2 * sigma * sigma))


def story_features(article: ArticleProfile, story: StoryProfile) -> list[float]:
    """The values of :data:`STORY_FEATURES` for ``article`` against ``story``."""
    vectors, centroids = article.vectors, story.centroids
    stems = cosine(vectors["stems"], centroids["stems"])
    lead = cosine(vectors["lead"], centroids["lead"])
    names = cosine(vectors["names"], centroids["names"]) if vectors["names"] and centroids["names"] else 0.0
    embedding = float(article.embedding @ story.embedding) if story.embedding is not None else 0.0
    if article.date is not None and story.last is not None:
        newest = abs((article.date - story.last).days)
        oldest = abs((article.date - story.first).days)
        mean = abs(article.date.toordinal() - story.mean_day)
        decay = math.exp(-newest / DECAY_DAYS)
        timing = [_gauss(newest, SIGMA_DAYS), _gauss(oldest, SIGMA_DAYS), _gauss(mean, SIGMA_DAYS), 1.0]
        wide = _gauss(newest, WIDE_SIGMA_DAYS)
    else:
        decay, timing, wide = 1.0, [0.0, 0.0, 0.0, 0.0], 0.0
    return [stems, lead, names, embedding, *timing, stems * decay, names * decay, embedding * decay, wide]


@dataclass(frozen=True)
class GroupingModel:
    """Logistic weights over standardised :data:`STORY_FEATURES` and the probability at or
    above which an article joins its best story. ``about`` records how it was trained."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    features: tuple[str, ...] = STORY_FEATURES
    about: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if tuple(self.features) != STORY_FEATURES:
            raise ConfigError(
                f"the grouping model was trained on features {list(self.features)}, this newsum computes "
                f"{list(STORY_FEATURES)}; retrain it with: python tools/train_grouping.py"
            )
        if not (len(self.mean) == len(self.scale) == len(self.weights) == len(STORY_FEATURES)):
            raise ConfigError("a grouping model needs one mean, scale and weight per feature; retrain it with tools/train_grouping.py")
        check_probability(self.threshold, "a grouping threshold")

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        x = (np.asarray(rows, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(x @ np.asarray(self.weights) + self.bias)))

    def with_threshold(self, threshold: float) -> GroupingModel:
        return GroupingModel(self.mean, self.scale, self.weights, self.bias, threshold, self.features, self.about)

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "threshold": self.threshold, "about": dict(self.about)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GroupingModel:
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"]),
                   float(data["threshold"]), tuple(data["features"]), data.get("about", {}))

    @classmethod
    def load(cls, path: str | Path | None = None) -> GroupingModel:
        """The model at ``path``, or the one newsum ships (``newsum/data/grouping_model.json``)."""
        return cls.from_json(read_model("grouping_model.json", path))

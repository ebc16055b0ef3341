"""The pipeline, start to end: documents in, a cited summary out.

    documents ──clean──▶ labeled sentences ──group_redundant──▶ candidates (with their copies)
              ──standalone──▶ eligible candidates ──selector──▶ chosen
              ──reading_order──▶ ordered ──supporting_passages, cite──▶ Summary

Each arrow is one module (:mod:`.clean` with :mod:`.segment`, :mod:`.similarity`,
:mod:`.standalone`, :mod:`.select`, :mod:`.order`, :mod:`.provenance`); this one only wires
them. "Do these sentences state the same fact" (citations, ``seen``, ``min_sources``) is the
semantic layer's :class:`~newsum.semantic.SameFact`, one decision for all of them. Documents are put in a canonical order (date, then id) first, so that the summary does
not depend on the order they were given in.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from collections.abc import Sequence, Iterable, Iterator, Mapping
from typing import Any

from .clean import clean
from .errors import BudgetTooSmall, ConfigError, EmptyCluster, InputError
from .language import cluster_language, document_language
from .language_profiles import profile as language_profile
from .language_profiles import word_count
from .model import Budget, Cluster, Document, OffTopic, Summary, date_sort_key
from .offtopic import find_offtopic
from .order import reading_order
from . import query as query_module
from .query import QueryResult
from .query import answered as query_answered
from .query import focus as query_focus
from .query import relevance as query_relevance
from .provenance import cite, supporting_passages
from .select import CandidatePool, Selector, make_selector
from .semantic import SameFact
from .similarity import Candidate, group_redundant
from .standalone import standalone_problem
from .terms import analyze, reading
from .trim import trim as trim_pieces

__all__ = ["Summarizer", "summarize", "as_cluster", "prepare", "PreparedCluster"]

logger = logging.getLogger(__name__)

DEFAULT_BUDGET = Budget(words=100)


def as_cluster(documents: Cluster | Iterable[Document | str | Mapping[str, Any]], *, id: str | None = None) -> Cluster:
    """A cluster from a Cluster, or from documents given as Document objects, plain strings
    or mappings with the fields of the cluster JSONL format."""
    if isinstance(documents, Cluster):
        return documents if id is None else Cluster(documents.documents, id=id, references=documents.references, extra=documents.extra)
    if isinstance(documents, str | bytes | Document):
        raise ConfigError("give a list of documents (or a Cluster), not a single document or string")
    from .ingest.records import document_from_record

    parsed = []
    for number, item in enumerate(documents, start=1):
        if isinstance(item, Document):
            parsed.append(item)
        elif isinstance(item, str):
            parsed.append(Document(text=item))
        else:
            parsed.append(document_from_record(item, path="<documents>", where=f"document {number}"))
    if not parsed:
        raise EmptyCluster("no documents given; a summary needs at least one document with text")
    try:
        return Cluster(tuple(parsed), id=id)
    except InputError as error:
        raise InputError(error.reason) from None


class Summarizer:
    """A configured summarizer, reusable across clusters (services, batch jobs).

    Parameters
    ----------
    budget:
        A :class:`Budget`, or an int number of words. Default: 100 words.
    method:
        A selection algorithm by name (``"concept"``, ``"centrality"``) or a
        :class:`~newsum.select.Selector` instance.
    method_params:
        Parameters for the named algorithm, e.g. ``{"min_df": 2}``.
    trim:
        Let sentences lose parenthetical asides and opening connectives ("But ..."); a trimmed
        sentence is cited by the spans it keeps (see :mod:`newsum.trim`). Off by default.
    keep_offtopic:
        Summarize documents flagged as off the cluster's story too (they are flagged either way).
    min_sources:
        Use only statements that at least this many distinct outlets carry, in any wording
        (:mod:`newsum.insight.corroboration`; a document without an outlet counts as one).
    with_insight:
        Attach the cluster's :func:`newsum.insight` to the summary (JSON key ``insight``).
    same_fact:
        The semantic layer's :class:`~newsum.semantic.SameFact` decision (citations, ``seen``,
        ``min_sources``); default: the shipped model with the default embedder.
    query:
        A question the summary answers ("What is known about the casualties?"): only sentences
        relevant to it are chosen (:mod:`newsum.query`), and when the documents do not address
        it the summary has no sentences and says so (``Summary.query.answered`` is False). A
        cluster's own ``query`` (cluster JSONL) is used when this is None.
    language:
        The language to read the cluster in (ISO 639-1, e.g. ``"fr"``). Default: each
        document's own (its ``language`` field, else detected) and the cluster's the one most
        of its text is written in (:func:`newsum.language.cluster_language`).
    """

    def __init__(
        self,
        *,
        budget: Budget | int = DEFAULT_BUDGET,
        method: str | Selector = "concept",
        method_params: Mapping[str, Any] | None = None,
        trim: bool = False,
        keep_offtopic: bool = False,
        min_sources: int = 1,
        with_insight: bool = False,
        same_fact: SameFact | None = None,
        query: str | None = None,
        language: str | None = None,
    ):
        self.budget = budget
        self.query = query
        self.language = language
        self.same_fact = same_fact
        self.min_sources = min_sources
        self.with_insight = with_insight
        self.method = method
        self.method_params = method_params
        self.trim = trim
        self.keep_offtopic = keep_offtopic

    def get_params(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "method": self.method,
            "method_params": self.method_params,
            "trim": self.trim,
            "keep_offtopic": self.keep_offtopic,
            "min_sources": self.min_sources,
            "with_insight": self.with_insight,
            "same_fact": self.same_fact,
            "query": self.query,
            "language": self.language,
        }

    def __repr__(self) -> str:
        return f"Summarizer(budget={Budget.coerce(self.budget)!s}, method={self.method!r})"

    def summarize(
        self,
        documents: Cluster | Iterable[Document | str | Mapping[str, Any]],
        *,
        id: str | None = None,
        seen: Iterable[Document | str | Mapping[str, Any]] = (),
    ) -> Summary:
        """Summarize one cluster of documents. ``seen``: documents the reader has already read;
        what they said is left out (an update summary: what ``documents`` add)."""
        budget = Budget.coerce(self.budget)
        selector = make_selector(self.method, **dict(self.method_params or {}))
        seen_cluster = as_cluster(seen).documents if seen else ()
        return _summarize(as_cluster(documents, id=id), budget=budget, selector=selector, seen=seen_cluster, **self._options())

    def pipe(self, clusters: Iterable[Cluster]) -> Iterator[Summary]:
        """Summarize a stream of clusters, lazily, in order."""
        budget = Budget.coerce(self.budget)
        selector = make_selector(self.method, **dict(self.method_params or {}))
        for cluster in clusters:
            yield _summarize(cluster, budget=budget, selector=selector, **self._options())

    def _options(self) -> dict[str, Any]:
        if isinstance(self.min_sources, bool) or not isinstance(self.min_sources, int) or self.min_sources < 1:
            raise ConfigError(f"min_sources must be a whole number of at least 1, got {self.min_sources!r}")
        if self.query is not None and (not isinstance(self.query, str) or not self.query.strip()):
            raise ConfigError(f"query must be a non-empty string (the question to answer), got {self.query!r}")
        if self.language is not None and (not isinstance(self.language, str) or not re.fullmatch(r"[a-z]{2,3}", self.language)):
            raise ConfigError(f"language must be an ISO 639-1 code such as 'fr', got {self.language!r}")
        return {
            "query": self.query,
            "language": self.language,
            "trim": self.trim,
            "keep_offtopic": self.keep_offtopic,
            "min_sources": self.min_sources,
            "with_insight": self.with_insight,
            "same_fact": self.same_fact if self.same_fact is not None else SameFact(),
        }


def summarize(
    documents: Cluster | Iterable[Document | str | Mapping[str, Any]],
    *,
    budget: Budget | int = DEFAULT_BUDGET,
    method: str | Selector = "concept",
    id: str | None = None,
    trim: bool = False,
    keep_offtopic: bool = False,
    min_sources: int = 1,
    with_insight: bool = False,
    same_fact: SameFact | None = None,
    query: str | None = None,
    language: str | None = None,
    **method_params: Any,
) -> Summary:
    """Summarize documents about one story.

    >>> summary = summarize(["First article ...", "Second article ..."], budget=Budget(words=50))  # doctest: +SKIP
    >>> for sentence in summary.sentences:  # doctest: +SKIP
    ...     print(sentence.text, sentence.sources)
    """
    return Summarizer(
        budget=budget,
        method=method,
        method_params=method_params,
        trim=trim,
        keep_offtopic=keep_offtopic,
        min_sources=min_sources,
        with_insight=with_insight,
        same_fact=same_fact,
        query=query,
        language=language,
    ).summarize(documents, id=id)


@dataclass(frozen=True)
class PreparedCluster:
    """A cluster made ready for selection: its candidate pool, and what was noticed on the way."""

    cluster: Cluster
    pool: CandidatePool
    documents: Mapping[str, Document]
    language: str | None
    notes: tuple[str, ...]
    offtopic: tuple[OffTopic, ...] = ()
    query: QueryResult | None = None


def prepare(
    cluster: Cluster,
    *,
    budget: Budget,
    trim: bool = False,
    keep_offtopic: bool = False,
    min_sources: int = 1,
    seen: Sequence[Document] = (),
    same_fact: SameFact | None = None,
    query: str | None = None,
    language: str = "en",
) -> PreparedCluster:
    """Clean, split and group a cluster's sentences into the pool a selector chooses from,
    reading them in ``language`` (the caller reads the cluster in it: :func:`_summarize`).

    Sentences that cannot stand alone are fallbacks: chosen only to fill what is left.
    ``trim``: candidates lose parenthetical asides and opening connectives (:mod:`.trim`).
    Documents off the cluster's story (:mod:`.offtopic`) are reported, and left out of the pool
    unless ``keep_offtopic``. ``query``: only the sentences most relevant to it stay eligible
    (:mod:`.query`), and ``PreparedCluster.query`` says whether the documents answer it.
    """
    label = _label(cluster)
    documents = [d for d in cluster.documents if d.text.strip()]
    if not documents:
        raise EmptyCluster(f"all documents of {label} are empty; give at least one document with text")
    canonical = sorted(documents, key=lambda d: (date_sort_key(d.date), d.id))
    rank = {d.id: i for i, d in enumerate(canonical)}

    body = {d.id: tuple(s for s in clean(d, language=d.language or language) if s.selectable) for d in canonical}
    sentences = [s for d in canonical for s in body[d.id]]
    if not sentences:
        raise EmptyCluster(
            f"{label} has no sentence that can go in a summary: every line of its {len(canonical)} "
            "document(s) is a headline, title, byline or site boilerplate; give the article text"
        )

    analyses = {(s.document_id, s.start): analyze(s.text) for s in sentences}
    offtopic = tuple(find_offtopic({d: [analyses[(d, s.start)] for s in body[d]] for d in body}))
    if not keep_offtopic:
        away = {o.document_id for o in offtopic}
        if away:
            body = {d: (() if d in away else ss) for d, ss in body.items()}
            sentences = [s for s in sentences if s.document_id not in away]
    notes: list[str] = []
    if language != "en":
        notes.append(f"read as language '{language}'{_support_note(language)}")
    for document in cluster.documents:
        if document.encoding and document.encoding.lower() not in ("utf-8", "utf_8", "ascii"):
            notes.append(f"document {document.id!r} was not UTF-8; it was read as {document.encoding}")
        if not document.text.strip():
            notes.append(f"document {document.id!r} is empty and was left out")
    for flag in offtopic:
        notes.append(
            f"document {flag.document_id!r} looks off-topic ({flag.reason}); "
            + ("it was kept, as asked" if keep_offtopic else "it was left out of the summary (--keep-offtopic keeps it)")
        )

    candidates = group_redundant(sentences, document_rank=rank, analyses=analyses)
    if trim:
        candidates = [_trimmed(c) for c in candidates]
    problems = [standalone_problem(c.representative, c.text) for c in candidates]
    # A piece of fewer than MIN_FILL_WORDS words is not used even to fill a budget (a list
    # item, a name cut off by an abbreviation the splitter did not know).
    allowed = [not _too_short_to_fill(c.text) for c in candidates]
    same_fact = same_fact if same_fact is not None else SameFact()
    if min_sources > 1:
        allowed = _carried_by(candidates, canonical, body, analyses, min_sources, same_fact)
        notes.append(f"only statements that {min_sources} or more outlets carry were used ({sum(allowed)} of {len(allowed)})")
    if seen:
        new = _not_seen(candidates, seen, same_fact)
        allowed = [a and n for a, n in zip(allowed, new)]
        notes.append(f"{len(new) - sum(new)} of {len(new)} statements were left out: the earlier articles already said them")
    asked, scores = None, ()
    if query is not None:
        scores = query_relevance(query, [c.text for c in candidates], [c.analysis for c in candidates])
        is_answered, score = query_answered(query, scores, list(analyses.values()))
        asked = QueryResult(query, is_answered, score)
        relevant = query_focus(scores, [budget.cost(c.text) for c in candidates], budget.limit)
        allowed = [a and r for a, r in zip(allowed, relevant)]
        if not is_answered:
            notes.append(f"the documents do not answer the query {query!r}: no sentence is about it (relevance {score:.2f})")
    # Sentences that cannot stand alone are used only to fill what the others leave.
    pool = CandidatePool(
        candidates=tuple(candidates),
        eligible=tuple(p is None and ok for p, ok in zip(problems, allowed)),
        documents=tuple(canonical),
        body=body,
        analyses=analyses,
        fallback=tuple(p is not None and ok for p, ok in zip(problems, allowed)),
        same_fact=same_fact,
        query_relevance=tuple(float(x) for x in scores) if query is not None else (),
        relevance_power=query_module.shipped_model().relevance_power if query is not None else 0.0,
    )
    return PreparedCluster(cluster, pool, {d.id: d for d in canonical}, language, tuple(notes), offtopic, asked)


#: Words (whitespace-separated; characters / 2 in scripts without spaces) a sentence needs to
#: be chosen at all: shorter pieces are never summary material.
MIN_FILL_WORDS = 4


def _too_short_to_fill(text: str) -> bool:
    return word_count(text) < MIN_FILL_WORDS


def _trimmed(candidate: Candidate) -> Candidate:
    pieces = trim_pieces(candidate.representative.text, candidate.representative.start, constituents=True)
    if pieces is None:
        return candidate
    trimmed = replace(candidate, pieces=pieces)
    return replace(trimmed, analysis=analyze(trimmed.text))


def _label(cluster: Cluster) -> str:
    return f"cluster {cluster.id!r}" if cluster.id else "the cluster"


def _not_seen(candidates, seen: Sequence[Document], same_fact: SameFact) -> list[bool]:
    """Whether each candidate states something no sentence of the ``seen`` documents stated
    (the semantic layer's same-fact decision)."""
    old = [s.text for d in seen if d.text.strip() for s in clean(d) if s.selectable]
    found = same_fact.matches([c.text for c in candidates], old, query_analyses=[c.analysis for c in candidates])
    return [not matches for matches in found]


def _carried_by(candidates, documents, body, analyses, k: int, same_fact: SameFact) -> list[bool]:
    """Whether each candidate states something at least ``k`` distinct outlets carry, in any
    wording: the outlets its citation would list (:func:`.provenance.supporting_passages`)."""
    outlet = {d.id: (d.outlet or d.id) for d in documents}
    passages = supporting_passages(candidates, documents=documents, body=body, analyses=analyses, same_fact=same_fact)
    return [len({outlet[span.document_id] for span in support}) >= k for support in passages]


def _summarize(
    cluster: Cluster,
    *,
    budget: Budget,
    selector: Selector,
    trim: bool = False,
    keep_offtopic: bool = False,
    min_sources: int = 1,
    with_insight: bool = False,
    seen: Sequence[Document] = (),
    same_fact: SameFact | None = None,
    query: str | None = None,
    language: str | None = None,
) -> Summary:
    read_in = language or cluster_language(cluster.documents)
    unspaced_note = None
    if language_profile(read_in).spaced is False and budget.unit == "words":
        # Words are not written apart in this script: the budget counts characters.
        budget = Budget(chars=budget.limit)
        unspaced_note = (f"language '{read_in}' is written without spaces between words: the budget of {budget.limit} "
                         f"words counts {budget.limit} characters instead (--chars sets it directly)")
    documents = tuple(
        replace(d, language=language) if language and d.language != language
        else d if d.language else replace(d, language=document_language(d) or read_in)
        for d in cluster.documents
    )
    if any(a is not b for a, b in zip(documents, cluster.documents)):
        cluster = replace(cluster, documents=documents)
    language = read_in
    with reading(language):
        summary = _summarize_in_language(
            cluster, budget=budget, selector=selector, trim=trim, keep_offtopic=keep_offtopic, min_sources=min_sources,
            with_insight=with_insight, seen=seen, same_fact=same_fact, query=query, language=language,
        )
    return replace(summary, notes=(unspaced_note, *summary.notes)) if unspaced_note else summary


def _support_note(language: str) -> str:
    profile = language_profile(language)
    missing = [what for what, ok in (("stemmer", profile.stemmer), ("stop-word list", profile.stopwords)) if not ok]
    return f" (no {' or '.join(missing)} for it: words are compared as written)" if missing else ""


def _summarize_in_language(
    cluster: Cluster,
    *,
    budget: Budget,
    selector: Selector,
    trim: bool,
    keep_offtopic: bool,
    min_sources: int,
    with_insight: bool,
    seen: Sequence[Document],
    same_fact: SameFact | None,
    query: str | None,
    language: str,
) -> Summary:
    same_fact = same_fact if same_fact is not None else SameFact()
    query = query if query is not None else cluster.query
    prepared = prepare(
        cluster, budget=budget, trim=trim, keep_offtopic=keep_offtopic, min_sources=min_sources, seen=seen, same_fact=same_fact,
        query=query, language=language,
    )
    pool, by_id = prepared.pool, prepared.documents
    params = {**selector.get_params(), "trim": trim, **({"min_sources": min_sources} if min_sources > 1 else {})}
    if prepared.query is not None and not prepared.query.answered:
        # A question the documents do not address gets that answer, not a generic summary.
        return Summary(
            id=cluster.id, sentences=(), documents=cluster.documents, budget=budget, method=selector.name, params=params,
            language=prepared.language, notes=prepared.notes, offtopic=prepared.offtopic,
            insight=_insight(cluster) if with_insight else None, query=prepared.query,
        )
    chosen = selector.select(pool, budget)
    if not chosen:
        shortest = min(budget.cost(c.text) for c in pool.candidates)
        raise BudgetTooSmall(
            f"no sentence of {_label(cluster)} fits in {budget}: the shortest usable one costs {shortest}; raise the budget"
        )
    texts = [pool.candidates[i].text for i in chosen]
    if budget.used(texts) > budget.limit or not all(pool.may_choose(i, fallback=True) for i in chosen):
        raise RuntimeError(f"selector {selector.name!r} broke its contract on {_label(cluster)}")  # a bug, not bad input
    ordered = reading_order(pool, chosen, by_id)
    cited = [pool.candidates[i] for i in ordered]
    support = supporting_passages(cited, documents=pool.documents, body=pool.body, analyses=pool.analyses, same_fact=same_fact)
    return Summary(
        id=cluster.id,
        sentences=tuple(cite(c, by_id, support=s) for c, s in zip(cited, support)),
        documents=cluster.documents,
        budget=budget,
        method=selector.name,
        params=params,
        language=prepared.language,
        notes=prepared.notes,
        offtopic=prepared.offtopic,
        insight=_insight(cluster) if with_insight else None,
        query=prepared.query,
    )


def _insight(cluster: Cluster):
    from .insight import build_insight

    return build_insight(cluster)

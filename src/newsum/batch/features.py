"""What grouping needs of each article, computed on the workers one window at a time.

    PREPARED/articles/part.N.parquet ──per article: language, grouping profile (stems, names,
    embedding), near-duplicate signature, the stems search indexes──▶ WORK/features/part.N.parquet
    and the window's document frequencies ──▶ WORK/frequencies/part.N.parquet

This is the expensive part of grouping (about two thirds of `newsum ingest`'s time per
article), and none of it reads the stream: words are weighed by a background idf. The ordered
chain (:mod:`newsum.batch.chain`) reads it back and only decides.
"""

from __future__ import annotations

import pickle
import time
from collections import Counter

from .files import atomic_parquet, exists, part_path, read_parquet_rows

__all__ = ["window_features", "document_of", "count_frequencies"]


def document_of(row: dict):
    """The :class:`~newsum.model.Document` of a prepared article row."""
    from ..model import Document, parse_date

    return Document(text=row["text"], id=row["id"], title=row["title"], date=parse_date(row["date"], what="date"),
                    url=row["url"], source=row["source"], language=row["language"])


def window_features(prepared: str, work: str, window: int) -> dict:
    """Features of window ``window``'s articles (skipped when written already: a retried or
    re-run task does nothing twice); returns its count and seconds."""
    import pyarrow as pa

    from ..semantic import default_embedder
    from ..store.sql import fts_terms
    from ..stream.duplicates import signature
    from ..stream.ingest import duplicate_text, grouping_language, profile_documents

    target = part_path(work, "features", window)
    if exists(target):
        return {"window": window, "articles": None, "seconds": 0.0}
    started = time.perf_counter()
    rows = read_window(prepared, window)
    documents = [document_of(row) for row in rows]
    profiles = profile_documents(documents, embedder=default_embedder())
    languages = [grouping_language(d) for d in documents]
    frequencies: Counter[tuple[str, str]] = Counter()
    for profile in profiles:
        frequencies.update((profile.language, stem) for stem in profile.stems)
    atomic_parquet(part_path(work, "frequencies", window), pa.table(
        {"language": [k[0] for k in frequencies], "stem": [k[1] for k in frequencies], "documents": list(frequencies.values())}))
    features = {  # written last: its presence marks the window done
        "key": [row["key"] for row in rows],
        "language": languages,
        # Pickled (by our workers, for our workers): the chain then reads a profile ready to
        # use, where ArticleProfile.from_state would parse JSON and weigh the terms again
        # (12% of the chain's time when measured).
        "profile": [pickle.dumps(p, protocol=5) for p in profiles],
        "signature": [signature(duplicate_text(d.title, d.text)).tobytes() for d in documents],
        "terms": [fts_terms(d.title, d.text, language) for d, language in zip(documents, languages)],
    }
    atomic_parquet(target, pa.table(features))
    return {"window": window, "articles": len(rows), "seconds": time.perf_counter() - started}


def read_window(prepared: str, window: int) -> list[dict]:
    """A prepared window's articles, in publication order."""
    return read_parquet_rows(part_path(prepared, "articles", window))


def count_frequencies(work: str, out: str) -> int:
    """Document frequencies of every (language, stem) over the whole input: the windows'
    counts summed by a Dask groupby (a tree reduction on the workers) into OUT/document_frequencies;
    returns the number of distinct stems."""
    import dask.dataframe as dd
    import pyarrow.dataset as ds

    from .files import filesystem

    counts = dd.read_parquet(f"{work.rstrip('/')}/frequencies").groupby(["language", "stem"])["documents"].sum(split_out=True)
    counts.reset_index().to_parquet(f"{out.rstrip('/')}/document_frequencies", write_index=False, overwrite=True)
    fs, path = filesystem(f"{out.rstrip('/')}/document_frequencies")
    return ds.dataset(path, filesystem=fs, format="parquet").count_rows()  # from the files' footers: the groupby is not run again

"""The one place where newsum decides "same story" and "same fact".

    texts ──:class:`Embedder` (WordLlama, offline)──▶ unit vectors ──cosine──▶ similarity
    similarity + lexical overlap ──learned weights (data/semantic_model.json)──▶ same fact?

Story grouping, batch stitching, summary citations, the redundancy check, corroboration,
``--seen``/``--since`` and ``--min-sources`` all ask through this package: :class:`SameFact`
for "do these sentences state the same fact", :mod:`.lexical` for the word overlaps and
tf-idf cosines every module shares.
"""

from .embedding import SUPPORTED_LANGUAGES, Embedder, WordLlamaEmbedder, default_embedder
from .lexical import containment, cosine, jaccard, same_wording, tfidf_vectors
from .same_fact import FEATURES, Match, SameFact, SameFactModel

__all__ = [
    "Embedder",
    "WordLlamaEmbedder",
    "default_embedder",
    "SUPPORTED_LANGUAGES",
    "SameFact",
    "SameFactModel",
    "Match",
    "FEATURES",
    "containment",
    "jaccard",
    "same_wording",
    "cosine",
    "tfidf_vectors",
]

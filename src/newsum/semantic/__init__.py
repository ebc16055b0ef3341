"""The one place where newsum decides "same story" and "same fact".

    texts ──:class:`Embedder` (WordLlama, offline)──▶ unit vectors ──cosine──▶ similarity
    similarity + lexical overlap ──learned weights (data/semantic_model.json)──▶ same fact?

Story grouping, batch stitching, summary citations, the redundancy check, corroboration,
``--seen``/``--since`` and ``--min-sources`` all ask through this package.
"""

from .embedding import SUPPORTED_LANGUAGES, Embedder, WordLlamaEmbedder, default_embedder

__all__ = ["Embedder", "WordLlamaEmbedder", "default_embedder", "SUPPORTED_LANGUAGES"]

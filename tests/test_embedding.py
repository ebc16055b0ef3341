"""The embedder reads WordLlama's shipped weights itself: its vectors are the package's own."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsum.semantic.embedding import WordLlamaEmbedder


def test_vectors_match_the_wordllama_package_and_are_unit_length():
    import wordllama

    reference = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    texts = ["The ferry ran aground near the harbour on Tuesday.", "Rescuers reached the island by boat.", "x", ""]
    expected = reference.embed(texts, norm=False)
    norms = np.linalg.norm(expected, axis=1, keepdims=True)
    expected = np.divide(expected, norms, out=np.zeros_like(expected), where=norms > 0)
    ours = WordLlamaEmbedder(cache_size=0).embed(texts)
    assert np.abs(ours - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours[:3], axis=1), 1.0) and not ours[3].any()


def test_the_cache_never_changes_a_vector():
    cached, uncached = WordLlamaEmbedder(cache_size=2), WordLlamaEmbedder(cache_size=0)
    texts = ["one fact", "another fact", "one fact", "a third", "another fact"]
    assert np.array_equal(cached.embed(texts), uncached.embed(texts))

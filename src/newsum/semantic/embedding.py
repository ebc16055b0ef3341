"""Sentence and article vectors: the embedder behind every "same story / same fact" question.

The default is WordLlama's 256-dimension static model (``l2_supercat_256``, MIT): its weights
and tokenizer ship inside the ``wordllama`` wheel, it loads in ~0.2 s and embeds tens of
thousands of sentences a second on one core with numpy alone. A MiniLM-class transformer
(int8 ONNX, ~270 sentences/s here) separates paraphrases a little better but is two orders of
magnitude slower, which the summarizer's and the stream's speed budgets cannot pay.

WordLlama's own ``load()`` looks for its tokenizer in a cache folder and then asks a model hub;
we always pass the package's own folder and ``disable_download=True``, so nothing is fetched:
a test runs every command with sockets blocked.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import ConfigError, MissingDependency

__all__ = ["Embedder", "WordLlamaEmbedder", "default_embedder", "SUPPORTED_LANGUAGES"]

#: Languages the default model was trained on (its vocabulary is multilingual, its training
#: pairs English); other languages raise ConfigError rather than giving quiet nonsense.
SUPPORTED_LANGUAGES = frozenset({"en"})


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length rows of a float32 matrix (one row per text).

    ``name`` identifies the model and its version: it goes into stored vectors and
    provenance, so vectors of two models are never compared.
    """

    name: str
    dim: int

    def embed(self, texts: Sequence[str], *, language: str = "en") -> np.ndarray: ...


class WordLlamaEmbedder:
    """WordLlama ``l2_supercat`` at 256 dimensions, loaded offline from the installed wheel.

    ``cache_size`` texts' vectors are kept (least recently used first out): the same sentence
    is often asked about by several stages of one summary. The cache never changes a result.
    """

    def __init__(self, *, dim: int = 256, cache_size: int = 20_000) -> None:
        self.dim = dim
        self.cache_size = cache_size
        self._model = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"wordllama-l2_supercat-{self.dim}@{self._version()}"

    @staticmethod
    def _version() -> str:
        try:
            from importlib.metadata import version

            return version("wordllama")
        except Exception:  # pragma: no cover - metadata missing in odd installs
            return "unknown"

    def _load(self):
        if self._model is None:
            try:
                import wordllama
            except ImportError as error:  # pragma: no cover - a core dependency
                raise MissingDependency("the semantic layer", "semantic", "wordllama") from error
            self._model = wordllama.WordLlama.load(
                config="l2_supercat", dim=self.dim, cache_dir=Path(wordllama.__file__).parent, disable_download=True
            )
        return self._model

    def embed(self, texts: Sequence[str], *, language: str = "en") -> np.ndarray:
        if language not in SUPPORTED_LANGUAGES:
            raise ConfigError(
                f"the semantic layer has no model for language {language!r}; supported: "
                f"{', '.join(sorted(SUPPORTED_LANGUAGES))}"
            )
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                row = self._cache.get(text)
                if row is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = row
        if missing:
            model = self._load()
            todo = [texts[i] for i in missing]
            vectors = np.asarray(model.embed(todo, norm=False), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
            with self._lock:
                for i, vector in zip(missing, vectors):
                    out[i] = vector
                    self._cache[texts[i]] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return out


_DEFAULT: WordLlamaEmbedder | None = None
_DEFAULT_LOCK = threading.Lock()


def default_embedder() -> WordLlamaEmbedder:
    """The shared default embedder (one loaded model per process)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = WordLlamaEmbedder()
        return _DEFAULT

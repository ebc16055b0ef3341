"""Sentence and article vectors: the embedder behind every "same story / same fact" question.

The default is WordLlama's 256-dimension static model (``l2_supercat_256``, MIT): its weights
and tokenizer ship inside the ``wordllama`` wheel, it loads in ~0.2 s and embeds tens of
thousands of sentences a second on one core with numpy alone. A MiniLM-class transformer
(int8 ONNX, ~270 sentences/s here) separates paraphrases a little better but is two orders of
magnitude slower, which the summarizer's and the stream's speed budgets cannot pay.

We read the two files the wheel ships (the token-embedding matrix, a safetensors file, and the
tokenizer's JSON) ourselves, with ``safetensors`` and ``tokenizers``, and average the rows of a
text's tokens as WordLlama's inference does (a test checks the vectors against the package's
own). The package is never imported: its ``load()`` looks for the tokenizer in a cache folder
and then asks a model hub, and its import pulls in pydantic and requests (0.14 s of start-up).
Nothing is fetched: a test runs every command with sockets blocked.
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
            from importlib.util import find_spec

            spec = find_spec("wordllama")  # finds the package without importing it
            if spec is None or spec.origin is None:  # pragma: no cover - a core dependency
                raise MissingDependency("the semantic layer", "semantic", "wordllama")
            from safetensors import safe_open
            from tokenizers import Tokenizer

            root = Path(spec.origin).parent
            with safe_open(str(root / "weights" / f"l2_supercat_{self.dim}.safetensors"), framework="np") as handle:
                matrix = np.ascontiguousarray(handle.get_tensor("embedding.weight"), dtype=np.float32)
            tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
            tokenizer.no_padding()
            tokenizer.no_truncation()
            self._model = (matrix, tokenizer)
        return self._model

    def _mean_token_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's mean token-embedding row (WordLlama's average pooling), computed on the
        concatenated token ids without padding."""
        matrix, tokenizer = self._load()
        encoded = tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
        out = np.zeros((len(texts), matrix.shape[1]), dtype=np.float32)
        total = int(lengths.sum())
        if total == 0:
            return out
        ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64, count=total)
        rows = matrix[np.clip(ids, 0, len(matrix) - 1)]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        nonempty = lengths > 0
        out[nonempty] = np.add.reduceat(rows, starts[nonempty], axis=0) / lengths[nonempty, None]
        return out

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
            todo = [texts[i] for i in missing]
            vectors = self._mean_token_vectors(todo)
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

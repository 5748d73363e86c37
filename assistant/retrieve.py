"""Hybrid retrieval: dense e5 (Chroma) + BM25 + e5 sparse, fused by reciprocal rank, optionally reranked."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.embeddings import embed_query
from assistant.lexical import LexicalIndex
from assistant.models import load_cross_encoder
from assistant.runtime import Runtime
from assistant.store import ChunkRecord, chroma_where
from assistant.text import query_tokens
from assistant.types import Passage

log = logging.getLogger(__name__)

RETRIEVERS_BY_MODE = {
    "dense": ("dense",),
    "bm25": ("bm25",),
    "sparse": ("sparse",),
    "dense+bm25": ("dense", "bm25"),
    "hybrid": ("dense", "bm25", "sparse"),
}


@dataclass(frozen=True)
class SearchFilters:
    language: str | None = None
    doc_type: str | None = None
    date_from: str | None = None  # ISO dates compare correctly as strings
    date_to: str | None = None

    def accepts(self, meta: dict) -> bool:
        date = str(meta.get("date", ""))
        return (
            (not self.language or meta.get("language") == self.language)
            and (not self.doc_type or meta.get("doc_type") == self.doc_type)
            and (not self.date_from or date >= self.date_from)
            and (not self.date_to or date[: len(self.date_to)] <= self.date_to)
        )


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """RRF (Cormack et al. 2009): sum of 1/(k + rank) over every ranking an item appears in."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class HybridRetriever:
    def __init__(self, runtime: Runtime, mode: str | None = None, reranker: str | None = None):
        self.runtime = runtime
        self.settings = runtime.settings
        self.mode = mode or self.settings.retrieval_mode
        if self.mode not in RETRIEVERS_BY_MODE:
            raise ValueError(
                f"unknown retrieval mode {self.mode!r}; choose one of {sorted(RETRIEVERS_BY_MODE)}"
            )
        self.reranker_name = reranker if reranker is not None else self.settings.reranker_model

    def retrieve(
        self,
        query: str,
        k: int | None = None,
        filters: SearchFilters | None = None,
        query_lang: str | None = None,
    ) -> list[Passage]:
        k = k or self.settings.top_k
        filters = filters or SearchFilters()
        index = LexicalIndex.current(self.runtime)
        records: dict[str, ChunkRecord] = {c.chunk_id: c for c in index.chunks}
        rankings = []
        for name in RETRIEVERS_BY_MODE[self.mode]:
            ranked = getattr(self, f"_rank_{name}")(query, index, filters, records)
            if ranked:
                rankings.append(ranked)
        fused = reciprocal_rank_fusion(rankings, k=self.settings.rrf_k)
        if query_lang:
            bonus = 1.0 + self.settings.same_language_bonus
            fused = {
                cid: s * bonus if records[cid].metadata.get("language") == query_lang else s
                for cid, s in fused.items()
            }
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))[: self.settings.candidates_k]
        if self.reranker_name and order:
            order, scores = self._rerank(query, order, records)
            fused = dict(zip(order, scores, strict=True))
        return [passage_from_record(records[cid], fused[cid]) for cid in order[:k]]

    # ----- the individual rankers ----------------------------------------------------------------
    def _rank_dense(self, query: str, index: LexicalIndex, filters: SearchFilters, records) -> list[str]:
        vector = embed_query(self.runtime.embed_model, query)
        where = chroma_where([("language", filters.language or ""), ("doc_type", filters.doc_type or "")])
        hits = self.runtime.store.query_dense(vector, self.settings.candidates_k, where)
        return [
            rec.chunk_id for rec, _sim in hits if rec.chunk_id in records and filters.accepts(rec.metadata)
        ]

    def _rank_bm25(self, query: str, index: LexicalIndex, filters: SearchFilters, records) -> list[str]:
        return self._top(index.bm25_scores(query_tokens(query)), index, filters)

    def _rank_sparse(self, query: str, index: LexicalIndex, filters: SearchFilters, records) -> list[str]:
        embed = self.runtime.embed_model
        if index.sparse is None or not getattr(embed, "has_sparse", False):
            return []
        return self._top(index.sparse_scores(embed.sparse_vectors([query])), index, filters)

    def _top(self, scores: np.ndarray, index: LexicalIndex, filters: SearchFilters) -> list[str]:
        order = np.argsort(-scores, kind="stable")
        ranked = []
        for pos in order:
            if scores[pos] <= 0:  # a zero score means no term in common: not a match at all
                break
            chunk = index.chunks[int(pos)]
            if filters.accepts(chunk.metadata):
                ranked.append(chunk.chunk_id)
            if len(ranked) >= self.settings.candidates_k:
                break
        return ranked

    def _rerank(self, query: str, order: list[str], records) -> tuple[list[str], list[float]]:
        model = load_cross_encoder(self.reranker_name)
        scores = model.predict([(query, records[cid].text) for cid in order], show_progress_bar=False)
        ranked = sorted(zip(order, map(float, scores), strict=True), key=lambda pair: -pair[1])
        return [cid for cid, _ in ranked], [s for _, s in ranked]


def passage_from_record(record: ChunkRecord, score: float) -> Passage:
    meta = record.metadata
    return Passage(
        chunk_id=record.chunk_id,
        doc_id=str(meta.get("doc_id", "")),
        text=record.text,
        title=str(meta.get("title", "")),
        doc_type=str(meta.get("doc_type", "")),
        language=str(meta.get("language", "")),
        date=str(meta.get("date", "")),
        source=str(meta.get("source", "")),
        chunk_index=int(meta.get("chunk_index", 0)),
        start_char=int(meta.get("start_char", 0)),
        end_char=int(meta.get("end_char", 0)),
        score=float(score),
        section=str(meta.get("section", "")),
    )

"""Retrieval metrics against gold document ids, computed by ranx: recall@k, MRR, nDCG@10.

ranx compiles its metrics with numba on first use (~35 s); the caller sets NUMBA_CACHE_DIR before the
first call (see `evals.numba_cache`), so ranx is imported lazily here, never at module import.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Run = Mapping[str, Mapping[str, float]]
Qrels = Mapping[str, Mapping[str, int]]
DEFAULT_KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class RetrievalScores:
    mean: dict[str, float | None]  # metric -> mean over the queries that have gold ids (None: no such query)
    per_query: dict[str, dict[str, float]]  # qid -> metric -> value
    n_queries: int


def metric_names(ks: Sequence[int] = DEFAULT_KS) -> list[str]:
    return [f"recall@{k}" for k in ks] + ["mrr", "ndcg@10"]


def doc_run(ranked: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Passage ranking [(doc_id, score), ...] best first -> doc ranking {doc_id: score}.

    A doc's score is its best passage score. When those scores are not strictly decreasing in rank order
    (ties, or a ranking not sorted by score), 1/rank is used instead so ranx cannot reorder the docs.
    """
    best: dict[str, float] = {}
    for doc_id, score in ranked:
        best[doc_id] = max(score, best.get(doc_id, score))
    scores = list(best.values())
    if all(a > b for a, b in zip(scores, scores[1:], strict=False)):
        return best
    return {doc_id: 1.0 / rank for rank, doc_id in enumerate(best, start=1)}


def retrieval_metrics(run: Run, qrels: Qrels, ks: Sequence[int] = DEFAULT_KS) -> RetrievalScores:
    """Mean and per-query recall@k, MRR and nDCG@10 over the queries with at least one gold doc id.

    A query with gold ids but no (or an empty) run entry scores 0 on every metric.
    """
    names = metric_names(ks)
    gold = {qid: {d: int(r) for d, r in docs.items()} for qid, docs in qrels.items() if docs}
    if not gold:
        return RetrievalScores({m: None for m in names}, {}, 0)
    from ranx import Qrels as RanxQrels
    from ranx import Run as RanxRun
    from ranx import evaluate

    # ranx cannot hold a query with no documents: give such queries one document that is never relevant.
    runs = {qid: dict(run.get(qid) or {}) or {"\x00no-result": 0.0} for qid in gold}
    ranx_run = RanxRun(runs)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*unsafe cast.*")  # numba noise inside ranx
        evaluate(RanxQrels(gold), ranx_run, names, save_results_in_run=True)
    per_query = {qid: {m: float(ranx_run.scores[m][qid]) for m in names} for qid in gold}
    mean = {m: sum(q[m] for q in per_query.values()) / len(per_query) for m in names}
    return RetrievalScores(mean, per_query, len(per_query))

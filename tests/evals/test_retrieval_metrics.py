import math

import pytest

from evals.metrics.retrieval import doc_run, retrieval_metrics

pytestmark = pytest.mark.usefixtures("ranx_ready")


def test_gold_at_rank_two() -> None:
    scores = retrieval_metrics({"q": {"d0": 0.9, "gold": 0.5, "d2": 0.4}}, {"q": {"gold": 1}})
    assert scores.mean["recall@1"] == 0.0
    assert scores.mean["recall@3"] == 1.0
    assert scores.mean["mrr"] == pytest.approx(0.5)
    assert scores.mean["ndcg@10"] == pytest.approx(1 / math.log2(3))  # DCG 1/log2(3), ideal DCG 1


def test_two_gold_documents_by_hand() -> None:
    scores = retrieval_metrics({"q": {"a": 0.9, "x": 0.8, "b": 0.7}}, {"q": {"a": 1, "b": 1}})
    assert scores.mean["recall@1"] == pytest.approx(0.5)
    assert scores.mean["recall@3"] == 1.0
    assert scores.mean["mrr"] == 1.0
    ideal = 1 + 1 / math.log2(3)
    assert scores.mean["ndcg@10"] == pytest.approx((1 + 1 / math.log2(4)) / ideal)


def test_mean_over_queries_with_gold_only_and_missing_runs_score_zero() -> None:
    run = {"hit": {"g": 1.0}, "extra": {"g": 1.0}}
    qrels = {"hit": {"g": 1}, "missed": {"g": 1}, "no_gold": {}}
    scores = retrieval_metrics(run, qrels)
    assert scores.n_queries == 2
    assert set(scores.per_query) == {"hit", "missed"}
    assert scores.per_query["missed"]["recall@10"] == 0.0
    assert scores.mean["mrr"] == pytest.approx(0.5)


def test_no_gold_at_all_gives_none() -> None:
    scores = retrieval_metrics({"q": {"d": 1.0}}, {"q": {}})
    assert scores.n_queries == 0
    assert all(v is None for v in scores.mean.values())


def test_doc_run_keeps_best_passage_and_rank_order() -> None:
    assert doc_run([("a", 0.9), ("b", 0.8), ("a", 0.7), ("c", 0.6)]) == {"a": 0.9, "b": 0.8, "c": 0.6}


def test_doc_run_ties_fall_back_to_reciprocal_rank() -> None:
    run = doc_run([("z", 0.5), ("gold", 0.5), ("a", 0.5)])
    assert run == {"z": 1.0, "gold": 0.5, "a": pytest.approx(1 / 3)}
    assert retrieval_metrics({"q": run}, {"q": {"gold": 1}}).mean["mrr"] == pytest.approx(0.5)

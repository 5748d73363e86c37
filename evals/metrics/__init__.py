"""Pure metric functions over plain data (no assistant objects, no I/O); the runner feeds them."""

from evals.metrics.answers import AnswerCase, answer_metrics
from evals.metrics.latency import latency_percentiles
from evals.metrics.retrieval import RetrievalScores, doc_run, retrieval_metrics

__all__ = [
    "AnswerCase",
    "RetrievalScores",
    "answer_metrics",
    "doc_run",
    "latency_percentiles",
    "retrieval_metrics",
]

"""Run Q&A rows through the assistant facade, one configuration at a time; grade them with evals.metrics."""

from __future__ import annotations

import hashlib
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import assistant
from assistant.facade import Assistant, build
from assistant.settings import VVASettings
from assistant.types import Answer
from evals.configs import ConfigSpec, parse_config, parse_configs
from evals.dataset import QARow
from evals.metrics.answers import (
    AnswerCase,
    answer_language,
    answer_metrics,
    is_correct,
    missing_groups,
    sentence_support,
)
from evals.metrics.latency import latency_percentiles
from evals.metrics.retrieval import doc_run, retrieval_metrics

RETRIEVAL_K = 10
SETTINGS_RECORDED = (
    "embed_model",
    "chunk_size",
    "chunk_overlap",
    "collection",
    "retrieval_mode",
    "candidates_k",
    "top_k",
    "rrf_k",
    "same_language_bonus",
    "reranker_model",
    "backend",
    "answer_language",
    "min_support",
    "max_answer_sentences",
    "llm_url",
    "llm_model",
    "max_new_tokens",
)
Progress = Callable[[str, int, int], None]  # (config name, questions done, questions in total)


@dataclass
class QuestionRecord:
    id: str
    lang: str
    question: str
    answerable: bool
    must: list[list[str]]
    gold_doc_ids: list[str]
    follows: str | None
    answer: dict[str, Any]  # Answer.to_json()
    retrieved_doc_ids: list[str]  # doc-level ranking of a.search(question, k=10)
    correct: bool | None  # None for unanswerable rows
    refused: bool
    answer_language: str
    sentences: list[dict[str, Any]]  # {text, cited, supported}
    retrieval: dict[str, float] = field(default_factory=dict)  # per-query ranx scores (rows with gold ids)
    failures: list[dict[str, str]] = field(default_factory=list)  # {kind, detail}


@dataclass
class ConfigResult:
    name: str
    retrieval_mode: str
    backend: str
    reranker_model: str | None
    metrics: dict[str, float | None]
    latency: dict[str, dict[str, float]]
    counts: dict[str, int]
    records: list[QuestionRecord]
    notes: list[str]
    seconds: float


@dataclass
class EvalRun:
    metadata: dict[str, Any]
    configs: list[ConfigResult]
    skipped: dict[str, str]  # config name -> why it did not run

    def to_json(self) -> dict[str, Any]:
        return {
            "metadata": self.metadata,
            "skipped": self.skipped,
            "configs": [asdict(c) for c in self.configs],
        }


def run_eval(
    settings: VVASettings,
    rows: Sequence[QARow],
    configs: str | Sequence[str] | None = None,
    progress: Progress | None = None,
) -> EvalRun:
    """Every runnable config over `rows`; configs that cannot run (no reranker) are skipped with a reason."""
    specs = parse_configs(
        configs if configs is None or isinstance(configs, str) else ",".join(configs), settings
    )
    started = datetime.now(UTC)
    results, skipped = [], {}
    for spec in specs:
        reason = spec.skip_reason(settings)
        if reason:
            skipped[spec.name] = reason
        else:
            results.append(_run_spec(settings, spec, rows, progress))
    metadata = run_metadata(settings, build(settings), rows)
    metadata.update(
        started_at=started.isoformat(timespec="seconds"), seconds=round(sum(r.seconds for r in results), 2)
    )
    return EvalRun(metadata, results, skipped)


def run_config(
    settings: VVASettings, config_name: str, rows: Sequence[QARow], progress: Progress | None = None
) -> ConfigResult:
    spec = parse_config(config_name)
    reason = spec.skip_reason(settings)
    if reason:
        from assistant.errors import ConfigError

        raise ConfigError(f"Config '{config_name}' cannot run: {reason}.")
    return _run_spec(settings, spec, rows, progress)


def _run_spec(
    settings: VVASettings, spec: ConfigSpec, rows: Sequence[QARow], progress: Progress | None
) -> ConfigResult:
    variant = spec.settings(settings)
    bot = build(variant)
    started = time.perf_counter()
    answers: dict[str, Answer] = {}
    runs: dict[str, dict[str, float]] = {}
    for done, row in enumerate(rows, start=1):
        history = [(_question(rows, row.follows), answers[row.follows].text)] if row.follows else []
        answer = bot.answer(row.question, history=history)
        answers[row.id] = answer
        passages = bot.search(answer.rewritten_question or row.question, k=RETRIEVAL_K)
        runs[row.id] = doc_run([(p.doc_id, p.score) for p in passages])
        if progress:
            progress(spec.name, done, len(rows))
    retrieval = retrieval_metrics(runs, {r.id: dict.fromkeys(r.gold_doc_ids, 1) for r in rows})
    cases = [_case(row, answers[row.id]) for row in rows]
    records = [
        _record(row, answers[row.id], case, list(runs[row.id]), retrieval.per_query.get(row.id, {}))
        for row, case in zip(rows, cases, strict=True)
    ]
    return ConfigResult(
        name=spec.name,
        retrieval_mode=spec.retrieval_mode,
        backend=spec.backend,
        reranker_model=variant.reranker_model,
        metrics={**retrieval.mean, **answer_metrics(cases)},
        latency=latency_percentiles([a.timings_ms for a in answers.values()]),
        counts={
            "questions": len(rows),
            "with_gold": retrieval.n_queries,
            "answerable": sum(r.answerable for r in rows),
            "unanswerable": sum(not r.answerable for r in rows),
        },
        records=records,
        notes=_backend_notes(spec, list(answers.values())),
        seconds=round(time.perf_counter() - started, 2),
    )


def run_metadata(settings: VVASettings, bot: Assistant, rows: Sequence[QARow]) -> dict[str, Any]:
    docs = bot.documents()
    status = bot.status()
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "index_version": index_version([(d.doc_id, d.content_hash) for d in docs]),
        "documents": len(docs),
        "chunks": status.get("chunks"),
        "embedding_model": status.get("embedding_model"),
        "backend": settings.backend,
        "settings": {name: _plain(getattr(settings, name)) for name in SETTINGS_RECORDED},
        "questions": len(rows),
        "assistant_version": assistant.__version__,
        "python": platform.python_version(),
    }


def index_version(docs: Sequence[tuple[str, str]]) -> str:
    """sha256 of the sorted (doc_id, content_hash) pairs: equal iff the indexed documents are equal."""
    digest = hashlib.sha256()
    for doc_id, content_hash in sorted(docs):
        digest.update(f"{doc_id}\t{content_hash}\n".encode())
    return digest.hexdigest()


def _question(rows: Sequence[QARow], row_id: str) -> str:
    return next(r.question for r in rows if r.id == row_id)


def _case(row: QARow, answer: Answer) -> AnswerCase:
    passages = {c.n: c.passage_text for c in answer.citations}
    return AnswerCase(row.answerable, row.lang, row.must, answer.text, answer.refused, passages)


def _record(
    row: QARow, answer: Answer, case: AnswerCase, retrieved: list[str], retrieval: dict[str, float]
) -> QuestionRecord:
    sentences = sentence_support(case) if not answer.refused else []
    record = QuestionRecord(
        id=row.id,
        lang=row.lang,
        question=row.question,
        answerable=row.answerable,
        must=[list(g) for g in row.must],
        gold_doc_ids=list(row.gold_doc_ids),
        follows=row.follows,
        answer=answer.to_json(),
        retrieved_doc_ids=retrieved,
        correct=is_correct(case),
        refused=answer.refused,
        answer_language=answer_language(answer.text),
        sentences=[
            {"text": s.text, "cited": list(s.cited), "supported": list(s.supported)} for s in sentences
        ],
        retrieval=retrieval,
    )
    record.failures = failure_reasons(record)
    return record


def failure_reasons(record: QuestionRecord) -> list[dict[str, str]]:
    """Why a question counts against the assistant, one {kind, detail} per problem (empty: all good)."""
    reasons = []

    def add(kind: str, detail: str) -> None:
        reasons.append({"kind": kind, "detail": detail})

    if record.answerable and record.refused:
        add("false_refusal", "refused a question the documents answer")
    elif record.answerable and record.correct is False:
        missing = missing_groups(record.answer["answer"], record.must)
        add("incorrect", "missing " + "; ".join(" / ".join(g) for g in missing))
    if not record.answerable and not record.refused:
        add("answered_unanswerable", "answered a question the documents do not answer")
    if record.answer_language != record.lang:
        add("language", f"answer in '{record.answer_language}', question in '{record.lang}'")
    unsupported = [s for s in record.sentences if not s["supported"]]
    if unsupported:
        add("unsupported_citation", f"{len(unsupported)} sentence(s) without a supporting citation")
    if record.gold_doc_ids and record.retrieval.get(f"recall@{RETRIEVAL_K}", 1.0) == 0.0:
        add("retrieval_miss", f"no gold document in the top {RETRIEVAL_K}")
    return reasons


def _backend_notes(spec: ConfigSpec, answers: Sequence[Answer]) -> list[str]:
    if spec.backend == "extractive":
        return []
    fell_back = [a for a in answers if a.backend != spec.backend]
    if not fell_back:
        return []
    first = next((n for a in fell_back for n in a.notices), "")
    backends = Counter(a.backend for a in fell_back)
    used = ", ".join(f"{name} ({count})" for name, count in backends.items())
    return [
        f"backend '{spec.backend}': {len(fell_back)}/{len(answers)} answers came from {used}. {first}".strip()
    ]


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)

"""The one facade the CLI, the UI and the evaluation call: search, answer (streamed), documents, status."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from assistant.backends import NOT_IN_DOCUMENTS, AnswerRequest, create_backend
from assistant.backends.extractive import ExtractiveBackend
from assistant.citations import verify_citations
from assistant.compose import Segment, compose
from assistant.embeddings import embed_passages, embed_query
from assistant.errors import AssistantError, BackendUnavailable, IndexEmpty
from assistant.evidence import Evidence, parallel_sentence, score_sentences
from assistant.followup import rewrite_followup
from assistant.language import detect_language
from assistant.lexical import LexicalIndex
from assistant.refusal import RefusalDecision, decide, refusal_segments
from assistant.retrieve import HybridRetriever, SearchFilters, passage_from_record
from assistant.runtime import Runtime, open_runtime
from assistant.settings import VVASettings
from assistant.types import Answer, DocumentInfo, Passage

log = logging.getLogger(__name__)

FALLBACK_NOTICE = {
    "it": "Il backend '{backend}' non è disponibile ({error}); risposta estrattiva dai documenti.",
    "en": "Backend '{backend}' is unavailable ({error}); showing the extractive answer from the documents.",
}
UNVERIFIED_NOTICE = {
    "it": "La risposta del modello non era supportata dai documenti; risposta estrattiva al suo posto.",
    "en": "The model's answer was not supported by the documents; showing the extractive answer instead.",
}
DROPPED_NOTICE = {
    "it": "{n} frase/i senza supporto nei documenti rimossa/e dalla risposta.",
    "en": "{n} sentence(s) not supported by the documents removed from the answer.",
}
RELATED_FACTS = 2
TWIN_CANDIDATES = 4  # how many top sentences get their answer-language twin looked up
RELATED_FLOOR = 0.8  # share of min_support a related fact needs


@dataclass(frozen=True)
class StreamEvent:
    kind: Literal["delta", "notice", "answer"]
    text: str = ""
    answer: Answer | None = None


@dataclass
class _Turn:
    """What one question has gathered so far; `finish` turns it into the final answer event."""

    question: str
    language: str
    rewritten: str | None
    passages: list[Passage]
    evidence: list[Evidence]
    timings: dict[str, float]
    started: float

    def finish(self, segments: list[Segment], refused: bool, backend: str, notices: list[str]) -> StreamEvent:
        text, citations = compose(segments, self.passages)
        self.timings["total"] = _ms(self.started)
        answer = Answer(
            question=self.question,
            text=text,
            language=self.language,
            citations=citations,
            refused=refused,
            backend=backend,
            timings_ms=self.timings,
            notices=list(notices),
            rewritten_question=self.rewritten,
        )
        return StreamEvent("answer", answer=answer)


class Assistant:
    def __init__(
        self, runtime: Runtime, retriever: HybridRetriever | None = None, backend_name: str | None = None
    ):
        self.runtime = runtime
        self.settings = runtime.settings
        self.retriever = retriever or HybridRetriever(runtime)
        self.backend_name = backend_name or self.settings.backend
        self.extractive = ExtractiveBackend(runtime)

    # ----- search --------------------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[Passage]:
        self._require_index()
        return self.retriever.retrieve(query, k=k, filters=filters, query_lang=detect_language(query))

    # ----- answering -----------------------------------------------------------------------------
    def answer(self, question: str, history: list[tuple[str, str]] | None = None, **kwargs: Any) -> Answer:
        final = None
        for event in self.stream(question, history, **kwargs):
            if event.kind == "answer":
                final = event.answer
        assert final is not None  # stream() always ends with an answer event
        return final

    def stream(
        self,
        question: str,
        history: list[tuple[str, str]] | None = None,
        language: str | None = None,
        filters: SearchFilters | None = None,
    ) -> Iterator[StreamEvent]:
        self._require_index()
        history = list(history or [])
        timings: dict[str, float] = {}
        started = time.perf_counter()
        answer_lang = _answer_language(language or self.settings.answer_language, question)
        rewritten = rewrite_followup(question, history)
        query = rewritten or question

        passages = self.retriever.retrieve(query, filters=filters, query_lang=answer_lang)
        timings["retrieve"] = _ms(started)

        mark = time.perf_counter()
        index = LexicalIndex.current(self.runtime)
        query_vector = embed_query(self.runtime.embed_model, query)
        # A follow-up's own words say what is new ("who coordinates"); the rewrite only brings the topic.
        evidence = score_sentences(question, query_vector, passages, index)
        extra, twins = _parallel_passages(passages, evidence[:TWIN_CANDIDATES], index, answer_lang)
        evidence += score_sentences(question, query_vector, extra, index, first_number=len(passages) + 1)
        passages = passages + extra
        evidence = _credit_twins(evidence, twins)
        decision = decide(evidence, self.settings.min_support, answer_lang, question)
        timings["evidence"] = _ms(mark)

        turn = _Turn(question, answer_lang, rewritten, passages, evidence, timings, started)
        if decision.refuse:
            yield self._refusal(turn, decision)
            return

        request = AnswerRequest(
            question=query,
            language=answer_lang,
            passages=passages,
            evidence=evidence,
            history=history,
            max_sentences=self.settings.max_answer_sentences,
        )
        notices: list[str] = []
        mark = time.perf_counter()
        text, backend_used = yield from self._generate(request, notices)
        timings["generate"] = _ms(mark)

        if text.strip() == NOT_IN_DOCUMENTS:
            yield self._refusal(turn, RefusalDecision(True, "backend"), backend_used, notices)
            return

        mark = time.perf_counter()
        check = verify_citations(text, [p.text for p in passages], similarity=_similarity(self.runtime))
        if not check.kept and backend_used != self.extractive.name:
            notices.append(UNVERIFIED_NOTICE[answer_lang])
            text = "".join(self.extractive.stream(request))
            backend_used = self.extractive.name
            check = verify_citations(text, [p.text for p in passages])
        elif check.dropped:
            notices.append(DROPPED_NOTICE[answer_lang].format(n=len(check.dropped)))
        timings["verify"] = _ms(mark)
        if not check.kept:
            yield self._refusal(turn, RefusalDecision(True, "unsupported"), backend_used, notices)
            return
        segments = [Segment(s.text, tuple(zip(s.passage_nos, s.snippets, strict=True))) for s in check.kept]
        yield turn.finish(segments, refused=False, backend=backend_used, notices=notices)

    def _generate(self, request: AnswerRequest, notices: list[str]) -> Iterator[StreamEvent]:
        """Stream the configured backend; fall back to extractive (with a visible notice) if it fails."""
        name = self.backend_name
        pieces: list[str] = []
        try:
            backend = self.extractive if name == self.extractive.name else create_backend(name, self.runtime)
            for piece in backend.stream(request):
                pieces.append(piece)
                yield StreamEvent("delta", text=piece)
            return "".join(pieces), name
        except (BackendUnavailable, AssistantError) as exc:
            log.warning("backend %s failed: %s", name, exc)
            notice = FALLBACK_NOTICE[request.language].format(backend=name, error=exc)
            notices.append(notice)
            yield StreamEvent("notice", text=notice)
            pieces = []
            for piece in self.extractive.stream(request):
                pieces.append(piece)
                yield StreamEvent("delta", text=piece)
            return "".join(pieces), self.extractive.name

    def _refusal(
        self,
        turn: _Turn,
        decision: RefusalDecision,
        backend: str | None = None,
        notices: list[str] | None = None,
    ) -> StreamEvent:
        # Related facts must be related: off-topic questions get none rather than random trivia.
        floor = self.settings.min_support * RELATED_FLOOR
        related = [e for e in turn.evidence if not e.negative and e.score >= floor][:RELATED_FACTS]
        segments = refusal_segments(turn.language, decision, related)
        backend = backend or self.backend_name
        return turn.finish(segments, refused=True, backend=backend, notices=notices or [])

    # ----- documents and status ------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return sorted(self.runtime.store.documents().values(), key=lambda d: (d.doc_type, d.doc_id))

    def document(self, doc_id: str) -> tuple[DocumentInfo, str, str] | None:
        return self.runtime.store.document_text(doc_id)

    def status(self) -> dict[str, Any]:
        docs = list(self.runtime.store.documents().values())
        return {
            "documents": len(docs),
            "chunks": sum(d.chunks for d in docs),
            "languages": dict(Counter(d.language for d in docs)),
            "doc_types": dict(Counter(d.doc_type for d in docs)),
            "embedding_model": self.runtime.embed_model_id,
            "collection": self.settings.collection,
            "store": self.settings.chroma_url or str(self.settings.chroma_dir),
            "backend": self.backend_name,
            "last_ingest": max((d.ingested_at for d in docs), default=None),
        }

    def _require_index(self) -> None:
        if not self.runtime.store.documents():
            raise IndexEmpty("Nothing has been ingested yet. Run `vva ingest` (or `make run`) first.")


def build(settings: VVASettings, backend: str | None = None, retrieval_mode: str | None = None) -> Assistant:
    """Wire everything with plain constructors; CLI, UI, evals and tests all start here."""
    runtime = open_runtime(settings)
    return Assistant(runtime, HybridRetriever(runtime, mode=retrieval_mode), backend_name=backend)


def _answer_language(choice: str, question: str) -> str:
    return choice if choice in ("it", "en") else detect_language(question)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _parallel_passages(
    passages: list[Passage], top: list[Evidence], index: LexicalIndex, lang: str
) -> tuple[list[Passage], dict[int, float]]:
    """Passages with the answer-language twin of the best other-language evidence (the corpus is bilingual).

    Returns the passages to add and, per twin sentence, the score of the sentence it translates: a faithful
    translation supports the answer exactly as well as its original, even if it matches the question's
    wording less.
    """
    have = {p.chunk_id for p in passages}
    extra: list[Passage] = []
    twins: dict[int, float] = {}
    for e in top:
        if e.language == lang:
            continue
        twin = parallel_sentence(index, e.sentence_index, lang)
        if twin is None:
            continue
        twins[twin] = max(twins.get(twin, 0.0), e.score)
        chunk = index.chunks[index.sentences[twin].chunk_pos]
        if chunk.chunk_id not in have:
            have.add(chunk.chunk_id)
            extra.append(passage_from_record(chunk, passages[e.passage_no - 1].score))
    return extra, twins


def _credit_twins(evidence: list[Evidence], twins: dict[int, float]) -> list[Evidence]:
    credited = [
        replace(e, score=max(e.score, twins[e.sentence_index])) if e.sentence_index in twins else e
        for e in evidence
    ]
    return sorted(credited, key=lambda e: (-e.score, e.passage_no, e.start))


# Sentence vectors for the citation check, shared by every Assistant in the process (bounded below).
_SENTENCE_VECTORS: dict[tuple[str, str], np.ndarray] = {}
SENTENCE_VECTOR_LIMIT = 5000


def _similarity(runtime: Runtime):
    """Cross-lingual sentence similarity for the citation check (e5 passage embeddings, cached)."""
    cache = _SENTENCE_VECTORS

    def vector(text: str) -> np.ndarray:
        key = (runtime.embed_model_id, text)  # never mix vectors of two models
        if key not in cache:
            if len(cache) > SENTENCE_VECTOR_LIMIT:
                cache.clear()
            cache[key] = embed_passages(runtime.embed_model, [text])[0]
        return cache[key]

    return lambda a, b: float(vector(a) @ vector(b))


__all__ = ["Assistant", "SearchFilters", "StreamEvent", "build"]

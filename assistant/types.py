"""Typed results exchanged across package boundaries. `Answer.to_json()` is a public contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its metadata and fused score."""

    chunk_id: str
    doc_id: str
    text: str
    title: str
    doc_type: str
    language: str
    date: str
    source: str
    chunk_index: int
    start_char: int
    end_char: int
    score: float
    section: str = ""

    def public(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "language": self.language,
            "source": self.source,
            "text": self.text,
            "score": round(self.score, 6),
        }


@dataclass(frozen=True)
class Citation:
    """One numbered source behind an answer; `snippet` is the exact supporting text inside `passage_text`."""

    n: int
    doc_id: str
    title: str
    source: str
    snippet: str
    score: float
    doc_type: str = ""
    language: str = ""
    date: str = ""
    passage_text: str = ""
    snippet_start: int = -1  # offset of the snippet inside passage_text, -1 when unknown
    passage_start: int = 0  # offset of the passage inside the source document text

    def public(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "snippet": self.snippet,
            "score": round(self.score, 6),
            "doc_type": self.doc_type,
            "language": self.language,
            "date": self.date,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    language: str
    citations: list[Citation]
    refused: bool
    backend: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    rewritten_question: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "language": self.language,
            "refused": self.refused,
            "citations": [c.public() for c in self.citations],
            "backend": self.backend,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "notices": list(self.notices),
            "rewritten_question": self.rewritten_question,
        }


@dataclass(frozen=True)
class FailedFile:
    path: str
    error: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    chunks: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = [asdict(f) for f in self.failed]
        return data


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    doc_type: str
    language: str
    date: str
    source: str
    chunks: int
    content_hash: str
    ingested_at: str

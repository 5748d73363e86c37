"""The answer-backend contract and its registry. Adding a backend is one module with @register."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.evidence import Evidence
from assistant.types import Passage

if TYPE_CHECKING:
    from assistant.runtime import Runtime

NOT_IN_DOCUMENTS = "NOT_IN_DOCUMENTS"


@dataclass(frozen=True)
class AnswerRequest:
    question: str
    language: str  # 'it' or 'en': the language the answer must be written in
    passages: list[Passage]  # numbered 1..n in this order for [n] markers
    evidence: list[Evidence] = field(default_factory=list)  # best supporting sentences, best first
    history: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) pairs, oldest first
    max_sentences: int = 3


@runtime_checkable
class AnswerBackend(Protocol):
    name: str
    can_stream: bool

    def stream(self, request: AnswerRequest) -> Iterator[str]:
        """Yield the answer text in pieces, with [n] markers; NOT_IN_DOCUMENTS when the passages lack it."""
        ...


BackendFactory = Callable[["Runtime"], AnswerBackend]
REGISTRY: dict[str, BackendFactory] = {}


def register(name: str) -> Callable[[BackendFactory], BackendFactory]:
    def decorator(factory: BackendFactory) -> BackendFactory:
        REGISTRY[name] = factory
        return factory

    return decorator

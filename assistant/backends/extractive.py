"""The default backend: composes the answer from the best supporting sentences, each with its citation.

No model server and no generation, so nothing can be invented: every sentence is a sentence of a
retrieved passage. It is also the fallback when a configured LLM backend fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer_type import expected_kind, states_kind
from assistant.backends.base import NOT_IN_DOCUMENTS, AnswerRequest, register
from assistant.evidence import Evidence
from assistant.text import content_words, strip_markup

# Extra sentences must come close to the lead sentence to be worth the reader's time.
FOLLOWER_RATIO = 0.9
REDUNDANCY = 0.6
SAME_LANGUAGE_BONUS = 0.08
ANSWER_TYPE_BONUS = 0.2  # a sentence that states the kind of fact asked for (name, date, figure)


class ExtractiveBackend:
    name = "extractive"
    can_stream = True

    def __init__(self, runtime=None):
        self.runtime = runtime

    def stream(self, request: AnswerRequest) -> Iterator[str]:
        chosen = select_sentences(request)
        if not chosen:
            yield NOT_IN_DOCUMENTS
            return
        for i, evidence in enumerate(chosen):
            yield ("" if i == 0 else " ") + with_marker(strip_markup(evidence.sentence), evidence.passage_no)


def with_marker(sentence: str, number: int) -> str:
    """'Text [n].' - the marker goes inside the final punctuation, as in most cited writing."""
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    return f"{body.rstrip('.!?').rstrip()} [{number}]{end}"


def select_sentences(request: AnswerRequest) -> list[Evidence]:
    """Lead sentence plus close runners-up, in the answer language where the corpus has it."""
    previous = _previous_answer_words(request.history)
    candidates = [e for e in request.evidence if not e.negative and not _repeats(e, previous)]
    if not candidates:
        return []

    kind = expected_kind(request.question)

    def preference(e: Evidence) -> float:
        bonus = SAME_LANGUAGE_BONUS if e.language == request.language else 0.0
        if states_kind(e.sentence, kind, request.question):
            bonus += ANSWER_TYPE_BONUS
        return e.score + bonus

    candidates.sort(key=lambda e: -preference(e))
    lead = candidates[0]
    chosen = [lead]
    for e in candidates[1:]:
        if len(chosen) >= request.max_sentences:
            break
        if preference(e) < FOLLOWER_RATIO * preference(lead):
            break
        if e.language != lead.language or any(_overlap(e, c) >= REDUNDANCY for c in chosen):
            continue
        chosen.append(e)
    return chosen


def _words(e: Evidence) -> set[str]:
    return set(content_words(e.sentence))


def _overlap(a: Evidence, b: Evidence) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _previous_answer_words(history: list[tuple[str, str]]) -> set[str]:
    return set(content_words(history[-1][1])) if history else set()


def _repeats(e: Evidence, previous: set[str]) -> bool:
    """A follow-up should not get the previous answer again."""
    words = _words(e)
    return bool(previous) and bool(words) and len(words & previous) / len(words) >= 0.85


@register("extractive")
def _factory(runtime) -> ExtractiveBackend:
    return ExtractiveBackend(runtime)

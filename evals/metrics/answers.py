"""Answer metrics: correctness (must groups), citation precision and coverage, refusals, answer language.

Each metric is a ratio; it is None when no answer qualifies for its denominator. Citation support uses
the assistant's own pure check (`is_supported`), lexical only: a sentence translated from a passage in the
other language may be kept by the assistant (which adds a semantic similarity) yet count as unsupported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.citations import is_supported, split_cited_sentences
from assistant.language import detect_language

MustGroups = Sequence[Sequence[str]]


@dataclass(frozen=True)
class AnswerCase:
    """One graded answer: the row's expectations and what the assistant said."""

    answerable: bool
    lang: str
    must: MustGroups
    text: str
    refused: bool
    passages: Mapping[int, str] = field(default_factory=dict)  # citation number -> cited passage text


@dataclass(frozen=True)
class SentenceSupport:
    text: str
    cited: tuple[int, ...]
    supported: tuple[int, ...]  # cited numbers whose passage supports the sentence


def missing_groups(text: str, must: MustGroups) -> list[list[str]]:
    """The must groups none of whose alternatives occurs in `text` (case-insensitive substring)."""
    folded = text.casefold()
    return [list(group) for group in must if not any(alt.casefold() in folded for alt in group)]


def is_correct(case: AnswerCase) -> bool | None:
    """Answerable rows only: not refused and every must group matched. None for unanswerable rows."""
    if not case.answerable:
        return None
    return not case.refused and not missing_groups(case.text, case.must)


def sentence_support(case: AnswerCase) -> list[SentenceSupport]:
    """Each answer sentence with the citations it names and those that really support it."""
    result = []
    for text, numbers in split_cited_sentences(case.text):
        ok = tuple(n for n in numbers if n in case.passages and is_supported(text, case.passages[n]))
        result.append(SentenceSupport(text, numbers, ok))
    return result


def answer_language(text: str) -> str:
    """Language of an answer with its [n] markers removed."""
    return detect_language(" ".join(t for t, _ in split_cited_sentences(text)) or text)


def correctness(cases: Sequence[AnswerCase]) -> float | None:
    return _share([bool(is_correct(c)) for c in cases if c.answerable])


def citation_precision(cases: Sequence[AnswerCase]) -> float | None:
    """Share of (sentence, cited number) pairs of non-refused answers whose passage supports the sentence."""
    pairs = [n in s.supported for c in cases if not c.refused for s in sentence_support(c) for n in s.cited]
    return _share(pairs)


def citation_coverage(cases: Sequence[AnswerCase]) -> float | None:
    """Share of sentences of non-refused answers with at least one supporting citation."""
    return _share([bool(s.supported) for c in cases if not c.refused for s in sentence_support(c)])


def refusal_accuracy(cases: Sequence[AnswerCase]) -> float | None:
    """Share of unanswerable questions the assistant refused."""
    return _share([c.refused for c in cases if not c.answerable])


def false_refusal_rate(cases: Sequence[AnswerCase]) -> float | None:
    """Share of answerable questions the assistant refused."""
    return _share([c.refused for c in cases if c.answerable])


def language_accuracy(cases: Sequence[AnswerCase]) -> float | None:
    """Share of answers (refusals included) written in the question's language."""
    return _share([answer_language(c.text) == c.lang for c in cases])


def answer_metrics(cases: Sequence[AnswerCase]) -> dict[str, float | None]:
    return {
        "correctness": correctness(cases),
        "citation_precision": citation_precision(cases),
        "citation_coverage": citation_coverage(cases),
        "refusal_accuracy": refusal_accuracy(cases),
        "false_refusal_rate": false_refusal_rate(cases),
        "language_accuracy": language_accuracy(cases),
    }


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None

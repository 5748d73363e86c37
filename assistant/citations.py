"""Citation check: every answer sentence must be supported by the passage its [n] marker names.

Pure functions, used by the assistant on every answer and by the evaluation as a metric. A sentence is
supported when one sentence of the cited passage carries most of its content words (stems of either
language) and every number it states, or, for a sentence written in another language than its source,
when an optional semantic similarity says they mean the same. Unsupported sentences are re-cited to a
passage that does support them, or dropped; markers that point at no passage never survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.text import content_words, fold, query_tokens, stopwords, words

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+(?=[A-ZÀ-Ý\"«(])|\n+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
LEXICAL_SUPPORT = 0.6
SEMANTIC_SUPPORT = 0.86

Similarity = Callable[[str, str], float]
DISCOURSE_WORDS = frozenset(
    [
        "yes",
        "no",
        "si",
        "sì",
        "secondo",
        "according",
        "inoltre",
        "also",
        "however",
        "tuttavia",
        "infatti",
        "indeed",
        "in",
        "inoltre",
        "both",
        "entrambi",
    ]
)


@dataclass(frozen=True)
class SupportedSentence:
    text: str  # without markers
    passage_nos: tuple[int, ...]  # cited passages that support it (1-based, original numbering)
    snippets: tuple[str, ...]  # the supporting sentence of each cited passage


@dataclass
class CitationCheck:
    kept: list[SupportedSentence] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # unsupported sentences removed from the answer
    recited: int = 0  # sentences whose marker pointed at the wrong passage and were re-cited
    uncited: int = 0  # sentences that carried no marker at all

    @property
    def precision(self) -> float:
        """Share of the answer's claims that kept a supporting citation."""
        total = len(self.kept) + len(self.dropped)
        return len(self.kept) / total if total else 1.0


def split_cited_sentences(answer: str) -> list[tuple[str, tuple[int, ...]]]:
    """(sentence without markers, cited numbers) for each sentence of an answer."""
    result = []
    for raw in SENTENCE_END.split(answer.strip()):
        raw = raw.strip()
        if not raw:
            continue
        numbers = tuple(int(n) for m in MARKER.finditer(raw) for n in re.findall(r"\d+", m.group(1)))
        text = MARKER.sub("", raw).strip()
        if text:
            result.append((text, numbers))
    return result


def passage_sentences(passage: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", passage) if p.strip()]
    return parts or [passage]


def lexical_support(claim: str, source: str) -> float:
    """Share of the claim's content words present in the source; 0 if it states a number the source lacks."""
    claim_numbers = set(NUMBER.findall(claim))
    if claim_numbers - set(NUMBER.findall(source)):
        return 0.0
    claim_words = content_words(claim)
    if not claim_words:
        return 1.0 if claim.strip() else 0.0
    source_stems = set(query_tokens(source))
    hits = sum(1 for w in claim_words if set(query_tokens(w)) & source_stems)
    return hits / len(claim_words)


def best_support(claim: str, passage: str, similarity: Similarity | None = None) -> tuple[float, str]:
    """(support score, supporting sentence) of a claim against one passage."""
    best = (0.0, "")
    for sentence in passage_sentences(passage):
        if _numbers_missing(claim, sentence) or _names_missing(claim, sentence):
            continue
        score = lexical_support(claim, sentence)
        if score < LEXICAL_SUPPORT and similarity is not None:
            semantic = similarity(claim, sentence)
            score = max(score, 1.0 if semantic >= SEMANTIC_SUPPORT else 0.0)
        if score > best[0]:
            best = (score, sentence)
    return best


def is_supported(claim: str, passage: str, similarity: Similarity | None = None) -> bool:
    return best_support(claim, passage, similarity)[0] >= LEXICAL_SUPPORT


def verify_citations(
    answer: str, passages: Sequence[str], similarity: Similarity | None = None
) -> CitationCheck:
    """Check each sentence of `answer` against the passages its [n] markers cite (1-based)."""
    check = CitationCheck()
    for text, numbers in split_cited_sentences(answer):
        valid = [n for n in numbers if 1 <= n <= len(passages)]
        supported = []
        for n in valid:
            score, snippet = best_support(text, passages[n - 1], similarity)
            if score >= LEXICAL_SUPPORT:
                supported.append((n, snippet))
        if not numbers:
            check.uncited += 1
        if not supported:
            # Maybe the model cited the wrong passage: look for one that really supports the sentence.
            for n, passage in enumerate(passages, start=1):
                score, snippet = best_support(text, passage, similarity)
                if score >= LEXICAL_SUPPORT:
                    supported.append((n, snippet))
                    check.recited += 1
                    break
        if supported:
            check.kept.append(
                SupportedSentence(text, tuple(n for n, _ in supported), tuple(s for _, s in supported))
            )
        else:
            check.dropped.append(text)
    return check


def _numbers_missing(claim: str, source: str) -> bool:
    return bool(set(NUMBER.findall(claim)) - set(NUMBER.findall(source)))


def _names_missing(claim: str, source: str) -> bool:
    """A proper name in the claim (capitalised, not sentence-initial) that the source never mentions.

    Semantic similarity and partial word overlap both let a wrong name through ("Ford is based in
    Detroit" looks like "GM is based in Detroit"); names must match literally.
    """
    source_words = set(words(source))
    tokens = re.findall(r"[^\W\d_][\w'’-]*", claim)
    common = stopwords("it") | stopwords("en") | DISCOURSE_WORDS
    for i, token in enumerate(tokens):
        if not token[0].isupper() or (i == 0 and fold(token) in common):
            continue
        parts = words(token)
        if parts and not any(p in source_words for p in parts):
            return True
    return False

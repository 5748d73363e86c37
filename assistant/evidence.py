"""Sentence-level evidence: which sentences of the retrieved passages answer the question, and how well.

Scores combine the dense similarity of question and sentence (e5, cross-lingual) with the share of the
question's content words the sentence contains. The same numbers drive the extractive answer, the refusal
decision and the "related facts" offered with a refusal, so all three agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.lexical import LexicalIndex
from assistant.text import LANG_NAMES, content_words, doc_tokens, query_tokens, strip_markup, words
from assistant.types import Passage

NEGATIVE_SECTION = re.compile(
    r"not stated|not in the sources|non present|non indicat|non riportat|non dicono", re.I
)
NEGATIVE_SENTENCE = re.compile(
    r"\b(?:sources?|documents?)\b[^.]{0,40}?\b(?:do not|does not|don't|doesn't|give no|gives no|contain no|"
    r"name no|state no|say nothing)\b|\b(?:fonti|documenti)\b[^.]{0,40}?\bnon\b|"
    r"\bnon (?:è|sono) (?:indicat|riportat|specificat|not[oa])|\bnot (?:stated|specified|given)\b",
    re.I,
)
# "No names other than Tronzano and Favaro": the names after such a clause are exceptions, not the subject,
# so they must not make a "not stated" line look like the answer to "Who is Tronzano?".
EXCEPTION_TAIL = re.compile(
    r"\b(?:other than|apart from|besides|except|oltre a|oltre ad|diversi da|tranne)\b.*$", re.I
)
# Share of the score that comes from lexical overlap; the rest is the rescaled dense similarity.
LEXICAL_WEIGHT = 0.45
# e5 cosine similarities of unrelated text sit around 0.72; this maps [0.72, 0.92] onto [0, 1].
DENSE_FLOOR, DENSE_CEIL = 0.72, 0.92


@dataclass(frozen=True)
class Evidence:
    passage_no: int  # 1-based position in the passage list (the citation number before renumbering)
    sentence: str  # exact text inside the passage
    start: int  # offset inside the passage text
    language: str
    score: float
    dense: float
    lexical: float
    negative: bool  # the sentence says the sources do NOT hold something
    sentence_index: int  # position in the lexical index


def lexical_overlap(question: str, sentence: str, sentence_lang: str) -> float:
    """Share of the question's content words found in the sentence (stems of either language count)."""
    q_words = content_words(question)
    if not q_words:
        return 0.0
    sentence_stems = set(doc_tokens(sentence, sentence_lang)) | set(query_tokens(sentence))
    hits = sum(1 for w in q_words if set(query_tokens(w)) & sentence_stems)
    return hits / len(q_words)


def score_sentences(
    question: str,
    query_vector: np.ndarray,
    passages: list[Passage],
    index: LexicalIndex,
    first_number: int = 1,
) -> list[Evidence]:
    """Every prose sentence of the passages, best first; passages are numbered from `first_number`."""
    found: list[Evidence] = []
    for number, passage in enumerate(passages, start=first_number):
        pos = index.position.get(passage.chunk_id)
        if pos is None:
            continue
        negative_section = bool(NEGATIVE_SECTION.search(passage.section))
        for s_idx in index.sentences_of.get(pos, []):
            evidence = _evidence(
                question, query_vector, index, s_idx, number, passage.language, negative_section
            )
            if evidence:
                found.append(evidence)
    found.sort(key=lambda e: (-e.score, e.passage_no, e.start))
    return found


def _evidence(
    question: str,
    query_vector: np.ndarray,
    index: LexicalIndex,
    s_idx: int,
    number: int,
    lang: str,
    negative: bool,
) -> Evidence | None:
    sentence = index.sentences[s_idx]
    text = index.sentence_text(s_idx)
    if len(words(strip_markup(text))) < 3:  # table rules, labels, fragments
        return None
    negative = negative or bool(NEGATIVE_SENTENCE.search(text))
    dense = float(index.sentence_vectors[s_idx] @ query_vector)
    lexical = lexical_overlap(question, EXCEPTION_TAIL.sub("", text) if negative else text, lang)
    dense_scaled = min(max((dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR), 0.0), 1.0)
    score = (1 - LEXICAL_WEIGHT) * dense_scaled + LEXICAL_WEIGHT * lexical
    return Evidence(
        passage_no=number,
        sentence=text,
        start=sentence.start,
        language=lang if lang in LANG_NAMES else "en",
        score=score,
        dense=dense,
        lexical=lexical,
        negative=negative,
        sentence_index=s_idx,
    )


def parallel_sentence(
    index: LexicalIndex, s_idx: int, language: str, min_similarity: float = 0.86
) -> int | None:
    """The sentence in `language` that says the same as sentence `s_idx` (our corpus is bilingual)."""
    candidates = [
        i
        for i, s in enumerate(index.sentences)
        if index.chunks[s.chunk_pos].metadata.get("language") == language
    ]
    if not candidates:
        return None
    sims = index.sentence_vectors[candidates] @ index.sentence_vectors[s_idx]
    best = int(np.argmax(sims))
    return candidates[best] if sims[best] >= min_similarity else None

"""When to refuse, and how a refusal reads: plain, in the question's language, with related facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compose import Segment
from assistant.evidence import Evidence
from assistant.text import strip_markup

# A "the sources do not state X" sentence that matches the question about as well as any positive fact
# means the documents explicitly lack the answer.
NEGATIVE_MARGIN = 0.05
# "Which six firms?" is answered by "six firms take part" only in appearance: for questions that ask for
# names, a "the sources do not name them" line wins over a much closer-sounding restatement.
IDENTITY_QUESTION = re.compile(
    r"^\s*(?:which|who|what are the names|quali|quale|chi|come si chiamano)\b", re.I
)
IDENTITY_MARGIN = 0.37

REFUSAL_LEAD = {
    "it": "I documenti non contengono questa informazione.",
    "en": "The documents do not contain this information.",
}
EXPLICIT_LEAD = {
    "it": "I documenti lo dicono esplicitamente:",
    "en": "The documents say so explicitly:",
}
RELATED_LEAD = {
    "it": "Fatti correlati presenti nei documenti:",
    "en": "Related facts the documents do hold:",
}


@dataclass(frozen=True)
class RefusalDecision:
    refuse: bool
    reason: str = ""  # 'weak-evidence', 'explicitly-absent', 'backend', 'no-passages'
    negative: Evidence | None = None


def decide(
    evidence: list[Evidence], min_support: float, language: str, question: str = ""
) -> RefusalDecision:
    if not evidence:
        return RefusalDecision(True, "no-passages")
    positives = [e for e in evidence if not e.negative]
    negatives = [e for e in evidence if e.negative]
    if negatives:  # quote the statement in the answer language when one matches about as well
        best = negatives[0].score
        same_language = [e for e in negatives if e.language == language and e.score >= best - NEGATIVE_MARGIN]
        negatives = same_language[:1] + [e for e in negatives if e not in same_language[:1]]
    best_positive = positives[0].score if positives else 0.0
    margin = IDENTITY_MARGIN if IDENTITY_QUESTION.match(question) else NEGATIVE_MARGIN
    if negatives and negatives[0].score >= max(best_positive - margin, min_support):
        return RefusalDecision(True, "explicitly-absent", negatives[0])
    if best_positive < min_support:
        return RefusalDecision(True, "weak-evidence")
    return RefusalDecision(False)


def refusal_segments(language: str, decision: RefusalDecision, related: list[Evidence]) -> list[Segment]:
    """The refusal as answer segments, so its citations are numbered and checked like any answer."""
    lang = language if language in REFUSAL_LEAD else "en"
    segments = [Segment(REFUSAL_LEAD[lang])]
    if decision.reason == "no-passages":
        return segments
    if decision.negative is not None:
        negative = decision.negative
        segments.append(Segment(EXPLICIT_LEAD[lang], new_paragraph=True))
        segments.append(Segment(strip_markup(negative.sentence), ((negative.passage_no, negative.sentence),)))
    if related:
        segments.append(Segment(RELATED_LEAD[lang], new_paragraph=True))
        segments += [Segment(strip_markup(e.sentence), ((e.passage_no, e.sentence),)) for e in related]
    return segments

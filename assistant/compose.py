"""Turn checked answer sentences into the final text and numbered citations (1..n in reading order)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.types import Citation, Passage


@dataclass(frozen=True)
class Segment:
    """A piece of the final answer: framing text (no sources) or a claim with its supporting snippets."""

    text: str
    sources: tuple[tuple[int, str], ...] = ()  # (passage_no 1-based, exact snippet inside that passage)
    new_paragraph: bool = False


def compose(segments: list[Segment], passages: list[Passage]) -> tuple[str, list[Citation]]:
    numbers: dict[tuple[int, str], int] = {}
    citations: list[Citation] = []
    out: list[str] = []
    for segment in segments:
        markers = []
        for passage_no, snippet in segment.sources:
            if not 1 <= passage_no <= len(passages):
                continue  # a number that points at nothing never reaches the user
            key = (passage_no, snippet)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(_citation(numbers[key], passages[passage_no - 1], snippet))
            if numbers[key] not in markers:
                markers.append(numbers[key])
        piece = segment.text.strip()
        if markers:
            end = piece[-1] if piece and piece[-1] in ".!?" else ""
            piece = piece.rstrip(".!?").rstrip() + " " + "".join(f"[{n}]" for n in markers) + end
        if out:
            out.append("\n\n" if segment.new_paragraph else " ")
        out.append(piece)
    return "".join(out), citations


def _citation(n: int, passage: Passage, snippet: str) -> Citation:
    return Citation(
        n=n,
        doc_id=passage.doc_id,
        title=passage.title,
        source=passage.source,
        snippet=snippet,
        score=passage.score,
        doc_type=passage.doc_type,
        language=passage.language,
        date=passage.date,
        passage_text=passage.text,
        snippet_start=passage.text.find(snippet) if snippet else -1,
        passage_start=passage.start_char,
    )

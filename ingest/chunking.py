"""Split a document into heading-aware chunks that keep character offsets into the source text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from llama_index.core import Document
from llama_index.core.node_parser import SentenceSplitter

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int
    end: int
    section: str


def split_sections(text: str) -> list[tuple[str, int, int]]:
    """(heading, start, end) spans; text before the first heading belongs to section ''."""
    marks = [(m.start(), m.group(2).strip()) for m in HEADING.finditer(text)]
    if not marks or marks[0][0] > 0:
        marks.insert(0, (0, ""))
    spans = []
    for i, (start, title) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if text[start:end].strip():
            spans.append((title, start, end))
    return spans


def chunk_text(text: str, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Sentence-aware chunks per section; a chunk never straddles two headings."""
    splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=min(chunk_overlap, chunk_size // 2))
    chunks: list[Chunk] = []
    for section, start, end in split_sections(text):
        section_text = text[start:end]
        nodes = splitter.get_nodes_from_documents([Document(text=section_text)])
        cursor = 0
        for node in nodes:
            body = node.get_content()
            if not _has_content(body, section):
                continue
            local = (
                node.start_char_idx if node.start_char_idx is not None else section_text.find(body, cursor)
            )
            if local < 0:  # the splitter normalised whitespace; fall back to the running cursor
                local = cursor
            cursor = max(cursor, local)
            chunks.append(Chunk(body, start + local, start + local + len(body), section))
    return chunks


def _has_content(body: str, section: str) -> bool:
    """Skip chunks that are only the heading line."""
    stripped = HEADING.sub("", body).strip()
    return bool(stripped) and stripped != section

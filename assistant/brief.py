"""Briefing export for staff: answers to a list of questions with one numbered, deduplicated source list."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from assistant.facade import Assistant
from assistant.types import Citation

MARKER = re.compile(r"\[(\d+)\]")


def write_brief(assistant: Assistant, questions: list[str], out: Path, title: str) -> Path:
    sources: dict[tuple[str, str], tuple[int, Citation]] = {}
    sections: list[str] = []
    for question in questions:
        answer = assistant.answer(question)
        local_to_global: dict[int, int] = {}
        for c in answer.citations:
            key = (c.doc_id, c.snippet)
            if key not in sources:
                sources[key] = (len(sources) + 1, c)
            local_to_global[c.n] = sources[key][0]
        text = _renumber(answer.text, local_to_global)
        flag = " *(not in the documents)*" if answer.refused else ""
        sections.append(f"## {question}{flag}\n\n{text}\n")
    documents = assistant.status()["documents"]
    lines = [
        f"# {title}",
        "",
        f"Generated {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by Vehicle Valley Assistant from "
        f"{documents} indexed documents. Every bracketed number cites the source below.",
        "",
        *sections,
        "## Sources",
        "",
    ]
    for number, c in sorted(sources.values(), key=lambda item: item[0]):
        snippet = " ".join(c.snippet.split())
        lines.append(
            f"{number}. **{c.title}** ({c.doc_type}, {c.language}, {c.date}) — `{c.doc_id}`  \n   > {snippet}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _renumber(text: str, local_to_global: dict[int, int]) -> str:
    return MARKER.sub(lambda m: f"[{local_to_global.get(int(m.group(1)), '?')}]", text)

"""Load and validate a Q&A file (JSONL, one row per line; see evals/qa/README.md for the format)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

LANGUAGES = ("it", "en")


class QAFileError(AssistantError):
    """A Q&A file is missing or holds a malformed row."""


@dataclass(frozen=True)
class QARow:
    id: str
    lang: str
    question: str
    answerable: bool
    reference_answer: str
    must: tuple[tuple[str, ...], ...]
    gold_doc_ids: tuple[str, ...]
    follows: str | None = None
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "question": self.question,
            "answerable": self.answerable,
            "reference_answer": self.reference_answer,
            "must": [list(g) for g in self.must],
            "gold_doc_ids": list(self.gold_doc_ids),
            "follows": self.follows,
        }


def load_qa(path: Path) -> list[QARow]:
    """All rows of `path`, in file order; raises QAFileError naming the file and line of the first bad row."""
    if not path.is_file():
        raise QAFileError(f"Q&A file not found: {path}. Pass an existing JSONL file with --qa.")
    rows: list[QARow] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = parse_row(line, line_no)
                if row.id in seen:
                    raise ValueError(f"duplicate id {row.id!r}")
                if row.follows is not None and row.follows not in seen:
                    raise ValueError(f"'follows' names {row.follows!r}, which is not an earlier row")
            except ValueError as exc:
                raise QAFileError(
                    f"{path}, line {line_no}: {exc}. Fix the row (format: evals/qa/README.md)."
                ) from None
            seen.add(row.id)
            rows.append(row)
    if not rows:
        raise QAFileError(f"Q&A file {path} holds no rows.")
    return rows


def parse_row(line: str, line_no: int = 0) -> QARow:
    """One validated row; raises ValueError saying what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("a row must be a JSON object")
    row_id = _field(data, "id", str)
    lang = _field(data, "lang", str)
    if lang not in LANGUAGES:
        raise ValueError(f"'lang' must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    question = _field(data, "question", str)
    if not question.strip() or not row_id.strip():
        raise ValueError("'id' and 'question' must not be empty")
    answerable = _field(data, "answerable", bool)
    must = _string_groups(_field(data, "must", list))
    gold = _field(data, "gold_doc_ids", list)
    if not all(isinstance(d, str) and d for d in gold):
        raise ValueError("'gold_doc_ids' must be a list of non-empty strings")
    if answerable and not must:
        raise ValueError("an answerable row needs at least one 'must' group")
    if not answerable and (must or gold):
        raise ValueError("an unanswerable row must have empty 'must' and 'gold_doc_ids'")
    follows = data.get("follows")
    if follows is not None and not isinstance(follows, str):
        raise ValueError("'follows' must be a row id (string)")
    return QARow(
        id=row_id,
        lang=lang,
        question=question,
        answerable=answerable,
        reference_answer=str(data.get("reference_answer", "")),
        must=must,
        gold_doc_ids=tuple(gold),
        follows=follows,
        line=line_no,
    )


def _field(data: dict[str, Any], name: str, kind: type) -> Any:
    if name not in data:
        raise ValueError(f"missing field {name!r}")
    value = data[name]
    if not isinstance(value, kind):
        raise ValueError(f"{name!r} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _string_groups(value: list[Any]) -> tuple[tuple[str, ...], ...]:
    groups = []
    for group in value:
        if not isinstance(group, list) or not group or not all(isinstance(s, str) and s for s in group):
            raise ValueError("'must' must be a list of non-empty lists of non-empty strings")
        groups.append(tuple(group))
    return tuple(groups)

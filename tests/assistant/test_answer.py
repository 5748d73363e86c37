"""What an investor notices: cited answers in their language, honest refusals, follow-ups, fallbacks."""

from __future__ import annotations

import re

import pytest

from assistant.citations import is_supported
from assistant.errors import IndexEmpty
from assistant.facade import build
from assistant.language import detect_language
from assistant.types import Answer

MARKERS = re.compile(r"\[(\d+)\]")


def assert_well_cited(answer: Answer) -> None:
    """Every marker points at a citation, every citation is used, every snippet lies inside its passage."""
    used = {int(n) for n in MARKERS.findall(answer.text)}
    assert used == set(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert citation.snippet and citation.snippet in citation.passage_text
        assert citation.passage_text.find(citation.snippet) == citation.snippet_start


@pytest.mark.parametrize(
    ("question", "language", "must"),
    [
        ("Chi guida la delegazione piemontese al VTM Michigan?", "it", ["Tronzano", "Favaro"]),
        ("Who coordinates Piedmont's participation in VTM Michigan?", "en", ["Ceipiemonte"]),
        ("Dove si svolge il VTM Michigan?", "it", ["Pontiac"]),
        (
            "How much did Piedmont export to the United States in the automotive sector in 2024?",
            "en",
            ["550"],
        ),
        ("Quale edizione del VTM Torino lancia la missione?", "it", ["quinta"]),
        ("Where is Ford headquartered?", "en", ["Dearborn"]),
    ],
)
def test_cited_answer_in_the_question_language(
    corpus_assistant, question: str, language: str, must: list[str]
) -> None:
    answer = corpus_assistant.answer(question)
    assert not answer.refused
    assert answer.language == language == detect_language(answer.text)
    for needle in must:
        assert needle in answer.text
    assert answer.citations
    assert_well_cited(answer)
    for sentence_citation in answer.citations:
        assert is_supported(sentence_citation.snippet, sentence_citation.passage_text)


def test_forced_answer_language_answers_an_english_question_in_italian(corpus_assistant) -> None:
    answer = corpus_assistant.answer("Where is Ford headquartered?", language="it")
    assert answer.language == "it" and detect_language(answer.text) == "it"
    assert "Dearborn" in answer.text
    assert all(c.language == "it" for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Which six Piedmont companies take part in the mission?", "en"),
        ("Quali sono le sei imprese piemontesi della delegazione?", "it"),
        ("What is the budget of the mission in euros?", "en"),
        ("Mi dai la ricetta della carbonara?", "it"),
        ("How do I reverse a list in Python?", "en"),
    ],
)
def test_unanswerable_questions_are_refused_in_the_question_language(
    corpus_assistant, question: str, language: str
) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.refused
    assert answer.language == language
    lead = {"en": "The documents do not contain this information.", "it": "I documenti non contengono"}[
        language
    ]
    assert answer.text.startswith(lead)
    assert_well_cited(answer)


def test_refusal_about_the_six_firms_says_the_sources_do_not_name_them(corpus_assistant) -> None:
    answer = corpus_assistant.answer("Which six Piedmont companies take part in the mission?")
    assert answer.refused
    assert "do not name the six" in answer.text
    assert answer.citations[0].doc_id.startswith("mission/")


def test_off_topic_refusal_offers_no_unrelated_trivia(corpus_assistant) -> None:
    answer = corpus_assistant.answer("What is the capital of Australia?")
    assert answer.refused and answer.citations == []


def test_follow_up_is_rewritten_with_the_history(corpus_assistant) -> None:
    first = corpus_assistant.answer("Who leads the Piedmont delegation to VTM Michigan?")
    follow = corpus_assistant.answer("And who coordinates it?", history=[(first.question, first.text)])
    assert follow.rewritten_question and "delegation" in follow.rewritten_question
    assert "Ceipiemonte" in follow.text and not follow.refused
    italian = corpus_assistant.answer(
        "E chi la coordina?",
        history=[("Chi guida la delegazione piemontese?", "Andrea Tronzano e Michela Favaro [1].")],
    )
    assert "Ceipiemonte" in italian.text and italian.language == "it"


def test_answers_stream_before_the_final_answer(corpus_assistant) -> None:
    events = list(corpus_assistant.stream("What is Vehicle Valley?"))
    assert events[-1].kind == "answer"
    assert any(e.kind == "delta" for e in events[:-1])
    assert "Vehicle Valley" in "".join(e.text for e in events if e.kind == "delta")


def test_dead_llm_server_falls_back_to_extractive_with_a_notice(corpus_settings) -> None:
    settings = corpus_settings.model_copy(
        update={
            "backend": "ollama",
            "llm_url": "http://127.0.0.1:9",
            "llm_model": "llama3.2",
            "llm_timeout": 2.0,
        }
    )
    answer = build(settings).answer("Where is Ford headquartered?")
    assert answer.backend == "extractive"
    assert answer.notices and "ollama" in answer.notices[0] and "127.0.0.1:9" in answer.notices[0]
    assert "Dearborn" in answer.text
    assert_well_cited(answer)


def test_misconfigured_backend_falls_back_too(corpus_settings) -> None:
    answer = build(corpus_settings.model_copy(update={"backend": "openai"})).answer(
        "Where is Ford headquartered?"
    )
    assert answer.backend == "extractive" and "VVA_LLM_URL" in answer.notices[0]


def test_an_empty_index_says_to_ingest_first(settings_factory) -> None:
    with pytest.raises(IndexEmpty, match="vva ingest"):
        build(settings_factory()).answer("Who leads the delegation?")


def test_timings_are_reported_per_stage(corpus_assistant) -> None:
    timings = corpus_assistant.answer("Dove ha sede Ceipiemonte?").timings_ms
    assert {"retrieve", "evidence", "generate", "verify", "total"} <= set(timings)
    assert timings["total"] >= timings["retrieve"] > 0


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("And who coordinates it?", True),
        ("E chi la coordina?", True),
        ("Chi la coordina?", True),
        ("What about Ford?", True),
        ("Chi guida la delegazione?", False),
        ("Dove ha sede la Detroit Regional Chamber?", False),
        ("Where is Ford headquartered?", False),
    ],
)
def test_follow_up_detection(question: str, follow_up: bool) -> None:
    from assistant.followup import is_followup

    assert is_followup(question) is follow_up

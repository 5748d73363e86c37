"""Answer-type matching prefers the sentence that states what was asked (a name, a date, a figure)."""

from __future__ import annotations

import pytest

from assistant.answer_type import expected_kind, states_kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who leads the delegation?", "person"),
        ("Dove ha sede Ford?", "name"),
        ("When does VTM Michigan take place?", "date"),
        ("In che anno è in programma il VTM Torino?", "date"),
        ("How much did Piedmont export?", "figure"),
        ("Quante imprese partecipano?", "figure"),
        ("What is Vehicle Valley?", None),
    ],
)
def test_expected_kind(question: str, kind: str | None) -> None:
    assert expected_kind(question) == kind


def test_a_restatement_does_not_state_a_name_but_a_named_answer_does() -> None:
    question = "Who leads the Piedmont delegation to VTM Michigan?"
    restatement = "The Piedmont delegation to VTM Michigan is led by two people."
    place_only = "The delegation takes part in VTM Michigan in Pontiac, Michigan."
    assert not states_kind(restatement, "person", question)
    assert not states_kind(place_only, "person", question)
    assert states_kind("It is led by Andrea Tronzano and Michela Favaro.", "person", question)
    labelled = "- **Event:** The Piedmont mission takes part in VTM Michigan."
    assert not states_kind(labelled, "person", question)
    coordinator = "Who coordinates Piedmont's participation in VTM Michigan?"
    assert states_kind("Ceipiemonte coordinates the participation of Piedmont.", "person", coordinator)


def test_dates_and_figures_need_digits() -> None:
    assert states_kind("VTM Michigan runs on 23 and 24 April 2025.", "date", "When is it?")
    assert not states_kind("VTM Michigan takes place in Pontiac.", "date", "When is it?")


def test_the_english_leaders_question_names_both_leaders(corpus_assistant) -> None:
    answer = corpus_assistant.answer("Who leads the Piedmont delegation to VTM Michigan?")
    assert "Tronzano" in answer.text and "Favaro" in answer.text

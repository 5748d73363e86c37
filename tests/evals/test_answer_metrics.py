import pytest

from evals.metrics.answers import (
    AnswerCase,
    answer_metrics,
    citation_coverage,
    citation_precision,
    correctness,
    false_refusal_rate,
    is_correct,
    language_accuracy,
    missing_groups,
    refusal_accuracy,
)

PASSAGE = "The delegation is led by Andrea Tronzano and Michela Favaro. The mission takes place in Pontiac."
OTHER = "Ford is headquartered in Dearborn, Michigan."
MUST = [["Tronzano"], ["Favaro"]]


def case(
    text: str, *, answerable: bool = True, refused: bool = False, lang: str = "en", must=MUST
) -> AnswerCase:
    return AnswerCase(answerable, lang, must if answerable else [], text, refused, {1: PASSAGE, 2: OTHER})


def test_must_groups_any_alternative_case_insensitive() -> None:
    assert missing_groups("led by TRONZANO", [["tronzano"], ["Favaro", "la vicesindaca"]]) == [
        ["Favaro", "la vicesindaca"]
    ]
    assert missing_groups("Tronzano e la Vicesindaca", [["tronzano"], ["Favaro", "la vicesindaca"]]) == []


def test_correctness_counts_answerable_rows_only_and_refusals_are_wrong() -> None:
    good = case("The delegation is led by Andrea Tronzano and Michela Favaro. [1]")
    half = case("The delegation is led by Andrea Tronzano. [1]")
    refused_but_matching = case("Tronzano and Favaro: the documents do not say more.", refused=True)
    unanswerable = case("The documents do not contain this information.", answerable=False, refused=True)
    assert is_correct(unanswerable) is None
    assert correctness([good, half, refused_but_matching, unanswerable]) == pytest.approx(1 / 3)


def test_citation_precision_and_coverage_by_pair_and_sentence() -> None:
    answer = case(
        "The delegation is led by Andrea Tronzano and Michela Favaro. [1, 2] "
        "The mission takes place in Pontiac. [2] "
        "Ford is headquartered in Dearborn, Michigan. [2]"
    )
    # pairs: (s1,1) ok, (s1,2) no, (s2,2) no, (s3,2) ok -> 2/4; sentences with a supporter: s1, s3 -> 2/3
    assert citation_precision([answer]) == pytest.approx(0.5)
    assert citation_coverage([answer]) == pytest.approx(2 / 3)


def test_citation_metrics_ignore_refusals_and_unknown_numbers_count_as_unsupported() -> None:
    refusal = case("The documents do not contain this information.", refused=True)
    dangling = case("The mission takes place in Pontiac. [7]")
    assert citation_precision([refusal]) is None
    assert citation_coverage([refusal, dangling]) == 0.0
    assert citation_precision([refusal, dangling]) == 0.0


def test_refusal_accuracy_and_false_refusal_rate() -> None:
    cases = [
        case("Non è indicato nei documenti.", answerable=False, refused=True),
        case("The hotel is the Hilton. [2]", answerable=False),
        case("The delegation is led by Andrea Tronzano and Michela Favaro. [1]"),
        case("The documents do not contain this information.", refused=True),
        case("The documents do not contain this information.", refused=True),
        case("The mission takes place in Pontiac. [1]"),
    ]
    assert refusal_accuracy(cases) == pytest.approx(0.5)
    assert false_refusal_rate(cases) == pytest.approx(0.5)


def test_language_accuracy_includes_refusals_and_ignores_markers() -> None:
    italian = case("La delegazione è guidata da Andrea Tronzano e Michela Favaro. [1]", lang="it")
    english_to_italian = case("The delegation is led by Andrea Tronzano and Michela Favaro. [1]", lang="it")
    refusal = case("I documenti non contengono questa informazione.", refused=True, lang="it")
    assert language_accuracy([italian, english_to_italian, refusal]) == pytest.approx(2 / 3)


def test_answer_metrics_names_and_empty_denominators() -> None:
    metrics = answer_metrics([case("The mission takes place in Pontiac. [1]", must=[["Pontiac"]])])
    assert metrics["correctness"] == 1.0
    assert metrics["refusal_accuracy"] is None  # no unanswerable row
    assert set(metrics) == {
        "correctness",
        "citation_precision",
        "citation_coverage",
        "refusal_accuracy",
        "false_refusal_rate",
        "language_accuracy",
    }

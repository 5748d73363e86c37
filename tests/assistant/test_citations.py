"""The citation check is a pure function: hand-made cases with known outcomes."""

from __future__ import annotations

from assistant.citations import is_supported, split_cited_sentences, verify_citations

PASSAGES = [
    "Ceipiemonte coordinates the participation of Piedmont in VTM Michigan. "
    "VTM Michigan runs on 23 and 24 April 2025.",
    "Ford Motor Company has its headquarters in Dearborn, Michigan.",
    "General Motors has its headquarters in Detroit, Michigan.",
]


def test_markers_are_split_off_each_sentence() -> None:
    assert split_cited_sentences("Alpha beta [1]. Gamma delta [2][3]. No marker here.") == [
        ("Alpha beta.", (1,)),
        ("Gamma delta.", (2, 3)),
        ("No marker here.", ()),
    ]


def test_supported_sentence_is_kept_with_its_snippet() -> None:
    check = verify_citations("Ceipiemonte coordinates Piedmont's participation [1].", PASSAGES)
    assert [k.passage_nos for k in check.kept] == [(1,)]
    assert check.kept[0].snippets[0].startswith("Ceipiemonte coordinates")
    assert check.precision == 1.0


def test_wrong_number_or_name_is_dropped() -> None:
    check = verify_citations("VTM Michigan runs on 25 April [1]. Ford is based in Detroit [3].", PASSAGES)
    assert check.kept == []
    assert check.dropped == ["VTM Michigan runs on 25 April.", "Ford is based in Detroit."]
    assert check.precision == 0.0


def test_a_miscited_sentence_is_recited_to_the_passage_that_supports_it() -> None:
    check = verify_citations("Ford Motor Company has its headquarters in Dearborn [3].", PASSAGES)
    assert check.kept[0].passage_nos == (2,) and check.recited == 1


def test_citation_numbers_that_point_at_nothing_never_survive() -> None:
    check = verify_citations("Ford has its headquarters in Dearborn [9].", PASSAGES)
    assert all(n <= len(PASSAGES) for k in check.kept for n in k.passage_nos)
    assert check.kept[0].passage_nos == (2,)


def test_semantic_similarity_supports_a_translation_but_never_a_wrong_name() -> None:
    def similar(a: str, b: str) -> float:
        return 0.95  # a translation model would say these mean the same

    assert is_supported("Ford ha la sede centrale a Dearborn.", PASSAGES[1], similarity=similar)
    assert not is_supported("Ford ha la sede centrale a Detroit.", PASSAGES[1], similarity=similar)
    assert not is_supported("La sede di Ford è stata fondata nel 1999.", PASSAGES[1], similarity=similar)

"""Pure rendering: document text is always escaped, [n] markers link to sources, refusals look different."""

from __future__ import annotations

from assistant.types import Answer, Citation, DocumentInfo
from ui import render

SCRIPT = "<script>alert(1)</script>"


def citation(n: int = 1, **overrides) -> Citation:
    passage = "Intro. Ceipiemonte coordinates the participation. " + SCRIPT
    fields = dict(
        n=n, doc_id="mission/brief", title=f"Brief <b>{n}</b>", source="/x/brief.md",
        snippet="Ceipiemonte coordinates the participation.", score=0.9, doc_type="mission_document",
        language="en", date="2025-04-18", passage_text=passage, snippet_start=7, passage_start=100,
    )
    fields.update(overrides)
    return Citation(**fields)


def answer(text: str = "Ceipiemonte coordinates it [1].", refused: bool = False, **overrides) -> Answer:
    fields = dict(
        question="q", text=text, language="en", citations=[citation()], refused=refused, backend="extractive"
    )
    fields.update(overrides)
    return Answer(**fields)


def test_citation_markers_become_links_to_source_cards():
    html = render.answer_html(answer("First [1]. Second [2]."))
    assert '<a class="vva-cite" href="#vva-src-1">[1]</a>' in html
    assert 'href="#vva-src-2"' in html
    assert 'id="vva-src-1"' in render.sources_html(answer(), turn=0)


def test_document_script_is_escaped_everywhere():
    evil = answer(f"Look {SCRIPT} here [1].")
    for html in (render.answer_html(evil), render.sources_html(evil, 0), render.streaming_html(SCRIPT)):
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>1</b>" not in render.sources_html(evil, 0)  # titles come from documents too
    title = "T <img src=x onerror=alert(1)>"
    info = DocumentInfo("d", title, "press_release", "en", "2025", "/d.md", 1, "h", "t")
    html = render.document_html(info, f"before {SCRIPT} after", (0, 6))
    assert "<script>" not in html and "<img" not in html
    assert '<mark id="vva-doc-mark">before</mark>' in html
    assert "<script>" not in render.error_html(SCRIPT)


def test_refusal_gets_refusal_class_and_label():
    refused = render.answer_html(answer("The documents do not contain this information. [1]", refused=True))
    assert 'class="vva-answer vva-refusal"' in refused and "Not in the documents" in refused
    italian = render.answer_html(answer("I documenti non contengono.", refused=True, language="it"))
    assert "Non presente nei documenti" in italian
    assert "vva-refusal" not in render.answer_html(answer())


def test_notices_are_shown_in_the_message():
    html = render.answer_html(answer(notices=["Backend 'ollama' is unavailable <x>"]))
    assert 'class="vva-notice"' in html and "&lt;x&gt;" in html


def test_snippet_is_marked_inside_its_passage():
    html = render.sources_html(answer(), 0)
    assert "Intro. <mark>Ceipiemonte coordinates the participation.</mark> &lt;script&gt;" in html
    # A wrong offset falls back to finding the snippet; a missing snippet leaves the passage unmarked.
    assert "<mark>Ceipiemonte" in render.mark_snippet(citation().passage_text, citation().snippet, 3)
    assert "<mark>" not in render.mark_snippet("plain passage", "absent", -1)


def test_locate_in_document_uses_offsets_then_search():
    cite = citation()
    full = "x" * 107 + cite.snippet + " tail"
    assert render.locate_in_document(full, cite) == (107, 107 + len(cite.snippet))
    moved = "header " + cite.snippet
    assert render.locate_in_document(moved, cite) == (7, 7 + len(cite.snippet))
    assert render.locate_in_document("nothing here", cite) is None


def test_output_is_single_line_so_markdown_never_reinterprets_it():
    html = render.answer_html(answer("Line one *not bold*.\n\nLine two [1]."))
    assert "\n" not in html and "<p>Line one *not bold*.</p><p>Line two" in html


def test_message_text_accepts_every_gradio_shape():
    assert render.message_text("hi") == "hi"
    assert render.message_text([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]) == "ab"
    assert render.message_text({"role": "user", "content": [{"type": "text", "text": "q"}]}) == "q"
    assert render.message_text(None) == ""

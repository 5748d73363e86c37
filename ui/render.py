"""Pure functions that turn library results into chat and panel HTML.

Every piece of document text (answers are extracted from documents too) goes through `html.escape`, so no
markup or script from a document can ever run in the browser. Output is single-line HTML: inside the chat's
Markdown renderer a raw HTML block ends at the first blank line, and we never want Markdown or LaTeX
interpretation of document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Any

from assistant.types import Answer, Citation, DocumentInfo

CITE_MARKER = re.compile(r"\[(\d{1,3})\]")
REFUSAL_LABEL = {"it": "Non presente nei documenti", "en": "Not in the documents"}
NOTICE_LABEL = {"it": "Avviso", "en": "Notice"}
SOURCES_EMPTY = '<div class="vva-sources-empty">The sources of an answer appear here.</div>'
DOC_EMPTY = '<div class="vva-doc-empty">Open a document from a source card or from the table.</div>'


def _paragraphs(escaped: str) -> str:
    parts = [p.strip() for p in re.split(r"\n\s*\n", escaped) if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parts)


def link_citations(escaped_text: str) -> str:
    """Turn [n] markers (in already escaped text) into links to the source card with that number."""
    return CITE_MARKER.sub(
        lambda m: f'<a class="vva-cite" href="#vva-src-{m.group(1)}">[{m.group(1)}]</a>',
        escaped_text,
    )


def _notices(notices: Iterable[str], lang: str) -> str:
    label = NOTICE_LABEL.get(lang, NOTICE_LABEL["en"])
    return "".join(f'<div class="vva-notice"><b>{label}:</b> {escape(n)}</div>' for n in notices)


def answer_html(answer: Answer) -> str:
    """The final chat message: answer text with linked [n] markers, refusals set apart, notices shown."""
    body = _paragraphs(link_citations(escape(answer.text)))
    notices = _notices(answer.notices, answer.language)
    if answer.refused:
        label = REFUSAL_LABEL.get(answer.language, REFUSAL_LABEL["en"])
        return (
            f'<div class="vva-answer vva-refusal">{notices}'
            f'<div class="vva-refusal-label">{label}</div>{body}</div>'
        )
    return f'<div class="vva-answer">{notices}{body}</div>'


def streaming_html(partial_text: str, notices: Iterable[str] = (), lang: str = "en") -> str:
    """The chat message while the answer streams in (verified text replaces it at the end)."""
    body = _paragraphs(link_citations(escape(partial_text))) or "<p>…</p>"
    return f'<div class="vva-answer vva-streaming">{_notices(notices, lang)}{body}</div>'


def error_html(message: str) -> str:
    """A domain error as a chat message: the library's sentence, never a traceback."""
    return f'<div class="vva-error"><b>Sorry:</b> {escape(message)}</div>'


def mark_snippet(passage: str, snippet: str, snippet_start: int = -1) -> str:
    """The passage, escaped, with the supporting snippet wrapped in <mark> (when it can be found)."""
    start = snippet_start
    if not snippet or start < 0 or passage[start : start + len(snippet)] != snippet:
        start = passage.find(snippet) if snippet else -1
    if start < 0:
        return escape(passage)
    end = start + len(snippet)
    return f"{escape(passage[:start])}<mark>{escape(passage[start:end])}</mark>{escape(passage[end:])}"


def _meta_line(*values: str) -> str:
    return " · ".join(escape(v.replace("_", " ")) for v in values if v)


def source_card(citation: Citation, turn: int) -> str:
    passage = citation.passage_text or citation.snippet
    meta = _meta_line(citation.doc_type, citation.language, citation.date)
    return (
        f'<div class="vva-source" id="vva-src-{citation.n}">'
        f'<div class="vva-source-head"><span class="vva-source-n">[{citation.n}]</span> '
        f'<span class="vva-source-title">{escape(citation.title)}</span></div>'
        f'<div class="vva-source-meta">{meta}</div>'
        f'<div class="vva-passage">{mark_snippet(passage, citation.snippet, citation.snippet_start)}</div>'
        f'<button class="vva-open" type="button" data-turn="{turn}" data-n="{citation.n}">'
        "Open document at this passage</button></div>"
    )


def sources_html(answer: Answer | None, turn: int = -1) -> str:
    """The Sources panel for one answer: a card per citation, snippet highlighted inside its passage."""
    if answer is None or not answer.citations:
        return SOURCES_EMPTY
    cards = "".join(source_card(c, turn) for c in answer.citations)
    return f'<div class="vva-sources">{cards}</div>'


def locate_in_document(full_text: str, citation: Citation) -> tuple[int, int] | None:
    """Character span of the citation's snippet inside the document's full text (None if not found)."""
    snippet = citation.snippet
    if citation.snippet_start >= 0:
        start = citation.passage_start + citation.snippet_start
        if full_text[start : start + len(snippet)] == snippet:
            return start, start + len(snippet)
    if snippet:
        near = full_text.find(snippet, max(citation.passage_start, 0))
        start = near if near >= 0 else full_text.find(snippet)
        if start >= 0:
            return start, start + len(snippet)
    return None


def document_html(info: DocumentInfo, full_text: str, span: tuple[int, int] | None = None) -> str:
    """A whole document, escaped, with an optional highlighted span (id vva-doc-mark, to scroll to)."""
    if span:
        start, end = span
        text = (
            f'{escape(full_text[:start])}<mark id="vva-doc-mark">{escape(full_text[start:end])}</mark>'
            f"{escape(full_text[end:])}"
        )
    else:
        text = escape(full_text)
    meta = _meta_line(info.doc_type, info.language, info.date, info.doc_id)
    return (
        f'<div class="vva-doc"><div class="vva-doc-title">{escape(info.title)}</div>'
        f'<div class="vva-source-meta">{meta}</div><div class="vva-doc-text">{text}</div></div>'
    )


DOCUMENT_COLUMNS = ["Title", "Type", "Language", "Date", "Chunks", "Document id"]


def document_rows(docs: Iterable[DocumentInfo]) -> list[list[Any]]:
    """Rows for the Documents table (plain values: the table component escapes them)."""
    return [[d.title, d.doc_type.replace("_", " "), d.language, d.date, d.chunks, d.doc_id] for d in docs]


def message_text(content: Any) -> str:
    """Text of a chat message in any Gradio shape: a string, a dict, or a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content["text"]) if "text" in content else message_text(content.get("content"))
    if isinstance(content, list | tuple):
        return "".join(message_text(part) for part in content)
    return str(content)

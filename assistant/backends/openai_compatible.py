"""Any OpenAI-compatible chat server: vLLM, llama.cpp server, LM Studio, OpenAI itself."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.backends.base import AnswerRequest, register
from assistant.backends.http import stream_json_lines
from assistant.backends.prompts import build_messages, delta_of
from assistant.errors import ConfigError
from assistant.settings import VVASettings


class OpenAICompatibleBackend:
    name = "openai"
    can_stream = True

    def __init__(self, settings: VVASettings):
        if not settings.llm_url or not settings.llm_model:
            raise ConfigError(
                "The openai backend needs VVA_LLM_URL (e.g. http://127.0.0.1:8000/v1) and VVA_LLM_MODEL."
            )
        base = settings.llm_url.rstrip("/")
        self.url = base + "/chat/completions"
        self.model = settings.llm_model
        self.headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
        self.timeout = settings.llm_timeout
        self.max_tokens = settings.max_new_tokens

    def stream(self, request: AnswerRequest) -> Iterator[str]:
        payload = {
            "model": self.model,
            "messages": build_messages(request),
            "stream": True,
            "temperature": 0,
            "max_tokens": self.max_tokens,
        }
        for chunk in stream_json_lines(self.url, payload, self.timeout, headers=self.headers, sse=True):
            text = delta_of(chunk)
            if text:
                yield text


@register("openai")
def _factory(runtime) -> OpenAICompatibleBackend:
    return OpenAICompatibleBackend(runtime.settings)

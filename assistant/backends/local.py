"""In-process GGUF model on the CPU through xllamacpp (prebuilt wheel, no compiler needed).

Optional: `pip install 'vehicle-valley-assistant[local-llm]'` and set VVA_LOCAL_MODEL_PATH to a GGUF file.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.backends.base import AnswerRequest, register
from assistant.backends.prompts import build_messages, delta_of
from assistant.errors import BackendUnavailable, ConfigError
from assistant.settings import VVASettings

_DONE = object()


@lru_cache(maxsize=1)
def _server(model_path: str, n_ctx: int) -> Any:
    try:
        import xllamacpp
    except ImportError as exc:
        raise BackendUnavailable(
            "The local backend needs xllamacpp: pip install 'vehicle-valley-assistant[local-llm]'."
        ) from exc
    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    try:
        return xllamacpp.Server(params)
    except Exception as exc:  # llama.cpp reports a bad file as a generic runtime error
        raise BackendUnavailable(f"Cannot load the GGUF model {model_path}: {exc}") from exc


class LocalBackend:
    name = "local"
    can_stream = True

    def __init__(self, settings: VVASettings):
        path = settings.local_model_path
        if path is None:
            raise ConfigError("The local backend needs VVA_LOCAL_MODEL_PATH pointing at a .gguf file.")
        if not Path(path).is_file():
            raise ConfigError(f"VVA_LOCAL_MODEL_PATH: no file at {path}.")
        self.model_path = str(Path(path).resolve())
        self.max_tokens = settings.max_new_tokens
        # One generation at a time: the model has a single slot and two cores.
        self._lock = threading.Lock()

    def stream(self, request: AnswerRequest) -> Iterator[str]:
        server = _server(self.model_path, 4096)
        payload = {
            "messages": build_messages(request),
            "max_tokens": self.max_tokens,
            "temperature": 0,
            "stream": True,
        }
        pieces: queue.Queue = queue.Queue()

        def run() -> None:
            try:
                with self._lock:
                    server.handle_chat_completions(payload, pieces.put)
            except Exception as exc:  # surfaced to the caller below, never lost
                pieces.put(BackendUnavailable(f"The local model failed: {exc}"))
            finally:
                pieces.put(_DONE)

        threading.Thread(target=run, daemon=True, name="vva-local-llm").start()
        while (item := pieces.get()) is not _DONE:
            if isinstance(item, Exception):
                raise item
            if isinstance(item, dict) and "error" in item:
                raise BackendUnavailable(f"The local model failed: {item['error']}")
            text = delta_of(item) if isinstance(item, dict) else ""
            if text:
                yield text


@register("local")
def _factory(runtime) -> LocalBackend:
    return LocalBackend(runtime.settings)

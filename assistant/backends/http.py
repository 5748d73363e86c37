"""Streaming HTTP for server backends, with failures turned into BackendUnavailable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from assistant.errors import BackendUnavailable


def stream_json_lines(
    url: str,
    payload: dict[str, Any],
    timeout: float,
    headers: dict[str, str] | None = None,
    sse: bool = False,
) -> Iterator[dict[str, Any]]:
    """POST and yield each JSON object of an NDJSON (ollama) or server-sent-events (OpenAI) response."""
    limits = httpx.Timeout(timeout, connect=min(timeout, 5.0))
    try:
        with (
            httpx.Client(timeout=limits) as client,
            client.stream("POST", url, json=payload, headers=headers or {}) as response,
        ):
            if response.status_code >= 400:
                response.read()
                raise BackendUnavailable(
                    f"The LLM server at {url} answered HTTP {response.status_code}: {response.text[:200]}. "
                    "Check VVA_LLM_MODEL and VVA_LLM_API_KEY."
                )
            for line in response.iter_lines():
                line = line.strip()
                if sse:
                    if not line.startswith("data:"):
                        continue
                    line = line[5:].strip()
                    if line == "[DONE]":
                        return
                if line:
                    yield json.loads(line)
    except httpx.HTTPError as exc:
        raise BackendUnavailable(
            f"Cannot reach the LLM server at {url} ({exc.__class__.__name__}). "
            "Start it, or check VVA_LLM_URL."
        ) from exc
    except json.JSONDecodeError as exc:
        raise BackendUnavailable(f"The LLM server at {url} sent a malformed response.") from exc

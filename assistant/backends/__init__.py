"""Answer backends: `extractive` (default, no server), `local` (GGUF via xllamacpp), `ollama`, `openai`."""

from assistant.backends import extractive, local, ollama, openai_compatible  # noqa: F401  (registration)
from assistant.backends.base import NOT_IN_DOCUMENTS, REGISTRY, AnswerBackend, AnswerRequest
from assistant.errors import ConfigError


def create_backend(name: str, runtime) -> AnswerBackend:
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"Unknown backend '{name}'. Choose one of: {', '.join(sorted(REGISTRY))}."
        ) from None
    return factory(runtime)


__all__ = ["NOT_IN_DOCUMENTS", "REGISTRY", "AnswerBackend", "AnswerRequest", "create_backend"]

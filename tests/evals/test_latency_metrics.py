import pytest

from evals.metrics.latency import latency_percentiles


def test_percentiles_per_stage_with_missing_stages() -> None:
    timings = [
        {"total": 20.0, "retrieve": 10.0},
        {"retrieve": 20.0, "generate": 5.0, "total": 40.0},
        {"retrieve": 30.0, "total": 60.0},
    ]
    result = latency_percentiles(timings)
    assert list(result) == ["retrieve", "generate", "total"]  # pipeline order
    assert result["retrieve"]["p50"] == 20.0
    assert result["retrieve"]["p95"] == pytest.approx(29.0)  # linear: 20 + 0.9 * (30 - 20)
    assert result["total"]["p95"] == pytest.approx(58.0)
    assert result["generate"] == {"p50": 5.0, "p95": 5.0, "n": 1}


def test_no_timings_no_stages() -> None:
    assert latency_percentiles([]) == {}

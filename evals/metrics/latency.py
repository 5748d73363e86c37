"""Latency percentiles per answer stage from the assistant's `timings_ms` dictionaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

STAGES = ("retrieve", "evidence", "generate", "verify", "total")


def latency_percentiles(
    timings: Sequence[Mapping[str, float]], percentiles: Sequence[int] = (50, 95)
) -> dict[str, dict[str, float]]:
    """{stage: {"p50": ms, "p95": ms, "n": count}} for every stage seen.

    A stage missing from some timings (refusals skip generate/verify) is summarised over the answers
    that have it; `n` says how many. Known stages come first, in pipeline order.
    """
    values: dict[str, list[float]] = {}
    for timing in timings:
        for stage, ms in timing.items():
            values.setdefault(stage, []).append(float(ms))
    order = [s for s in STAGES if s in values] + sorted(s for s in values if s not in STAGES)
    result: dict[str, dict[str, float]] = {}
    for stage in order:
        data = np.asarray(values[stage])
        summary = {f"p{p}": float(np.percentile(data, p)) for p in percentiles}
        summary["n"] = len(data)
        result[stage] = summary
    return result

"""Shared set-up for benchmarks: a throwaway index of the real corpus and the real questions."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.settings import VVASettings

ROOT = Path(__file__).resolve().parent.parent


def temp_settings(**overrides: object) -> VVASettings:
    data_dir = Path(tempfile.mkdtemp(prefix="vva-bench-"))
    return VVASettings(_env_file=None, data_dir=data_dir, corpus_dir=ROOT / "corpus", **overrides)  # type: ignore[call-arg]


def questions(limit: int | None = None) -> list[str]:
    rows = [
        json.loads(line) for line in (ROOT / "evals" / "qa" / "mission_qa.jsonl").read_text().splitlines()
    ]
    return [r["question"] for r in rows if not r.get("follows")][:limit]


def time_each(fn: Callable[[str], object], items: list[str]) -> dict[str, float]:
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }

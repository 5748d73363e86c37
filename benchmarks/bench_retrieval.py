"""Query latency of each retrieval mode and of a full extractive answer, against dense retrieval as baseline.

Prints one JSON object; every ratio is measured against the dense baseline in this same process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.facade import build  # noqa: E402
from benchmarks._common import questions, temp_settings, time_each  # noqa: E402
from ingest.sync import Ingestor  # noqa: E402


def cold_queries(assistant) -> None:
    """Forget cached question embeddings so every run pays for its own (the baseline ran first)."""
    getattr(assistant.runtime.embed_model, "_query_cache", {}).clear()


def main() -> None:
    settings = temp_settings()
    baseline_assistant = build(settings, retrieval_mode="dense")
    Ingestor(baseline_assistant.runtime).sync([settings.corpus_dir])
    items = questions()
    for q in items[:5]:  # warm-up: models, lexical index, caches
        baseline_assistant.answer(q)
    cold_queries(baseline_assistant)
    baseline = time_each(lambda q: baseline_assistant.search(q, k=6), items)
    results = {"baseline": {"name": "search:dense", **baseline}, "runs": []}
    for mode in ("bm25", "sparse", "dense+bm25", "hybrid"):
        candidate = build(settings, retrieval_mode=mode)
        cold_queries(candidate)
        stats = time_each(lambda q, c=candidate: c.search(q, k=6), items)
        results["runs"].append(
            {"name": f"search:{mode}", **stats, "ratio_p50": round(stats["p50_ms"] / baseline["p50_ms"], 2)}
        )
    answering = build(settings)
    cold_queries(answering)
    stats = time_each(answering.answer, items)
    results["runs"].append(
        {
            "name": "answer:hybrid+extractive",
            **stats,
            "ratio_p50": round(stats["p50_ms"] / baseline["p50_ms"], 2),
        }
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

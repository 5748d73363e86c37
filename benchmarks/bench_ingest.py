"""Ingest cost: first ingest of the corpus (baseline) vs an unchanged re-ingest vs a re-chunk that reuses
the sentence-vector cache. Prints one JSON object with ratios against the first ingest, same process."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.runtime import open_runtime  # noqa: E402
from benchmarks._common import temp_settings  # noqa: E402
from ingest.sync import Ingestor  # noqa: E402


def timed(settings) -> tuple[float, dict]:
    start = time.perf_counter()
    report = Ingestor(open_runtime(settings)).sync([settings.corpus_dir])
    return (time.perf_counter() - start) * 1000, report.to_json()


def main() -> None:
    settings = temp_settings()
    first_ms, first = timed(settings)
    again_ms, again = timed(settings)
    rechunk = settings.model_copy(update={"chunk_size": settings.chunk_size + 40})
    rechunk_ms, rechunked = timed(rechunk)
    print(
        json.dumps(
            {
                "baseline": {"name": "first ingest", "ms": round(first_ms), "chunks": first["chunks"]},
                "runs": [
                    {
                        "name": "unchanged re-ingest",
                        "ms": round(again_ms),
                        "unchanged": again["unchanged"],
                        "ratio": round(again_ms / first_ms, 3),
                    },
                    {
                        "name": "re-chunk (chunk_size+40)",
                        "ms": round(rechunk_ms),
                        "updated": rechunked["updated"],
                        "ratio": round(rechunk_ms / first_ms, 3),
                    },
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

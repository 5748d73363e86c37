"""Append users' ratings of answers to a JSONL log (one object per line), safe for concurrent writers."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from filelock import FileLock

log = logging.getLogger(__name__)


def record_feedback(path: Path, **fields: Any) -> dict[str, Any]:
    """Append one feedback record (the given fields plus a UTC timestamp) and return it."""
    record = {**fields, "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False, default=str)
    # Several UI workers may rate at once; the lock keeps lines whole.
    with FileLock(str(path) + ".lock"), path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    log.info("feedback recorded in %s", path)
    return record


__all__ = ["record_feedback"]

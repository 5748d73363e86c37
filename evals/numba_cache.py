"""Where ranx's numba-compiled metrics are cached, so only the first evaluation pays the ~35 s compile."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def use_numba_cache(directory: Path) -> Path:
    """Point numba's on-disk cache at `directory`, unless NUMBA_CACHE_DIR is already set; call it at the edge.

    numba reads the variable when it is imported, and the assistant's lexical search imports numba early,
    so numba's configuration is reloaded here too; ranx (imported later, lazily) then caches in this folder.
    """
    chosen = Path(os.environ.setdefault("NUMBA_CACHE_DIR", str(directory)))
    chosen.mkdir(parents=True, exist_ok=True)
    if "numba" in sys.modules:
        from numba.core import config

        config.reload_config()
    return chosen

"""Vehicle Valley Assistant core library: settings, models, store, retrieval and answering."""

from assistant import offline as _offline  # noqa: F401  (must run before heavy imports)

__version__ = "0.1.0"

"""The `vva` command line: a thin adapter over the assistant facade, ingest, the UI and the evaluation."""

"""Evaluation harness: Q&A data, pure metrics, a runner over the assistant facade, reports and `vva eval`."""

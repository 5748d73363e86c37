"""Gradio chat UI: renders Answers from the assistant facade; no retrieval or answering logic here."""

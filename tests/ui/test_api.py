"""Scripts can ask the running UI for a cited JSON answer (the same contract as `vva ask --json`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser  # needs the served app, like the browser tests


def test_ask_endpoint_returns_cited_json_answer(ui_url):
    from gradio_client import Client

    client = Client(ui_url, verbose=False, analytics_enabled=False)
    question = "Who coordinates Piedmont's participation in VTM Michigan?"
    result = client.predict(question, "auto", api_name="/ask")
    assert result["refused"] is False
    assert "Ceipiemonte" in result["answer"]
    assert result["language"] == "en"
    assert result["citations"] and result["citations"][0]["doc_id"]
    assert "[1]" in result["answer"]


def test_ask_endpoint_refuses_unanswerable_question(ui_url):
    from gradio_client import Client

    client = Client(ui_url, verbose=False, analytics_enabled=False)
    result = client.predict("Mi dai la ricetta della carbonara?", "auto", api_name="/ask")
    assert result["refused"] is True
    assert result["answer"].startswith("I documenti non contengono questa informazione.")

"""The UI in a real browser: cited answers, sources, refusals, documents, uploads, feedback, phone width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# Read at import: the autouse fixture in tests/conftest.py removes VVA_* variables before each test runs.
UPDATE_SCREENSHOT = os.environ.get("VVA_UPDATE_SCREENSHOT") == "1"
FINISHED = "#vva-chat .vva-answer:not(.vva-streaming), #vva-chat .vva-error"


def ask(page, question: str) -> None:
    """Type a question, send it, and wait for its final (verified) answer or error message."""
    before = page.locator(FINISHED).count()
    page.fill("#vva-question textarea", question)
    page.click("#vva-ask")
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n", arg=[FINISHED, before]
    )


def last_answer(page):
    return page.locator(FINISHED).last


def table_cell(page, text: str):
    """A visible Documents-table cell (the table also renders hidden cells to measure column widths)."""
    return page.locator("#vva-doc-table").get_by_text(text).filter(visible=True).first


def external_requests(page) -> list[str]:
    return [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]


def test_italian_question_gets_cited_answer_and_sources(ui_url, open_page, tmp_path):
    page = open_page(ui_url)
    ask(page, "Chi guida la delegazione?")
    answer = last_answer(page)
    assert "Tronzano" in answer.inner_text()
    assert answer.locator("a.vva-cite").count() >= 1  # [n] markers are links to the source cards
    cards = page.locator("#vva-sources .vva-source")
    assert cards.count() >= 1
    assert "Tronzano" in cards.first.locator("mark").inner_text()  # the snippet is highlighted in its passage
    assert cards.first.locator(".vva-source-title").inner_text().strip()
    assert " · " in cards.first.locator(".vva-source-meta").inner_text()  # type · language · date
    shot = tmp_path / "desktop-it.png"
    page.screenshot(path=str(shot), full_page=True)
    if UPDATE_SCREENSHOT:
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
    fonts = [u for u in page.requests if "fonts.googleapis.com" in u or "fonts.gstatic.com" in u]
    assert not fonts
    assert not external_requests(page), external_requests(page)


def test_english_question_and_cite_link_scrolls_to_its_source(ui_url, open_page):
    page = open_page(ui_url)
    ask(page, "Who coordinates Piedmont's participation in VTM Michigan?")
    answer = last_answer(page)
    assert "Ceipiemonte" in answer.inner_text()
    assert "Ceipiemonte" in page.locator("#vva-sources .vva-source mark").first.inner_text()
    url = page.url
    answer.locator("a.vva-cite").first.click()
    page.wait_for_selector("#vva-sources .vva-source.vva-flash")
    assert page.url == url and len(page.context.pages) == 1  # an in-page jump, not a navigation


def test_example_button_asks_its_question(ui_url, open_page):
    page = open_page(ui_url)
    before = page.locator(FINISHED).count()
    page.get_by_role("button", name="What is Vehicle Valley?").click()
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n", arg=[FINISHED, before]
    )
    assert "Vehicle Valley" in last_answer(page).inner_text()
    assert page.locator("#vva-sources .vva-source").count() >= 1


def test_unanswerable_question_is_styled_as_refusal(ui_url, open_page):
    page = open_page(ui_url)
    ask(page, "Who coordinates Piedmont's participation in VTM Michigan?")
    ask(page, "What is the budget of the mission?")
    refusal = page.locator("#vva-chat .vva-refusal").last
    assert refusal.is_visible()
    assert refusal.locator(".vva-refusal-label").text_content() == "Not in the documents"
    assert "do not contain this information" in refusal.inner_text()
    assert page.locator("#vva-chat .vva-refusal").count() == 1
    styles = page.evaluate(
        """() => [...document.querySelectorAll('#vva-chat .vva-answer')].map(
            e => getComputedStyle(e).backgroundColor)"""
    )
    assert styles[0] != styles[-1]  # the refusal box looks different from an answer


def test_source_opens_whole_document_at_the_snippet(ui_url, open_page):
    page = open_page(ui_url)
    ask(page, "Dove ha sede Ford?")
    card = page.locator("#vva-sources .vva-source").first
    snippet = card.locator("mark").inner_text()
    card.locator("button.vva-open").click()
    mark = page.locator("#vva-doc-view #vva-doc-mark")
    mark.wait_for()
    assert mark.inner_text() == snippet
    assert len(page.locator("#vva-doc-view .vva-doc-text").inner_text()) > len(snippet)
    page.wait_for_function(
        """() => { const r = document.getElementById('vva-doc-mark').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )


def test_new_chat_clears_history_and_sources(ui_url, open_page):
    page = open_page(ui_url)
    ask(page, "Chi guida la delegazione?")
    ask(page, "Dove ha sede Ford?")
    assert page.locator(FINISHED).count() == 2
    page.click("#vva-new-chat")
    page.wait_for_function("() => !document.querySelector('#vva-chat .vva-answer')")
    assert page.locator("#vva-sources .vva-source").count() == 0
    ask(page, "What is Vehicle Valley?")
    assert page.locator(FINISHED).count() == 1


def test_thumbs_up_writes_a_feedback_line(ui_url, open_page, corpus_settings):
    log = corpus_settings.feedback_log
    lines_before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    page = open_page(ui_url)
    ask(page, "Dove ha sede Ford?")
    page.fill("#vva-comment textarea", "precise, thanks")
    page.locator("#vva-chat button[aria-label='Like']").last.click()
    page.wait_for_function(
        "() => (document.querySelector('#vva-feedback-status')?.innerText || '').includes('saved')"
    )
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(lines_before) + 1
    record = json.loads(lines[-1])
    assert record["question"] == "Dove ha sede Ford?"
    assert record["rating"] == "up" and record["comment"] == "precise, thanks"
    assert record["refused"] is False and record["citations"] and "Dearborn" in record["answer"]
    assert record["timestamp"]


def test_phone_width_has_no_horizontal_overflow(ui_url, open_page, tmp_path):
    page = open_page(ui_url, width=390, height=844)
    ask(page, "Which carmakers does the delegation plan to meet?")
    assert page.locator("#vva-sources .vva-source").count() >= 1
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390 + 1


def test_documents_tab_lists_and_shows_documents(ui_url, open_page):
    page = open_page(ui_url)
    page.get_by_role("tab", name="Documents").click()
    table_cell(page, "mission/agenda-en").click()
    view = page.locator("#vva-doc-tab-view .vva-doc-text")
    view.wait_for()
    assert "23" in view.inner_text() and "VTM Michigan" in view.inner_text()


UPLOAD = """---
title: "Welcome dinner note"
doc_type: mission_document
language: en
date: 2025-04-20
---

# Welcome dinner note

The delegation's welcome dinner is at the Riverside Hall.
The dinner starts after the first day of VTM Michigan.

Staff pasted this snippet by mistake: <script>alert(1)</script> <img src=x onerror="alert(2)">
"""


def test_upload_ingests_a_file_and_answers_from_it(settings_factory, app_factory, open_page, tmp_path):
    """A private empty index, so the shared corpus index stays as the other tests expect it."""
    page = open_page(app_factory(settings_factory()))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, "Where is the welcome dinner?")
    assert "Nothing has been ingested yet" in page.locator("#vva-chat .vva-error").last.inner_text()

    note = tmp_path / "welcome-dinner.md"
    note.write_text(UPLOAD, encoding="utf-8")
    page.get_by_role("tab", name="Documents").click()
    page.get_by_text("Add documents (staff)").click()
    page.locator("#vva-upload input[type=file]").set_input_files(str(note))
    page.locator("#vva-upload").get_by_text("welcome-dinner.md").first.wait_for()
    page.click("#vva-ingest")
    page.locator("#vva-ingest-result").get_by_text("added").wait_for(timeout=120_000)
    assert "welcome-dinner.md" in page.locator("#vva-ingest-result").inner_text()
    table_cell(page, "Welcome dinner note").click()
    view = page.locator("#vva-doc-tab-view .vva-doc-text")
    view.wait_for()
    assert "<script>alert(1)</script>" in view.inner_text()  # shown as text, never run

    page.get_by_role("tab", name="Chat").click()
    ask(page, "Where is the delegation's welcome dinner?")
    assert "Riverside Hall" in last_answer(page).inner_text()
    assert "Welcome dinner note" in page.locator("#vva-sources").inner_text()
    assert not dialogs

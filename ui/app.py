"""The Gradio app: layout and event wiring only. Handlers live in ui.chat and ui.documents."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.facade import Assistant, build
from assistant.settings import VVASettings
from ingest.sync import SUPPORTED_SUFFIXES
from ui import render, theme
from ui.auth import parse_auth
from ui.chat import LANGUAGE_CHOICES, ChatHandlers
from ui.documents import ALL_TYPES, DocumentHandlers

TITLE = "Vehicle Valley Assistant"
INTRO = (
    f"# {TITLE}\n"
    "Answers about Piedmont's business mission to VTM Michigan (Pontiac, 23–24 April 2025), with sources. "
    "Ask in English or Italian — *chiedi in italiano o in inglese*."
)
EXAMPLES = [
    "Chi guida la delegazione?",
    "Quando si svolge il VTM Michigan?",
    "Quali aziende incontrerà la delegazione?",
    "What is Vehicle Valley?",
    "Who coordinates Piedmont's participation in VTM Michigan?",
    "Which carmakers does the delegation plan to meet?",
]
DOC_LANGUAGES = [("All languages", ""), ("Italiano", "it"), ("English", "en")]
# ~25 people each waiting on at most one answer, with headroom for double submits; beyond that the queue
# tells newcomers it is full instead of letting waits grow without bound.
QUEUE_MAX_SIZE = 50


def build_app(settings: VVASettings, assistant: Assistant | None = None) -> gr.Blocks:
    """The whole UI over one Assistant (built from settings when not given)."""
    assistant = assistant or build(settings)
    chat = ChatHandlers(assistant, settings)
    docs = DocumentHandlers(assistant, settings)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        turns = gr.State([])
        doc_ids = gr.State([])
        gr.Markdown(INTRO, elem_classes="vva-intro")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chatbot = gr.Chatbot(
                            label="Conversation", elem_id="vva-chat", height=480, latex_delimiters=[],
                            buttons=["copy"],
                            placeholder="Ask a question about the mission, or pick an example.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="Your question… / La tua domanda…", show_label=False, scale=5,
                                elem_id="vva-question", autofocus=True,
                            )
                            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="vva-ask")
                        with gr.Row(elem_classes="vva-examples"):
                            examples = [gr.Button(q, size="sm", elem_classes="vva-example") for q in EXAMPLES]
                        with gr.Row():
                            language = gr.Radio(
                                LANGUAGE_CHOICES, value=settings.answer_language, label="Answer language",
                                elem_id="vva-language",
                            )
                            new_chat = gr.Button("New chat", elem_id="vva-new-chat", min_width=100)
                        with gr.Accordion("Filters", open=False), gr.Row():
                            doc_type = gr.Dropdown([ALL_TYPES], value="", label="Document type")
                            doc_language = gr.Dropdown(DOC_LANGUAGES, value="", label="Document language")
                        with gr.Row():
                            comment = gr.Textbox(
                                label="Comment (optional, saved when you rate an answer with thumbs up/down)",
                                elem_id="vva-comment", scale=3,
                            )
                            feedback_status = gr.Markdown(elem_id="vva-feedback-status")
                    with gr.Column(scale=2, min_width=280):
                        gr.Markdown("### Sources")
                        sources = gr.HTML(
                            render.SOURCES_EMPTY, js_on_load=theme.SOURCES_ON_LOAD, elem_id="vva-sources"
                        )
                with gr.Column(visible=False, elem_id="vva-viewer") as viewer_box:
                    gr.Markdown("### Document")
                    viewer = gr.HTML(elem_id="vva-doc-view")
                    close_viewer = gr.Button("Close document", size="sm")
            with gr.Tab("Documents", id="documents"):
                table = gr.Dataframe(
                    headers=render.DOCUMENT_COLUMNS, interactive=False, wrap=True, elem_id="vva-doc-table",
                    label="Ingested documents (select a row to read it)",
                )
                doc_view = gr.HTML(render.DOC_EMPTY, elem_id="vva-doc-tab-view")
                with gr.Accordion("Add documents (staff)", open=False):
                    uploads = gr.File(
                        file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), label="Files to ingest",
                        elem_id="vva-upload",
                    )
                    ingest = gr.Button("Ingest files", variant="primary", elem_id="vva-ingest")
                    ingest_result = gr.Markdown(elem_id="vva-ingest-result")

        answer_io: dict[str, Any] = dict(
            fn=chat.respond,
            inputs=[question, turns, language, doc_type, doc_language],
            outputs=[chatbot, question, turns, sources],
            show_progress="minimal",
            concurrency_id="answer",  # one limit shared by every way of asking, not one per button
        )
        question.submit(**answer_io)
        ask.click(**answer_io)
        for button in examples:
            button.click(lambda q: q, inputs=button, outputs=question, queue=False).then(**answer_io)
        cleared = [chatbot, turns, sources, viewer_box, comment, feedback_status]
        new_chat.click(chat.new_chat, outputs=cleared, queue=False)
        chatbot.select(chat.show_sources, inputs=turns, outputs=sources, queue=False)
        chatbot.like(chat.rate, inputs=[turns, comment], outputs=[feedback_status, comment], queue=False)
        sources.click(chat.open_source, inputs=turns, outputs=[viewer_box, viewer]).then(
            None, js=theme.SCROLL_TO_MARK
        )
        close_viewer.click(lambda: gr.update(visible=False), outputs=viewer_box, queue=False)

        refresh_io = dict(outputs=[table, doc_ids, doc_type])
        demo.load(docs.refresh, **refresh_io)
        table.select(docs.view, inputs=doc_ids, outputs=doc_view)
        ingest.click(docs.ingest, inputs=uploads, outputs=[ingest_result, *refresh_io["outputs"]])

        gr.api(chat.ask, api_name="ask", concurrency_id="answer")
    return demo


def launch_options(settings: VVASettings) -> dict[str, Any]:
    """Everything `launch()` needs besides blocking behaviour; tests start the app with the same options."""
    return dict(
        server_name=settings.ui_host,
        server_port=settings.ui_port,
        share=False,
        ssr_mode=False,
        auth=parse_auth(settings.ui_auth),
        # No files are served: documents are rendered from the index, uploads only go into the index.
        allowed_paths=[],
        theme=theme.build_theme(),
        css=theme.CSS,
        js=theme.JS,
        footer_links=["api"],
        show_error=False,
        pwa=False,
        mcp_server=False,
    )


def prepare(demo: gr.Blocks, settings: VVASettings) -> gr.Blocks:
    return demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=QUEUE_MAX_SIZE)


def launch(settings: VVASettings) -> None:
    """Serve the UI (blocking); called by `vva serve`."""
    prepare(build_app(settings), settings).launch(**launch_options(settings))

"""UI fixtures: the real app on a free loopback port over the shared corpus index, and headless chromium.

tests/conftest.py imports `assistant` first, so the offline switches are set before gradio is imported.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr
import pytest

from assistant.facade import Assistant
from assistant.settings import VVASettings
from ui.app import build_app, launch_options, prepare

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(settings: VVASettings, assistant_: Assistant | None = None) -> tuple[gr.Blocks, str]:
    settings = settings.model_copy(update={"ui_host": "127.0.0.1", "ui_port": free_port()})
    demo = prepare(build_app(settings, assistant_), settings)
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_options(settings))
    return demo, f"http://127.0.0.1:{settings.ui_port}/"


@pytest.fixture(scope="session")
def ui_url(corpus_settings: VVASettings, corpus_assistant: Assistant) -> Iterator[str]:
    """The product UI over the real corpus index (read-only: no test uploads into it)."""
    demo, url = start_app(corpus_settings, corpus_assistant)
    yield url
    demo.close()


@pytest.fixture
def app_factory() -> Iterator[Callable[[VVASettings], str]]:
    """Start extra app instances (e.g. over a private index for uploads); closed after the test."""
    demos: list[gr.Blocks] = []

    def start(settings: VVASettings) -> str:
        demo, url = start_app(settings)
        demos.append(demo)
        return url

    yield start
    for demo in demos:
        demo.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is missing: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., object]]:
    """open_page(url, width=1280, height=900) -> a loaded page; page.requests lists every URL it asked for."""
    contexts = []

    def open_(url: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(url, wait_until="load")
        page.wait_for_selector("#vva-question textarea")
        return page

    yield open_
    for context in contexts:
        context.close()

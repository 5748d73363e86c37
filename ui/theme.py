"""Look and feel: a Gradio theme on system fonts (no web-font requests) and the app's CSS."""

from __future__ import annotations

import gradio as gr

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]


def build_theme() -> gr.themes.Base:
    # Passing plain font names keeps Gradio from adding its default Google Fonts stylesheet.
    return gr.themes.Soft(primary_hue="blue", font=SYSTEM_FONTS, font_mono=["ui-monospace", "monospace"])


CSS = """
.vva-intro p { margin: 0.2em 0; }
.vva-answer p { margin: 0.35em 0; }
.vva-cite { font-weight: 600; text-decoration: none; padding: 0 1px; }
.vva-refusal { border-left: 4px solid #d97706; background: #fffbeb; color: #1f2937; padding: 0.5em 0.8em;
  border-radius: 6px; }
.vva-refusal-label { font-weight: 700; color: #b45309; text-transform: uppercase; font-size: 0.8em;
  letter-spacing: 0.04em; }
.vva-notice { border-left: 4px solid #6366f1; background: #eef2ff; color: #1f2937; padding: 0.3em 0.6em;
  margin-bottom: 0.4em; border-radius: 4px; font-size: 0.9em; }
.vva-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: 0.5em 0.8em;
  border-radius: 6px; }
.vva-streaming { opacity: 0.85; }
.vva-sources { display: flex; flex-direction: column; gap: 0.6em; }
.vva-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.6em 0.7em;
  background: var(--background-fill-secondary); overflow-wrap: anywhere; }
.vva-source.vva-flash { outline: 3px solid #f59e0b; }
.vva-source-head { font-weight: 600; }
.vva-source-n { color: var(--color-accent); }
.vva-source-meta { font-size: 0.8em; opacity: 0.75; margin: 0.15em 0 0.35em; }
.vva-passage { font-size: 0.9em; line-height: 1.45; }
.vva-passage mark, .vva-doc-text mark { background: #fde68a; color: #111827; padding: 0 1px; }
.vva-open { margin-top: 0.5em; font-size: 0.85em; padding: 0.25em 0.6em; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-primary);
  color: var(--body-text-color); }
.vva-doc-title { font-weight: 700; font-size: 1.1em; }
.vva-doc-text { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 60vh; overflow-y: auto;
  line-height: 1.5; font-size: 0.92em; border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.6em 0.8em; }
.vva-examples button { flex: 1 1 14em; }
@media (max-width: 640px) {
  .vva-examples button { flex-basis: 100%; }
}
"""

# Clicks inside rendered HTML: a [n] marker scrolls to its source card (Gradio's link handling would
# otherwise treat it as navigation).
JS = """
() => {
  document.addEventListener('click', (event) => {
    const cite = event.target.closest && event.target.closest('a.vva-cite');
    if (!cite) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById((cite.getAttribute('href') || '').slice(1));
    if (!card) return;
    card.scrollIntoView({behavior: 'smooth', block: 'center'});
    card.classList.add('vva-flash');
    setTimeout(() => card.classList.remove('vva-flash'), 1500);
  }, true);
}
"""

# Runs after a document is shown: bring the highlighted passage into view.
SCROLL_TO_MARK = """
() => { setTimeout(() => {
  const mark = document.getElementById('vva-doc-mark');
  if (mark) mark.scrollIntoView({behavior: 'smooth', block: 'center'});
}, 150); }
"""

# The Sources panel's open buttons report which citation to open to the server.
SOURCES_ON_LOAD = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.vva-open');
  if (button) trigger('click', {turn: Number(button.dataset.turn), n: Number(button.dataset.n)});
});
"""

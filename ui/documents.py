"""Documents tab handlers: list the ingested documents, show one, ingest staff uploads with progress.

Uploads are copied into `data_dir/uploads/` and synced file by file: syncing that folder instead would
delete every earlier upload missing from the folder. Re-uploading a file with the same name replaces it.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.facade import Assistant
from assistant.settings import VVASettings
from assistant.types import DocumentInfo, IngestReport
from ingest.sync import SUPPORTED_SUFFIXES, Ingestor
from ui import render

log = logging.getLogger(__name__)

ALL_TYPES = ("All types", "")
PROGRESS = gr.Progress()  # Gradio injects a live tracker for a parameter whose default is a Progress


@dataclass(frozen=True)
class FileResult:
    name: str
    outcome: str  # added, updated, unchanged, failed, skipped
    detail: str = ""


def safe_name(name: str) -> str:
    """A plain file name (no folders, no odd characters) for an uploaded file."""
    stem = re.sub(r"[^\w.\- ]+", "_", Path(name).name).strip(" .") or "upload"
    return stem[:120]


def file_results(
    copies: dict[str, Path], report: IngestReport, before: dict[str, DocumentInfo], after: list[DocumentInfo]
) -> list[FileResult]:
    """Per uploaded file: what the sync did with it (the report itself only has totals and failures)."""
    failed = {str(Path(f.path).resolve()): f.error for f in report.failed}
    old_hash = {info.source: info.content_hash for info in before.values()}
    now = {info.source: info for info in after}
    results = []
    for name, path in copies.items():
        source = str(path.resolve())
        if source in failed:
            results.append(FileResult(name, "failed", failed[source]))
        elif source not in now:
            results.append(FileResult(name, "failed", "not in the index after ingest; see the server log."))
        elif source not in old_hash:
            results.append(FileResult(name, "added", f"{now[source].title} ({now[source].chunks} chunks)"))
        elif old_hash[source] != now[source].content_hash:
            results.append(FileResult(name, "updated", f"{now[source].title} ({now[source].chunks} chunks)"))
        else:
            results.append(FileResult(name, "unchanged", now[source].title))
    return results


def results_markdown(results: list[FileResult]) -> str:
    icons = {"added": "✅", "updated": "🔄", "unchanged": "➖", "failed": "❌", "skipped": "⚠️"}
    rows = [
        f"| {_cell(r.name)} | {icons.get(r.outcome, '')} {r.outcome} | {_cell(r.detail)} |" for r in results
    ]
    return "\n".join(["| File | Result | Details |", "|---|---|---|", *rows])


def _cell(text: str) -> str:
    return escape(text).replace("|", "&#124;").replace("\n", " ")


class DocumentHandlers:
    def __init__(self, assistant: Assistant, settings: VVASettings):
        self.assistant = assistant
        self.settings = settings

    @property
    def uploads_dir(self) -> Path:
        return self.settings.data_dir / "uploads"

    def refresh(self) -> tuple[Any, ...]:
        """Table rows, the ids behind them, and the doc-type filter choices."""
        docs = self.assistant.documents()
        types = sorted({d.doc_type for d in docs})
        choices = [ALL_TYPES] + [(t.replace("_", " "), t) for t in types]
        return render.document_rows(docs), [d.doc_id for d in docs], gr.update(choices=choices)

    def view(self, doc_ids: list[str], evt: gr.SelectData) -> str:
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        if not isinstance(row, int) or not 0 <= row < len(doc_ids or []):
            return render.DOC_EMPTY
        found = self.assistant.document(doc_ids[row])
        if found is None:
            return render.error_html("That document is no longer in the index; refresh the table.")
        info, full_text, _provenance = found
        return render.document_html(info, full_text)

    def ingest(self, files: list[str] | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        """Copy the uploaded files into data_dir/uploads and ingest them; report each file's outcome."""
        if not files:
            return ("Choose one or more files first.", *self.refresh())
        results: list[FileResult] = []
        copies: dict[str, Path] = {}
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        for upload in files:
            name = safe_name(Path(upload).name)
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                allowed = ", ".join(SUPPORTED_SUFFIXES)
                results.append(FileResult(name, "skipped", f"unsupported type; use {allowed}"))
                continue
            target = self.uploads_dir / name
            shutil.copyfile(upload, target)
            copies[name] = target
        if copies:
            try:
                results += self._sync(copies, progress)
            except AssistantError as exc:  # IngestBusy included: its sentence says to wait and retry
                return (render_error(str(exc)), *self.refresh())
            except Exception:
                log.exception("ingesting uploads failed")
                message = "Ingest failed unexpectedly; the details are in the server log."
                return (render_error(message), *self.refresh())
        return (results_markdown(results), *self.refresh())

    def _sync(self, copies: dict[str, Path], progress: gr.Progress) -> list[FileResult]:
        before = {d.doc_id: d for d in self.assistant.documents()}

        def report_progress(label: str, done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"Ingesting {label}")

        report = Ingestor(self.assistant.runtime).sync(list(copies.values()), progress=report_progress)
        return file_results(copies, report, before, self.assistant.documents())


def render_error(message: str) -> str:
    return f"**Could not ingest:** {escape(message)}"

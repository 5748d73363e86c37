"""Content-hash sync of files and folders into the store: add, update, skip unchanged, delete removed.

Per document the order is: write the new chunks (ids carry the new hash) -> commit the manifest record ->
delete the old chunks. Readers only see chunks whose hash the manifest names, so a crash at any point
leaves either the old or the new version visible, and the next sync removes the leftovers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from assistant.embeddings import embed_passages
from assistant.errors import IngestBusy, IngestError
from assistant.language import detect_language
from assistant.lexical import LexicalIndex
from assistant.runtime import Runtime
from assistant.store import ChunkRecord
from assistant.types import DocumentInfo, FailedFile, IngestReport
from ingest.chunking import chunk_text
from ingest.loaders import SUPPORTED_SUFFIXES, load_file

log = logging.getLogger(__name__)

SKIPPED_NAMES = {"readme.md", "license", "license.md", ".gitkeep"}
DOC_TYPES = {"press_release", "mission_document", "partner_profile"}
ProgressCallback = Callable[[str, int, int], None]  # (label, done, total)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    doc_id: str
    root: str  # the folder that was synced, '' for a file named directly


def collect_files(paths: Iterable[Path], report: IngestReport) -> tuple[list[SourceFile], list[Path]]:
    """Files to ingest and the folders whose removed files must leave the index."""
    files: list[SourceFile] = []
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            report.failed.append(
                FailedFile(str(raw), "path not found; check the spelling or the working directory.")
            )
            continue
        path = path.resolve()
        if path.is_dir():
            roots.append(path)
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = file.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or file.name.lower() in SKIPPED_NAMES:
                    continue
                files.append(SourceFile(file, rel.with_suffix("").as_posix(), str(path)))
        else:
            files.append(SourceFile(path, path.stem, ""))
    return files, roots


def content_hash(data: bytes, runtime: Runtime) -> str:
    """Hash of the bytes and of everything that shapes the chunks, so a settings change re-chunks."""
    s = runtime.settings
    digest = hashlib.sha256(data)
    digest.update(f"|{s.chunk_size}|{s.chunk_overlap}|{runtime.embed_model_id}".encode())
    return digest.hexdigest()[:24]


class Ingestor:
    """Sync files into the store of one runtime; a file lock admits one writer at a time."""

    def __init__(self, runtime: Runtime, lock_timeout: float = 2.0):
        self.runtime = runtime
        self.store = runtime.store
        self.lock_timeout = lock_timeout

    def sync(self, paths: Iterable[Path], progress: ProgressCallback | None = None) -> IngestReport:
        settings = self.runtime.settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(settings.writer_lock))
        try:
            lock.acquire(timeout=self.lock_timeout)
        except Timeout as exc:
            raise IngestBusy(
                "Another ingest is running on this index; wait for it to finish and run the command again."
            ) from exc
        try:
            return self._sync_locked(list(paths), progress)
        finally:
            lock.release()

    def _sync_locked(self, paths: list[Path], progress: ProgressCallback | None) -> IngestReport:
        report = IngestReport()
        self.store.delete_orphans()
        files, roots = collect_files(paths, report)
        committed = self.store.documents()
        owners = {info.source: doc_id for doc_id, info in committed.items()}
        seen: set[str] = set()
        changed = False
        for done, source in enumerate(files, start=1):
            if progress:
                progress(source.path.name, done - 1, len(files))
            doc_id = self._unique_doc_id(source, committed, owners)
            seen.add(doc_id)
            try:
                outcome = self._sync_file(source, doc_id, committed.get(doc_id))
            except IngestError as exc:
                report.failed.append(FailedFile(str(source.path), str(exc)))
                continue
            except Exception as exc:  # one bad file must not stop the rest; the error is reported, not hidden
                log.exception("unexpected error while ingesting %s", source.path)
                report.failed.append(FailedFile(str(source.path), f"{exc.__class__.__name__}: {exc}"))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
            changed |= outcome != "unchanged"
        report.deleted = self._delete_removed(roots, seen)
        changed |= report.deleted > 0
        if progress:
            progress("lexical index", len(files), len(files))
        LexicalIndex.refresh(self.runtime, force=changed)
        report.chunks = self.store.chunk_count()
        return report

    def _unique_doc_id(
        self, source: SourceFile, committed: dict[str, DocumentInfo], owners: dict[str, str]
    ) -> str:
        path = str(source.path)
        if path in owners:
            return owners[path]
        doc_id = source.doc_id
        if doc_id in committed and committed[doc_id].source != path:
            doc_id = f"{doc_id}-{hashlib.sha1(path.encode()).hexdigest()[:6]}"
        return doc_id

    def _sync_file(self, source: SourceFile, doc_id: str, previous: DocumentInfo | None) -> str:
        data = source.path.read_bytes()
        digest = content_hash(data, self.runtime)
        if previous and previous.content_hash == digest:
            return "unchanged"
        loaded = load_file(source.path)
        meta = loaded.meta
        text = loaded.text
        settings = self.runtime.settings
        chunks = chunk_text(text, settings.chunk_size, settings.chunk_overlap)
        if not chunks:
            raise IngestError(f"{source.path}: no text to index after parsing.")
        language = str(meta.get("language") or detect_language(text)).lower()[:2]
        title = str(meta.get("title") or _first_heading(text) or source.path.stem.replace("-", " ").title())
        doc_type = str(meta.get("doc_type") or "document")
        date = str(meta.get("date") or dt.date.fromtimestamp(source.path.stat().st_mtime).isoformat())
        info = DocumentInfo(
            doc_id=doc_id,
            title=title,
            doc_type=doc_type,
            language=language,
            date=date,
            source=str(source.path),
            chunks=len(chunks),
            content_hash=digest,
            ingested_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        records = [
            ChunkRecord(
                chunk_id=f"{doc_id}::{digest[:12]}::{i}",
                text=chunk.text,
                metadata={
                    "doc_id": doc_id,
                    "title": title,
                    "doc_type": doc_type,
                    "language": language,
                    "date": date,
                    "source": str(source.path),
                    "content_hash": digest,
                    "chunk_index": i,
                    "start_char": chunk.start,
                    "end_char": chunk.end,
                    "section": chunk.section,
                },
            )
            for i, chunk in enumerate(chunks)
        ]
        embeddings = embed_passages(self.runtime.embed_model, [embedding_text(r) for r in records])
        self.store.add_chunks(records, np.asarray(embeddings))
        self.store.commit_document(info, root=source.root, provenance=str(meta.get("source", "")), text=text)
        self.store.delete_stale_chunks(doc_id, digest)
        return "updated" if previous else "added"

    def _delete_removed(self, roots: list[Path], seen: set[str]) -> int:
        if not roots:
            return 0
        root_names = {str(r) for r in roots}
        removed = [
            doc_id
            for doc_id, root in self.store.document_roots().items()
            if root in root_names and doc_id not in seen
        ]
        for doc_id in removed:
            self.store.forget_document(doc_id)
        return len(removed)

    def remove(self, doc_id: str) -> bool:
        """Drop one document from the index (the file on disk is untouched)."""
        with FileLock(str(self.runtime.settings.writer_lock), timeout=self.lock_timeout):
            if doc_id not in self.store.documents():
                return False
            self.store.forget_document(doc_id)
            LexicalIndex.refresh(self.runtime, force=True)
            return True


def embedding_text(record: ChunkRecord) -> str:
    """Title and section give a chunk its context (e.g. which partner a profile paragraph is about)."""
    meta = record.metadata
    heading = " - ".join(x for x in (meta.get("title"), meta.get("section")) if x)
    return f"{heading}\n{record.text}" if heading else record.text


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


__all__ = ["Ingestor", "SUPPORTED_SUFFIXES", "collect_files", "embedding_text"]

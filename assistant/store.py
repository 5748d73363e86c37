"""The Chroma store: chunk collection, a per-document manifest, and the embedding-model guard.

Consistency model: chunk ids carry the document's content hash, and a document only becomes visible when
its manifest record (one Chroma upsert, atomic) names that hash. Readers ignore chunks whose hash is not the
committed one, and every ingest starts by deleting such orphans, so an interrupted ingest (Ctrl-C, kill -9)
never shows a half-replaced document or a duplicate, and the next run finishes the job.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from assistant.errors import IndexMismatch, StoreUnavailable
from assistant.settings import VVASettings
from assistant.types import DocumentInfo

log = logging.getLogger(__name__)

MANIFEST_SUFFIX = "__documents"
WRITE_BATCH = 256


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


def open_client(settings: VVASettings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if not url.hostname:
                raise StoreUnavailable(
                    f"VVA_CHROMA_URL '{settings.chroma_url}' is not a URL like http://host:8000."
                )
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except StoreUnavailable:
        raise
    except Exception as exc:
        where = settings.chroma_url or settings.chroma_dir
        raise StoreUnavailable(
            f"Cannot open the Chroma store at {where} ({exc}). "
            + (
                "Start the server or unset VVA_CHROMA_URL."
                if settings.chroma_url
                else "Check the data directory."
            )
        ) from exc


class ChromaStore:
    """Chunks and the document manifest of one collection, guarded by the embedding model id."""

    def __init__(self, settings: VVASettings, embed_model_id: str, client: chromadb.ClientAPI | None = None):
        self.settings = settings
        self.embed_model_id = embed_model_id
        self.client = client or open_client(settings)
        try:
            self.chunks = self.client.get_or_create_collection(
                settings.collection,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedding_model": embed_model_id},
            )
            self.manifest = self.client.get_or_create_collection(
                settings.collection + MANIFEST_SUFFIX, embedding_function=None
            )
        except Exception as exc:
            raise StoreUnavailable(f"Cannot open collection '{settings.collection}': {exc}") from exc
        stored_model = (self.chunks.metadata or {}).get("embedding_model")
        if stored_model and stored_model != embed_model_id:
            raise IndexMismatch(
                f"The index '{settings.collection}' was built with embedding model '{stored_model}', but "
                f"'{embed_model_id}' is configured. Set VVA_EMBED_MODEL back, or use another "
                "VVA_COLLECTION (or `vva reset`) and ingest again."
            )

    # ----- manifest -------------------------------------------------------------------------------
    def documents(self) -> dict[str, DocumentInfo]:
        """Committed documents by doc_id."""
        records = self.manifest.get(include=["metadatas"])
        return {
            doc_id: _document_from_metadata(doc_id, meta or {})
            for doc_id, meta in zip(records["ids"], records["metadatas"] or [], strict=False)
        }

    def _committed_hashes(self) -> dict[str, str]:
        return {doc_id: info.content_hash for doc_id, info in self.documents().items()}

    def document_roots(self) -> dict[str, str]:
        records = self.manifest.get(include=["metadatas"])
        return {
            doc_id: (meta or {}).get("root", "")
            for doc_id, meta in zip(records["ids"], records["metadatas"] or [], strict=False)
        }

    def fingerprint(self) -> str:
        """Changes whenever the set of committed documents or their content changes."""
        docs = self.documents()
        payload = json.dumps(sorted((d, info.content_hash) for d, info in docs.items()))
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def commit_document(self, info: DocumentInfo, root: str, provenance: str, text: str) -> None:
        meta = {
            "title": info.title,
            "doc_type": info.doc_type,
            "language": info.language,
            "date": info.date,
            "source": info.source,
            "chunks": info.chunks,
            "content_hash": info.content_hash,
            "ingested_at": info.ingested_at,
            "root": root,
            "provenance": provenance,
        }
        # The manifest is never queried by vector; a constant one-dimensional embedding keeps Chroma from
        # reaching for its default (downloading) embedding function.
        self.manifest.upsert(ids=[info.doc_id], embeddings=[[1.0]], metadatas=[meta], documents=[text])

    def document_text(self, doc_id: str) -> tuple[DocumentInfo, str, str] | None:
        """(info, full parsed text, provenance) of a committed document; chunk offsets index into the text."""
        records = self.manifest.get(ids=[doc_id], include=["metadatas", "documents"])
        if not records["ids"]:
            return None
        meta = records["metadatas"][0] or {}
        return (
            _document_from_metadata(doc_id, meta),
            records["documents"][0] or "",
            str(meta.get("provenance", "")),
        )

    def forget_document(self, doc_id: str) -> None:
        """Make a document invisible first, then drop its chunks (order matters for readers)."""
        self.manifest.delete(ids=[doc_id])
        self.chunks.delete(where={"doc_id": doc_id})

    # ----- chunks ---------------------------------------------------------------------------------
    def add_chunks(self, records: Sequence[ChunkRecord], embeddings: Sequence[Sequence[float]]) -> None:
        for start in range(0, len(records), WRITE_BATCH):
            batch = records[start : start + WRITE_BATCH]
            self.chunks.upsert(
                ids=[r.chunk_id for r in batch],
                documents=[r.text for r in batch],
                metadatas=[r.metadata for r in batch],
                embeddings=[list(map(float, e)) for e in embeddings[start : start + WRITE_BATCH]],
            )

    def delete_stale_chunks(self, doc_id: str, keep_hash: str) -> None:
        self.chunks.delete(where={"$and": [{"doc_id": doc_id}, {"content_hash": {"$ne": keep_hash}}]})

    def delete_orphans(self) -> int:
        """Remove chunks that no committed document owns (left by an interrupted ingest)."""
        committed = self._committed_hashes()
        records = self.chunks.get(include=["metadatas"])
        orphans = [
            chunk_id
            for chunk_id, meta in zip(records["ids"], records["metadatas"] or [], strict=False)
            if not _is_committed(meta, committed)
        ]
        for start in range(0, len(orphans), WRITE_BATCH):
            self.chunks.delete(ids=orphans[start : start + WRITE_BATCH])
        if orphans:
            log.info("removed %d orphan chunks left by an interrupted ingest", len(orphans))
        return len(orphans)

    def committed_chunks(self) -> list[ChunkRecord]:
        """Every visible chunk, in document then chunk order."""
        committed = self._committed_hashes()
        records = self.chunks.get(include=["documents", "metadatas"])
        chunks = [
            ChunkRecord(chunk_id, text or "", dict(meta or {}))
            for chunk_id, text, meta in zip(
                records["ids"], records["documents"] or [], records["metadatas"] or [], strict=False
            )
            if _is_committed(meta, committed)
        ]
        return sorted(
            chunks, key=lambda c: (c.metadata.get("doc_id", ""), int(c.metadata.get("chunk_index", 0)))
        )

    def chunk_count(self) -> int:
        return self.chunks.count()

    def query_dense(
        self, embedding: Sequence[float], n_results: int, where: dict[str, Any] | None
    ) -> list[tuple[ChunkRecord, float]]:
        """Nearest chunks by cosine similarity (1 - cosine distance), committed chunks only."""
        total = self.chunks.count()
        if total == 0:
            return []
        result = self.chunks.query(
            query_embeddings=[list(map(float, embedding))],
            n_results=min(n_results, total),
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        committed = self._committed_hashes()
        hits = []
        for chunk_id, text, meta, dist in zip(
            result["ids"][0],
            result["documents"][0],
            result["metadatas"][0],
            result["distances"][0],
            strict=False,
        ):
            meta = dict(meta or {})
            if _is_committed(meta, committed):
                hits.append((ChunkRecord(chunk_id, text or "", meta), 1.0 - float(dist)))
        return hits


def _is_committed(meta: dict[str, Any] | None, committed: dict[str, str]) -> bool:
    """A chunk is visible only if the manifest names its document's content hash."""
    meta = meta or {}
    return committed.get(meta.get("doc_id")) == meta.get("content_hash")


def drop_collection(settings: VVASettings) -> None:
    """Delete a collection and its manifest, whatever model built them (used by `vva reset`)."""
    client = open_client(settings)
    for name in (settings.collection, settings.collection + MANIFEST_SUFFIX):
        try:
            client.delete_collection(name)
        except Exception as exc:  # a missing collection is fine; anything else is worth a log line
            log.debug("delete_collection(%s): %s", name, exc)


def chroma_where(filters: Iterable[tuple[str, str]]) -> dict[str, Any] | None:
    """Equality filters as a Chroma `where` clause."""
    clauses = [{key: value} for key, value in filters if value]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _document_from_metadata(doc_id: str, meta: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(
        doc_id=doc_id,
        title=str(meta.get("title", doc_id)),
        doc_type=str(meta.get("doc_type", "")),
        language=str(meta.get("language", "")),
        date=str(meta.get("date", "")),
        source=str(meta.get("source", "")),
        chunks=int(meta.get("chunks", 0)),
        content_hash=str(meta.get("content_hash", "")),
        ingested_at=str(meta.get("ingested_at", "")),
    )

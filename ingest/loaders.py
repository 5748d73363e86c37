"""Read one file into plain text plus front-matter metadata. One function per format."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import IngestError

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass(frozen=True)
class LoadedFile:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path}: not valid UTF-8 or Windows-1252 text; save it as UTF-8 and ingest again.")


def load_markdown(path: Path) -> LoadedFile:
    text = _read_text(path).replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        return LoadedFile(text)
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise IngestError(
            f"{path}: the front matter is not valid YAML ({exc.__class__.__name__}); fix it."
        ) from exc
    if not isinstance(meta, dict):
        raise IngestError(f"{path}: the front matter must be 'key: value' lines.")
    return LoadedFile(text[match.end() :], {k: _plain(v) for k, v in meta.items()})


def load_html(path: Path) -> LoadedFile:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    lines = [line.strip() for line in soup.get_text("\n").splitlines()]
    text = "\n".join(line for line in lines if line)
    return LoadedFile(text, {"title": title} if title else {})


def load_pdf(path: Path) -> LoadedFile:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{path}: not a readable PDF ({exc}). Re-export or re-download it.") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise IngestError(f"{path}: the PDF has no extractable text (scanned image?). Run OCR on it first.")
    return LoadedFile(text, {"title": str(title)} if title else {})


def load_docx(path: Path) -> LoadedFile:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError variants for damaged files
        raise IngestError(
            f"{path}: not a readable .docx file ({exc.__class__.__name__}). Re-save it in Word."
        ) from exc
    paragraphs = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading"):
            level = style.removeprefix("heading").strip()
            text = "#" * (int(level) if level.isdigit() else 1) + " " + text
        paragraphs.append(text)
    title = document.core_properties.title or ""
    return LoadedFile("\n\n".join(paragraphs), {"title": title} if title else {})


LOADERS: dict[str, Callable[[Path], LoadedFile]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}

SUPPORTED_SUFFIXES = tuple(sorted(LOADERS))


def load_file(path: Path) -> LoadedFile:
    """Text and metadata of one file, or an IngestError that says what is wrong with it."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(f"{path}: unsupported format '{path.suffix or '(none)'}'; supported: {supported}.")
    if path.stat().st_size == 0:
        raise IngestError(f"{path}: the file is empty.")
    loaded = loader(path)
    if not loaded.text.strip():
        raise IngestError(f"{path}: no text found in the file.")
    return loaded


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings; Chroma metadata holds only str/int/float/bool."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

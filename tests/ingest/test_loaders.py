"""Each supported format yields text and metadata; broken files give a clear IngestError."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IngestError
from ingest.loaders import load_file


def make_pdf(path: Path, text: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["pdf.fonttype"] = 42  # TrueType keeps the text extractable
    fig = plt.figure(figsize=(6, 2))
    fig.text(0.05, 0.5, text)
    fig.savefig(path)
    plt.close(fig)
    return path


def make_docx(path: Path, heading: str, paragraph: str) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = heading
    document.add_heading(heading, 1)
    document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_markdown_front_matter_becomes_metadata(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Nota"\nlanguage: it\ndate: 2025-04-20\n---\n# Nota\n\nTesto della nota.\n')
    loaded = load_file(path)
    assert loaded.meta == {"title": "Nota", "language": "it", "date": "2025-04-20"}
    assert loaded.text.startswith("# Nota")


def test_html_drops_scripts_and_keeps_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Agenda</title><script>alert(1)</script></head><body><p>Day one.</p></body></html>"
    )
    loaded = load_file(path)
    assert loaded.meta["title"] == "Agenda"
    assert "Day one." in loaded.text and "alert" not in loaded.text


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    loaded = load_file(make_pdf(tmp_path / "memo.pdf", "The welcome reception is held at Orchard Hall."))
    assert "Orchard Hall" in loaded.text


def test_docx_headings_become_markdown(tmp_path: Path) -> None:
    loaded = load_file(
        make_docx(tmp_path / "brief.docx", "Logistics", "The shuttle leaves from the north gate.")
    )
    assert loaded.text.startswith("# Logistics")
    assert loaded.meta["title"] == "Logistics"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("empty.md", b"", "empty"),
        ("photo.png", b"\x89PNG\r\n", "unsupported format"),
        ("broken.docx", b"PK\x03\x04 nope", ".docx"),
        ("blank.txt", b"   \n\n  ", "no text"),
    ],
)
def test_unreadable_files_raise_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        load_file(path)

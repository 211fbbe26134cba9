"""Readers for press releases that are not plain text or HTML: PDF (pypdf) and Word ``.docx`` (python-docx).

A reader turns the file's bytes into text; that extracted text is the document's "original"
(``RawDocument.text``): mention offsets point into it, and ``documents.csv`` records how it was
made in the ``encoding`` column (``pdf`` / ``docx``; the library versions are in ``run.json``).
Pages of a PDF are separated by a blank line; a ``.docx`` gives its paragraphs one per line and
table rows with their cells separated by tabs, in document order.

A file that cannot be read (damaged, encrypted, a scanned PDF without a text layer) becomes a
record with status ``error`` or ``empty`` and a reason, like any other unusable input.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from extract.model import RawDocument

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
SUFFIXES = {".pdf", ".docx"}

log = logging.getLogger(__name__)


class ReaderError(ValueError):
    """The file is of a supported kind but its text cannot be extracted."""


def pdf_text(raw: bytes) -> str:
    """The text layer of a PDF, page by page (pages separated by a blank line)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy PDFs are noise here
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("encrypted PDF (a password is needed)")
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except ReaderError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; one must not stop the batch
        raise ReaderError(f"cannot read PDF: {exc}") from exc
    return "\n\n".join(p for p in pages if p.strip())


def docx_text(raw: bytes) -> str:
    """Paragraphs (one per line) and table rows (cells separated by tabs) of a Word document, in order."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several kinds (zip, XML, package errors)
        raise ReaderError(f"cannot read Word document: {exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append("\t".join(dict.fromkeys(cells)))  # merged cells repeat: keep each once
        else:
            lines.append(block.text)
    return "\n".join(lines).strip("\n")


READERS: dict[str, Callable[[bytes], str]] = {"pdf": pdf_text, "docx": docx_text}


def kind_of(source: str, raw: bytes) -> str:
    """``pdf`` or ``docx`` when the bytes are one (by content, or a .docx name on a zip file), else ""."""
    if raw.startswith(PDF_MAGIC):
        return "pdf"
    name = source.split("?")[0].lower()
    if raw.startswith(ZIP_MAGIC) and name.endswith(".docx"):
        return "docx"
    return ""


def read_document(doc_id: str, source: str, sha256: str, raw: bytes, kind: str) -> RawDocument:
    """A RawDocument whose text is extracted from a PDF or .docx; failures become error/empty records."""
    try:
        text = READERS[kind](raw)
    except ReaderError as exc:
        return RawDocument(doc_id, source, sha256, raw, "", kind, "", "error", str(exc))
    if not text.strip():
        reason = ("PDF without a text layer (a scanned image?); OCR is not supported" if kind == "pdf"
                  else "Word document without text")
        return RawDocument(doc_id, source, sha256, raw, "", kind, "", "empty", reason)
    log.debug("%s: %d characters extracted from %s", source, len(text), kind)
    return RawDocument(doc_id, source, sha256, raw, text, kind, "text", "ok")

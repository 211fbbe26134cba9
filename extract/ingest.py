"""Ingest stage: files and URLs in, decoded :class:`RawDocument` records out.

A file that cannot be used (binary, undecodable, empty, too large, unsupported type, duplicate
content) is not an exception for the batch: it becomes a record with status ``error``,
``empty`` or ``skipped`` and a human-readable reason, and the batch goes on.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
from charset_normalizer import from_bytes

from extract import readers
from extract.model import RawDocument

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 20 * 1024 * 1024  # a press release is a few KB; 20 MB is a dump, not a release
HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def is_url(item: str) -> bool:
    """True if the input names an http(s) URL rather than a path."""
    return item.startswith(("http://", "https://"))


def doc_id_for(raw: bytes) -> tuple[str, str]:
    """Stable document id (first 16 hex chars of the sha256) and the full sha256."""
    digest = hashlib.sha256(raw).hexdigest()
    return digest[:16], digest


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 50)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes: UTF-16/32 with BOM, UTF-8 (BOM optional), Windows-1252, else what charset-normalizer detects.

    German press texts come as UTF-8 or Windows-1252 (a superset of Latin-1 that also has „“ – €)
    almost always; trying those first is faster and, on short texts, more reliable than
    statistical detection. Returns (text, encoding); raises ValueError when nothing fits.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise ValueError("undecodable text: no common encoding fits")
    return str(best), best.encoding


def _media_type(name: str, raw: bytes) -> str:
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if raw.lstrip()[:64].lower().startswith(HTML_SNIFF):
        return "html"
    return "text"


def from_bytes_record(source: str, raw: bytes, media_hint: str = "") -> RawDocument:
    """Build a RawDocument from bytes, deciding status and decoding."""
    doc_id, sha = doc_id_for(raw)

    def failed(status: str, reason: str) -> RawDocument:
        return RawDocument(doc_id, source, sha, raw, "", "", "", status, reason)

    if not raw.strip():
        return failed("empty", "file is empty" if not raw else "file contains only whitespace")
    if len(raw) > MAX_BYTES:
        return failed("skipped", f"file too large ({len(raw) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)")
    if kind := readers.kind_of(source, raw):  # PDF, .docx: text extracted by extract.readers
        return readers.read_document(doc_id, source, sha, raw, kind)
    has_utf16_bom = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_utf16_bom and _looks_binary(raw):
        return failed("error", "binary file, not text or HTML")
    try:
        text, encoding = decode(raw)
    except ValueError as exc:
        return failed("error", str(exc))
    media = media_hint or _media_type(source, raw)
    return RawDocument(doc_id, source, sha, raw, text, encoding, media, "ok")


def iter_files(folder: Path) -> list[Path]:
    """All regular files below a folder, sorted by relative path (hidden files skipped)."""
    files = [
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def read_file(path: Path, source: str) -> RawDocument:
    """Read one file into a RawDocument (unsupported suffixes are recorded as skipped)."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return RawDocument(*doc_id_for(source.encode()), b"", "", "", "", "error", f"cannot read: {exc}")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | readers.SUFFIXES and suffix != "":
        doc_id, sha = doc_id_for(raw)
        return RawDocument(doc_id, source, sha, raw, "", "", "", "skipped",
                           f"unsupported file type '{suffix}' (expected .txt, .html, .htm, .pdf, .docx)")
    return from_bytes_record(source, raw)


def fetch_url(url: str, client: httpx.Client) -> RawDocument:
    """Download one URL; network and HTTP errors become an ``error`` record."""
    try:
        response = client.get(url, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        doc_id, sha = doc_id_for(url.encode())
        return RawDocument(doc_id, url, sha, b"", "", "", "", "error", f"download failed: {exc}")
    content_type = response.headers.get("content-type", "")
    hint = "html" if "html" in content_type else ""
    return from_bytes_record(url, response.content, hint)


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str, Path | None]]:
    """Turn CLI inputs (folders, files, URLs) into (source name, path or None for URLs).

    A file in a folder is named relative to it ("2017/pm.txt"), so the dataset does not depend on
    where the folder lives; with several inputs the folder's own name goes in front, so files of
    two folders ("a/pm.txt", "b/pm.txt") stay apart.
    """
    inputs = list(inputs)
    several = len(inputs) > 1
    items: list[tuple[str, Path | None]] = []
    for item in inputs:
        if is_url(item):
            items.append((item, None))
            continue
        path = Path(item)
        if path.is_dir():
            prefix = f"{path.resolve().name}/" if several else ""
            items.extend((prefix + p.relative_to(path).as_posix(), p) for p in iter_files(path))
        else:
            items.append((path.name if path.exists() else item, path))
    return items


def ingest(inputs: Iterable[str], client: httpx.Client | None = None) -> Iterator[RawDocument]:
    """Yield one RawDocument per input file or URL, in input order.

    A second file with the same bytes as an earlier one is recorded as ``skipped`` (its id
    would collide, and its content is already in the dataset).
    """
    seen: dict[str, str] = {}
    n_duplicates: dict[str, int] = {}
    owned_client = None
    for source, path in expand_inputs(inputs):
        if path is None:
            if client is None:
                client = owned_client = httpx.Client(timeout=30.0, headers={"User-Agent": "pressextract"})
            record = fetch_url(source, client)
        elif not path.exists():
            doc_id, sha = doc_id_for(source.encode())
            record = RawDocument(doc_id, source, sha, b"", "", "", "", "error", "no such file or folder")
        else:
            record = read_file(path, source)
        if record.doc_id in seen:
            n_duplicates[record.doc_id] = n_duplicates.get(record.doc_id, 0) + 1
            dup_id = f"{record.doc_id}-dup{n_duplicates[record.doc_id]}"
            record = RawDocument(dup_id, record.source, record.sha256, record.raw, "", "", "",
                                 "skipped", f"duplicate of {seen[record.doc_id]}")
        else:
            seen[record.doc_id] = record.source
        yield record
    if owned_client is not None:
        owned_client.close()

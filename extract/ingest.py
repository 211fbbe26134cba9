"""Ingest stage: files and URLs in, decoded :class:`RawDocument` records out.

A file that cannot be used (binary, undecodable, empty, too large, unsupported type, duplicate
content, not a regular file, unreadable, a dangling or looping symlink, an unreadable folder) is
not an exception for the batch: it becomes a record with status ``error``, ``empty`` or
``skipped`` and a human-readable reason, and the batch goes on.

Nothing is read before it is known to be worth reading: the size is checked with ``stat``, reads
are bounded (:data:`MAX_BYTES`), a named pipe or device is never opened, and a download has an
overall deadline and a cap on its size before and after decompression (:mod:`extract.fetch`).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

from extract import readers
from extract.model import RawDocument
from extract.redact import mask_secrets

if TYPE_CHECKING:  # only a run with URLs needs the HTTP client (imported by extract.fetch)
    import httpx

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 20 * 1024 * 1024  # a press release is a few KB; 20 MB is a dump, not a release
HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")
_REPLACEMENT = "\ufffd"


def is_url(item: str) -> bool:
    """True if the input names an http(s) URL rather than a path."""
    return item.startswith(("http://", "https://"))


def doc_id_for(raw: bytes) -> tuple[str, str]:
    """Stable document id (first 16 hex chars of the sha256) and the full sha256."""
    digest = hashlib.sha256(raw).hexdigest()
    return digest[:16], digest


def problem_record(source: str, status: str, reason: str, raw: bytes = b"") -> RawDocument:
    """A record for an input that yields no text; its id is the hash of its bytes, else of its name."""
    doc_id, sha = doc_id_for(raw or source.encode("utf-8", "surrogateescape"))
    return RawDocument(doc_id, source, sha, raw, "", "", "", status, reason)


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 50)


def _utf16_without_bom(raw: bytes) -> str:
    """``utf-16-le`` / ``utf-16-be`` when the bytes look like BOM-less UTF-16 text, else ``""``.

    Latin-script UTF-16 has a NUL in every other byte; charset-normalizer then confirms which one.
    """
    head = raw[:4096]
    if len(head) < 8 or len(raw) % 2:
        return ""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        guess = "utf_16_le"
    elif even > 0.3 * half and odd < 0.05 * half:
        guess = "utf_16_be"
    else:
        return ""
    best = from_bytes(raw, cp_isolation=[guess]).best()
    return guess.replace("_", "-") if best is not None else ""


def _utf8_repaired(raw: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few damaged byte sequences: the text with them replaced, and a note saying so.

    Accepted when the damage is only a truncated last character, or when it is rare next to
    valid multi-byte characters (a cp1252 text has no valid UTF-8 umlaut at all). ``None`` if not UTF-8.
    """
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return None
    text = raw.decode("utf-8-sig", errors="replace")
    damaged = text.count(_REPLACEMENT) - raw.count("\ufffd".encode())
    valid_non_ascii = sum(1 for ch in text if ord(ch) > 127) - text.count(_REPLACEMENT)
    try:
        raw[:first_bad].decode("utf-8-sig")
        tail_only = first_bad >= len(raw) - 3 and damaged == 1
    except UnicodeDecodeError:
        tail_only = False
    if tail_only or (valid_non_ascii >= 3 and damaged * 20 <= valid_non_ascii):
        where = "a truncated last character" if tail_only else f"{damaged} damaged byte sequence(s)"
        return text, f"decoded as UTF-8 with {where} replaced by U+FFFD"
    return None


def decode_text(raw: bytes, declared: str = "") -> tuple[str, str, str]:
    """Decode bytes; returns (text, encoding, note). ``note`` says what was repaired, if anything.

    Order: a BOM (UTF-8/16/32), the ``declared`` charset (HTTP header) if it decodes cleanly,
    UTF-8, UTF-8 with a damaged tail or a few damaged sequences (replaced and noted), UTF-16
    without BOM, Windows-1252 (German texts come as UTF-8 or cp1252 almost always; trying them
    first is faster and on short texts more reliable than detection), else what charset-normalizer
    detects. Raises ValueError when nothing fits.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec, ""
            except UnicodeDecodeError:
                break
    if declared:
        try:
            codecs.lookup(declared)
            return raw.decode(declared), declared.lower(), ""
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8-sig"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    repaired = _utf8_repaired(raw)
    if repaired is not None:
        return repaired[0], "utf-8", repaired[1]
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return raw.decode(utf16), utf16, ""
    try:
        return raw.decode("cp1252"), "cp1252", ""
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise ValueError("undecodable text: no common encoding fits")
    return str(best), best.encoding, ""


def decode(raw: bytes) -> tuple[str, str]:
    """Decode bytes (see :func:`decode_text`); returns (text, encoding)."""
    text, encoding, _note = decode_text(raw)
    return text, encoding


def _media_type(name: str, raw: bytes) -> str:
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if raw.lstrip()[:64].lower().startswith(HTML_SNIFF):
        return "html"
    return "text"


def from_bytes_record(source: str, raw: bytes, media_hint: str = "", charset: str = "") -> RawDocument:
    """Build a RawDocument from bytes, deciding status and decoding (``charset``: declared by the server)."""
    if not raw.strip():
        return problem_record(source, "empty", "file is empty" if not raw else "file contains only whitespace", raw)
    if len(raw) > MAX_BYTES:
        return problem_record(source, "skipped", _too_large(len(raw)), raw)
    if kind := readers.kind_of(source, raw):  # PDF, .docx: text extracted by extract.readers
        doc_id, sha = doc_id_for(raw)
        return readers.read_document(doc_id, source, sha, raw, kind)
    has_bom = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_bom and _looks_binary(raw) and not _utf16_without_bom(raw):
        return problem_record(source, "error", "binary file, not text or HTML", raw)
    try:
        text, encoding, note = decode_text(raw, charset)
    except ValueError as exc:
        return problem_record(source, "error", str(exc), raw)
    doc_id, sha = doc_id_for(raw)
    media = media_hint or _media_type(source, raw)
    return RawDocument(doc_id, source, sha, raw, text, encoding, media, "ok", warning=note)


def _too_large(size: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)"


# --- listing inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InputItem:
    """One input to read: a source name, its path (None for a URL), or a problem found while listing."""

    source: str
    path: Path | None
    status: str = ""  # "" = to be read; else the record's status (error / skipped)
    reason: str = ""
    url: str = ""  # the URL to download (``source`` is the same with any credentials masked)


def _stat_problem(path: Path, exc: OSError) -> tuple[str, str]:
    """Why a path that ``stat`` refuses cannot be read (dangling or looping symlink, permissions)."""
    if path.is_symlink():
        if exc.errno == errno.ELOOP:
            return "error", "symlink loop"
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return "error", f"dangling symlink (its target {target} does not exist)"
    if exc.errno == errno.ENOENT:
        return "error", "no such file or folder"
    return "error", f"cannot read: {exc.strerror or exc}"


def _walk(folder: Path, prefix: str) -> list[InputItem]:
    """Every non-hidden entry below ``folder``: files to read, and a row for each one that cannot be.

    Symlinked folders are followed, except into a folder that is already being walked (a loop).
    """
    items: list[InputItem] = []
    active: set[str] = set()

    def visit(path: Path, rel: str) -> None:
        real = os.path.realpath(path)
        if real in active:
            items.append(InputItem(prefix + rel, None, "skipped", "symlink loop: points to a folder being read"))
            return
        try:
            entries = list(os.scandir(path))
        except OSError as exc:
            items.append(InputItem(prefix + (rel or f"{folder.name}/"), None, "error",
                                   f"cannot read folder: {exc.strerror or exc}"))
            return
        active.add(real)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            name = rel + entry.name
            try:
                st = os.stat(child)
            except OSError as exc:
                status, reason = _stat_problem(child, exc)
                items.append(InputItem(prefix + name, None, status, reason))
                continue
            if stat.S_ISDIR(st.st_mode):
                visit(child, name + "/")
            else:
                items.append(InputItem(prefix + name, child))
        active.discard(real)

    visit(folder, "")
    return sorted(items, key=lambda i: i.source)


def expand_inputs(inputs: Iterable[str]) -> list[InputItem]:
    """Turn CLI inputs (folders, files, URLs) into :class:`InputItem` s, one per future record.

    A file in a folder is named relative to it ("2017/pm.txt"), so the dataset does not depend on
    where the folder lives; with several inputs the folder's own name goes in front, so files of
    two folders ("a/pm.txt", "b/pm.txt") stay apart.
    """
    inputs = list(inputs)
    several = len(inputs) > 1
    items: list[InputItem] = []
    for item in inputs:
        if is_url(item):
            items.append(InputItem(mask_secrets(item), None, url=item))
            continue
        path = Path(item)
        try:
            st = os.stat(path)
        except OSError as exc:
            status, reason = _stat_problem(path, exc)
            items.append(InputItem(path.name if path.is_symlink() else item, None, status, reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            items.extend(_walk(path, f"{path.resolve().name}/" if several else ""))
        else:
            items.append(InputItem(path.name, path))
    return items


# --- reading -----------------------------------------------------------------------------------

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def _not_regular(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_file(path: Path, source: str) -> RawDocument:
    """Read one file into a RawDocument, bounded (see :func:`read_bytes`)."""
    raw = read_bytes(path, source)
    return raw if isinstance(raw, RawDocument) else from_bytes_record(source, raw)


def read_bytes(path: Path, source: str) -> bytes | RawDocument:
    """The bytes of one file, or the record of why it cannot be used. Bounded: size checked with
    ``stat`` first, at most :data:`MAX_BYTES` + 1 bytes read, named pipes and devices never opened
    for reading."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return problem_record(source, *_stat_problem(path, exc))
    if not stat.S_ISREG(st.st_mode):
        return problem_record(source, "skipped", f"not a regular file ({_not_regular(st.st_mode)})")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | readers.SUFFIXES and suffix != "":
        return problem_record(source, "skipped",
                              f"unsupported file type '{suffix}' (expected .txt, .html, .htm, .pdf, .docx)")
    if st.st_size > MAX_BYTES:
        return problem_record(source, "skipped", _too_large(st.st_size))
    try:
        # O_NONBLOCK: should the file have been swapped for a named pipe since the stat, open does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return problem_record(source, "skipped", "not a regular file")
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return problem_record(source, "error", f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        return problem_record(source, "skipped", _too_large(len(raw)))
    return raw


def fetch_url(url: str, client: httpx.Client) -> RawDocument:
    """Download one URL (bounded, see :mod:`extract.fetch`); failures become an ``error`` record.

    The record's source and messages name the URL with any credentials masked."""
    from extract.fetch import DownloadError, download

    shown = mask_secrets(url)
    try:
        body = download(url, client)
    except DownloadError as exc:
        return problem_record(shown, "error", f"download failed: {mask_secrets(str(exc))}")
    hint = "html" if "html" in body.content_type else ""
    return from_bytes_record(shown, body.content, hint, charset=body.charset)


def ingest(inputs: Iterable[str], client: httpx.Client | None = None) -> Iterator[RawDocument]:
    """Yield one RawDocument per input file or URL, in input order.

    A second file with the same bytes as an earlier *processed* one is recorded as ``skipped``
    (its id would collide, and its content is already in the dataset); a skipped or failed file
    is never the original of a duplicate.
    """
    seen: dict[str, str] = {}  # doc id -> source of the processed document with that content
    used: set[str] = set()  # every doc id given out, so documents.csv rows never share one
    n_duplicates: dict[str, int] = {}
    owned_client = None
    try:
        for item in expand_inputs(inputs):
            if item.status:
                record = problem_record(item.source, item.status, item.reason)
            elif item.path is None:
                if client is None:
                    from extract.fetch import make_client

                    client = owned_client = make_client()
                record = replace(fetch_url(item.url, client), source=item.source)
            else:
                record = read_file(item.path, item.source)
            if record.doc_id in used:
                n_duplicates[record.doc_id] = n_duplicates.get(record.doc_id, 0) + 1
                unique_id = f"{record.doc_id}-dup{n_duplicates[record.doc_id]}"
                if record.status == "ok" and record.doc_id in seen:
                    record = replace(record, text="", encoding="", media_type="", status="skipped",
                                     error=f"duplicate of {seen[record.doc_id]}", warning="")
                record = replace(record, doc_id=unique_id)
            elif record.status == "ok":
                seen[record.doc_id] = record.source
            used.add(record.doc_id)
            yield record
    finally:
        if owned_client is not None:
            owned_client.close()

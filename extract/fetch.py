"""Bounded downloads for ingest: an overall deadline, a size cap before and after decompression.

A server may trickle one byte every few seconds (each read is quick, the whole never ends), send
a body of hundreds of megabytes, or a small gzip body that inflates to gigabytes. :func:`download`
stops all of these with a :class:`DownloadError` naming the limit:

* the whole download (headers and body) must finish within ``deadline`` seconds: the body loop
  checks the clock after every read, and the request runs in a daemon thread that is abandoned
  when the deadline passes (a server trickling its headers cannot hold the batch);
* at most ``max_bytes`` are received, and at most ``max_bytes`` come out of the decompressor
  (``Content-Encoding`` gzip / deflate are inflated here, in bounded steps; other encodings are
  not requested and are refused);
* the declared charset (``Content-Type: text/html; charset=ISO-8859-15``) is passed on, so the
  decoder honours it.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass

import httpx

DEADLINE = 60.0  # seconds for one whole download
READ_TIMEOUT = 15.0  # seconds for one read (connect: 10 s)
CHUNK = 64 * 1024


class DownloadError(Exception):
    """A download failed or broke a limit; the message says which."""


@dataclass(frozen=True)
class Body:
    """A downloaded body, decompressed, with what the server declared about it."""

    content: bytes
    content_type: str
    charset: str


def make_client() -> httpx.Client:
    """The HTTP client ingest uses: per-read timeouts, redirects followed (at most 10)."""
    return httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT, connect=10.0),
        headers={"User-Agent": "pressextract", "Accept-Encoding": "gzip, deflate"},
        follow_redirects=True,
        max_redirects=10,
    )


class _Inflater:
    """Decompresses a Content-Encoding chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.out = bytearray()
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.inflate = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            # gzip and zlib headers are detected (32 + 15); raw deflate is tried on the first error
            self.inflate = zlib.decompressobj(32 + 15)
            self.raw_deflate = encoding == "deflate"
        else:
            raise DownloadError(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes) -> None:
        if self.inflate is None:
            self._add(data)
            return
        try:
            while data:
                self._add(self.inflate.decompress(data, self.limit - len(self.out) + 1))
                data = self.inflate.unconsumed_tail
        except zlib.error as exc:
            if self.raw_deflate and not self.out:
                self.raw_deflate = False
                self.inflate = zlib.decompressobj(-15)
                self.feed(data)
                return
            raise DownloadError(f"broken {('deflate' if self.raw_deflate else 'gzip')} body: {exc}") from exc

    def _add(self, piece: bytes) -> None:
        self.out += piece
        if len(self.out) > self.limit:
            raise DownloadError(f"body larger than {self.limit / 1e6:.0f} MB after decompression")


def _download(url: str, client: httpx.Client, deadline: float, max_bytes: int, started: float) -> Body:
    try:
        with client.stream("GET", url) as response:
            response.raise_for_status()
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise DownloadError(f"body too large ({int(declared) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB)")
            inflater = _Inflater(response.headers.get("content-encoding", ""), max_bytes)
            received = 0
            for chunk in response.iter_raw():
                if time.monotonic() - started > deadline:
                    raise DownloadError(f"took longer than {deadline:g} s")
                received += len(chunk)
                if received > max_bytes:
                    raise DownloadError(f"body larger than {max_bytes / 1e6:.0f} MB")
                inflater.feed(chunk)
            return Body(bytes(inflater.out), response.headers.get("content-type", ""),
                        response.charset_encoding or "")
    except httpx.HTTPError as exc:
        raise DownloadError(str(exc) or type(exc).__name__) from exc


def download(url: str, client: httpx.Client, *, deadline: float | None = None, max_bytes: int | None = None) -> Body:
    """GET ``url`` within ``deadline`` seconds (default :data:`DEADLINE`) and ``max_bytes`` (default:
    ingest's MAX_BYTES)."""
    deadline = DEADLINE if deadline is None else deadline
    if max_bytes is None:
        from extract.ingest import MAX_BYTES

        max_bytes = MAX_BYTES
    started = time.monotonic()
    outcome: dict[str, Body | BaseException] = {}

    def work() -> None:
        try:
            outcome["body"] = _download(url, client, deadline, max_bytes, started)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="pressextract-download", daemon=True)
    thread.start()
    thread.join(deadline + 1.0)
    if thread.is_alive():
        raise DownloadError(f"took longer than {deadline:g} s")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, DownloadError):
            raise error
        raise DownloadError(f"{type(error).__name__}: {error}") from error
    body = outcome["body"]
    assert isinstance(body, Body)
    return body

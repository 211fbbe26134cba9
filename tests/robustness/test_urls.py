"""URLs against a deliberately hostile HTTP server on 127.0.0.1, started here: a trickling body,
trickling headers, a huge body (declared and undeclared), a gzip bomb, a declared charset."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from robust_helpers import check_dataset, read_csv

from extract import ingest
from extract.pipeline import process
from extract.write import write_dataset

STOP = threading.Event()
LATIN9 = "Die Stadt Neuss erhält für den Spielplatz 5.000 € aus dem Förderprogramm.".encode("iso-8859-15")
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 KB on the wire, 64 MB inflated


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _head(self, content_type: str = "text/plain; charset=utf-8", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/trickle":
            self._head(Content_Length="1000")
            for _ in range(1000):
                if STOP.wait(0.3):
                    return
                self.wfile.write(b"x")
                self.wfile.flush()
        elif self.path == "/slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for i in range(1000):
                if STOP.wait(0.3):
                    return
                self.wfile.write(f"X-Slow-{i}: 1\r\n".encode())
                self.wfile.flush()
        elif self.path == "/big":  # no Content-Length: only a streamed cap stops it
            self._head(Connection="close")
            chunk = b"Neuss " * 10_000
            for _ in range(2000):
                if STOP.is_set():
                    return
                try:
                    self.wfile.write(chunk)
                except OSError:
                    return
        elif self.path == "/big-declared":
            self._head(Content_Length=str(500 * 1024 * 1024))
            self.wfile.write(b"Neuss " * 1000)
        elif self.path == "/bomb":
            self._head(Content_Encoding="gzip", Content_Length=str(len(BOMB)))
            self.wfile.write(BOMB)
        elif self.path == "/latin9.html":
            body = b"<html><body><p>" + LATIN9 + b"</p></body></html>"
            self._head("text/html; charset=ISO-8859-15", Content_Length=str(len(body)))
            self.wfile.write(body)
        else:
            self.send_error(404)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # the client hanging up is the point
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    STOP.clear()
    httpd = QuietServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


def one(url: str):
    (record,) = ingest.ingest([url])
    return record


def test_a_trickling_body_hits_the_overall_deadline(server: str, monkeypatch) -> None:
    from extract import fetch

    monkeypatch.setattr(fetch, "DEADLINE", 2.0)
    started = time.monotonic()
    record = one(f"{server}/trickle")
    assert time.monotonic() - started < 6
    assert (record.status, record.error) == ("error", "download failed: took longer than 2 s")


def test_trickling_headers_hit_the_overall_deadline(server: str, monkeypatch) -> None:
    from extract import fetch

    monkeypatch.setattr(fetch, "DEADLINE", 2.0)
    started = time.monotonic()
    record = one(f"{server}/slow-headers")
    assert time.monotonic() - started < 6
    assert (record.status, record.error) == ("error", "download failed: took longer than 2 s")


def test_an_undeclared_huge_body_is_cut_by_the_streamed_cap(server: str, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 2 * 1024 * 1024)
    tracemalloc.start()
    record = one(f"{server}/big")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (record.status, record.error) == ("error", "download failed: body larger than 2 MB")
    assert peak < 12 * 1024 * 1024


def test_a_declared_huge_body_is_refused_before_reading(server: str) -> None:
    record = one(f"{server}/big-declared")
    assert (record.status, record.error) == ("error", "download failed: body too large (524.3 MB > 21 MB)")


def test_a_gzip_bomb_is_stopped_at_the_decompressed_cap(server: str, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 4 * 1024 * 1024)
    tracemalloc.start()
    record = one(f"{server}/bomb")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (record.status, record.error) == ("error", "download failed: body larger than 4 MB after decompression")
    assert peak < 20 * 1024 * 1024


def test_the_declared_charset_is_honoured(server: str, tmp_path: Path, nlp) -> None:
    url = f"{server}/latin9.html"
    record = one(url)
    assert (record.status, record.encoding, record.media_type) == ("ok", "iso-8859-15", "html")
    assert "5.000 €" in record.text
    result = process([url, f"{server}/missing"], nlp=nlp)
    write_dataset(tmp_path, result.results, result.entities, result.facts)
    tables = check_dataset(tmp_path)
    assert {d["source"]: d["status"] for d in tables["documents"]} == {url: "ok", f"{server}/missing": "error"}
    amounts = [(m["text"], m["value"], m["unit"]) for m in read_csv(tmp_path / "mentions.csv") if m["type"] == "amount"]
    assert amounts == [("5.000 €", "5000", "EUR")]

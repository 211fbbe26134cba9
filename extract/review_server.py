"""The review server (``pressextract review``): the interactive report of a diff folder on ``127.0.0.1`` only.

It renders the page afresh from ``diff.json`` and the decision log on every request. The page
posts decisions to ``/api/decide`` with a per-server random token, and requests whose ``Host``
is not the loopback address are refused (no DNS rebinding, no cross-site posts). The decisions
themselves are made by :mod:`extract.review`.
"""

from __future__ import annotations

import html
import json
import secrets
import sys
import threading
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from extract.registry import RegistryError, display_name, open_registry, using
from extract.report import CSP, group_view, key_newest, render_review, review_views
from extract.review import DECIDABLE, ReviewError, StaleDecision, decide, item_states, undo
from extract.review_index import SORTS, STATES, IndexCache, Query, QueryError, ReviewIndex, latest_decisions
from extract.review_pages import decisions_csv, doc_ids, page_links, registry_evidence

MAX_BODY = 1_000_000  # bytes of a posted decision


class ReviewServer(ThreadingHTTPServer):
    """HTTP server for one registry and one diff folder, bound to 127.0.0.1.

    ``sources`` are folders in which the documents' source files are looked up (``/source/<doc>``).
    """

    daemon_threads = True

    def __init__(
        self,
        registry: str | Path,
        diff_dir: str | Path,
        port: int = 0,
        who: str | None = None,
        quiet: bool = True,
        sources: list[str | Path] | tuple[str | Path, ...] = (),
    ):
        self.registry_path = str(registry)
        self.diff_dir = Path(diff_dir)
        self.who = who
        self.quiet = quiet
        self.sources = [Path(s) for s in sources]
        self.token = secrets.token_urlsafe(24)
        self._cache = IndexCache(self.diff_dir)
        self._lock = threading.Lock()
        self.index()  # read diff.json once before serving
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://127.0.0.1:{self.port}/"

    def index(self) -> ReviewIndex:
        """The diff's items, indexed (re-read when diff.json changes)."""
        with self._lock:
            return self._cache.get()

    def source_file(self, doc_id: str) -> Path | None:
        """The source file of a document of the diff, found in one of the ``sources`` folders."""
        source = self.index().source_of(doc_id)
        if not source or "://" in source:
            return None
        for folder in self.sources:
            root = folder.resolve()
            path = (root / source).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
            path = (root / Path(source).name).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        return None

    def state(self, query: Query) -> dict[str, Any]:
        """One page of items for ``query`` with the decision log's state: the page, the counts,
        the decisions in force and the registry evidence of the page's items."""
        index = self.index()
        with using(self.registry_path) as reg:
            log = reg.decisions()
            decisions = latest_decisions(log)
            page = index.query(query, decisions)
            evidence = registry_evidence(reg, page.items, log)
        return {"index": index, "page": page, "decisions": decisions, "evidence": evidence,
                "counts": index.counts(decisions), "log_size": len(log)}

    def page(self, query: Query | None = None) -> str:
        """The interactive review page for ``query`` (default: the first page of conflicts)."""
        query = query or Query()
        st = self.state(query)
        index, page = st["index"], st["page"]
        files = {d for i in page.items for d in doc_ids(i) if self.sources and self.source_file(d)}
        siblings = index.by_ids(s for i in page.items for s in i.siblings)
        newest = {i.item_id: key_newest(i, [siblings[s] for s in i.siblings if s in siblings]) for i in page.items}
        views = review_views(page.items, st["decisions"], st["evidence"], files, newest)
        groups, n_groups = index.groups(st["decisions"]) if query.status == "conflict" and page.page == 1 else ([], 0)
        # a group's members need only their keys here (a group may hold thousands of items)
        shown = [*page.items, *siblings.values(), *index.heads(i for g in groups for i in g.ids)]
        with using(self.registry_path) as reg:
            states = item_states(reg, shown)
        html_page = render_review(
            {
                "dataset": index.header.get("dataset", ""),
                "registry": display_name(self.registry_path),
                "token": self.token,
                "query": query,
                "page": page,
                "views": views,
                "groups": [group_view(g.first, g.ids, g.labels) for g in groups],
                "more_groups": max(0, n_groups - len(groups)),
                "counts": st["counts"],
                "predicates": index.predicates,
                "decidable": DECIDABLE,
                "links": page_links(query, page),
                "sorts": SORTS,
                "states": STATES,
            }
        )
        # the state each decision is made against (optimistic concurrency), read by review.js
        content = html.escape(json.dumps(states, sort_keys=True), quote=True)
        meta = f'<meta name="review-states" content="{content}">'
        return html_page.replace('<meta name="review-token"', meta + '\n<meta name="review-token"', 1)


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "pressextract-review"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if not self.server.quiet:
            super().log_message(format, *args)

    def _host_ok(self) -> bool:
        port = self.server.port
        allowed = {f"127.0.0.1:{port}", f"localhost:{port}"}
        if self.headers.get("Host", "") not in allowed:
            return False
        origin = self.headers.get("Origin")
        return origin is None or origin in {f"http://{h}" for h in allowed}

    def _send(self, status: int, body: bytes, content_type: str, attachment: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if attachment:
            self.send_header("Content-Disposition", f'attachment; filename="{attachment}"')
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP + "; frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(
            status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
        )

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        if not self._host_ok():
            self._json(HTTPStatus.FORBIDDEN, {"error": "wrong host"})
            return
        path, _sep, query_string = self.path.partition("?")
        params = parse_qs(query_string, keep_blank_values=True)
        try:
            if path in ("/", "/index.html", "/report.html"):
                page = self.server.page(Query.from_params(params))
                self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/api/items":
                self._json(HTTPStatus.OK, self._items(Query.from_params(params)))
            elif path == "/api/counts":
                self._json(HTTPStatus.OK, self._counts(Query.from_params(params)))
            elif path == "/api/decisions":
                self._decisions((params.get("format") or ["json"])[-1])
            elif path.startswith("/source/"):
                self._source(path[len("/source/") :])
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
        except QueryError as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except (OSError, RegistryError, ValueError) as exc:
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": str(exc)})

    def _items(self, query: Query) -> dict[str, Any]:
        st = self.server.state(query)
        page, decisions = st["page"], st["decisions"]
        return {
            "total": page.total,
            "page": page.page,
            "pages": page.pages,
            "per_page": page.per_page,
            "counts": st["counts"],
            "items": [
                {
                    **{k: v for k, v in item.to_dict().items() if k != "evidence"},
                    "evidence": [
                        {"doc_id": ev.doc_id, "sentence": ev.sentence, "highlights": ev.highlights}
                        for ev in item.evidence
                    ],
                    "decision": decisions.get(item.item_id),
                }
                for item in page.items
            ],
        }

    def _counts(self, query: Query) -> dict[str, Any]:
        st = self.server.state(replace(query, page=1, per_page=1))
        index, decisions = st["index"], st["decisions"]
        open_query = replace(query, state="open", page=1, per_page=1)
        return {
            "counts": st["counts"],
            "matching": st["page"].total,
            "matching_open": index.query(open_query, decisions).total,
            "decisions": st["log_size"],
        }

    def _decisions(self, fmt: str) -> None:
        with using(self.server.registry_path) as reg:
            log = reg.decisions()
        if fmt == "csv":
            body = decisions_csv(log).encode("utf-8")
            self._send(HTTPStatus.OK, body, "text/csv; charset=utf-8", "decisions.csv")
        elif fmt == "json":
            body = json.dumps({"decisions": log}, ensure_ascii=False, indent=1).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8",
                       "decisions.json" if "download" in self.path else "")
        else:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "format must be csv or json"})

    def _source(self, doc_id: str) -> None:
        path = self.server.source_file(unquote(doc_id))
        if path is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "source file not found (start review with --sources DIR)"})
            return
        self._send(HTTPStatus.OK, path.read_bytes(), "text/plain; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        if not self._host_ok():
            self._json(HTTPStatus.FORBIDDEN, {"error": "wrong host"})
            return
        if self.path not in ("/api/decide", "/api/undo"):
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        if not secrets.compare_digest(self.headers.get("X-Review-Token", ""), self.server.token):
            self._json(HTTPStatus.FORBIDDEN, {"error": "bad token"})
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "JSON expected"})
            return
        raw_length = self.headers.get("Content-Length") or ""
        if not raw_length.strip().isdigit():
            self.close_connection = True  # the body's end is unknown: do not read it
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"bad Content-Length {raw_length[:40]!r}"})
            return
        length = int(raw_length)
        if length <= 0 or length > MAX_BODY:
            self.close_connection = True
            self._json(HTTPStatus.BAD_REQUEST, {"error": "body missing or too large"})
            return
        try:
            data = _parse_body(self.rfile.read(length))
            if self.path == "/api/undo":
                self._undo(data)
                return
            ids = data["ids"]
            action = data["action"]
            note = str(data.get("note") or "")
            states = data.get("states")
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
                raise ValueError("ids must be a non-empty list of item ids")
            if states is not None and (not isinstance(states, dict)
                                       or not all(isinstance(v, (str, int)) for v in states.values())):
                raise ValueError("states must map item ids to states")
        except (ValueError, KeyError, TypeError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"bad request: {exc}"})
            return
        try:
            decisions = decide(ids, action, note, registry=self.server.registry_path, who=self.server.who,
                               states={k: str(v) for k, v in (states or {}).items()})
            with using(self.server.registry_path) as reg:  # the new state of the decided keys' items
                keys = {d["natural_key"] for d in decisions}
                new_states = {c["item_id"]: reg.key_state(k) for k in sorted(keys) for c in reg.candidates_for_key(k)}
        except StaleDecision as exc:
            self._json(HTTPStatus.CONFLICT, {"error": str(exc), "decisions": []})
            return
        except (ReviewError, RegistryError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc), "decisions": []})
            return
        self._json(HTTPStatus.OK, {"decisions": decisions, "states": new_states})

    def _undo(self, data: Any) -> None:
        decision_id = data.get("decision_id") if isinstance(data, dict) else None
        if not isinstance(decision_id, int) or isinstance(decision_id, bool):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "bad request: decision_id must be a number"})
            return
        try:
            result = undo(decision_id, registry=self.server.registry_path, who=self.server.who)
        except (ReviewError, RegistryError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
            return
        self._json(HTTPStatus.OK, result)


MAX_DEPTH = 32  # a decision body is two levels deep; anything far deeper is not one


def _parse_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a request body; ValueError for anything else (also for absurd nesting,
    refused before parsing, so a 100,000-deep body cannot exhaust the parser's recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
        elif byte in (0x5D, 0x7D):
            depth -= 1
    try:
        data = json.loads(body)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def make_server(
    registry: str | Path,
    diff_dir: str | Path,
    port: int = 0,
    who: str | None = None,
    quiet: bool = True,
    sources: list[str | Path] | tuple[str | Path, ...] = (),
) -> ReviewServer:
    """A review server bound to 127.0.0.1:``port`` (0 = any free port), not yet serving."""
    open_registry(registry).close()  # fail early on a missing registry
    if not (Path(diff_dir) / "diff.json").is_file():
        raise ReviewError(f"{diff_dir}: no diff.json (run `pressextract diff ... --out {diff_dir}` first)")
    for folder in sources:
        if not Path(folder).is_dir():
            raise ReviewError(f"{folder}: --sources must be a folder")
    return ReviewServer(registry, diff_dir, port=port, who=who, quiet=quiet, sources=sources)


def serve_in_thread(server: ReviewServer) -> threading.Thread:
    """Serve in a daemon thread (for tests and embedding); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="pressextract-review", daemon=True)
    thread.start()
    return thread


def serve(
    registry: str | Path,
    diff_dir: str | Path,
    port: int = 8765,
    who: str | None = None,
    sources: list[str | Path] | tuple[str | Path, ...] = (),
) -> None:
    """Serve the review page until interrupted (Ctrl-C)."""
    server = make_server(registry, diff_dir, port=port, who=who, quiet=False, sources=sources)
    print(f"pressextract review: {server.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

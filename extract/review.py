"""Deciding on diff items: :func:`resolve` (``pressextract resolve``) and the local review server.

Decisions go to the registry's append-only decision log. Accepting an item writes its value
into the registry fact of its natural key, with provenance (documents, evidence mentions,
source files, publication dates, who, when, the decision id) and rejects the other values of the
same key that the diff offered (note ``auto: …``), so a re-run shows only undecided items.
Rejecting logs the value as rejected for the key; the diff then lists it as ``rejected`` and
never raises it again. ``note`` logs a comment without deciding.

The review server (``pressextract review``) serves the interactive report of a diff folder on
``127.0.0.1`` only. It renders the page afresh from ``diff.json`` and the decision log on every
request. The page posts decisions to ``/api/decide`` with a per-server random token, and
requests whose ``Host`` is not the loopback address are refused (no DNS rebinding, no
cross-site posts).
"""

from __future__ import annotations

import html
import json
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff import DiffItem, read_diff
from extract.registry import EntityIn, Registry, RegistryError, default_who, display_name, open_registry, using
from extract.report import CSP, render_html

ACTIONS = ("accept", "reject", "note")
DECIDABLE = ("new", "conflict", "rejected")
MAX_BODY = 1_000_000


class ReviewError(Exception):
    """A decision cannot be made as asked (unknown item, wrong action, ...)."""


def _current_value(reg: Registry, natural_key: str) -> dict[str, str] | None:
    fact = reg.fact(natural_key)
    if fact is None:
        return None
    return fs.normalise_values(fact["predicate"], fs.fact_values(fact["predicate"], fact))


def _unique(values: list[str]) -> list[str]:
    return [v for i, v in enumerate(values) if v and v not in values[:i]]


def _provenance(item: DiffItem, who: str, decision_id: int) -> dict[str, Any]:
    return {
        "doc_ids": "|".join(d.doc_id for d in item.documents),
        "evidence": "|".join(m["mention_id"] for ev in item.evidence for m in ev.mentions),
        "confidence": item.confidence,
        "source": "|".join(_unique([d.source for d in item.documents])),
        "published": "|".join(_unique([d.published for d in item.documents])),
        "accepted_by": who,
        "decision_id": decision_id,
    }


class StaleDecision(ReviewError):
    """The registry changed for this key since the page (or caller) saw it; nothing was decided."""


def resolve(
    item_id: str,
    action: str,
    note: str = "",
    *,
    registry: str | Path | Registry,
    who: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Decide on a diff item (``accept``, ``reject`` or ``note``); returns the decisions logged.

    ``state`` is the key's state the decision was made against (:meth:`Registry.key_state`, sent
    by the review page); if the key was decided since, :class:`StaleDecision` is raised and nothing
    changes. Rejecting the value that an accept put into the registry reverts it: the value before
    that accept is restored (or the fact removed if there was none), logged as an ``accept`` with
    item id ``revert:<accept id>``. Raises :class:`ReviewError` for unknown items, items that
    cannot be decided (``confirmed``, ``unseen``) or unknown actions. Everything happens in one
    transaction (inside the caller's, if the registry is one in a transaction).
    """
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    who = (who or default_who()).strip() or "unknown"
    with using(registry) as reg:
        payload = reg.candidate(item_id)
        if payload is None:
            raise ReviewError(f"no diff item {item_id!r} in {reg.path}: run `pressextract diff` first")
        item = DiffItem.from_dict(payload)
        if item.status not in DECIDABLE:
            raise ReviewError(f"item {item_id} is {item.status}: nothing to decide")
        nkey = item.natural_key
        source = "|".join(_unique([d.source for d in item.documents]))
        ids: list[int] = []
        with reg.transaction():
            if state is not None and action != "note" and reg.key_state(nkey) != str(state):
                raise StaleDecision(
                    f"item {item_id}: the registry changed for this key since the page was loaded "
                    f"(decision #{reg.key_state(nkey)}); reload the page and decide again"
                )
            current = _current_value(reg, nkey)
            if action != "accept":
                ids.append(
                    reg.log_decision(item_id, nkey, action, current, item.new_value, who, note, source)
                )
                if action == "reject":
                    ids.extend(_revert(reg, nkey, item, current, who, ids[-1]))
            else:
                decision_id = reg.log_decision(
                    item_id, nkey, "accept", current, item.new_value, who, note, source
                )
                ids.append(decision_id)
                subject = EntityIn.from_dict(item.subject)
                reg.upsert_entity(item.subject["ref"], subject)
                object_ref = ""
                if item.object:
                    object_ref = item.object["ref"]
                    reg.upsert_entity(object_ref, EntityIn.from_dict(item.object))
                reg.upsert_fact(
                    nkey,
                    item.predicate,
                    item.subject["ref"],
                    object_ref,
                    item.new_value or {},
                    item.qualifiers,
                    _provenance(item, who, decision_id),
                )
                accepted = fs.format_value(item.predicate, item.new_value)
                for other in reg.candidates_for_key(nkey):
                    if other["item_id"] == item_id or other["status"] not in ("new", "conflict"):
                        continue
                    if fs.compatible(item.predicate, other["new_value"] or {}, item.new_value or {}):
                        continue
                    if reg.rejection(nkey, other["new_value"]):
                        continue
                    auto = f"auto: value {accepted} accepted in decision #{decision_id}"
                    ids.append(
                        reg.log_decision(
                            other["item_id"],
                            nkey,
                            "reject",
                            item.new_value,
                            other["new_value"],
                            who,
                            auto,
                            source,
                        )
                    )
        by_id = {d["decision_id"]: d for d in reg.decisions(natural_key=nkey)}
        return [by_id[i] for i in ids]


def _revert(
    reg: Registry, nkey: str, item: DiffItem, current: dict[str, str] | None, who: str, reject_id: int
) -> list[int]:
    """After a reject: if the registry holds the rejected value because of an accept, restore the
    value before that accept; returns the id of the logged restoring entry (none if nothing to undo)."""
    fact = reg.fact(nkey)
    if fact is None or current is None or not fact["decision_id"]:
        return []
    accepted = reg.decision(int(fact["decision_id"]))
    if accepted is None or accepted["action"] != "accept":
        return []
    if not fs.compatible(item.predicate, current, item.new_value or {}):
        return []  # the registry holds another value: nothing of this one to undo
    previous = json.loads(accepted["registry_value"])
    note = f"auto: revert of decision #{accepted['decision_id']} after reject #{reject_id}"
    entry = reg.log_decision(f"revert:{accepted['decision_id']}", nkey, "accept", current, previous, who, note,
                             f"revert of decision #{accepted['decision_id']}")
    if previous is None:
        reg.delete_fact(nkey)
    else:
        reg.upsert_fact(nkey, fact["predicate"], fact["subject_id"], fact["object_id"], previous,
                        json.loads(fact["qualifiers"] or "{}"),
                        {"source": f"revert of decision #{accepted['decision_id']}", "accepted_by": who,
                         "decision_id": entry})
    return [entry]


def decide(
    ids: list[str],
    action: str,
    note: str = "",
    *,
    registry: str | Path | Registry,
    who: str | None = None,
    states: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Decide several items at once, all or nothing: one transaction; any unknown, undecidable or
    stale item (``states``: item id -> state, see :func:`resolve`) raises and nothing is logged."""
    with using(registry) as reg, reg.transaction():
        decisions: list[dict[str, Any]] = []
        for item_id in ids:
            state = (states or {}).get(item_id)
            decisions += resolve(item_id, action, note, registry=reg, who=who, state=state)
        return decisions


def item_states(reg: Registry, items: list[DiffItem]) -> dict[str, str]:
    """The key state of every decidable item (what the review page sends back with a decision)."""
    by_key: dict[str, str] = {}
    out = {}
    for item in items:
        if item.status in DECIDABLE:
            if item.natural_key not in by_key:
                by_key[item.natural_key] = reg.key_state(item.natural_key)
            out[item.item_id] = by_key[item.natural_key]
    return out


def item_decisions(reg: Registry, items: list[DiffItem]) -> dict[str, dict[str, Any]]:
    """Latest accept/reject per decidable item id (items without a decision are left out)."""
    out = {}
    for item in items:
        if item.status in DECIDABLE:
            decision = reg.latest_decision(item.item_id)
            if decision:
                out[item.item_id] = decision
    return out


# ---------------------------------------------------------------------------------------------
# the review server


class ReviewServer(ThreadingHTTPServer):
    """HTTP server for one registry and one diff folder, bound to 127.0.0.1."""

    daemon_threads = True

    def __init__(
        self,
        registry: str | Path,
        diff_dir: str | Path,
        port: int = 0,
        who: str | None = None,
        quiet: bool = True,
    ):
        self.registry_path = str(registry)
        self.diff_dir = Path(diff_dir)
        self.who = who
        self.quiet = quiet
        self.token = secrets.token_urlsafe(24)
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://127.0.0.1:{self.port}/"

    def page(self) -> str:
        """The interactive report, rendered from diff.json and the current decision log."""
        header, items = read_diff(self.diff_dir)
        with using(self.registry_path) as reg:
            decisions = item_decisions(reg, items)
            states = item_states(reg, items)
        page = render_html(
            items,
            dataset=header.get("dataset", ""),
            registry=display_name(self.registry_path),
            interactive=True,
            token=self.token,
            decisions=decisions,
        )
        # the state each decision is made against (optimistic concurrency), for the page's script
        meta = f"<meta name=review-states content='{html.escape(json.dumps(states, sort_keys=True), quote=True)}'>"
        return page.replace("<meta name=review-token", meta + "<meta name=review-token", 1)


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

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
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
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html", "/report.html"):
            try:
                page = self.server.page()
            except (OSError, RegistryError, ValueError) as exc:
                self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": str(exc)})
                return
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/api/decisions":
            with using(self.server.registry_path) as reg:
                self._json(HTTPStatus.OK, {"decisions": reg.decisions()})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        if not self._host_ok():
            self._json(HTTPStatus.FORBIDDEN, {"error": "wrong host"})
            return
        if self.path != "/api/decide":
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
            with using(self.server.registry_path) as reg:
                _header, items = read_diff(self.server.diff_dir)
                new_states = item_states(reg, items)
        except StaleDecision as exc:
            self._json(HTTPStatus.CONFLICT, {"error": str(exc), "decisions": []})
            return
        except (ReviewError, RegistryError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc), "decisions": []})
            return
        except (OSError, ValueError) as exc:  # the diff folder went missing or bad after the decision
            self._json(HTTPStatus.OK, {"decisions": decisions, "warning": str(exc)})
            return
        self._json(HTTPStatus.OK, {"decisions": decisions, "states": new_states})


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
    registry: str | Path, diff_dir: str | Path, port: int = 0, who: str | None = None, quiet: bool = True
) -> ReviewServer:
    """A review server bound to 127.0.0.1:``port`` (0 = any free port), not yet serving."""
    open_registry(registry).close()  # fail early on a missing registry
    if not (Path(diff_dir) / "diff.json").is_file():
        raise ReviewError(f"{diff_dir}: no diff.json (run `pressextract diff ... --out {diff_dir}` first)")
    return ReviewServer(registry, diff_dir, port=port, who=who, quiet=quiet)


def serve_in_thread(server: ReviewServer) -> threading.Thread:
    """Serve in a daemon thread (for tests and embedding); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="pressextract-review", daemon=True)
    thread.start()
    return thread


def serve(registry: str | Path, diff_dir: str | Path, port: int = 8765, who: str | None = None) -> None:
    """Serve the review page until interrupted (Ctrl-C)."""
    server = make_server(registry, diff_dir, port=port, who=who, quiet=False)
    print(f"pressextract review: {server.url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

"""Decisions: the append-only log of accepts, rejects and notes, and the cache of decidable diff items."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    func,
    insert,
    select,
)

from extract.registry.schema import (
    _CANDIDATE_BY_ID,
    _CANDIDATE_KEY,
    _CANDIDATE_KEY_VALUES,
    _CANDIDATE_VALUES,
    _DECIDED,
    _LATEST_OF_ITEM,
    _LATEST_OF_VALUE,
    CANDIDATE_KEYS,
    CANDIDATES,
    DECISIONS,
    RegistryError,
    utc_now,
    value_json,
)

_BATCH = 1000  # rows per executemany of the candidates cache


class DecisionLog:
    """The decision log and the candidates cache; mixed into :class:`extract.registry.store.Registry`."""

    def log_decision(
        self,
        item_id: str,
        natural_key: str,
        action: str,
        registry_value: dict[str, str] | None,
        new_value: dict[str, str] | None,
        who: str,
        note: str = "",
        source: str = "",
    ) -> int:
        """Append a decision; returns its id. Call inside :meth:`transaction` to group with fact changes."""
        if action not in ("accept", "reject", "note"):
            raise RegistryError(f"unknown action {action!r}")
        with self._unit():
            result = self._run(
                insert(DECISIONS).values(
                    item_id=item_id,
                    natural_key=natural_key,
                    action=action,
                    registry_value=value_json(registry_value),
                    new_value=value_json(new_value),
                    who=who,
                    at=utc_now(),
                    note=note,
                    source=source,
                )
            )
            return int(result.inserted_primary_key[0])

    def decisions(self, natural_key: str | None = None, item_id: str | None = None) -> list[dict[str, Any]]:
        """The decision log (optionally for one key or item), oldest first."""
        query = select(DECISIONS)
        if natural_key is not None:
            query = query.where(DECISIONS.c.natural_key == natural_key)
        if item_id is not None:
            query = query.where(DECISIONS.c.item_id == item_id)
        return self._rows(query.order_by(DECISIONS.c.decision_id))

    def rejection(self, natural_key: str, new_value: dict[str, str]) -> dict[str, Any] | None:
        """The latest reject of this value for this key, unless a later accept of it overrode it."""
        row = self._row(_LATEST_OF_VALUE, {"natural_key": natural_key, "new_value": value_json(new_value)})
        return row if row and row["action"] == "reject" else None

    def rejections(self) -> dict[tuple[str, str], dict[str, Any]]:
        """:meth:`rejection` of every key and value at once, by (natural key, value JSON): one query
        instead of one per diff item."""
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self._rows(select(DECISIONS).where(_DECIDED).order_by(DECISIONS.c.decision_id)):
            latest[(row["natural_key"], row["new_value"])] = row
        return {k: row for k, row in latest.items() if row["action"] == "reject"}

    def key_state(self, natural_key: str) -> str:
        """The state a decision on this key is made against: the id of the key's latest accept or
        reject (``"0"`` if none). A decision naming an older state is stale (optimistic concurrency)."""
        row = self._row(
            select(func.max(DECISIONS.c.decision_id)).where(DECISIONS.c.natural_key == natural_key, _DECIDED)
        )
        latest = next(iter(row.values())) if row else None
        return str(latest or 0)

    def decision(self, decision_id: int) -> dict[str, Any] | None:
        """One decision by id."""
        return self._row(select(DECISIONS).where(DECISIONS.c.decision_id == decision_id))

    def latest_decision(self, item_id: str) -> dict[str, Any] | None:
        """The latest accept/reject of a diff item, if any."""
        return self._row(_LATEST_OF_ITEM, {"item_id": item_id})

    # -- candidates (cache of the latest diff)
    def save_candidates(
        self, items: Iterable[dict[str, Any]], dataset: str, key_items: dict[str, list[str]] | None = None
    ) -> None:
        """Remember decidable diff items (``item_id``, ``status``, ``natural_key`` + payload).

        What the items of one key share (``batch_values``; ``siblings``, which are the key's items in
        order without the item itself) is stored once per key in ``candidate_keys``. ``key_items``
        gives that order (every item of the key, decidable or not); without it, the siblings of the
        first saved item of the key are used.
        """
        now = utc_now()
        shared: dict[str, dict[str, Any]] = {}
        with self.transaction():
            self._ensure_candidate_keys()
            rows: list[dict[str, Any]] = []
            for item in items:  # an iterable: the dicts of a big diff are made and stored a batch at a time
                nkey = item["natural_key"]
                if nkey not in shared:
                    order = (key_items or {}).get(nkey) or [item["item_id"], *item.get("siblings", [])]
                    shared[nkey] = {"batch_values": item.get("batch_values", []), "items": order}
                payload = {k: v for k, v in item.items() if k not in ("batch_values", "siblings")}
                rows.append({"item_id": item["item_id"], "status": item["status"], "natural_key": nkey,
                             "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
                             "dataset": dataset, "created_at": now})
                if len(rows) == _BATCH:
                    self._upsert_many(CANDIDATES, CANDIDATES.c.item_id, _CANDIDATE_VALUES, rows)
                    rows = []
            self._upsert_many(CANDIDATES, CANDIDATES.c.item_id, _CANDIDATE_VALUES, rows)
            key_rows = [{"natural_key": nkey, "items": json.dumps(row["items"], ensure_ascii=False),
                         "batch_values": json.dumps(row["batch_values"], sort_keys=True, ensure_ascii=False),
                         "created_at": now} for nkey, row in shared.items()]
            self._upsert_many(CANDIDATE_KEYS, CANDIDATE_KEYS.c.natural_key, _CANDIDATE_KEY_VALUES, key_rows)

    def _upsert_many(self, table: Any, key: Any, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """INSERT … ON CONFLICT DO UPDATE of many rows: one statement, executed in batches of
        :data:`_BATCH` (a diff at 100k documents remembers some 200k items)."""
        stmt = self._insert(table)
        stmt = stmt.on_conflict_do_update(index_elements=[key], set_={c: stmt.excluded[c] for c in columns})
        for start in range(0, len(rows), _BATCH):
            self._run(stmt, rows[start : start + _BATCH])  # type: ignore[arg-type]

    def _ensure_candidate_keys(self) -> None:
        """Registries made before ``candidate_keys`` existed get the table on their first diff."""
        if "candidate_keys" not in self.table_names():
            CANDIDATE_KEYS.create(self.connection, checkfirst=True)

    def _with_key(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A stored payload with its key's batch values and siblings put back (older registries
        stored them in every payload; those are returned as they are)."""
        if "batch_values" in payload:
            return payload
        row = self._row(_CANDIDATE_KEY, {"natural_key": payload["natural_key"]})
        if row is None:
            return {**payload, "batch_values": [], "siblings": []}
        order = json.loads(row["items"])
        return {
            **payload,
            "batch_values": json.loads(row["batch_values"]),
            "siblings": [i for i in order if i != payload["item_id"]],
        }

    def candidate(self, item_id: str) -> dict[str, Any] | None:
        """A remembered diff item by id (payload decoded)."""
        row = self._row(_CANDIDATE_BY_ID, {"item_id": item_id})
        return self._with_key(json.loads(row["payload"])) if row else None

    def candidates_for_key(self, natural_key: str) -> list[dict[str, Any]]:
        """All remembered diff items of one natural key."""
        rows = self._rows(
            select(CANDIDATES.c.payload)
            .where(CANDIDATES.c.natural_key == natural_key)
            .order_by(CANDIDATES.c.item_id)
        )
        return [self._with_key(json.loads(r["payload"])) for r in rows]


"""Deciding on diff items: :func:`resolve` (``pressextract resolve``), :func:`decide` and :func:`undo`.

Decisions go to the registry's append-only decision log. Accepting an item writes its value
into the registry fact of its natural key, with provenance (documents, evidence mentions,
source files, publication dates, who, when, the decision id) and rejects the other values of the
same key that the diff offered (note ``auto: …``), so a re-run shows only undecided items.
Rejecting logs the value as rejected for the key; the diff then lists it as ``rejected`` and
never raises it again. ``note`` logs a comment without deciding. The local review server that
posts these decisions is :mod:`extract.review_server`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff_items import DiffItem
from extract.registry import EntityIn, Registry, default_who, using
from extract.review_index import ItemHead, latest_decisions

ACTIONS = ("accept", "reject", "note")
DECIDABLE = ("new", "conflict", "rejected")


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


def item_states(reg: Registry, items: list[DiffItem | ItemHead]) -> dict[str, str]:
    """The key state of every decidable item (what the review page sends back with a decision);
    an item needs only its id, status and natural key (an :class:`ItemHead` of the index will do)."""
    by_key: dict[str, str] = {}
    out = {}
    for item in items:
        if item.status in DECIDABLE:
            if item.natural_key not in by_key:
                by_key[item.natural_key] = reg.key_state(item.natural_key)
            out[item.item_id] = by_key[item.natural_key]
    return out


def undo(decision_id: int, *, registry: str | Path | Registry, who: str | None = None) -> dict[str, Any]:
    """Take back an accept that is still in force: the item is rejected (note ``undo of #N``), and the
    registry's revert of a rejected accept (:func:`resolve` with ``reject``) gives the key its value
    from before the accept again, logged as a decision of its own. One transaction: if the registry
    still holds the accepted value afterwards (a registry without that revert), nothing is logged.

    Returns ``decisions`` (the decisions in force that changed for the key's items), ``reopened``
    (items decided before and open now) and ``logged`` (the ids of the entries written). Raises
    :class:`ReviewError` for an unknown decision, a note or reject, or an accept no longer in force.
    """
    with using(registry) as reg, reg.transaction():
        log = reg.decisions()
        target = next((d for d in log if d["decision_id"] == decision_id), None)
        if target is None:
            raise ReviewError(f"no decision #{decision_id} in {reg.path}")
        if target["action"] != "accept":
            raise ReviewError(
                f"decision #{decision_id} is a {target['action']}: only an accept can be undone "
                "(a rejected value can still be accepted)"
            )
        before = latest_decisions(log)
        in_force = before.get(target["item_id"])
        if in_force is None or in_force["decision_id"] != decision_id:
            later = f" (decision #{in_force['decision_id']} came later)" if in_force else ""
            raise ReviewError(f"decision #{decision_id} is no longer in force{later}")
        logged = resolve(target["item_id"], "reject", f"undo of #{decision_id}", registry=reg, who=who)
        fact = reg.fact(target["natural_key"])
        if fact is not None and str(fact.get("decision_id") or "") == str(decision_id):
            raise ReviewError(
                f"this registry cannot revert decision #{decision_id} (no revert on reject): nothing changed"
            )
        after = latest_decisions(reg.decisions())
        key_items = {target["item_id"], *(c["item_id"] for c in reg.candidates_for_key(target["natural_key"]))}
    return {
        "logged": [d["decision_id"] for d in logged],
        "reopened": sorted(i for i in key_items if i in before and i not in after),
        "decisions": [after[i] for i in sorted(key_items) if i in after and before.get(i) != after[i]],
    }


def item_decisions(reg: Registry, items: list[DiffItem]) -> dict[str, dict[str, Any]]:
    """Decision in force per decidable item id (items without one are left out)."""
    latest = latest_decisions(reg.decisions())
    return {i.item_id: latest[i.item_id] for i in items if i.status in DECIDABLE and i.item_id in latest}

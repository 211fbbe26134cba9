"""Registry tables (SQLAlchemy Core, same on SQLite and PostgreSQL), prepared lookups, errors and small helpers."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    select,
)
from sqlalchemy import text as sql_text

from extract import facts_schema as fs

SCHEMA_VERSION = "1"

REGISTRY_EXTRA_COLUMNS = (
    "subject_type",
    "subject_canonical",
    "subject_key",
    "object_type",
    "object_canonical",
    "object_key",
    "source",
    "published",
    "accepted_at",
    "accepted_by",
    "natural_key",
)
REGISTRY_COLUMNS = fs.FACT_COLUMNS + REGISTRY_EXTRA_COLUMNS

# Text sorts and compares by code point on both backends: SQLite's default, and collation "C" in
# PostgreSQL, whose database collation (en_US, de_DE, ...) would otherwise reorder facts and exports.
_TEXT = Text().with_variant(Text(collation="C"), "postgresql")
_METADATA = MetaData()


def _text(name: str, default: str | None = "", **kwargs: Any) -> Column:
    """A NOT NULL text column, with ``DEFAULT default`` unless ``default`` is None."""
    server_default = None if default is None else sql_text(f"'{default}'")
    return Column(name, _TEXT, nullable=False, server_default=server_default, **kwargs)


META = Table("meta", _METADATA, Column("name", _TEXT, primary_key=True), _text("value", None))
ENTITIES = Table(
    "entities",
    _METADATA,
    Column("entity_id", _TEXT, primary_key=True),
    _text("type", None),
    _text("canonical", None),
    _text("key"),
    _text("kind"),
    _text("state"),
    _text("aliases"),
)
FACTS = Table(
    "facts",
    _METADATA,
    Column("fact_id", _TEXT, primary_key=True),
    _text("natural_key", None, unique=True),
    Column("subject_id", _TEXT, ForeignKey("entities.entity_id"), nullable=False),
    _text("predicate", None),
    _text("object_id"),
    *(_text(c) for c in fs.VALUE_COLUMNS),
    _text("qualifiers", "{}"),
    _text("doc_ids"),
    _text("evidence"),
    _text("confidence"),
    _text("source"),
    _text("published"),
    _text("accepted_at", None),
    _text("accepted_by"),
    Column("decision_id", Integer),
)
DECISIONS = Table(
    "decisions",
    _METADATA,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    _text("item_id", None),
    _text("natural_key", None),
    _text("action", None),
    _text("registry_value", None),
    _text("new_value", None),
    _text("who", None),
    _text("at", None),
    _text("note"),
    _text("source"),
    CheckConstraint("action IN ('accept', 'reject', 'note')"),
    Index("decisions_key", "natural_key"),
    Index("decisions_item", "item_id"),
    sqlite_autoincrement=True,  # ids are never reused
)
CANDIDATES = Table(
    "candidates",
    _METADATA,
    Column("item_id", _TEXT, primary_key=True),
    _text("status", None),
    _text("natural_key", None),
    _text("payload", None),
    _text("dataset"),
    _text("created_at", None),
    Index("candidates_key", "natural_key"),
)
_CANDIDATE_VALUES = ("status", "natural_key", "payload", "dataset", "created_at")
# what the candidates of one natural key share, stored once per key (so the cache grows linearly
# however many values a key has): its batch values and the order of its items (their siblings)
CANDIDATE_KEYS = Table(
    "candidate_keys",
    _METADATA,
    Column("natural_key", _TEXT, primary_key=True),
    _text("batch_values", None),
    _text("items", None),
    _text("created_at", None),
)
_CANDIDATE_KEY_VALUES = ("batch_values", "items", "created_at")

# the lookups diff and resolve make per fact, built once (saves half of SQLAlchemy's per-call work)
_ENTITY_BY_ID = select(ENTITIES).where(ENTITIES.c.entity_id == bindparam("entity_id"))
_FACT_BY_KEY = select(FACTS).where(FACTS.c.natural_key == bindparam("natural_key"))
_CANDIDATE_BY_ID = select(CANDIDATES.c.payload).where(CANDIDATES.c.item_id == bindparam("item_id"))
_CANDIDATE_KEY = select(CANDIDATE_KEYS).where(CANDIDATE_KEYS.c.natural_key == bindparam("natural_key"))
_DECIDED = DECISIONS.c.action.in_(("accept", "reject"))
_LATEST_OF_VALUE = (
    select(DECISIONS)
    .where(
        DECISIONS.c.natural_key == bindparam("natural_key"), DECISIONS.c.new_value == bindparam("new_value"), _DECIDED
    )
    .order_by(DECISIONS.c.decision_id.desc())
    .limit(1)
)
_LATEST_OF_ITEM = (
    select(DECISIONS)
    .where(DECISIONS.c.item_id == bindparam("item_id"), _DECIDED)
    .order_by(DECISIONS.c.decision_id.desc())
    .limit(1)
)

# The decision log is append-only: the database itself refuses UPDATE and DELETE (and TRUNCATE).
_APPEND_ONLY = "the decision log is append-only"
_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS decisions_no_{op.lower()} BEFORE {op} ON decisions"
    f" BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
    for op in ("UPDATE", "DELETE")
]
_PG_APPEND_ONLY_FUNCTION = (
    "CREATE OR REPLACE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql"
    f" AS $$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$"
)
_PG_TRIGGERS = {
    f"decisions_no_{op.lower()}": f"CREATE TRIGGER decisions_no_{op.lower()} BEFORE {op} ON decisions"
    f" FOR EACH {level} EXECUTE FUNCTION decisions_append_only()"
    for op, level in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT"))
}


class RegistryError(Exception):
    """The registry cannot be opened or used as asked."""


class RegistryImportError(RegistryError):
    """A registry CSV has malformed rows; nothing was imported. ``errors`` holds (line, message)."""

    def __init__(self, path: str, errors: list[tuple[int, str]]):
        self.path = path
        self.errors = errors
        lines = "\n".join(f"  line {line}: {msg}" for line, msg in errors)
        super().__init__(f"{path}: {len(errors)} problem(s), nothing imported:\n{lines}")


def utc_now() -> str:
    """Current UTC time as ISO 8601 with seconds and a ``Z``: ``2024-05-01T09:30:00Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def default_who() -> str:
    """Who is deciding: ``$PRESSEXTRACT_USER``, else the login name."""
    who = os.environ.get("PRESSEXTRACT_USER", "").strip()
    if who:
        return who
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def value_json(values: dict[str, str] | None) -> str:
    """Canonical JSON of a normalised value (``null`` for none); what decisions store and compare."""
    if values is None:
        return "null"
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fact_id_for(natural_key: str) -> str:
    """Stable registry fact id of a natural key."""
    return "F" + hashlib.sha1(natural_key.encode("utf-8")).hexdigest()[:12]


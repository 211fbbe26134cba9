"""The analysts' fact registry: accepted facts with provenance, their entities, and a decision log.

Storage is an embedded SQLite file (a path, or a ``sqlite:///path`` URL) or a PostgreSQL database (a
SQLAlchemy URL such as ``postgresql+psycopg://user@host:5432/dbname``; ``postgresql://`` means the
same, and the driver comes with ``pip install 'pressextract[postgres]'``). Both go through one
SQLAlchemy Core code path with the same tables and behaviour; a password in a URL is masked wherever
the registry is named (:func:`display_name`).

Tables
------
``entities``   entity_id (a stable reference, :func:`extract.facts_schema.entity_ref` at creation),
               type, canonical, key (AGS / official key), kind, state, aliases (``|``-separated).
``facts``      one accepted fact per natural key (:mod:`extract.facts_schema`): fact_id
               (``F`` + 12 hex of sha1(natural key)), the facts.csv value columns, qualifiers (JSON),
               provenance: doc_ids, evidence, source (source files or import file), published
               (publication dates of the source documents), accepted_at (UTC ISO), accepted_by,
               decision_id (the accepting decision, if any).
``decisions``  append-only log (UPDATE/DELETE/TRUNCATE are refused by triggers): decision_id, item_id
               (the diff row decided on), natural_key, action (``accept``, ``reject`` or ``note``),
               registry_value and new_value (normalised value JSON, ``null`` if none), who, at
               (UTC ISO), note, source (documents the new value came from).
``candidates`` the new/conflict items of the latest ``diff`` runs, so ``resolve ID`` needs only the
               registry; a cache, rewritten by every diff.

Registry CSV (import/export)
----------------------------
The facts.csv columns (DATASET.md) followed by readable entity columns, so a registry can be
kept as a spreadsheet::

    fact_id, subject_id, predicate, object_id, value, unit, period, valid_from, valid_to,
    qualifiers, doc_ids, evidence, confidence,
    subject_type, subject_canonical, subject_key, object_type, object_canonical, object_key,
    source, published, accepted_at, accepted_by, natural_key

On import only ``predicate`` and a way to identify the subject are required. An entity is taken
from ``<side>_canonical`` (+ ``<side>_type``, defaulting to the predicate's only subject/object
type, + ``<side>_key``) when given; otherwise ``<side>_id`` is looked up among the registry's
entity ids and then in an ``entities.csv`` (``entities_csv=``, or the ``entities.csv`` beside the
imported file), so a pipeline's facts.csv can be imported as it is. ``fact_id`` and
``natural_key`` are ignored (recomputed). Comma, semicolon or tab separated; a UTF-8 BOM is fine.
A file with any malformed row imports nothing; the error lists every bad line.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    CheckConstraint,
    Column,
    Connection,
    CursorResult,
    Engine,
    Executable,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    insert,
    inspect,
    make_url,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from extract import facts_schema as fs
from extract.redact import mask_secrets

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

# the lookups diff and resolve make per fact, built once (saves half of SQLAlchemy's per-call work)
_ENTITY_BY_ID = select(ENTITIES).where(ENTITIES.c.entity_id == bindparam("entity_id"))
_FACT_BY_KEY = select(FACTS).where(FACTS.c.natural_key == bindparam("natural_key"))
_CANDIDATE_BY_ID = select(CANDIDATES.c.payload).where(CANDIDATES.c.item_id == bindparam("item_id"))
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


# ---------------------------------------------------------------------------------------------
# entities and their resolution


@dataclass
class EntityIn:
    """An entity as described by a CSV row or a dataset's entities.csv (before resolution)."""

    type: str
    canonical: str
    key: str = ""
    kind: str = ""
    state: str = ""
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "type": self.type,
            "canonical": self.canonical,
            "key": self.key,
            "kind": self.kind,
            "state": self.state,
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityIn:
        """Inverse of :meth:`as_dict`."""
        return cls(
            data.get("type", ""),
            data.get("canonical", ""),
            data.get("key", ""),
            data.get("kind", ""),
            data.get("state", ""),
            tuple(data.get("aliases") or ()),
        )

    @classmethod
    def from_entities_row(cls, row: dict[str, str]) -> EntityIn:
        """From a row of a dataset's entities.csv."""
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        return cls(
            (row.get("type") or "").strip(),
            (row.get("canonical") or "").strip(),
            (row.get("key") or "").strip(),
            row.get("kind") or "",
            row.get("state") or "",
            aliases,
        )


class EntityIndex:
    """Finds the registry reference of an entity by key, canonical name or alias (see facts_schema)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = ()):
        self.by_key: dict[tuple[str, str], str] = {}
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.keyless: set[str] = set()
        self.canonical: dict[str, str] = {}
        for row in rows:
            aliases = row.get("aliases") or ""
            if isinstance(aliases, str):
                aliases = [a for a in aliases.split("|") if a]
            self.add(row["entity_id"], row["type"], row["canonical"], row.get("key") or "", aliases)

    def add(
        self, entity_id: str, etype: str, canonical: str, key: str = "", aliases: Iterable[str] = ()
    ) -> None:
        """Make an entity findable."""
        self.canonical[entity_id] = canonical
        if key:
            self.by_key.setdefault((etype, key), entity_id)
        else:
            self.keyless.add(entity_id)
        for name in (canonical, *aliases):
            norm = fs.normalise_name(name)
            if norm:
                self.by_name.setdefault((etype, norm), set()).add(entity_id)
                self.by_name.setdefault(("*", norm), set()).add(entity_id)

    def resolve(self, etype: str, canonical: str, key: str = "") -> str:
        """The entity id of a known entity, else the reference a new one would get."""
        norm = fs.normalise_name(canonical)
        if key:
            found = self.by_key.get((etype, key))
            if found:
                return found
            same_name = sorted(i for i in self.by_name.get((etype, norm), ()) if i in self.keyless)
            if len(same_name) == 1:
                return same_name[0]
            return fs.entity_ref(etype, canonical, key)
        same_name = sorted(self.by_name.get((etype, norm), ()))
        if len(same_name) == 1:
            return same_name[0]
        return fs.entity_ref(etype, canonical, key)

    def name_of(self, text: str) -> str:
        """Canonical name of the entity (any type) named ``text``, if exactly one; else ``text``."""
        found = sorted(self.by_name.get(("*", fs.normalise_name(text)), ()))
        if len(found) == 1:
            return self.canonical[found[0]]
        return text


# ---------------------------------------------------------------------------------------------
# the registry

_BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_BEGIN_SQL = "pressextract_begin"  # Connection.info key: how the next SQLite transaction begins


def display_name(target: str | Path | Registry) -> str:
    """How a registry is named in messages and reports: its path, or its URL with the password masked."""
    if isinstance(target, Registry):
        return target.path
    text = str(target)
    if "://" not in text:
        return text
    try:
        return mask_secrets(make_url(_quote_userinfo(text)).render_as_string(hide_password=True))
    except ArgumentError:
        return mask_secrets(text)


def _quote_userinfo(text: str) -> str:
    """An unencoded "@" in a URL's password percent-encoded, so the host is what follows the last "@"."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\s]*)@", text)
    if not match or "@" not in match.group(2):
        return text
    return match.group(1) + match.group(2).replace("@", "%40") + text[match.end(2):]


def _registry_url(target: str | Path) -> URL:
    """The SQLAlchemy URL of a registry path or URL; PostgreSQL without a driver means psycopg (3)."""
    text = str(target)
    if "://" not in text:
        return URL.create("sqlite", database=text)
    try:
        url = make_url(_quote_userinfo(text))
    except ArgumentError as exc:
        raise RegistryError(f"{display_name(text)}: not a database URL ({exc})") from exc
    if url.get_backend_name() == "postgres":  # libpq's spelling
        url = url.set(drivername="postgresql" + url.drivername[len("postgres") :])
    backend = url.get_backend_name()
    if backend == "postgresql" and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    elif backend not in _BACKENDS:
        raise RegistryError(
            f"{display_name(text)}: a registry is a SQLite file or a PostgreSQL URL, not {backend}"
        )
    return url


def _db_message(exc: BaseException) -> str:
    """The driver's own message on one line, without SQLAlchemy's SQL echo and links."""
    return " ".join(str(getattr(exc, "orig", None) or exc).split())


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # the sqlite3 module's implicit transactions would be invisible to SQLAlchemy: switch them off
    # and begin explicitly (_sqlite_on_begin), as SQLAlchemy's pysqlite documentation recommends
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_on_begin(conn: Connection) -> None:
    # only Registry.transaction() begins; other statements autocommit one by one, as with sqlite3 alone
    begin = conn.info.get(_BEGIN_SQL)
    if begin:
        conn.exec_driver_sql(begin)


def _engine(target: str | Path, url: URL) -> Engine:
    backend = url.get_backend_name()
    connect_args: dict[str, Any] = {}
    if backend == "sqlite":
        connect_args = {"timeout": 30, "check_same_thread": False}
    elif url.get_driver_name() in ("psycopg", "psycopg2") and "connect_timeout" not in url.query:
        connect_args = {"connect_timeout": 10}
    try:
        # NullPool: a registry holds one connection while open, and closing it really closes it
        engine = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    except (ImportError, NoSuchModuleError) as exc:
        raise RegistryError(
            f"{display_name(target)}: the {url.get_driver_name()} driver for {_BACKENDS[backend]} is missing"
            f" ({exc}); psycopg comes with: pip install 'pressextract[postgres]'"
        ) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


class Registry:
    """An open registry (SQLite or PostgreSQL). Use :func:`init_registry` or :func:`open_registry` to get one.

    Outside :meth:`transaction` every call is its own short transaction (autocommit).
    """

    def __init__(self, path: str | Path, conn: Connection):
        self.path = display_name(path)
        self.connection = conn
        self.dialect: str = conn.dialect.name
        self._in_transaction = False

    @property
    def conn(self) -> Any:
        """The driver's own connection (``sqlite3.Connection``, in autocommit mode, or psycopg's)."""
        return self.connection.connection.dbapi_connection

    # -- lifecycle
    def close(self) -> None:
        """Close the connection."""
        engine = self.connection.engine
        self.connection.close()
        engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work: everything or nothing, and one writer at a time."""
        with self._transaction(lock=True) as conn:
            yield conn

    @contextmanager
    def _transaction(self, lock: bool) -> Iterator[Connection]:
        if self._in_transaction:  # nested: part of the outer unit
            yield self.connection
            return
        # SQLite: take the write lock up front, so two writers never deadlock upgrading a read lock
        self.connection.info[_BEGIN_SQL] = "BEGIN IMMEDIATE"
        try:
            with self.connection.begin():
                self.connection.info.pop(_BEGIN_SQL, None)
                self._in_transaction = True
                if lock and self.dialect == "postgresql":
                    # the same one-writer rule; plain reads (ACCESS SHARE) are not blocked
                    self._run(sql_text("LOCK TABLE meta IN SHARE ROW EXCLUSIVE MODE"))
                yield self.connection
        except DBAPIError as exc:  # from the block's own SQL, or from COMMIT
            raise RegistryError(f"{self.path}: {_db_message(exc)}") from exc
        finally:
            self.connection.info.pop(_BEGIN_SQL, None)
            self._in_transaction = False

    @contextmanager
    def _unit(self) -> Iterator[Connection]:
        """The open transaction, else one of its own (SQLite: each statement autocommits)."""
        if self._in_transaction:
            yield self.connection
            return
        try:
            with self.connection.begin():
                yield self.connection
        except DBAPIError as exc:
            raise RegistryError(f"{self.path}: {_db_message(exc)}") from exc

    def _run(self, statement: Executable, params: dict[str, Any] | None = None) -> CursorResult:
        try:
            return self.connection.execute(statement, params or {})
        except DBAPIError as exc:
            raise RegistryError(f"{self.path}: {_db_message(exc)}") from exc

    def _rows(self, statement: Executable, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._unit():
            return [dict(r) for r in self._run(statement, params).mappings()]

    def _row(self, statement: Executable, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self._rows(statement, params)
        return rows[0] if rows else None

    def _write(self, statement: Executable) -> CursorResult:
        with self._unit():
            return self._run(statement)

    def _insert(self, table: Table) -> Any:
        """INSERT that can say ON CONFLICT (same syntax in SQLite >= 3.24 and PostgreSQL)."""
        return (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one SQL statement with ``:name`` parameters (maintenance, tests); its rows, if any."""
        with self._unit():
            result = self._run(sql_text(sql), params)
            return [dict(r) for r in result.mappings()] if result.returns_rows else []

    def table_names(self) -> set[str]:
        """The tables of the registry's database (schema)."""
        with self._unit() as conn:
            return set(inspect(conn).get_table_names())

    def _create_schema(self) -> None:
        with self._transaction(lock=False) as conn:  # meta may not exist yet
            _METADATA.create_all(conn, checkfirst=True)
            if self.dialect == "postgresql":
                conn.execute(sql_text(_PG_APPEND_ONLY_FUNCTION))
                have = set(
                    conn.execute(
                        sql_text("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('decisions')")
                    ).scalars()
                )
                for name, ddl in _PG_TRIGGERS.items():
                    if name not in have:
                        conn.execute(sql_text(ddl))
            else:
                for ddl in _SQLITE_TRIGGERS:
                    conn.execute(sql_text(ddl))
            for name, value in (("schema_version", SCHEMA_VERSION), ("created_at", utc_now())):
                conn.execute(self._insert(META).values(name=name, value=value).on_conflict_do_nothing())

    def _schema_version(self) -> str | None:
        """The stored schema version; None if there is no registry here."""
        with self.connection.begin():
            if not inspect(self.connection).has_table("meta"):
                return None
            version = self.connection.execute(select(META.c.value).where(META.c.name == "schema_version"))
            return version.scalar()

    # -- entities
    def entities(self) -> list[dict[str, Any]]:
        """All entities, sorted by id."""
        return self._rows(select(ENTITIES).order_by(ENTITIES.c.entity_id))

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity by id."""
        return self._row(_ENTITY_BY_ID, {"entity_id": entity_id})

    def entity_index(self) -> EntityIndex:
        """An index over the current entities."""
        return EntityIndex(self.entities())

    def upsert_entity(self, entity_id: str, ent: EntityIn) -> None:
        """Insert an entity, or fill in what an existing one lacks (key, kind, state) and add aliases."""
        old = self.entity(entity_id)
        if old is None:
            self._write(
                insert(ENTITIES).values(
                    entity_id=entity_id,
                    type=ent.type,
                    canonical=ent.canonical,
                    key=ent.key,
                    kind=ent.kind,
                    state=ent.state,
                    aliases="|".join(sorted(set(ent.aliases))),
                )
            )
            return
        aliases = set(a for a in old["aliases"].split("|") if a) | set(ent.aliases)
        if ent.canonical and ent.canonical != old["canonical"]:
            aliases.add(ent.canonical)
        aliases.discard(old["canonical"])
        self._write(
            update(ENTITIES)
            .where(ENTITIES.c.entity_id == entity_id)
            .values(
                key=old["key"] or ent.key,
                kind=old["kind"] or ent.kind,
                state=old["state"] or ent.state,
                aliases="|".join(sorted(aliases)),
            )
        )

    # -- facts
    def facts(self) -> list[dict[str, Any]]:
        """All facts, sorted by natural key."""
        return self._rows(select(FACTS).order_by(FACTS.c.natural_key))

    def fact(self, natural_key: str) -> dict[str, Any] | None:
        """The fact with this natural key, if any."""
        return self._row(_FACT_BY_KEY, {"natural_key": natural_key})

    def upsert_fact(
        self,
        natural_key: str,
        predicate: str,
        subject_id: str,
        object_id: str,
        values: dict[str, str],
        qualifiers: dict[str, Any],
        provenance: dict[str, str],
    ) -> str:
        """Insert or replace the fact of a natural key; returns ``inserted``, ``updated`` or ``unchanged``."""
        cols = {c: values.get(c, "") for c in fs.VALUE_COLUMNS}
        row = {
            "fact_id": fact_id_for(natural_key),
            "natural_key": natural_key,
            "subject_id": subject_id,
            "predicate": predicate,
            "object_id": object_id,
            **cols,
            "qualifiers": json.dumps(qualifiers, sort_keys=True, ensure_ascii=False),
            "doc_ids": provenance.get("doc_ids", ""),
            "evidence": provenance.get("evidence", ""),
            "confidence": provenance.get("confidence", ""),
            "source": provenance.get("source", ""),
            "published": provenance.get("published", ""),
            "accepted_at": provenance.get("accepted_at") or utc_now(),
            "accepted_by": provenance.get("accepted_by", ""),
            "decision_id": provenance.get("decision_id") or None,
        }
        old = self.fact(natural_key)
        if old is not None:
            same = all(
                str(old[k] if old[k] is not None else "") == str(v if v is not None else "")
                for k, v in row.items()
                if k not in ("accepted_at",)
            )
            if same:
                return "unchanged"
        stmt = self._insert(FACTS).values(**row)
        self._write(
            stmt.on_conflict_do_update(
                index_elements=[FACTS.c.natural_key],
                set_={k: stmt.excluded[k] for k in row if k != "natural_key"},
            )
        )
        return "inserted" if old is None else "updated"

    # -- decisions
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

    def latest_decision(self, item_id: str) -> dict[str, Any] | None:
        """The latest accept/reject of a diff item, if any."""
        return self._row(_LATEST_OF_ITEM, {"item_id": item_id})

    # -- candidates (cache of the latest diff)
    def save_candidates(self, items: list[dict[str, Any]], dataset: str) -> None:
        """Remember decidable diff items (``item_id``, ``status``, ``natural_key`` + payload)."""
        now = utc_now()
        with self.transaction():
            for item in items:
                stmt = self._insert(CANDIDATES).values(
                    item_id=item["item_id"],
                    status=item["status"],
                    natural_key=item["natural_key"],
                    payload=json.dumps(item, sort_keys=True, ensure_ascii=False),
                    dataset=dataset,
                    created_at=now,
                )
                self._run(
                    stmt.on_conflict_do_update(
                        index_elements=[CANDIDATES.c.item_id],
                        set_={c: stmt.excluded[c] for c in _CANDIDATE_VALUES},
                    )
                )

    def candidate(self, item_id: str) -> dict[str, Any] | None:
        """A remembered diff item by id (payload decoded)."""
        row = self._row(_CANDIDATE_BY_ID, {"item_id": item_id})
        return json.loads(row["payload"]) if row else None

    def candidates_for_key(self, natural_key: str) -> list[dict[str, Any]]:
        """All remembered diff items of one natural key."""
        rows = self._rows(
            select(CANDIDATES.c.payload)
            .where(CANDIDATES.c.natural_key == natural_key)
            .order_by(CANDIDATES.c.item_id)
        )
        return [json.loads(r["payload"]) for r in rows]


def _connect(target: str | Path, url: URL) -> Registry:
    engine = _engine(target, url)
    try:
        conn = engine.connect()
    except SQLAlchemyError as exc:
        engine.dispose()
        raise RegistryError(
            f"{display_name(target)}: cannot connect to the {_BACKENDS[url.get_backend_name()]} registry"
            f" ({_db_message(exc)})"
        ) from exc
    return Registry(target, conn)


def init_registry(path: str | Path) -> Registry:
    """Create (or upgrade in place) a registry at ``path`` (file or URL) and return it open; idempotent.

    A PostgreSQL database must exist already; the tables are created in its current schema.
    """
    url = _registry_url(path)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    reg = _connect(path, url)
    try:
        reg._create_schema()
    except BaseException:
        reg.close()
        raise
    return reg


def open_registry(target: str | Path | Registry) -> Registry:
    """Open an existing registry (a path or URL); a :class:`Registry` is returned as is."""
    if isinstance(target, Registry):
        return target
    name = display_name(target)
    url = _registry_url(target)
    sqlite = url.get_backend_name() == "sqlite"
    missing = f"{name}: no registry there; create one with `pressextract registry init {name}`"
    if sqlite and not (url.database and Path(url.database).is_file()):
        raise RegistryError(missing)
    reg = _connect(target, url)
    try:
        version = reg._schema_version()
    except SQLAlchemyError as exc:
        reg.close()
        raise RegistryError(f"{name}: not a pressextract registry ({_db_message(exc)})") from exc
    if version is None:
        reg.close()
        raise RegistryError(f"{name}: not a pressextract registry (no meta table)" if sqlite else missing)
    if version != SCHEMA_VERSION:
        reg.close()
        raise RegistryError(f"{name}: unsupported registry schema version")
    return reg


@contextmanager
def using(target: str | Path | Registry) -> Iterator[Registry]:
    """Open a registry for the block; closes it afterwards only if it was opened here."""
    reg = open_registry(target)
    try:
        yield reg
    finally:
        if reg is not target:
            reg.close()


# ---------------------------------------------------------------------------------------------
# CSV import / export


@dataclass
class ImportResult:
    """What an import did."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    entities: int = 0
    keys: list[str] = field(default_factory=list)


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvFormatError(ValueError):
    """A CSV file cannot be read at all (not UTF-8, broken quoting); ``line`` says where."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")


def read_csv_rows(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV (UTF-8, optional BOM, comma/semicolon/tab): header and (first line number, row) pairs.

    Raises :class:`CsvFormatError` when the file is not UTF-8 or not parseable as CSV.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(line, "not UTF-8 text (save the spreadsheet as 'CSV UTF-8')") from exc
    handle = io.StringIO(text, newline="")
    reader = csv.reader(handle, delimiter=_sniff_delimiter(text.split("\n", 1)[0]), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return [], []
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                extra = record[len(header) :]
                if any(c.strip() for c in extra):
                    rows.append((line, {"__extra__": "|".join(extra)}))
                else:
                    rows.append(
                        (line, {h: (record[i] if i < len(record) else "") for i, h in enumerate(header)})
                    )
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CsvFormatError(reader.line_num, f"not valid CSV: {exc}") from exc
    return header, rows


def _read_entities_csv(path: Path) -> dict[str, EntityIn]:
    _header, rows = read_csv_rows(path)
    return {
        row.get("entity_id", ""): EntityIn.from_entities_row(row)
        for _line, row in rows
        if row.get("entity_id")
    }


@dataclass
class _ImportRow:
    line: int
    predicate: str
    subject: EntityIn
    object: EntityIn | None
    values: dict[str, str]
    qualifiers: dict[str, Any]
    provenance: dict[str, str]


def _side_entity(
    row: dict[str, str],
    side: str,
    types: tuple[str, ...],
    reg: Registry,
    index: EntityIndex,
    dataset_entities: dict[str, EntityIn],
    problems: list[str],
) -> EntityIn | None:
    canonical = (row.get(f"{side}_canonical") or "").strip()
    etype = (row.get(f"{side}_type") or "").strip()
    key = (row.get(f"{side}_key") or "").strip()
    ref = (row.get(f"{side}_id") or "").strip()
    if not etype and len(types) == 1:
        etype = types[0]
    if canonical:
        if not etype:
            problems.append(f"{side}_type is empty (one of {', '.join(types) or 'any type'} expected)")
            return None
        ent = EntityIn(etype, canonical, key)
    elif ref and reg.entity(ref):
        known = reg.entity(ref) or {}
        ent = EntityIn(known["type"], known["canonical"], known["key"])
    elif ref and ref in dataset_entities:
        ent = dataset_entities[ref]
    elif key and etype and index.by_key.get((etype, key)):
        known = reg.entity(index.by_key[(etype, key)]) or {}
        ent = EntityIn(known["type"], known["canonical"], known["key"])
    elif ref or key:
        problems.append(f"{side} {ref or key!r} is unknown: give {side}_canonical (and {side}_type)")
        return None
    else:
        return None
    if types and ent.type not in types:
        problems.append(f"{side} type {ent.type!r} is not one of {', '.join(types)}")
        return None
    return ent


def _parse_import_row(
    line: int,
    row: dict[str, str],
    reg: Registry,
    index: EntityIndex,
    dataset_entities: dict[str, EntityIn],
    default_source: str,
) -> tuple[_ImportRow | None, list[str]]:
    problems: list[str] = []
    if "__extra__" in row:
        return None, ["more cells than header columns"]
    predicate = (row.get("predicate") or "").strip()
    if not predicate:
        return None, ["predicate is empty"]
    if predicate not in fs.PREDICATES:
        return None, [f"unknown predicate {predicate!r} (known: {', '.join(fs.PREDICATES)})"]
    spec = fs.spec_for(predicate)
    subject = _side_entity(row, "subject", spec.subject_types, reg, index, dataset_entities, problems)
    if subject is None and not problems:
        problems.append("no subject: give subject_canonical (or a known subject_id)")
    obj = _side_entity(row, "object", spec.object_types, reg, index, dataset_entities, problems)
    if spec.needs_object and obj is None and not any(p.startswith("object") for p in problems):
        problems.append(f"no object: {predicate} needs a {'/'.join(spec.object_types)} (object_canonical)")
    if not spec.has_object and obj is not None:
        problems.append(f"{predicate} takes no object")
    values = fs.fact_values(predicate, row)
    problems.extend(fs.check_values(predicate, values))
    try:
        qualifiers = fs.parse_qualifiers(row.get("qualifiers", ""))
    except ValueError as exc:
        problems.append(f"qualifiers are not a JSON object: {exc}")
        qualifiers = {}
    confidence = (row.get("confidence") or "").strip()
    if confidence:
        try:
            if not 0 <= float(confidence) <= 1:
                raise ValueError
        except ValueError:
            problems.append(f"confidence {confidence!r} is not a number between 0 and 1")
    accepted_at = (row.get("accepted_at") or "").strip()
    if accepted_at:
        try:
            datetime.fromisoformat(accepted_at.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"accepted_at {accepted_at!r} is not an ISO timestamp")
    if problems or subject is None:
        return None, problems
    provenance = {
        "doc_ids": (row.get("doc_ids") or "").strip(),
        "evidence": (row.get("evidence") or "").strip(),
        "confidence": confidence,
        "source": (row.get("source") or "").strip() or default_source,
        "published": (row.get("published") or "").strip(),
        "accepted_at": accepted_at,
        "accepted_by": (row.get("accepted_by") or "").strip() or "import",
    }
    return _ImportRow(line, predicate, subject, obj, values, qualifiers, provenance), []


def key_qualifier_values(
    predicate: str, qualifiers: dict[str, Any], index: EntityIndex, entity_names: dict[str, str] | None = None
) -> dict[str, str]:
    """The key qualifiers of a fact as names (run-local entity ids replaced, aliases mapped to canonical)."""
    out: dict[str, str] = {}
    names = entity_names or {}
    for name in fs.spec_for(predicate).key_qualifiers:
        raw = qualifiers.get(name)
        if raw in (None, "") and f"{name}_id" in qualifiers:
            raw = qualifiers[f"{name}_id"]
        text = fs.qualifier_text(raw).strip()
        text = names.get(text, text)
        out[name] = index.name_of(text) if text else ""
    return out


def import_csv(
    path_csv: str | Path,
    registry: str | Path | Registry,
    *,
    entities_csv: str | Path | None = None,
    source: str | None = None,
) -> ImportResult:
    """Import a registry CSV (layout in the module docstring) into the registry, all rows or none.

    Rows whose natural key is already in the registry replace that fact. Raises
    :class:`RegistryImportError` listing every malformed line; the registry is then unchanged.
    """
    path = Path(path_csv)
    with using(registry) as reg:
        try:
            header, rows = read_csv_rows(path)
        except CsvFormatError as exc:
            raise RegistryImportError(str(path), [(exc.line, str(exc).split(": ", 1)[1])]) from exc
        errors: list[tuple[int, str]] = []
        if "predicate" not in header:
            raise RegistryImportError(str(path), [(1, "header has no 'predicate' column")])
        has_names = "subject_canonical" in header
        ent_path = Path(entities_csv) if entities_csv else path.with_name("entities.csv")
        dataset_entities = (
            _read_entities_csv(ent_path) if (entities_csv or not has_names) and ent_path.is_file() else {}
        )
        default_source = source or f"import:{path.name}"
        parsed: list[_ImportRow] = []
        index = reg.entity_index()
        for line, row in rows:
            item, problems = _parse_import_row(line, row, reg, index, dataset_entities, default_source)
            errors.extend((line, p) for p in problems)
            if item:
                parsed.append(item)
        # resolve entities: keyed ones first, so a keyless mention of the same name joins them
        entity_names = {eid: ent.canonical for eid, ent in dataset_entities.items()}
        new_entities: dict[str, EntityIn] = {}
        ents = [e for item in parsed for e in (item.subject, item.object) if e is not None]
        for ent in sorted(ents, key=lambda e: (not e.key,)):
            ref = index.resolve(ent.type, ent.canonical, ent.key)
            if reg.entity(ref) is None and ref not in new_entities:
                new_entities[ref] = ent
                index.add(ref, ent.type, ent.canonical, ent.key, ent.aliases)
        keyed: list[tuple[_ImportRow, str, str, str]] = []
        seen: dict[str, int] = {}
        for item in parsed:
            subj = index.resolve(item.subject.type, item.subject.canonical, item.subject.key)
            obj = (
                index.resolve(item.object.type, item.object.canonical, item.object.key) if item.object else ""
            )
            quals = key_qualifier_values(item.predicate, item.qualifiers, index, entity_names)
            nkey = fs.natural_key(item.predicate, subj, obj, quals)
            if nkey in seen:
                errors.append((item.line, f"same fact key as line {seen[nkey]}: {nkey}"))
                continue
            seen[nkey] = item.line
            keyed.append((item, subj, obj, nkey))
        if errors:
            raise RegistryImportError(str(path), sorted(errors))
        result = ImportResult(rows=len(rows))
        with reg.transaction():
            for ref, ent in new_entities.items():
                reg.upsert_entity(ref, ent)
                result.entities += 1
            for item, subj, obj, nkey in keyed:
                for ref, ent in ((subj, item.subject), (obj, item.object)):
                    if ent is not None and ref not in new_entities:
                        reg.upsert_entity(ref, ent)
                outcome = reg.upsert_fact(
                    nkey, item.predicate, subj, obj, item.values, item.qualifiers, item.provenance
                )
                setattr(result, outcome, getattr(result, outcome) + 1)
                result.keys.append(nkey)
        return result


def export_rows(registry: str | Path | Registry) -> list[dict[str, str]]:
    """The registry's facts as rows of the registry CSV layout, sorted by natural key."""
    with using(registry) as reg:
        entities = {e["entity_id"]: e for e in reg.entities()}
        out = []
        for fact in reg.facts():
            subj = entities.get(fact["subject_id"], {})
            obj = entities.get(fact["object_id"], {}) if fact["object_id"] else {}
            row = {c: "" if fact.get(c) is None else str(fact.get(c)) for c in REGISTRY_COLUMNS if c in fact}
            row.update(
                {
                    "subject_type": subj.get("type", ""),
                    "subject_canonical": subj.get("canonical", ""),
                    "subject_key": subj.get("key", ""),
                    "object_type": obj.get("type", ""),
                    "object_canonical": obj.get("canonical", ""),
                    "object_key": obj.get("key", ""),
                }
            )
            if row.get("qualifiers") == "{}":
                row["qualifiers"] = ""
            out.append({c: row.get(c, "") for c in REGISTRY_COLUMNS})
        return out


def export_csv(registry: str | Path | Registry, path: str | Path) -> int:
    """Write the registry's facts as a registry CSV (re-importable as is); returns the number of rows."""
    rows = export_rows(registry)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REGISTRY_COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)

"""The registry store: connecting (SQLite file or PostgreSQL URL), transactions, entities and facts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    Connection,
    CursorResult,
    Engine,
    Executable,
    Table,
    create_engine,
    delete,
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
from extract.registry.decisions import DecisionLog
from extract.registry.entities import (
    EntityIn,
    EntityIndex,
)
from extract.registry.schema import (
    _ENTITY_BY_ID,
    _FACT_BY_KEY,
    _METADATA,
    _PG_APPEND_ONLY_FUNCTION,
    _PG_TRIGGERS,
    _SQLITE_TRIGGERS,
    ENTITIES,
    FACTS,
    META,
    SCHEMA_VERSION,
    RegistryError,
    fact_id_for,
    utc_now,
)

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


class Registry(DecisionLog):
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

    def delete_fact(self, natural_key: str) -> None:
        """Remove the fact of a natural key (a revert to "no value"); the log keeps its history."""
        self._write(delete(FACTS).where(FACTS.c.natural_key == natural_key))

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


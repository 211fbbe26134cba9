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

from extract.redact import mask_secrets
from extract.registry.csv_io import (
    CsvFormatError,
    ImportResult,
    export_csv,
    export_rows,
    import_csv,
    key_qualifier_values,
    read_csv_rows,
    registry_number,
    write_export,
)
from extract.registry.decisions import DecisionLog
from extract.registry.entities import (
    EntityIn,
    EntityIndex,
)
from extract.registry.schema import (
    CANDIDATES,
    DECISIONS,
    ENTITIES,
    FACTS,
    META,
    REGISTRY_COLUMNS,
    REGISTRY_EXTRA_COLUMNS,
    SCHEMA_VERSION,
    RegistryError,
    RegistryImportError,
    default_who,
    fact_id_for,
    utc_now,
    value_json,
)
from extract.registry.store import (
    Registry,
    display_name,
    init_registry,
    open_registry,
    using,
)

__all__ = [
    "CANDIDATES",
    "CsvFormatError",
    "DECISIONS",
    "DecisionLog",
    "ENTITIES",
    "EntityIn",
    "EntityIndex",
    "FACTS",
    "ImportResult",
    "META",
    "REGISTRY_COLUMNS",
    "REGISTRY_EXTRA_COLUMNS",
    "Registry",
    "RegistryError",
    "RegistryImportError",
    "SCHEMA_VERSION",
    "default_who",
    "display_name",
    "export_csv",
    "export_rows",
    "fact_id_for",
    "import_csv",
    "registry_number",
    "write_export",
    "init_registry",
    "key_qualifier_values",
    "mask_secrets",
    "open_registry",
    "read_csv_rows",
    "using",
    "utc_now",
    "value_json",
]

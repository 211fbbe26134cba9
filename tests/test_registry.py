"""The fact registry: schema, natural keys, CSV import (all or nothing) and export.

Tests taking ``reg_path`` or ``new_registry`` run once on SQLite and once on PostgreSQL (conftest.py).
"""

from __future__ import annotations

import sqlite3

import pytest
from workflow_data import (
    FACTS,
    MALFORMED_CSV,
    MALFORMED_LINES,
    REGISTRY_ROWS,
    write_dataset,
    write_registry_csv,
)

from extract import facts_schema as fs
from extract.registry import (
    REGISTRY_COLUMNS,
    Registry,
    RegistryError,
    RegistryImportError,
    display_name,
    export_csv,
    import_csv,
    init_registry,
    open_registry,
    read_csv_rows,
)


@pytest.fixture()
def reg_path(new_registry):
    """An empty registry: a SQLite file or a PostgreSQL database URL."""
    path = new_registry()
    init_registry(path).close()
    return path


def _keys(path) -> list[str]:
    with open_registry(path) as reg:
        return [f["natural_key"] for f in reg.facts()]


# -- the key/value table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "predicate, key_qualifiers, strict, optional",
    [
        ("participates_in", (), (), ("valid_from", "valid_to")),
        ("receives_funding", ("funder", "project", "year"), ("value", "unit", "period"), ("valid_from", "valid_to")),
        ("programme_budget", ("scope", "year"), ("value", "unit", "period"), ("valid_from", "valid_to")),
        ("holds_role", (), ("value",), ("valid_from", "valid_to")),
        ("member_count", (), ("value",), ("valid_from", "valid_to")),
    ],
)
def test_predicate_table(predicate, key_qualifiers, strict, optional):
    spec = fs.PREDICATES[predicate]
    assert (spec.key_qualifiers, spec.strict, spec.optional) == (key_qualifiers, strict, optional)
    assert f"| {predicate} |" in fs.describe_table()


@pytest.mark.parametrize(
    "args, expected",
    [
        (("municipality", "Leverkusen", "05316000"), "municipality/key:05316000"),
        (("program", "„Kein Kind zurücklassen!“"), "program/name:kein kind zurücklassen"),
        (("program", "Kein  Kind Zurücklassen"), "program/name:kein kind zurücklassen"),
    ],
)
def test_entity_ref(args, expected):
    assert fs.entity_ref(*args) == expected


def test_natural_key_format():
    key = fs.natural_key(
        "receives_funding",
        "municipality/key:05316000",
        "program/name:kein kind zurücklassen",
        {"funder": "Land Nordrhein-Westfalen"},
    )
    assert key == (
        "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
        "|funder=land nordrhein westfalen|project=|year="
    )
    assert fs.natural_key("member_count", "program/name:kkz", "", {}) == "member_count|S=program/name:kkz"


@pytest.mark.parametrize(
    "predicate, left, right, expected",
    [
        (
            "receives_funding",
            {"value": "30000", "unit": "EUR", "period": "year"},
            {"value": "30000", "unit": "EUR", "period": "year", "valid_from": "2017"},
            True,
        ),
        (
            "receives_funding",
            {"value": "30000", "unit": "EUR", "period": "year"},
            {"value": "25000", "unit": "EUR", "period": "year"},
            False,
        ),
        ("participates_in", {"valid_from": "2017-01-12"}, {"valid_from": ""}, True),
        ("participates_in", {"valid_from": "2017-01-12"}, {"valid_from": "2018"}, False),
        ("holds_role", {"value": "Oberbürgermeister"}, {"value": "oberbürgermeister"}, True),
    ],
)
def test_compatible(predicate, left, right, expected):
    assert fs.compatible(predicate, left, right) is expected


def test_amounts_compare_as_decimals():
    a = fs.normalise_values("programme_budget", {"value": "30000.00", "unit": "eur", "period": "total"})
    assert a == {"value": "30000", "unit": "EUR", "period": "total", "valid_from": "", "valid_to": ""}


# -- the registry ----------------------------------------------------------------------------------


def test_init_is_idempotent_and_creates_tables(new_registry, registry_backend, tmp_path):
    path = tmp_path / "sub" / "r.db" if registry_backend == "sqlite" else new_registry()
    init_registry(path).close()
    init_registry(path).close()
    with open_registry(path) as reg:
        assert reg.dialect == registry_backend
        assert {"entities", "facts", "decisions", "candidates", "meta"} <= reg.table_names()
        if registry_backend == "sqlite":
            tables = {r[0] for r in reg.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert {"entities", "facts", "decisions", "candidates", "meta"} <= tables
        else:  # the append-only triggers exist once, however often init runs
            triggers = reg.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'decisions'::regclass")
            assert sorted(t["tgname"] for t in triggers) == [
                "decisions_no_delete",
                "decisions_no_truncate",
                "decisions_no_update",
            ]
        assert reg.execute("SELECT value FROM meta WHERE name = :name", {"name": "schema_version"}) == [
            {"value": "1"}
        ]


def test_open_missing_registry_and_urls_fail(tmp_path):
    with pytest.raises(RegistryError, match="registry init"):
        open_registry(tmp_path / "nope.db")
    with pytest.raises(RegistryError, match="PostgreSQL"):
        init_registry("postgresql://localhost/registry")


def test_postgresql_urls(postgres, tmp_path):
    """A PostgreSQL URL without a driver means psycopg; an empty database is no registry; passwords are masked."""
    url = postgres.create_database("plain", password="s3cret")
    assert display_name(url) == url.replace("s3cret", "***")
    with pytest.raises(RegistryError, match="no registry there; create one with `pressextract registry init"):
        open_registry(url)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    init_registry(plain).close()
    with open_registry(plain) as reg:
        assert (reg.dialect, reg.path) == ("postgresql", display_name(plain))
        assert "s3cret" not in reg.path
    with pytest.raises(RegistryError, match="SQLite file or a PostgreSQL URL, not mysql"):
        open_registry("mysql://user:pw@localhost/registry")
    assert display_name(tmp_path / "r.db") == str(tmp_path / "r.db")


def test_postgresql_schema_option(postgres, tmp_path):
    """Two registries in two schemas of one database (``options=-csearch_path=...``) stay apart."""
    url = postgres.create_database("schemas")
    with open_registry(init_registry(url)) as public:
        public.execute("CREATE SCHEMA team_b")
    team_b = url + "&options=-csearch_path%3Dteam_b"
    init_registry(team_b).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), team_b)
    assert len(_keys(team_b)) == 4 and _keys(url) == []
    with open_registry(team_b) as reg:
        assert reg.execute("SELECT current_schema() AS s") == [{"s": "team_b"}]


def test_decision_log_is_append_only(reg_path):
    with open_registry(reg_path) as reg:
        did = reg.log_decision("d1", "k", "reject", None, {"value": "1"}, "tester", "why")
        if reg.dialect == "sqlite":  # the driver's own connection is refused too
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                reg.conn.execute("UPDATE decisions SET note = 'x' WHERE decision_id = ?", (did,))
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                reg.conn.execute("DELETE FROM decisions")
        with pytest.raises(RegistryError, match="append-only"):
            reg.execute("UPDATE decisions SET note = 'x' WHERE decision_id = :id", {"id": did})
        with pytest.raises(RegistryError, match="append-only"):
            reg.execute("DELETE FROM decisions")
        if reg.dialect == "postgresql":
            with pytest.raises(RegistryError, match="append-only"):
                reg.execute("TRUNCATE decisions")
        (row,) = reg.decisions()
        assert (row["action"], row["who"], row["note"], row["new_value"]) == (
            "reject",
            "tester",
            "why",
            '{"value":"1"}',
        )
        assert row["at"].endswith("Z") and "T" in row["at"]
        assert reg.log_decision("d2", "k", "note", None, None, "tester") == did + 1


def test_import_registry_csv(reg_path, tmp_path):
    csv_path = write_registry_csv(tmp_path / "registry.csv")
    result = import_csv(csv_path, reg_path)
    assert (result.rows, result.inserted, result.updated, result.unchanged) == (4, 4, 0, 0)
    assert _keys(reg_path) == [
        "holds_role|S=person/name:uwe richrath|O=municipality/key:05316000",
        "participates_in|S=municipality/key:05316000|O=program/name:kein kind zurücklassen",
        "programme_budget|S=program/name:kein kind zurücklassen|scope=|year=",
        "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
        "|funder=land nordrhein westfalen|project=|year=",
    ]
    with open_registry(reg_path) as reg:
        fact = reg.fact(_keys(reg_path)[3])
        assert (fact["value"], fact["unit"], fact["period"], fact["source"], fact["published"]) == (
            "25000",
            "EUR",
            "year",
            "Haushaltsplan 2016",
            "2016-11-30",
        )
        assert fact["accepted_by"] == "import"
        # "Kein Kind zurücklassen!" and "Kein Kind zurücklassen" are one entity
        programmes = [e for e in reg.entities() if e["type"] == "program"]
        assert [(e["entity_id"], e["canonical"]) for e in programmes] == [
            ("program/name:kein kind zurücklassen", "Kein Kind zurücklassen!")
        ]
    again = import_csv(csv_path, reg_path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def test_import_semicolon_csv_with_bom(reg_path, tmp_path):
    csv_path = write_registry_csv(tmp_path / "excel.csv", delimiter=";", bom=True)
    assert import_csv(csv_path, reg_path).inserted == len(REGISTRY_ROWS)


def test_export_round_trip(reg_path, tmp_path, new_registry):
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg_path)
    out = tmp_path / "export.csv"
    assert export_csv(reg_path, out) == 4
    header, rows = read_csv_rows(out)
    assert tuple(header) == REGISTRY_COLUMNS
    assert header[:13] == list(fs.FACT_COLUMNS)
    funding = next(r for _line, r in rows if r["predicate"] == "receives_funding")
    assert (funding["subject_canonical"], funding["subject_key"], funding["object_canonical"]) == (
        "Leverkusen",
        "05316000",
        "Kein Kind zurücklassen!",
    )
    # an exported registry imports into a fresh one unchanged
    fresh = new_registry("fresh")
    init_registry(fresh).close()
    import_csv(out, fresh)
    out2 = tmp_path / "export2.csv"
    export_csv(fresh, out2)
    assert out2.read_bytes() == out.read_bytes()


def test_malformed_csv_imports_nothing(reg_path, tmp_path):
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg_path)
    before = tmp_path / "before.csv"
    export_csv(reg_path, before)
    bad = tmp_path / "bad.csv"
    bad.write_text(MALFORMED_CSV, encoding="utf-8")
    with pytest.raises(RegistryImportError) as info:
        import_csv(bad, reg_path)
    lines = sorted({line for line, _msg in info.value.errors})
    assert lines == MALFORMED_LINES
    text = str(info.value)
    for expected in (
        "line 4: value '30 Tsd.' is not a number",
        "line 5: unknown predicate 'gets_money'",
        "line 6: qualifiers are not a JSON object",
        "line 7: no object",
    ):
        assert expected in text
    after = tmp_path / "after.csv"
    export_csv(reg_path, after)
    assert after.read_bytes() == before.read_bytes()


def test_import_is_one_transaction(reg_path, tmp_path, monkeypatch):
    """A database failure half-way through an import rolls the whole import back."""
    calls = []
    upsert_fact = Registry.upsert_fact

    def failing_upsert_fact(self, *args, **kwargs):
        calls.append(args[0])
        if len(calls) == 3:
            raise RegistryError("disk full")
        return upsert_fact(self, *args, **kwargs)

    monkeypatch.setattr(Registry, "upsert_fact", failing_upsert_fact)
    with pytest.raises(RegistryError, match="disk full"):
        import_csv(write_registry_csv(tmp_path / "registry.csv"), reg_path)
    assert len(calls) == 3
    with open_registry(reg_path) as reg:
        assert (reg.facts(), reg.entities()) == ([], [])
    monkeypatch.setattr(Registry, "upsert_fact", upsert_fact)
    assert import_csv(write_registry_csv(tmp_path / "registry.csv"), reg_path).inserted == 4


def test_duplicate_keys_are_malformed(reg_path, tmp_path):
    rows = [REGISTRY_ROWS[0], REGISTRY_ROWS[1], REGISTRY_ROWS[0]]
    with pytest.raises(RegistryImportError, match="line 4: same fact key as line 2"):
        import_csv(write_registry_csv(tmp_path / "dup.csv", rows), reg_path)
    assert _keys(reg_path) == []


def test_missing_predicate_column(reg_path, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("subject,value\nLeverkusen,1\n", encoding="utf-8")
    with pytest.raises(RegistryImportError, match="line 1: header has no 'predicate' column"):
        import_csv(path, reg_path)


def test_import_pipeline_facts_csv_with_entities(reg_path, tmp_path):
    """A dataset's facts.csv imports as it is: run-local ids are resolved through entities.csv beside it."""
    dataset = write_dataset(tmp_path / "run", facts=FACTS[:5])
    result = import_csv(dataset / "facts.csv", reg_path)
    assert (result.rows, result.inserted) == (5, 5)
    keys = _keys(reg_path)
    assert (
        "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
        "|funder=land nordrhein westfalen|project=|year="
    ) in keys
    assert "member_count|S=program/name:kein kind zurücklassen" in keys


def test_import_pipeline_facts_csv_rejects_same_key_twice(reg_path, tmp_path):
    dataset = write_dataset(tmp_path / "run")
    with pytest.raises(RegistryImportError, match="line 7: same fact key as line 6"):
        import_csv(dataset / "facts.csv", reg_path)


def test_role_without_organisation_and_subject_by_key(reg_path, tmp_path, new_registry):
    """holds_role may lack an object; a known municipality can be named by its AGS alone."""
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg_path)
    rows = [
        ["holds_role", "person", "Christina Kampmann", "", "", "", "", "Familienministerin"] + [""] * 8,
        ["participates_in", "", "", "05316000", "", "Kein Kind zurücklassen!", "", "", "", "", "2017-01-12"]
        + [""] * 5,
    ]
    result = import_csv(write_registry_csv(tmp_path / "more.csv", rows), reg_path)
    assert (result.inserted, result.updated) == (1, 1)
    assert "holds_role|S=person/name:christina kampmann|O=" in _keys(reg_path)
    out = tmp_path / "export.csv"
    export_csv(reg_path, out)
    fresh = new_registry("fresh")
    init_registry(fresh).close()
    assert import_csv(out, fresh).inserted == 5


@pytest.mark.parametrize(
    "content, line, message",
    [
        (b"predicate,subject_canonical\nparticipates_in,K\xf6ln\n", 2, "not UTF-8"),
        (b'predicate,subject_canonical\nparticipates_in,"Leverkusen\n', 2, "not valid CSV"),
    ],
)
def test_unreadable_csv(reg_path, tmp_path, content, line, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(RegistryImportError) as info:
        import_csv(path, reg_path)
    assert info.value.errors[0][0] == line and message in info.value.errors[0][1]


def test_a_cell_larger_than_the_csv_modules_default_limit_is_read(tmp_path):
    # a fact confirmed by 30,000 documents lists every one in doc_ids (about 300 KB in one cell)
    doc_ids = "|".join(f"d{n:07d}" for n in range(30_000))
    path = tmp_path / "facts.csv"
    path.write_text(f"fact_id,doc_ids\nf1,{doc_ids}\n", encoding="utf-8")
    header, rows = read_csv_rows(path)
    assert header == ["fact_id", "doc_ids"]
    assert rows == [(2, {"fact_id": "f1", "doc_ids": doc_ids})]

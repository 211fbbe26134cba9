"""The registry says what happened: number formats, columns, NUL bytes, entities.csv, changed
values in the log, a run's facts.csv with in-batch conflicts, formula guard, secrets, cut exports.
Registry tests run on SQLite and PostgreSQL (``new_registry``); each ends with the registry check."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from robust_helpers import check_registry, cli, read_csv
from workflow_data import REGISTRY_HEADER, REGISTRY_ROWS, write_dataset, write_registry_csv

from extract.cli import main
from extract.diff import diff
from extract.diff_files import write_diff
from extract.registry import RegistryImportError, export_csv, import_csv, init_registry, open_registry

FUNDING = ["receives_funding", "municipality", "Neuss", "05162024", "program", "Gute Schule 2020", "", "30.000",
           "EUR", "year", "", "", '{"funder": "Land Nordrhein-Westfalen"}', "", "Bescheid 7/2024", "2024-03-01"]


def registry(new_registry):
    target = new_registry()
    init_registry(target).close()
    return target


def verify(target) -> None:
    if isinstance(target, Path):
        check_registry(target)
    else:  # PostgreSQL: the log agrees with the facts (the same rule as check_registry)
        with open_registry(target) as reg:
            for fact in reg.facts():
                if fact["decision_id"] is not None:
                    (entry,) = [d for d in reg.decisions(natural_key=fact["natural_key"])
                                if d["decision_id"] == fact["decision_id"]]
                    assert entry["action"] == "accept"


def values(target) -> dict[str, str]:
    with open_registry(target) as reg:
        return {f["predicate"] + ":" + f["subject_id"]: f["value"] for f in reg.facts()}


def test_german_number_formats_are_read_not_rescaled(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    rows = [FUNDING, FUNDING[:2] + ["Kaarst", "05162016"] + FUNDING[4:7] + ["8.478,75"] + FUNDING[8:],
            FUNDING[:2] + ["Jüchen", "05162020"] + FUNDING[4:7] + ["1250.5"] + FUNDING[8:]]
    import_csv(write_registry_csv(tmp_path / "de.csv", rows), target)
    assert sorted(values(target).values()) == ["1250.5", "30000", "8478.75"]
    bad = FUNDING[:7] + ["30.000 Euro"] + FUNDING[8:]
    with pytest.raises(RegistryImportError) as info:
        import_csv(write_registry_csv(tmp_path / "bad.csv", [REGISTRY_ROWS[0], bad]), target)
    assert info.value.errors == [(3, "value '30.000 Euro' is not a number (plain 30000 or 8478.75, or German "
                                     "30.000 or 8.478,75)")]
    verify(target)


def test_misspelled_repeated_and_nameless_columns_are_refused(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    header = [("valid_form" if h == "valid_from" else h) for h in REGISTRY_HEADER] + ["unit"]
    path = tmp_path / "cols.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(REGISTRY_ROWS[0] + ["EUR"])
    with pytest.raises(RegistryImportError) as info:
        import_csv(path, target)
    assert info.value.errors == [(1, "column 'unit' appears 2 times"),
                                 (1, "unknown column 'valid_form' (did you mean 'valid_from'?)")]
    assert values(target) == {}


def test_nul_bytes_are_refused_with_their_line(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    path = write_registry_csv(tmp_path / "nul.csv", [REGISTRY_ROWS[0], REGISTRY_ROWS[1]])
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"Haushaltsplan", b"Haushalts\x00plan")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(RegistryImportError) as info:
        import_csv(path, target)
    assert info.value.errors == [(3, "NUL byte in the file (binary data, or saved as UTF-16: save as 'CSV UTF-8')")]
    assert values(target) == {}


def test_a_malformed_entities_csv_is_named(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    dataset = write_dataset(tmp_path / "run")
    (dataset / "entities.csv").write_text('entity_id,type,canonical\nmun:1,municipality,"Neuss\n', encoding="utf-8")
    with pytest.raises(RegistryImportError) as info:
        import_csv(dataset / "facts.csv", target, hold_conflicts=True)
    assert str(info.value).startswith(f"{dataset / 'entities.csv'}: 1 problem(s), nothing imported:\n  line 2: ")
    (dataset / "entities.csv").write_text("id,typ\nmun:1,municipality\n", encoding="utf-8")
    with pytest.raises(RegistryImportError, match="entities.csv header lacks entity_id, type, canonical"):
        import_csv(dataset / "facts.csv", target, hold_conflicts=True)


def test_an_import_that_changes_a_value_logs_a_decision(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    import_csv(write_registry_csv(tmp_path / "a.csv", [FUNDING]), target)
    changed = FUNDING[:7] + ["35.000"] + FUNDING[8:]
    result = import_csv(write_registry_csv(tmp_path / "b.csv", [changed, REGISTRY_ROWS[0]]), target)
    assert (result.updated, result.inserted, result.logged) == (1, 1, 1)
    with open_registry(target) as reg:
        (entry,) = reg.decisions()
        fact = next(f for f in reg.facts() if f["predicate"] == "receives_funding")
    assert (entry["item_id"], entry["action"], entry["note"]) == ("import:b.csv:2", "accept", "import of b.csv line 2")
    assert '"value":"30000"' in entry["registry_value"] and '"value":"35000"' in entry["new_value"]
    assert (fact["value"], fact["decision_id"], fact["source"]) == ("35000", entry["decision_id"], "Bescheid 7/2024")
    verify(target)


def test_a_runs_facts_csv_with_in_batch_conflicts_seeds_an_empty_registry(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    dataset = write_dataset(tmp_path / "run")
    with pytest.raises(RegistryImportError, match="--hold-conflicts imports the other rows"):
        import_csv(dataset / "facts.csv", target)
    proc = cli("registry", "import", str(dataset / "facts.csv"), "--registry", str(target), "--hold-conflicts")
    assert proc.returncode == 0, proc.stderr
    assert "rows held back as in-batch conflicts" in proc.stderr
    held = [line.split(":", 1)[0].strip() for line in proc.stderr.splitlines() if line.startswith("  line ")]
    n_facts = len(read_csv(dataset / "facts.csv"))
    imported = int(proc.stdout.split(" rows -> ")[1].split(" new")[0])
    assert held and imported + len(held) <= n_facts and imported > 0
    conflicts = [i for i in diff(dataset, target, remember=False) if i.status == "conflict"]
    assert conflicts, "the held keys come back as conflicts of the diff"
    verify(target)


def test_every_csv_cell_written_is_guarded_and_recoverable(new_registry, tmp_path: Path) -> None:
    from extract.csvsafe import guard, looks_like_formula, unguard

    target = registry(new_registry)
    evil = FUNDING[:14] + ['=HYPERLINK("http://x.example","klick")', "2024-03-01"]
    bullet = FUNDING[:2] + ["Kaarst", "05162016"] + FUNDING[4:14] + ["- 32.000 Euro laut Bescheid", "2024-03-01"]
    import_csv(write_registry_csv(tmp_path / "evil.csv", [evil, bullet]), target)
    out = tmp_path / "export.csv"
    export_csv(target, out)
    cells = [c for row in csv.reader(out.open(encoding="utf-8", newline="")) for c in row]
    assert "'=HYPERLINK(\"http://x.example\",\"klick\")" in cells and "'- 32.000 Euro laut Bescheid" in cells
    assert [c for c in cells if looks_like_formula(c)] == []
    fresh = new_registry("fresh")
    init_registry(fresh).close()
    result = import_csv(out, fresh)
    assert result.formulas == []  # guarded cells are not formulas, and come back raw
    with open_registry(fresh) as reg:
        assert sorted(f["source"] for f in reg.facts()) == ["- 32.000 Euro laut Bescheid",
                                                             '=HYPERLINK("http://x.example","klick")']
    raw = write_registry_csv(tmp_path / "raw.csv", [evil])
    assert import_csv(raw, fresh).formulas == [(2, "source")]  # an unguarded formula is reported
    assert [guard(x) for x in ("-5", "'=x", "ok")] == ["-5", "''=x", "ok"] and unguard("''=x") == "'=x"
    verify(fresh)


def test_diff_csv_cells_are_guarded(tmp_path: Path) -> None:
    from extract.csvsafe import looks_like_formula

    target = tmp_path / "registry.db"
    init_registry(target).close()
    dataset = write_dataset(tmp_path / "run")
    write_diff(diff(dataset, target), tmp_path / "diff")
    for row in read_csv(tmp_path / "diff" / "diff.csv"):
        assert [c for c in row.values() if looks_like_formula(c)] == []


def test_a_cut_export_is_refused(new_registry, tmp_path: Path) -> None:
    target = registry(new_registry)
    import_csv(write_registry_csv(tmp_path / "all.csv"), target)
    out = tmp_path / "export.csv"
    n = export_csv(target, out)
    data = out.read_bytes()
    assert data.endswith(f"#end,,,,{n},".encode() + b"," * (data.split(b"\r\n")[0].count(b",") - 5) + b"\r\n")
    rows = data.split(b"\r\n")
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"\r\n".join(rows[:-3]) + b"\r\n")  # the last fact and the end row lost
    fresh = new_registry("fresh")
    init_registry(fresh).close()
    with pytest.raises(RegistryImportError, match=r"no end row \(#end\): the export was cut short"):
        import_csv(cut, fresh)
    edited = tmp_path / "edited.csv"
    edited.write_bytes(b"\r\n".join(rows[:-3] + rows[-2:]))  # one row removed, end row kept
    with pytest.raises(RegistryImportError, match=f"the end row says {n} rows, the file has {n - 1}"):
        import_csv(edited, fresh)
    assert import_csv(out, fresh).inserted == n
    verify(fresh)


def test_secrets_in_registry_urls_are_masked_everywhere(tmp_path: Path, capsys) -> None:
    url = "postgresql://analyst:s3cr@t-pw@127.0.0.1:1/facts?password=s3cret2&connect_timeout=1"
    code = main(["registry", "init", url])
    err = capsys.readouterr().err
    assert code == 1 and "s3cr" not in err and "t-pw" not in err and "s3cret2" not in err
    assert "postgresql://analyst:***@127.0.0.1:1/facts" in err and "password=***" in err
    dataset = write_dataset(tmp_path / "run")
    code = main(["diff", "--dataset", str(dataset), "--registry", url, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "s3cr" not in err and "s3cret2" not in err
    from extract.registry import display_name

    assert display_name(url) == "postgresql://analyst:***@127.0.0.1:1/facts?connect_timeout=1&password=***"

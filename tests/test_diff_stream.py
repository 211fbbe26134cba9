"""The streaming diff: the items spooled to disk (:func:`extract.diff.diff_items`) are those of
:func:`extract.diff.diff`, read back in diff order, per status, any number of times; diff.json written
an item at a time is one ``json.dump`` of its content; the datasets of the golden files
(tests/test_diff_golden.py) are made here: a synthetic one made to exercise highlights (the same
surface several times in one sentence, mention rows out of order, evidence from a document the fact
does not list, a mention whose text is not in its sentence, an older mentions.csv without ids)."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest
from test_workflow_corpus import registry_rows
from workflow_data import write_dataset, write_registry_csv

from extract.cli import main
from extract.diff import diff, diff_items
from extract.diff_dataset import DatasetError
from extract.diff_files import expand_payload, summary, write_diff
from extract.diff_items import STATUSES, of_status
from extract.registry import REGISTRY_COLUMNS, import_csv, init_registry, using
from extract.report import write_report
from extract.review import resolve
from extract.review_pages import registry_evidence
from extract.write import DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, MENTION_COLUMNS
from extract.write import write_dataset as write_run

OUTPUT_FILES = ("diff.csv", "diff.json", "conflicts.csv", "report.html")


def test_diff_json_written_an_item_at_a_time_is_one_dump_of_its_items(tmp_path: Path) -> None:
    items = diff(synthetic_dataset(tmp_path / "run"), synthetic_registry(tmp_path / "registry.csv"), remember=False)
    alone = [i for i in items if not i.siblings][:1]  # a key of one item (a part of a key is no diff)
    for n, chosen in enumerate((items, alone, [])):
        write_diff(chosen, tmp_path / f"new{n}", dataset="run", registry="registry.db")
        data = (tmp_path / f"new{n}" / "diff.json").read_bytes()
        payload = json.loads(data)
        assert data == (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        assert [i.to_dict() for i in expand_payload(payload)] == [i.to_dict() for i in chosen]
        assert payload["summary"] == summary(chosen)
    assert len((tmp_path / "new0" / "diff.json").read_bytes()) > 50_000


def test_the_spooled_items_are_the_diffs_in_order_any_number_of_times(tmp_path: Path) -> None:
    dataset, db = synthetic_dataset(tmp_path / "run"), synthetic_registry(tmp_path / "registry.csv")
    expected = [i.to_dict() for i in diff(dataset, db, remember=False)]
    assert [STATUSES.index(d["status"]) for d in expected] == sorted(STATUSES.index(d["status"]) for d in expected)
    with diff_items(dataset, db, remember=False, folder=tmp_path) as items:
        spool = [p for p in tmp_path.iterdir() if p.name.startswith(".pressextract-diff-items-")]
        assert len(spool) == 1
        assert [i.to_dict() for i in items] == expected
        assert [i.to_dict() for i in items] == expected  # a second pass reads the file again
        assert [i.to_dict() for i in of_status(items, "unseen", "conflict")] == [
            d for d in expected if d["status"] in ("unseen", "conflict")]
        assert len(items) == len(expected)
        assert summary(items) == {s: sum(d["status"] == s for d in expected) for s in STATUSES}
        assert items.key_order("no such key") is None
    assert not spool[0].exists()


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def synthetic_dataset(folder: Path, n_docs: int = 36, mention_ids: bool = True) -> Path:
    """Fictional releases of ``n_docs`` documents: in sentence 0 the village and the amount are named
    twice ("Erlenbrunn3 erhält 2.000 Euro; Erlenbrunn3 hatte 2.000 Euro beantragt"), the facts cite
    the first or the second occurrence; sentence 1 names a mayor. Amounts repeat across documents of
    one village, so a key gets several values (conflicts) and equal values (merged items)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n_docs)
    documents, mentions, facts = [], [], []
    villages = 6
    for i in range(n_docs):
        doc = f"t{i:03d}"
        k = i % villages
        village, amount = f"Erlenbrunn{k}", f"{1 + (i // villages) % 3}.000 Euro"
        person = f"Mara Quendt{i % 4}"
        s0 = f"{village} erhält {amount} aus dem Programm Dorfmitte; {village} hatte {amount} beantragt."
        s1 = f"Ortsvorsteherin {person} dankte für die Hilfe beim Programm Dorfmitte."
        text = f"{s0}\n\n{s1}"
        documents.append({"doc_id": doc, "source": f"{doc}.txt", "sha256": "0" * 64, "status": "ok",
                          "title": f"Meldung {i}", "published": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
                          "n_chars_raw": len(text), "n_chars_clean": len(text)})
        rows: dict[str, dict] = {}

        def add(sentence: str, surface: str, occurrence: int, mtype: str, value: str, entity: str,
                doc: str = doc, text: str = text, rows: dict = rows) -> str:
            pos = -1
            for _ in range(occurrence + 1):
                pos = sentence.index(surface, pos + 1)
            start = text.index(sentence) + pos
            mid = f"{doc}:{start}"
            rows[mid] = {"doc_id": doc, "mention_id": mid if mention_ids else "", "type": mtype, "text": surface,
                         "start": start, "end": start + len(surface), "sentence": sentence, "value": value,
                         "unit": "EUR" if mtype == "amount" else "", "period": "", "entity_id": entity,
                         "canonical": "", "role": "", "title": "", "source_rule": "synthetic", "confidence": 1.0}
            return mid

        v0 = add(s0, village, 0, "municipality", "", f"mun:{k}")
        v1 = add(s0, village, 1, "municipality", "", f"mun:{k}")
        a0, a1 = add(s0, amount, 0, "amount", amount, ""), add(s0, amount, 1, "amount", amount, "")
        p0 = add(s0, "Dorfmitte", 0, "program", "Dorfmitte", "prg:dorfmitte")
        per = add(s1, person, 0, "person", person, f"per:{i % 4}")
        add(s1, "Dorfmitte", 0, "program", "Dorfmitte", "prg:dorfmitte")
        evidence = [v1, a1, p0] if i % 2 else [v0, a0, p0]
        if i % 5 == 0:  # a cited mention whose surface its sentence does not hold
            rows[f"{doc}:9999"] = {**rows[p0], "mention_id": f"{doc}:9999" if mention_ids else "",
                                   "text": "Dorfplatz", "start": 9999, "end": 10008}
            evidence.append(f"{doc}:9999")
        subject = f"mun:{k}" if i != 7 else "mun:missing"
        facts.append({"fact_id": f"F{i:03d}a", "subject_id": subject, "predicate": "receives_funding",
                      "object_id": "prg:dorfmitte", "value": str(1000 * (1 + (i // villages) % 3)), "unit": "EUR",
                      "doc_ids": doc if i % 9 else "", "evidence": "|".join(evidence),
                      "confidence": f"0.{5 + i % 4}"})
        role_evidence = [per] + ([f"t{i - 1:03d}:0"] if i and i % 6 == 0 else [])  # from the previous document
        facts.append({"fact_id": f"F{i:03d}b", "subject_id": f"per:{i % 4}", "predicate": "holds_role",
                      "object_id": f"mun:{k}", "value": "Ortsvorsteherin", "doc_ids": doc,
                      "evidence": "|".join(role_evidence), "confidence": "0.8"})
        ordered = list(rows.values())
        rng.shuffle(ordered)  # rows out of offset order
        mentions.extend(ordered)
    entities = [{"entity_id": f"mun:{k}", "type": "municipality", "canonical": f"Erlenbrunn{k}",
                 "key": f"0743{k:04d}", "kind": "Gemeinde", "state": "RP"} for k in range(villages)]
    entities += [{"entity_id": f"per:{j}", "type": "person", "canonical": f"Mara Quendt{j}"} for j in range(4)]
    entities.append({"entity_id": "prg:dorfmitte", "type": "program", "canonical": "Dorfmitte"})
    _write(folder / "documents.csv", DOCUMENT_COLUMNS, documents)
    _write(folder / "mentions.csv", MENTION_COLUMNS, mentions)
    _write(folder / "entities.csv", ENTITY_COLUMNS, entities)
    _write(folder / "facts.csv", FACT_COLUMNS, facts)
    return folder


def synthetic_registry(path: Path) -> Path:
    """Village 0 as the batch says (1,000 EUR), village 1 with another amount, an unseen village."""
    rows = [["receives_funding", "municipality", f"Erlenbrunn{k}", f"0743{k:04d}", "program", "Dorfmitte", "",
             value, "EUR", "", "", "", "", "", "Haushalt", ""] for k, value in ((0, "1000"), (1, "5000"), (9, "700"))]
    db = path.with_suffix(".db")
    init_registry(db).close()
    import_csv(write_registry_csv(path, rows), db)
    return db


def test_a_synthetic_dataset_with_repeated_surfaces_cites_the_right_occurrence(tmp_path: Path) -> None:
    dataset = synthetic_dataset(tmp_path / "run")
    db = synthetic_registry(tmp_path / "registry.csv")
    items = diff(dataset, db)
    counts = {s: sum(i.status == s for i in items) for s in ("new", "confirmed", "conflict", "unseen")}
    assert counts == {"new": 13, "confirmed": 1, "conflict": 17, "unseen": 1}
    # t001 cites the second "Erlenbrunn1" and the second "1.000 Euro" of its first sentence
    ev = next(ev for i in items for ev in i.evidence if ev.doc_id == "t001" and "erhält" in ev.sentence)
    assert ev.highlights == [(47, 56), (58, 69), (76, 86)]
    # a decision taken on the first diff: the next diff gives the rejected item
    conflict = next(i for i in items if i.status == "conflict")
    resolve(conflict.item_id, "reject", registry=db, who="test")
    again = diff(dataset, db)
    assert [i.status for i in again if i.item_id == conflict.item_id] == ["rejected"]


def test_a_dataset_naming_missing_mentions_is_refused(tmp_path: Path) -> None:
    dataset = synthetic_dataset(tmp_path / "run", n_docs=8)
    rows = list(csv.DictReader((dataset / "mentions.csv").open(encoding="utf-8")))
    _write(dataset / "mentions.csv", MENTION_COLUMNS, [r for r in rows if r["doc_id"] != "t003"])
    db = synthetic_registry(tmp_path / "registry.csv")
    with pytest.raises(DatasetError) as got:
        diff(dataset, db)
    assert "2 of 16 facts name evidence mentions not in mentions.csv (e.g. F003a, F003b)" in str(got.value)


def candidates(registry: Path) -> list[tuple]:
    with using(registry) as reg:
        rows = reg.execute("SELECT item_id, status, natural_key, payload, dataset FROM candidates ORDER BY item_id")
    return [tuple(r.values()) for r in rows]


def test_the_registry_is_checked_before_the_dataset_is_read(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    dataset = synthetic_dataset(tmp_path / "run", n_docs=4)
    (dataset / "mentions.csv").write_text("not,a\nmentions file\n", encoding="utf-8")  # never read
    code = main(["diff", "--dataset", str(dataset), "--registry", str(tmp_path / "nope.db"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (f"pressextract diff: {tmp_path / 'nope.db'}: no registry there; create one with "
                   f"`pressextract registry init {tmp_path / 'nope.db'}`\n")
    assert not (tmp_path / "out" / "diff.csv").exists()


def test_a_missing_dataset_folder_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db = synthetic_registry(tmp_path / "registry.csv")
    code = main(["diff", "--dataset", str(tmp_path / "none"), "--registry", str(db), "--out", str(tmp_path / "o")])
    assert code == 1
    assert capsys.readouterr().err == f"pressextract diff: {tmp_path / 'none'}: not a dataset folder\n"
    assert json.loads(json.dumps(candidates(db))) == []


def _diff_in_memory(out: Path) -> None:
    """What ``pressextract diff --dataset run --registry registry.db --out out`` writes, from the
    diff as a list (every writer takes a list as it takes the spooled items)."""
    items = diff("run", "registry.db")
    with using("registry.db") as reg:
        evidence = registry_evidence(reg, [i for i in items if i.status == "conflict"])
    write_diff(items, out, dataset="run", registry="registry.db")
    write_report(items, out, dataset="run", registry="registry.db", registry_evidence=evidence)


def test_the_sample_corpus_run_gives_the_same_files_spooled_and_in_memory(
    tmp_path: Path, corpus_run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_run(tmp_path / "run", corpus_run.results, corpus_run.entities, corpus_run.facts)
    registry_csv = tmp_path / "registry.csv"
    with registry_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(REGISTRY_COLUMNS))
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in REGISTRY_COLUMNS} for row in registry_rows())
    init_registry(tmp_path / "registry.db").close()
    import_csv(registry_csv, tmp_path / "registry.db")
    files = {}
    for way in ("spooled", "memory"):
        folder = tmp_path / way
        shutil.copytree(tmp_path / "run", folder / "run")
        shutil.copy(tmp_path / "registry.db", folder / "registry.db")
        monkeypatch.chdir(folder)
        if way == "spooled":
            assert main(["diff", "--dataset", "run", "--registry", "registry.db", "--out", "out"]) == 0
        else:
            _diff_in_memory(folder / "out")
        files[way] = {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir()) if p.name in OUTPUT_FILES}
        files[way]["candidates"] = repr(candidates(folder / "registry.db")).encode()
    assert sorted(files["spooled"]) == sorted([*OUTPUT_FILES, "candidates"])
    assert files["spooled"] == files["memory"]
    statuses = {i["status"] for i in json.loads(files["spooled"]["diff.json"])["items"]}
    assert statuses == {"new", "confirmed", "conflict", "unseen"}


def test_the_hand_made_dataset_cites_the_second_of_two_equal_surfaces(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "run")
    db = tmp_path / "registry.db"
    init_registry(db).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), db)
    richrath = next(i for i in diff(dataset, db) if i.predicate == "holds_role")
    # "Leverkusen" twice in one sentence: the fact cites the second one
    assert richrath.evidence[0].highlights == [(30, 42), (65, 75)]


def test_a_dataset_saved_by_a_spreadsheet_diffs_as_the_original(tmp_path: Path) -> None:
    """Semicolons, a BOM and CRLF line ends (a spreadsheet's "CSV UTF-8"), one file with a formula-guarded cell."""
    plain = synthetic_dataset(tmp_path / "plain", n_docs=12)
    saved = synthetic_dataset(tmp_path / "saved", n_docs=12)
    for name in ("documents.csv", "mentions.csv", "entities.csv", "facts.csv"):
        rows = list(csv.reader((saved / name).open(encoding="utf-8", newline="")))
        if name == "documents.csv":
            rows[1][5] = "'=Meldung 0"  # the title as the formula guard wrote it: the raw value is "=Meldung 0"
        with (saved / name).open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    expected = [i.to_dict() for i in diff(plain, synthetic_registry(tmp_path / "registry.csv"), remember=False)]
    got = [i.to_dict() for i in diff(saved, tmp_path / "registry.db", remember=False)]
    for item in expected:
        for doc in item["documents"]:
            doc["title"] = "=Meldung 0" if doc["doc_id"] == "t000" else doc["title"]
    assert got == expected
    assert any(d["title"] == "=Meldung 0" for i in got for d in i["documents"])

"""One input never takes down the batch: long texts, failing documents, sizes, pipes, symlinks,
permissions, duplicates of skipped files, damaged encodings. Each test ends with the dataset check."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest
import spacy
from robust_helpers import REPO, check_dataset, cli, paragraph, press_text, read_csv

from extract.ingest import ingest
from extract.pipeline import process
from extract.write import write_dataset


def run_and_check(inputs: list[str], out: Path, nlp) -> dict[str, dict[str, str]]:
    result = process(inputs, nlp=nlp)
    write_dataset(out, result.results, result.entities, result.facts)
    tables = check_dataset(out)
    return {d["source"]: d for d in tables["documents"]}


# --- long texts ------------------------------------------------------------------------------


def test_window_bounds_cut_at_paragraphs_then_sentences_then_spaces() -> None:
    from extract.annotate import window_bounds

    text = "Erster Absatz hier.\n\nZweiter Absatz dort. Noch ein Satz folgt hier.\n\nDritter."
    bounds = window_bounds(text, 30)
    assert bounds == [(0, 21), (21, 42), (42, 69), (69, len(text))]
    assert "".join(text[a:b] for a, b in bounds) == text
    one_line = "wort " * 20  # no paragraph, no sentence end: cut after a space
    assert window_bounds(one_line, 12) == [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60),
                                           (60, 70), (70, 80), (80, 90), (90, 100)]
    assert window_bounds("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_text_longer_than_spacy_max_length_is_annotated_in_windows(tmp_path: Path, nlp, monkeypatch) -> None:
    # spaCy's limit lowered so the test is quick; the same path serves 1 M characters (E088 today)
    monkeypatch.setattr(nlp, "max_length", 2_000)
    text = press_text(40)
    assert len(text) > 3 * nlp.max_length
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "lang.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "kurz.txt").write_text(paragraph(3), encoding="utf-8")
    docs = run_and_check([str(tmp_path / "in")], tmp_path / "out", nlp)
    assert docs["lang.txt"]["status"] == "ok" and docs["kurz.txt"]["status"] == "ok"
    mentions = [m for m in read_csv(tmp_path / "out" / "mentions.csv") if m["doc_id"] == docs["lang.txt"]["doc_id"]]
    by_type = {t: sum(m["type"] == t for m in mentions) for t in ("municipality", "amount", "date")}
    assert by_type == {"municipality": 40, "amount": 40, "date": 80}
    for m in mentions:  # offsets exact into the original text
        assert text[int(m["start"]):int(m["end"])] == m["text"]
    # a paragraph deep in the text gives the mentions it gives alone, shifted by its offset
    para = paragraph(31)
    offset = text.index(para)
    monkeypatch.undo()
    (tmp_path / "p31.txt").write_text(para, encoding="utf-8")
    alone = [(m.type, m.start + offset, m.end + offset, m.value)
             for m in process([str(tmp_path / "p31.txt")], nlp=nlp).results[0].mentions]
    inside = [(m["type"], int(m["start"]), int(m["end"]), m["value"]) for m in mentions
              if offset <= int(m["start"]) < offset + len(para)]
    assert inside == alone and len(alone) == 5  # municipality, amount, programme, two dates


def test_an_exception_in_one_document_is_its_error_record(tmp_path: Path) -> None:
    nlp = spacy.blank("de")

    @spacy.Language.component("robust_test_explode")
    def explode(doc):
        if "Sprengsatz" in doc.text:
            raise ValueError("component broke on this text")
        return doc

    nlp.add_pipe("robust_test_explode")
    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"pm{i}.txt").write_text(paragraph(i) + (" Sprengsatz" if i == 2 else ""), encoding="utf-8")
    docs = run_and_check([str(tmp_path / "in")], tmp_path / "out", nlp)
    assert [(s, d["status"]) for s, d in sorted(docs.items())] == [
        ("pm0.txt", "ok"), ("pm1.txt", "ok"), ("pm2.txt", "error"), ("pm3.txt", "ok"), ("pm4.txt", "ok")]
    assert docs["pm2.txt"]["error"] == "annotation failed: ValueError: component broke on this text"


# --- sizes, pipes, symlinks, permissions -------------------------------------------------------


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    (record,) = ingest([str(big)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (record.status, record.error) == ("skipped", "file too large (209.7 MB > 21 MB)")
    assert peak < 5 * 1024 * 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipes_do_not_hang_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(paragraph(1), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "direct.txt")
    out = tmp_path / "out"
    proc = cli("run", str(folder), str(tmp_path / "direct.txt"), "--out", str(out), "--quiet", "--model", "blank",
               timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs = {d["source"]: d for d in check_dataset(out)["documents"]}
    assert (docs["in/pipe.txt"]["status"], docs["in/pipe.txt"]["error"]) == (
        "skipped", "not a regular file (a named pipe)")
    assert docs["direct.txt"]["status"] == "skipped" and docs["in/a.txt"]["status"] == "ok"


def test_symlink_problems_each_get_a_row(tmp_path: Path, nlp) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text(paragraph(5), encoding="utf-8")
    (folder / "a.txt").write_text(paragraph(1), encoding="utf-8")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "shared").symlink_to(elsewhere, target_is_directory=True)
    docs = run_and_check([str(folder)], tmp_path / "out", nlp)
    rows = {s: (d["status"], d["error"]) for s, d in docs.items()}
    assert rows == {
        "a.txt": ("ok", ""),
        "dangling.txt": ("error", f"dangling symlink (its target {tmp_path / 'gone.txt'} does not exist)"),
        "loop.txt": ("error", "symlink loop"),
        "shared/linked.txt": ("ok", ""),
        "sub/up/": ("skipped", "symlink loop: points to a folder being read"),
    }


def _drop_root_read_override() -> None:
    """In the child: without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH even root obeys chmod 000."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after the exec
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_other_user(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run Python code in a process that cannot read chmod-000 files (root normally reads everything)."""
    preexec = _drop_root_read_override if os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False,
                          cwd=folder, env={**os.environ, "PYTHONPATH": str(REPO)}, preexec_fn=preexec)


def test_unreadable_file_and_folder_get_a_clear_row() -> None:
    base = Path(tempfile.mkdtemp(prefix="pe-perm-"))
    try:
        base.chmod(0o777)
        folder = base / "in"
        (folder / "locked").mkdir(parents=True)
        for p in (folder, base):
            p.chmod(0o777)
        (folder / "a.txt").write_text(paragraph(1), encoding="utf-8")
        (folder / "a.txt").chmod(0o644)
        (folder / "secret.txt").write_text(paragraph(2), encoding="utf-8")
        (folder / "secret.txt").chmod(0o000)
        (folder / "locked" / "x.txt").write_text(paragraph(3), encoding="utf-8")
        (folder / "locked").chmod(0o000)
        out = base / "out"
        code = ("import sys; from extract.cli import main; "
                f"sys.exit(main(['run', {str(folder)!r}, '--out', {str(out)!r}, '--quiet', '--model', 'blank']))")
        proc = _as_other_user(code, base)
        assert proc.returncode == 0, proc.stderr
        docs = {d["source"]: d for d in check_dataset(out)["documents"]}
        assert {s: (d["status"], d["error"]) for s, d in docs.items()} == {
            "a.txt": ("ok", ""),
            "locked/": ("error", "cannot read folder: Permission denied"),
            "secret.txt": ("error", "cannot read: Permission denied"),
        }
        assert "pressextract: error: secret.txt: cannot read: Permission denied" in proc.stderr
    finally:
        for p in (base / "in" / "locked", base / "in" / "secret.txt"):
            if p.exists():
                p.chmod(0o755)
        subprocess.run(["rm", "-rf", str(base)], check=False)


def test_a_text_is_never_the_duplicate_of_a_skipped_file(tmp_path: Path) -> None:
    (tmp_path / "a_entwurf.bak").write_text(paragraph(4), encoding="utf-8")
    (tmp_path / "b_pm.txt").write_text(paragraph(4), encoding="utf-8")
    (tmp_path / "c_pm.txt").write_text(paragraph(4), encoding="utf-8")
    records = {r.source: r for r in ingest([str(tmp_path)])}
    assert records["a_entwurf.bak"].status == "skipped"
    assert (records["b_pm.txt"].status, records["b_pm.txt"].error) == ("ok", "")
    assert (records["c_pm.txt"].status, records["c_pm.txt"].error) == ("skipped", "duplicate of b_pm.txt")
    assert len({r.doc_id for r in records.values()}) == 3


# --- encodings -------------------------------------------------------------------------------


def test_utf8_with_truncated_last_character_stays_utf8(tmp_path: Path, nlp) -> None:
    text = "Die Gemeinde Jüchen erhält 40.000 Euro für die Grundschule. Bürgermeister Harald Zillikens: „Schön“"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.txt").write_bytes(text.encode("utf-8")[:-1])  # last „““ loses a byte
    docs = run_and_check([str(tmp_path / "in")], tmp_path / "out", nlp)
    doc = docs["cut.txt"]
    assert (doc["status"], doc["warning"]) == ("ok", "decoded as UTF-8 with a truncated last character replaced "
                                                      "by U+FFFD")
    (record,) = ingest([str(tmp_path / "in" / "cut.txt")])
    assert record.text == text[:-1] + "\ufffd"
    municipalities = [m["text"] for m in read_csv(tmp_path / "out" / "mentions.csv") if m["type"] == "municipality"]
    assert municipalities == ["Jüchen"]


def test_utf16_without_bom_is_detected(tmp_path: Path) -> None:
    text = "Der Kreis Viersen erhält 2,3 Millionen Euro für den Radweg zwischen Nettetal und Brüggen."
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(text.encode("utf-16-be"))
    records = {r.source: r for r in ingest([str(tmp_path)])}
    assert [(s, r.status, r.encoding, r.text) for s, r in sorted(records.items())] == [
        ("be.txt", "ok", "utf-16-be", text), ("le.txt", "ok", "utf-16-le", text)]


def test_dataset_csv_cells_never_run_as_formulas(tmp_path: Path, nlp) -> None:
    from extract.csvsafe import looks_like_formula, unguard

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=HYPERLINK(x).txt").write_text(paragraph(2), encoding="utf-8")
    (folder / "@liste.txt").write_text("- 32.000 Euro für Kaarst\n" + paragraph(6), encoding="utf-8")
    run_and_check([str(folder)], tmp_path / "out", nlp)
    for name in ("documents", "mentions", "entities", "facts"):
        for row in read_csv(tmp_path / "out" / f"{name}.csv"):
            assert [c for c in row.values() if looks_like_formula(c)] == [], name
    sources = sorted(d["source"] for d in read_csv(tmp_path / "out" / "documents.csv"))
    assert sources == ["'=HYPERLINK(x).txt", "'@liste.txt"]
    assert sorted(unguard(s) for s in sources) == ["=HYPERLINK(x).txt", "@liste.txt"]
    import json

    data = json.loads((tmp_path / "out" / "dataset.json").read_text(encoding="utf-8"))
    assert sorted(d["source"] for d in data["documents"]) == ["=HYPERLINK(x).txt", "@liste.txt"]  # raw in JSON

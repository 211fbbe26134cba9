"""Ingest: every input becomes a record; bad input is recorded with a reason, the batch goes on."""

from __future__ import annotations

from pathlib import Path

from extract.ingest import decode, ingest


def write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def test_bad_inputs_are_recorded_and_batch_goes_on(tmp_path: Path) -> None:
    write(tmp_path, "a_ok.txt", "Die Stadt Brühl erhält 30.000 Euro.".encode())
    write(tmp_path, "b_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(tmp_path, "c_cp1252.txt", "Bürgermeister Reiner Breuer: „Kein Kind zurücklassen“ – 5 €".encode("cp1252"))
    write(tmp_path, "d_empty.txt", b"")
    write(tmp_path, "e_broken.html", b"<html><body><p>Neuss \xe2\x80\x93 Start<div><b>offen")
    write(tmp_path, "f_image.png", b"\x89PNG")
    write(tmp_path, "g_copy.txt", "Die Stadt Brühl erhält 30.000 Euro.".encode())
    records = {r.source: r for r in ingest([str(tmp_path)])}

    assert list(records) == ["a_ok.txt", "b_binary.txt", "c_cp1252.txt", "d_empty.txt", "e_broken.html",
                             "f_image.png", "g_copy.txt"]
    assert (records["a_ok.txt"].status, records["a_ok.txt"].encoding) == ("ok", "utf-8")
    assert (records["b_binary.txt"].status, records["b_binary.txt"].error) == ("error", "binary file, not text or HTML")
    cp = records["c_cp1252.txt"]
    assert (cp.status, cp.encoding) == ("ok", "cp1252")
    assert cp.text == "Bürgermeister Reiner Breuer: „Kein Kind zurücklassen“ – 5 €"
    assert (records["d_empty.txt"].status, records["d_empty.txt"].error) == ("empty", "file is empty")
    assert (records["e_broken.html"].status, records["e_broken.html"].media_type) == ("ok", "html")
    assert records["f_image.png"].status == "skipped"
    assert records["f_image.png"].error == "unsupported file type '.png' (expected .txt, .html, .htm, .pdf, .docx)"
    dup = records["g_copy.txt"]
    assert (dup.status, dup.error) == ("skipped", "duplicate of a_ok.txt")
    assert dup.doc_id == records["a_ok.txt"].doc_id + "-dup1"


def test_doc_id_is_content_hash_prefix(tmp_path: Path) -> None:
    write(tmp_path, "x.txt", b"Leverkusen")
    (record,) = ingest([str(tmp_path / "x.txt")])
    assert record.sha256 == "d33a051b24ccf99ec450ffb24a7245ef2b3e64dbb1b444e751cd30258aaa7d37"
    assert record.doc_id == "d33a051b24ccf99e"


def test_missing_path_is_an_error_record(tmp_path: Path) -> None:
    (record,) = ingest([str(tmp_path / "nope.txt")])
    assert (record.status, record.error) == ("error", "no such file or folder")


def test_decode_prefers_utf8_and_strips_bom() -> None:
    assert decode("\ufeffKöln".encode()) == ("Köln", "utf-8")
    assert decode("Köln – 3 €".encode("cp1252")) == ("Köln – 3 €", "cp1252")


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    write(tmp_path, "u16.txt", "Kreis Recklinghausen erhält 2,3 Millionen Euro.".encode("utf-16"))
    (record,) = ingest([str(tmp_path)])
    assert (record.status, record.encoding) == ("ok", "utf-16")
    assert record.text == "Kreis Recklinghausen erhält 2,3 Millionen Euro."


def test_files_of_several_folders_are_named_with_their_folder(tmp_path):
    for folder, text in (("a", "Neuss erhält 30.000 Euro."), ("b", "Brühl erhält 30.000 Euro.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "pm.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "copy.txt").write_text("Neuss erhält 30.000 Euro.", encoding="utf-8")
    records = list(ingest([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert [(r.source, r.status, r.error) for r in records] == [
        ("a/pm.txt", "ok", ""), ("b/copy.txt", "skipped", "duplicate of a/pm.txt"), ("b/pm.txt", "ok", "")]
    assert [r.source for r in ingest([str(tmp_path / "a")])] == ["pm.txt"]

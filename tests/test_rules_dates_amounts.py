"""Integrity of the date and amount rule files (rules/dates, rules/amounts): they parse, carry a
comment header, have the keys the components need, and every pattern compiles."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

from extract.components import amounts as amount_component
from extract.components import dates as date_component
from extract.components._matching import expand_patterns
from extract.rules import read_jsonl, read_yaml, rules_dir

FOLDERS = ("dates", "amounts")
RULE_FILES = sorted(
    f"{folder}/{p.name}" for folder in FOLDERS for p in (rules_dir() / folder).iterdir()
    if p.suffix in (".yaml", ".jsonl")
)


def test_rule_files_exist() -> None:
    names = set(RULE_FILES)
    for required in ("dates/patterns.jsonl", "dates/months.yaml", "dates/weekdays.yaml", "dates/periods.yaml",
                     "dates/relative.yaml", "dates/context.yaml", "dates/roles.yaml",
                     "amounts/patterns.jsonl", "amounts/currencies.yaml", "amounts/scales.yaml",
                     "amounts/number_words.yaml", "amounts/qualifiers.yaml", "amounts/periods.yaml",
                     "amounts/context.yaml"):
        assert required in names


@pytest.mark.parametrize("name", RULE_FILES)
def test_comment_header(name: str) -> None:
    first = (rules_dir() / name).read_text(encoding="utf-8").lstrip().splitlines()[0]
    assert first.startswith("#"), f"{name} must start with a # comment header"


@pytest.mark.parametrize("name", [n for n in RULE_FILES if n.endswith(".yaml")])
def test_yaml_parses_to_mapping(name: str) -> None:
    assert isinstance(read_yaml(name), dict)


# a pattern file read after another one: it may use that file's defines and block its ids and the
# ids of the rows the component generates from lexicons (date_context.generated_rows)
EXTENDS = {"dates/timex.jsonl": ("dates/patterns.jsonl", ("date.narrative_day", "date.holiday"))}


@pytest.mark.parametrize("name", [n for n in RULE_FILES if n.endswith(".jsonl")])
def test_pattern_rows(name: str) -> None:
    rows = read_jsonl(name)
    defines = [r["define"] for r in rows if "define" in r]
    assert len(defines) == len(set(defines)), "duplicate define names"
    patterns = [r for r in rows if "define" not in r]
    ids = [r["id"] for r in patterns]
    assert len(ids) == len(set(ids)), f"duplicate pattern ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    base_ids: list[str] = []
    if name in EXTENDS:
        base, generated = EXTENDS[name]
        base_rows = read_jsonl(base)
        assert not set(defines) & {r["define"] for r in base_rows if "define" in r}, "define of the base file"
        assert not set(ids) & {r.get("id") for r in base_rows}, "id of the base file"
        defines += [r["define"] for r in base_rows if "define" in r]
        base_ids = [r["id"] for r in base_rows if "define" not in r] + list(generated)
    for row in patterns:
        assert {"id", "label", "pattern"} <= set(row), row
        assert row["id"].split(".")[0] in ("date", "amount", "period", "veto"), row["id"]
        assert row["label"] in ("date", "amount", "period", "veto"), row["id"]
        assert isinstance(row["pattern"], list) and row["pattern"], row["id"]
        for tok in row["pattern"]:
            if "@" in tok:
                assert tok["@"] in defines, f"{row['id']}: unknown define {tok['@']}"
        if "trim" in row:
            left, right = row["trim"]
            assert left >= 0 and right >= 0 and left + right < len(row["pattern"]), row["id"]
        if row["label"] == "period":
            assert row["period"] in ("year", "month", "total", "once", "") and isinstance(row["rank"], int)
    known = set(ids) | set(base_ids)
    for row in patterns:
        for blocked in row.get("blocks", ()):
            assert blocked in known, f"{row['id']} blocks unknown id {blocked}"


@pytest.mark.parametrize(
    ("name", "loader"),
    [("dates/patterns.jsonl", date_component.load_lexicon),
     ("amounts/patterns.jsonl", amount_component.load_lexicon)],
)
def test_lexicon_references_resolve(name: str, loader) -> None:  # type: ignore[no-untyped-def]
    lists = loader().lists()
    expanded = expand_patterns(read_jsonl(name), lists)
    assert all("@" not in str(tok) or "REGEX" in str(tok) for row in expanded for tok in row["pattern"])


def test_components_compile() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_dates")
    nlp.add_pipe("pressextract_amounts")
    nlp("Am 12. Januar 2017 gab es 30.000 Euro.")


def test_months_complete() -> None:
    data = read_yaml("dates/months.yaml")
    assert sorted(int(k) for k in data["months"]) == list(range(1, 13))
    assert len(data["full_names"]) == 12
    forms = [w for words in data["months"].values() for w in words]
    assert len(forms) == len(set(forms)), "a month form is listed twice"
    assert all(w == w.lower() for w in forms)


def test_weekdays_complete() -> None:
    assert len(read_yaml("dates/weekdays.yaml")["weekdays"]) == 7


def test_periods_consistent() -> None:
    data = read_yaml("dates/periods.yaml")
    assert set(data["seasons"].values()) == set(data["season_months"]) == {"SP", "SU", "FA", "WI"}
    assert set(data["part_modifiers"].values()) <= {"start", "middle", "end"}
    assert set(data["ordinals"].values()) <= {1, 2, 3, 4}


def test_relative_offsets_are_integers() -> None:
    data = read_yaml("dates/relative.yaml")
    for key in ("year_adjectives", "year_words", "days"):
        assert all(isinstance(v, int) for v in data[key].values()), key


def test_roles_lists() -> None:
    data = read_yaml("dates/roles.yaml")
    for key in ("start", "end", "deadline_nouns", "deadline_words", "publication_cues"):
        assert data[key] and all(isinstance(w, str) for w in data[key]), key


def test_currencies() -> None:
    data = read_yaml("amounts/currencies.yaml")
    words = []
    for entry in data["currencies"]:
        assert len(entry["code"]) == 3 and entry["code"].isupper()
        assert Decimal(str(entry["factor"])) > 0
        words += entry["words"]
        assert set(entry.get("symbols", [])) <= set(entry["words"]), "a symbol must also be a word"
    assert len(words) == len(set(words)), "a currency word is listed twice"


def test_scales_are_powers_of_ten() -> None:
    data = read_yaml("amounts/scales.yaml")
    for word, value in data["scales"].items():
        assert value in (10**3, 10**6, 10**9, 10**12), word
    assert set(data["bare_scales"]) <= set(data["scales"])


def test_number_words() -> None:
    data = read_yaml("amounts/number_words.yaml")
    for key in ("units", "teens", "tens", "hundreds", "unit_stems", "fractions", "others"):
        assert all(isinstance(v, (int, float)) for v in data[key].values()), key


def test_amount_periods_and_qualifiers() -> None:
    groups = read_yaml("amounts/periods.yaml")["groups"]
    assert {g["period"] for g in groups} <= {"year", "month", "total", "once", ""}
    ids = [g["id"] for g in groups]
    assert len(ids) == len(set(ids))
    quals = read_yaml("amounts/qualifiers.yaml")["qualifiers"]
    assert {"approx", "max", "min", "each"} <= set(quals)


def test_amount_context() -> None:
    data = read_yaml("amounts/context.yaml")
    assert set(data["duration_units"].values()) <= {"Y", "M", "W"}
    assert data["inherit"]["max_sentences_back"] >= 0

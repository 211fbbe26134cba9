"""The lexicon-features component (pressextract_lexicon_features): exact flags, lexeme bits, serialisation."""

import importlib.util
from pathlib import Path

import pytest
import spacy

from extract.components.lexicon_features import (
    FIRST,
    FLAG_ATTRS,
    FLAG_IDS,
    ORG_CUE,
    PLACE,
    SURNAME,
    LexiconFeatures,
    flags_to_letters,
    letters_to_flags,
    read_lexicon,
)

REPO = Path(__file__).resolve().parents[1]

LEXICON_TSV = """# test lexicon: word<TAB>flags
Franziska\tF
Müller\tS
Berlin\tFP
Leverkusen\tP
GmbH\tO
Stiftung\tO
-verband\tO
"""


@pytest.fixture()
def nlp(tmp_path: Path):
    path = tmp_path / "lexicon.tsv"
    path.write_text(LEXICON_TSV, encoding="utf-8")
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_lexicon_features")
    nlp.get_pipe("pressextract_lexicon_features").initialize(path=path)
    return nlp


def test_flag_letters_round_trip():
    assert flags_to_letters(FIRST | PLACE) == "FP"
    assert letters_to_flags("SO") == SURNAME | ORG_CUE
    with pytest.raises(ValueError):
        letters_to_flags("X")
    assert FLAG_ATTRS == ("FLAG60", "FLAG61", "FLAG62", "FLAG63")


def test_read_lexicon_splits_words_compounds_and_header():
    words, compounds, header = read_lexicon(LEXICON_TSV.splitlines())
    assert words == {"Franziska": FIRST, "Müller": SURNAME, "Berlin": FIRST | PLACE, "Leverkusen": PLACE,
                     "GmbH": ORG_CUE, "Stiftung": ORG_CUE}
    assert compounds == {"verband": ORG_CUE}
    assert header == ["# test lexicon: word<TAB>flags"]
    with pytest.raises(ValueError):
        read_lexicon(["Berlin"])


@pytest.mark.parametrize(("text", "flags"), [
    ("Franziska", FIRST),
    ("Müller", SURNAME),
    ("Berlin", FIRST | PLACE),
    ("Leverkusen", PLACE),
    ("Leverkusens", PLACE),  # genitive
    ("Müllers", SURNAME),
    ("GmbH", ORG_CUE),
    ("Stiftungen", ORG_CUE),  # inflected cue
    ("Bundesverband", ORG_CUE),  # compound ending
    ("Landesverbandes", ORG_CUE),
    ("Verband", 0),  # a compound ending alone is no cue unless listed as a word
    ("leverkusen", 0),  # case-sensitive
    ("Haus", 0),
    ("besuchte", 0),
])
def test_flags_of_words(nlp, text, flags):
    assert nlp.get_pipe("pressextract_lexicon_features").flags(text) == flags


def test_component_sets_lexeme_flag_bits(nlp):
    doc = nlp("Franziska Müller besuchte Berlin und die Stiftung")
    component = nlp.get_pipe("pressextract_lexicon_features")
    assert component.doc_flags(doc) == [FIRST, SURNAME, 0, FIRST | PLACE, 0, 0, ORG_CUE]
    berlin = doc[3]
    assert [berlin.check_flag(i) for i in FLAG_IDS] == [True, False, True, False]
    # what the NER's MultiHashEmbed reads
    assert doc.to_array(list(FLAG_ATTRS)).tolist()[0] == [1, 0, 0, 0]


def test_flags_follow_a_new_lexicon(nlp):
    component = nlp.get_pipe("pressextract_lexicon_features")
    nlp("Berlin")
    component.set_lexicon({"Berlin": PLACE})
    doc = nlp("Berlin Franziska")
    assert component.doc_flags(doc) == [PLACE, 0]


def test_serialisation_round_trip(nlp, tmp_path: Path):
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "pressextract_lexicon_features" / "lexicon.tsv").is_file()
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == ["pressextract_lexicon_features"]
    component = loaded.get_pipe("pressextract_lexicon_features")
    assert component.flags("Bundesverband") == ORG_CUE
    assert component.header == ["# test lexicon: word<TAB>flags"]
    restored = LexiconFeatures(spacy.blank("de")).from_bytes(nlp.get_pipe("pressextract_lexicon_features").to_bytes())
    assert restored.words == component.words and restored.compounds == component.compounds


def test_initialize_needs_a_lexicon():
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_lexicon_features")
    with pytest.raises(ValueError, match="lexicon file"):
        nlp.initialize()


def test_empty_doc(nlp):
    assert len(nlp("")) == 0



# ------------------------------------------------------------------ the lexicon build (training/ner/build_lexicon.py)

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The experiment's lexicon built without ../shared (faker, embedded gazetteer, org cues)."""
    spec = importlib.util.spec_from_file_location("build_lexicon", REPO / "training" / "ner" / "build_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("lexicon") / "lexicon.tsv"
    assert module.main(["--no-shared-names", "--out", str(out)]) == 0
    component = LexiconFeatures(spacy.blank("de"))
    component.load(out)
    return component


@pytest.mark.parametrize(("word", "letters"), [
    ("Franziska", "F"),  # first name
    ("Uwe", "F"),
    ("Müller", "S"),  # surname
    ("Wolf", "FS"),
    ("Leverkusen", "P"),  # municipality
    ("Monheim", "P"),  # short form of "Monheim am Rhein"
    ("Main", "P"),  # word of "Frankfurt am Main"
    ("Bayern", "P"),  # Land
    ("Polen", "P"),  # country
    ("Deutschlands", "P"),  # genitive
    ("GmbH", "O"),  # organisation cues
    ("e.V.", "O"),
    ("Stiftung", "O"),
    ("Ministeriums", "O"),
    ("Bundesverband", "O"),
    ("Landgericht", "O"),
    ("Haus", ""),  # plain words
    ("besuchte", ""),
    ("Die", ""),  # stop words are never flagged
    ("Am", ""),
])
def test_built_lexicon_flags(built, word, letters):
    assert flags_to_letters(built.flags(word)) == letters


def test_built_lexicon_credits_its_sources(built):
    header = "\n".join(built.header)
    for credit in ("faker (MIT)", "dl-de/by-2-0", "GeoNames", "org_cues.txt"):
        assert credit in header
    assert "LABO Berlin" not in header  # built without the registry first names

"""The fast paths of the per-document stages give exactly what the plain spaCy / regex paths give.

Each optimisation keeps its reference next to it: the token table against Token attributes,
the scope ids against ``break_level`` per token, the organisation matcher against the regex's
own ``finditer``, the cached sentence texts against ``span.sent.text``.
"""

from __future__ import annotations

import re

import pytest
import spacy

from extract.annotate import span_to_mention
from extract.components import spans_of
from extract.components._matching import break_level, scope_bounds, scopes, token_table
from extract.components.programs import _patterns, org_matches
from extract.model import CleanDocument

TEXTS = [
    "Die Stadt Wernau erhält bis Ende 2024. Weitere  Mittel folgen\n\nim Frühjahr; "
    "Bürgermeisterin Dr. Hanna Kolb (SPD): „Das freut uns!“ Danach – wie immer – Kaffee…\n",
    "Förderverein der Grundschule Am Hang e.V. und die Bürgerstiftung Tannhausen (BST) helfen. "
    "Der Landesverband für Heimatpflege Schwaben sowie das Regierungspräsidium Tübingen geben "
    "je 5.000 Euro; die Kreissparkasse Biberach-Stiftung und Stiftungsrat Meier nicht.\n"
    "Kontakt:\nJugendamt Tannhausen\nStefan Rauch\nTel. 07351 1234",
    "",
    "\n\n\n",
]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("de")


@pytest.mark.parametrize("text", TEXTS)
def test_token_table_reads_what_the_tokens_say(blank, text: str) -> None:
    doc = blank(text)
    table = token_table(doc)
    assert table.text == doc.text
    assert table.texts == tuple(t.text for t in doc)
    assert table.lower == tuple(t.lower_ for t in doc)
    assert table.is_space == tuple(t.is_space for t in doc)
    assert table.is_punct == tuple(t.is_punct for t in doc)
    assert table.orth == tuple(t.orth for t in doc)
    assert table.idx == tuple(t.idx for t in doc)
    assert table.levels == tuple(break_level(t) for t in doc)
    assert token_table(doc) is table  # cached on the doc


def test_scopes_and_bounds_follow_the_break_levels(blank) -> None:
    doc = blank(TEXTS[0])
    sc = scopes(doc)
    for kind in ("clause", "sentence", "paragraph"):
        need = {"clause": 1, "sentence": 2, "paragraph": 3}[kind]
        for i in range(len(doc)):
            s = i
            while s > 0 and break_level(doc[s - 1]) < need:
                s -= 1
            e = i + 1
            while e < len(doc) and break_level(doc[e - 1]) < need:
                e += 1
            assert scope_bounds(doc, i, kind) == (s, e) == sc.bounds(kind, i)
    assert sc.paragraph[-1] == 1 and sc.sentence[-1] == 4  # "2024.", blank line, "!", "…"


@pytest.mark.parametrize("text", TEXTS + [
    "Stiftung", "xStiftung Stiftung", "Die Stiftung der Stadt und der Verein Freunde des Waldes e. V. (FdW)",
    "Rhein Neckar Verkehrsverbund Rhein-Neckar-Verkehrsverbund GmbH Verbands Verbandsgemeinde",
])
def test_organisation_matches_are_the_regex_matches(text: str) -> None:
    def spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict]]:
        return [(m.start(), m.end(), m.groupdict()) for m in matches]

    assert spans(org_matches(text)) == spans(list(_patterns()["org"].finditer(text)))


def test_organisations_found_in_a_release(nlp) -> None:
    doc = nlp(TEXTS[1])
    assert [(s.text, s._.pe.rule) for s in spans_of(doc, "organization")] == [
        ("Förderverein der Grundschule", "organization.head_word"),
        ("Landesverband für Heimatpflege Schwaben", "organization.head_word"),
        ("Kreissparkasse Biberach-Stiftung", "organization.head_word"),
    ]


def test_mentions_take_the_squeezed_sentence_of_their_span(nlp) -> None:
    text = TEXTS[0] + TEXTS[1]
    clean = CleanDocument(doc_id="d", text=text, origin=tuple(range(len(text))), n_chars_raw=len(text))
    doc = nlp(text)
    cache: dict[int, str] = {}
    spans = spans_of(doc)
    assert len(spans) > 5
    for span in spans:
        fast = span_to_mention(clean, span, cache)
        assert fast == span_to_mention(clean, span)
        assert fast.sentence == re.sub(r"\s+", " ", span.sent.text).strip()
        assert fast.text == span.text and fast.value == span._.pe.value
    assert "pressextract.token_table" not in doc.user_data  # dropped at the end of the pipeline


@pytest.mark.parametrize("text", TEXTS[:2])
def test_sentence_starts_are_the_sentencizers(blank, text: str) -> None:
    from spacy.pipeline import Sentencizer

    from extract.components.sentences import LineAwareSentencizer

    reference = Sentencizer()(blank(text))
    doc = blank(text)
    table = token_table(doc)
    starts = LineAwareSentencizer()._punct_starts(doc, table.texts, table.is_punct)
    assert starts == [1 if t.is_sent_start else -1 for t in reference]
    assert starts.count(1) >= 2


def test_span_text_is_the_spans_text(blank) -> None:
    from extract.components._matching import span_text

    doc = blank(TEXTS[1])
    table = token_table(doc)
    for start in range(0, len(doc), 3):
        for end in range(start, min(len(doc), start + 8) + 1):
            assert span_text(table, start, end) == doc[start:end].text


def test_two_word_land_names_are_still_looked_up(nlp) -> None:
    from extract.gazetteer import normalise_name

    finder = nlp.get_pipe("pressextract_municipalities")
    pairs = [k for k in finder.lex.land_names if " " in k]
    assert pairs  # "schleswig holstein", "nordrhein westfalen", ...
    for key in pairs:
        first = key.split(" ")[0]
        assert finder._may_start_land(first.title()) and normalise_name(first.title()) == first
    assert not finder._may_start_land("Kindergarten")


# --- pattern sets: only the rows whose literal words occur are run ------------------------------

DENSE = [
    "Der Kreistag gab im Haushaltsjahr 2023 rund 1,2 Mio. Euro frei, über drei Jahre verteilt; "
    "zwischen 40.000 und 55.000 Euro jährlich gehen an die Vereine, je 2.500 € an die Schulen.\n\n"
    "Für die Laufzeit von 24 Monaten stehen bis zu zwei Milliarden Euro bereit, "
    "von 2021 bis 2025 insgesamt 3 bis 4 Millionen Euro und 500 Schweizer Franken.",
    "Am 3. März 2022 und vom 1. bis 14. Juni 2023 tagt der Rat; seit Anfang 2019, bis Ende Mai, "
    "im Frühjahr 2024 und am kommenden Dienstag um 18 Uhr. Stand: 15.06.2021. "
    "Das Projekt läuft mehrjährig, fünfjährige Förderung ab dem Schuljahr 2025/26.",
    "Keine Zahl steht hier, nur Worte ohne Betrag und ohne Datum.",
    "",
]


def _pattern_sets(nlp) -> list:
    """The amount component's pattern sets. The date rows go through their own per-window index
    (``date_prefilter.PatternIndex``), checked against all rows in tests/test_dates_prefilter.py."""
    amounts = nlp.get_pipe("pressextract_amounts")
    return [amounts.patterns, amounts.cue_patterns]


@pytest.mark.parametrize("text", DENSE + [p.read_text(encoding="utf-8") for p in sorted(
    __import__("pathlib").Path(__file__).resolve().parent.parent.joinpath("corpus").glob("*.txt"))])
def test_pattern_sets_find_what_the_matcher_of_every_row_finds(nlp, text: str) -> None:
    doc = nlp.make_doc(text)
    n = len(doc)
    window_sets = [None, [(0, n)], [(max(0, i - 8), min(n, i + 4)) for i in range(0, n, 13)]]
    found = 0
    for patterns in _pattern_sets(nlp):
        for windows in window_sets:
            fast = [(m.start, m.end, m.rule) for m in patterns.find(doc, windows)]
            patterns.filter_rows = False
            try:
                reference = [(m.start, m.end, m.rule) for m in patterns.find(doc, windows)]
            finally:
                patterns.filter_rows = True
            assert fast == reference  # the same matches in the same order
            found += len(fast)
    assert found > 0 or len(text) < 100


def test_trigger_words_are_the_literal_words_a_match_needs() -> None:
    from extract.components._matching import trigger_words

    assert trigger_words([{"LOWER": "zwischen"}, {"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": {"IN": ["euro", "eur"]}},
                          {"IS_SPACE": True, "OP": "*"}, {"ORTH": "Mio.", "OP": "?"}]) == (
        frozenset({"zwischen"}), frozenset({"euro", "eur"}))
    assert trigger_words([{"ORTH": "Euro", "OP": "+"}, {"LOWER": {"NOT_IN": ["x"]}}]) == (frozenset({"euro"}),)
    assert trigger_words([{"TEXT": {"REGEX": "^\\d+$"}}, {"LOWER": "jahr", "OP": "?"}, {"LOWER": "x", "OP": "!"}]) == ()


def test_a_row_runs_only_where_each_of_its_word_sets_occurs(blank) -> None:
    from extract.components._matching import PatternSet

    rows = [{"id": "a", "pattern": [{"LOWER": "rund"}, {"LOWER": {"IN": ["euro", "dollar"]}}]},
            {"id": "b", "pattern": [{"TEXT": {"REGEX": "^\\d+$"}}]}]
    patterns = PatternSet(blank.vocab, rows)
    doc = blank("rund 5 Euro und rund Dollar")
    assert [(m.start, m.end, m.rule) for m in patterns.find(doc)] == [(1, 2, "b"), (4, 6, "a")]
    assert [m.rule for m in patterns.find(doc, [(0, 3)])] == ["b"]  # "rund" but no currency word
    assert patterns.find(doc, [(3, 4)]) == []  # "und": no row can match, no Matcher runs
    assert len(patterns._matchers) == 3  # every row, no row, row b alone


# --- metadata stamps: the two common shapes are read without dateparser -----------------------

@pytest.mark.parametrize("expression", [
    "14.03.2019", "1.2.2020", "29.02.2024", "31.12.1999", "3. Oktober 2019", "01. März 2000", "9. Mai 2031",
])
def test_plain_stamp_days_are_what_dateparser_reads(expression: str) -> None:
    import dateparser

    from extract.metadata import _DATE_SETTINGS, _plain_day, iso_date

    parsed = dateparser.parse(expression, languages=["de", "en"], settings=_DATE_SETTINGS)
    assert _plain_day(expression) == parsed.date().isoformat() == iso_date(expression)


@pytest.mark.parametrize("expression", ["29.02.2023", "31.04.2020", "3. Oktober 19", "3.Oktober 2019", "12.3.99",
                                        "3. Okt. 2019", "2019-10-03"])
def test_other_stamps_still_go_to_dateparser(expression: str) -> None:
    from extract.metadata import _plain_day

    assert _plain_day(expression) == ""


# --- facts: cheap exits before patterns built per call -------------------------------------------

@pytest.mark.parametrize("before", [
    "im Verkehrsministerium in ", "des Rathauses in ", "beim Landratsamt zu\n", "heute in  ", "Am Montag in\n",
    "im Ministerium in", "der Gemeinde Berg ", "Sitz in", "", "in ", "Die Zentrale IN ", "Kinder in der ",
])
def test_institution_place_is_the_patterns_answer(before: str) -> None:
    from extract.facts.candidates import _INSTITUTION_PLACE, institution_place

    match = _INSTITUTION_PLACE.search(before)
    assert institution_place(before) == (match is not None and (match.group("before") or "").strip().lower() != "des")


def test_institution_place_examples() -> None:
    from extract.facts.candidates import institution_place

    assert institution_place("im Verkehrsministerium in ") and institution_place("Am Montag in\n")
    assert not institution_place("des Rathauses in ") and not institution_place("im Ministerium in")


# --- clean, metadata lines, CSV guard: shortcuts with their reference -----------------------------

def test_a_substitution_without_match_returns_the_same_map() -> None:
    from extract.clean import Mapped, substitute

    m = Mapped("Zeile  eins\nzwei", (0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16))
    assert substitute(m, re.compile("x+"), "") is m
    squeezed = substitute(m, re.compile(" {2,}"), " ")
    assert squeezed.text == "Zeile eins\nzwei"
    assert squeezed.origin == (0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16)


def test_clean_reuses_its_first_two_steps() -> None:
    from extract.clean import TEXT_STEPS, Mapped, clean, strip_html_remnants
    from extract.ingest import from_bytes_record

    raw = from_bytes_record("pm.txt", "Stadt  Wernau, 3. Mai 2024 –  Die Stadt\nerhält  Geld.\r\n\r\n\r\nKontakt: x\n"
                            .encode())
    mapped = strip_html_remnants(Mapped.identity(raw.text))
    for step in TEXT_STEPS:  # the reference: every step from the start
        mapped = step(mapped)
    cleaned = clean(raw)
    assert (cleaned.text, cleaned.origin) == (mapped.text, mapped.origin)
    assert cleaned.text.startswith("Stadt Wernau, 3. Mai 2024 – Die Stadt erhält Geld.")


def test_metadata_skips_digitless_lines_only_for_date_rules() -> None:
    from extract.metadata import _metadata_rules, detect_metadata

    rules = _metadata_rules()
    assert rules["needs_digit"] == {rule_id for rule_id, _ in rules["published"]}  # every rule reads a date
    lines = ["Stadt Wernau", "Pressemitteilung vom 14.03.2019", "Neue Brücke für Wernau", "Text ohne Ziffer."]
    assert detect_metadata(lines, lines).published == "2019-03-14"


@pytest.mark.parametrize("value", ["", "Euro", "=SUMME(A1)", "-5", "-x", "'=x", "''+1", "'Zitat'", "+49 711", "@a",
                                   "\tTab", None, 3])
def test_guard_shortcut_is_the_full_rule(value: object) -> None:
    from extract.csvsafe import _GUARDED, guard, looks_like_formula

    text = "" if value is None else str(value)
    assert guard(value) == ("'" + text if looks_like_formula(text) or _GUARDED.match(text) else text)

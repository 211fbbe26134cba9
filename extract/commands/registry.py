"""``pressextract registry init|import|export|decisions``: the analysts' fact registry (SQLite or PostgreSQL)."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

DEFAULT_REGISTRY = "registry.db"

EXAMPLES = """examples:
  pressextract registry init --registry registry.db
  pressextract registry init postgresql+psycopg://me@localhost:5432/facts
  pressextract registry import known_facts.csv --registry registry.db
  pressextract registry export facts_now.csv --registry registry.db
  pressextract registry decisions --registry registry.db > decisions.csv
"""


KEY_TABLE = "{natural key table}"


class KeyTableFormatter(argparse.RawDescriptionHelpFormatter):
    """Fills in the predicate table (extract.facts_schema) only when the help is shown."""

    def _format_text(self, text: str) -> str:
        if KEY_TABLE in text:
            from extract import facts_schema

            text = text.replace(KEY_TABLE, facts_schema.describe_table())
        return super()._format_text(text)


def registry_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """Add ``--registry DB``: a SQLite path or PostgreSQL URL (default ``$PRESSEXTRACT_REGISTRY`` or registry.db)."""
    default = os.environ.get("PRESSEXTRACT_REGISTRY") or DEFAULT_REGISTRY
    parser.add_argument(
        "--registry",
        metavar="DB",
        required=required,
        default=None if required else default,
        help="registry: a SQLite file, or a PostgreSQL URL like postgresql+psycopg://user@host:5432/dbname"
        + ("" if required else "; default: $PRESSEXTRACT_REGISTRY, else registry.db"),
    )


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``registry`` and its subcommands."""
    p = subparsers.add_parser(
        "registry",
        help="create, import into and export the fact registry",
        description="The registry keeps accepted facts (with provenance) and the analysts' decision log. "
        "Facts are matched by their natural key:\n\n" + KEY_TABLE,
        epilog=EXAMPLES,
        formatter_class=KeyTableFormatter,
    )
    sub = p.add_subparsers(dest="registry_command", metavar="ACTION")
    init = sub.add_parser("init", help="create an empty registry (idempotent)")
    registry_argument(init)
    init.add_argument("path", nargs="?", metavar="DB", help="registry file or URL (same as --registry)")
    imp = sub.add_parser(
        "import",
        help="import a registry CSV (all rows or none)",
        description="Import facts from a CSV in the facts.csv layout plus optional readable "
        "entity columns (subject_canonical, subject_type, subject_key, object_...). "
        "A file with any malformed row imports nothing.",
    )
    imp.add_argument("csv", type=Path, metavar="CSV", help="facts in the facts.csv layout (see above)")
    registry_argument(imp)
    imp.add_argument(
        "--entities",
        type=Path,
        default=None,
        help="entities.csv resolving subject_id/object_id (default: the one beside CSV, if any)",
    )
    imp.add_argument("--source", default=None, help="provenance to record (default: import:<file name>)")
    imp.add_argument("--hold-conflicts", action="store_true",
                     help="rows with one key and different values (in-batch conflicts of a run's facts.csv) are "
                          "held back and listed, the other rows imported; without it such a file imports nothing")
    exp = sub.add_parser("export", help="write the registry's facts as CSV (re-importable)")
    exp.add_argument("csv", metavar="CSV", help="output file, '-' for standard output")
    registry_argument(exp)
    dec = sub.add_parser("decisions", help="print the decision log as CSV")
    registry_argument(dec)
    p.set_defaults(func=run, registry_parser=p)


def run(args: argparse.Namespace) -> int:
    """Run ``registry ACTION``; 0 on success, 1 on bad input, 2 on usage errors."""
    from extract.registry import (
        RegistryError,
        display_name,
        export_csv,
        export_rows,
        import_csv,
        init_registry,
        open_registry,
        write_export,
    )

    action = getattr(args, "registry_command", None)
    try:
        if action == "init":
            path = args.path or args.registry
            init_registry(path).close()
            print(f"registry ready: {display_name(path)}")
            return 0
        if action == "import":
            result = import_csv(args.csv, args.registry, entities_csv=args.entities, source=args.source,
                                hold_conflicts=args.hold_conflicts)
            print(
                f"{args.csv}: {result.rows} rows -> {result.inserted} new, {result.updated} updated, "
                f"{result.unchanged} unchanged facts; {result.entities} new entities ({display_name(args.registry)})"
                + (f"; {result.logged} changed values logged as decisions" if result.logged else "")
            )
            if result.held:
                print(f"{args.csv}: {len(result.held)} rows held back as in-batch conflicts (not imported; "
                      f"`pressextract diff` raises them for review):", file=sys.stderr)
                for line, key in result.held:
                    print(f"  line {line}: {key}", file=sys.stderr)
            for line, column in result.formulas:
                print(f"{args.csv}: warning: line {line}, column {column}: the cell looks like a spreadsheet "
                      f"formula; imported as text", file=sys.stderr)
            return 0
        if action == "export":
            if args.csv == "-":
                write_export(export_rows(args.registry), sys.stdout)
            else:
                n = export_csv(args.registry, args.csv)
                print(f"{n} facts -> {args.csv}", file=sys.stderr)
            return 0
        if action == "decisions":
            with open_registry(args.registry) as reg:
                rows = reg.decisions()
            columns = [
                "decision_id",
                "item_id",
                "natural_key",
                "action",
                "registry_value",
                "new_value",
                "who",
                "at",
                "note",
                "source",
            ]
            writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return 0
    except RegistryError as exc:
        print(f"pressextract registry: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"pressextract registry: {exc}", file=sys.stderr)
        return 1
    args.registry_parser.print_help()
    return 2

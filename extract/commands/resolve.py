"""``pressextract resolve ID --accept|--reject [--note TEXT] --registry DB``: decide one diff item."""

from __future__ import annotations

import argparse
import sys

from extract.commands.registry import registry_argument

EXAMPLES = """examples:
  pressextract resolve 3f2a9c01 --accept --registry registry.db
  pressextract resolve 3f2a9c01 --reject --note "Betrag aus dem Vorjahr" --registry registry.db
  pressextract resolve 3f2a9c01 --note "beim Kreis nachfragen"        # a comment only
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``resolve``."""
    p = subparsers.add_parser(
        "resolve",
        help="accept or reject one diff item (id from diff.csv / the report)",
        description="Accept (write the value into the registry, with provenance) or reject a new or "
        "conflicting fact; with only --note, log a comment. Every decision is logged.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("item_id", metavar="ID", help="item id from diff.csv / conflicts.csv or the report")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--accept", action="store_true",
                       help="take the new value into the registry (with its evidence as provenance)")
    group.add_argument("--reject", action="store_true",
                       help="keep the registry as it is; the rejected value is not raised again")
    p.add_argument("--note", default="", help="free-text note stored with the decision")
    p.add_argument("--who", default=None, help="name recorded (default: $PRESSEXTRACT_USER or login)")
    registry_argument(p)
    p.set_defaults(func=run, resolve_parser=p)


def run(args: argparse.Namespace) -> int:
    """Log the decision; 0 on success, 1 on unknown items, 2 without --accept/--reject/--note."""
    from extract.registry import RegistryError
    from extract.review import ReviewError, resolve

    action = "accept" if args.accept else "reject" if args.reject else "note" if args.note else ""
    if not action:
        args.resolve_parser.print_usage(sys.stderr)
        print("pressextract resolve: give --accept, --reject or --note", file=sys.stderr)
        return 2
    try:
        decisions = resolve(args.item_id, action, args.note, registry=args.registry, who=args.who)
    except (ReviewError, RegistryError) as exc:
        print(f"pressextract resolve: {exc}", file=sys.stderr)
        return 1
    for d in decisions:
        print(
            f"#{d['decision_id']} {d['action']} {d['item_id']} by {d['who']} at {d['at']}"
            + (f": {d['note']}" if d["note"] else "")
        )
    return 0

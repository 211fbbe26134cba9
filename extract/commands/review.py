"""``pressextract review --registry DB --diff DIR [--port N]``: decide on conflicts in the browser."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.commands.registry import registry_argument

EXAMPLES = """examples:
  pressextract review --registry registry.db --diff output/review      # http://127.0.0.1:8765
  pressextract review --registry registry.db --diff output/review --sources corpus/
  pressextract review --diff output/review --port 0 --who "A. Analyst"
"""


def port_number(text: str) -> int:
    """A TCP port 0-65535 (argparse type: anything else is a usage message, not a traceback)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``review``."""
    p = subparsers.add_parser(
        "review",
        help="serve the conflict report on localhost with accept / reject / note buttons",
        description="Serve the review page of a diff folder on http://127.0.0.1:PORT/: filter (status, "
        "decision, predicate, municipality, document, text), sort (key, newest, amount) and page through "
        "the items; decide with the buttons or the keys j/k (move), a/r (accept/reject), u (undo); export "
        "the decision log. Decisions are written to the registry's decision log.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    registry_argument(p)
    p.add_argument(
        "--diff", type=Path, required=True, metavar="DIR", help="folder written by `pressextract diff`"
    )
    p.add_argument(
        "--port", type=port_number, default=8765, help="port on 127.0.0.1 (default 8765, 0 = any free port)"
    )
    p.add_argument(
        "--who", default=None, help="name recorded with decisions (default: $PRESSEXTRACT_USER or login)"
    )
    p.add_argument(
        "--sources",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="folder the press releases were read from (repeatable): their files open from the page",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; 1 if the registry or diff folder is missing or the port is taken."""
    from extract.registry import RegistryError
    from extract.review import ReviewError
    from extract.review_server import serve

    try:
        serve(args.registry, args.diff, port=args.port, who=args.who, sources=args.sources)
    except (RegistryError, ReviewError, OSError) as exc:
        print(f"pressextract review: {exc}", file=sys.stderr)
        return 1
    return 0

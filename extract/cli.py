"""Command line: ``pressextract <command>`` (also ``python -m extract.cli``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from extract import __version__
from extract.commands import diff as diff_command
from extract.commands import evaluate as eval_command
from extract.commands import gazetteer as gazetteer_command
from extract.commands import registry as registry_command
from extract.commands import resolve as resolve_command
from extract.commands import review as review_command
from extract.commands import run as run_command

COMMANDS = (run_command, eval_command, gazetteer_command, registry_command, diff_command, review_command,
            resolve_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressextract",
        description="German press releases in, a normalised, reconciled dataset out.")
    parser.add_argument("--version", action="version", version=f"pressextract {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

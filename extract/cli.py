"""Command line: ``pressextract <command>`` (also ``python -m extract.cli``).

Only argparse and the small command modules are imported to build the parser; each command
imports spaCy, pandas and the pipeline inside its ``run``, so ``--help`` and ``--version`` stay fast.
"""

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

EXAMPLES = """examples:
  pressextract run corpus/ --out output/
  pressextract run releases/ https://example.org/pm.html --out output/ --excel --xlsx
  pressextract eval eval/heldout
  pressextract registry init --registry registry.db
  pressextract diff --dataset output --registry registry.db --out output/review
  pressextract COMMAND --help     (arguments and examples of one command)
"""

LOG_LEVELS = ("debug", "info", "warning", "error")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressextract",
        description="German press releases in, a normalised, reconciled dataset out.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"pressextract {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log what each stage does and how long it takes (same as --log-level info)")
    parser.add_argument("--log-level", choices=LOG_LEVELS, default=None, type=str.lower,
                        help="log messages of this level and above on stderr (default: warning)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    # the same two options after the command ("pressextract run corpus -v"); SUPPRESS keeps a value
    # given before the command
    for sub in subparsers.choices.values():
        sub.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                         help="log each stage and its time (same as --log-level info)")
        sub.add_argument("--log-level", choices=LOG_LEVELS, default=argparse.SUPPRESS, type=str.lower,
                         help="log level on stderr (default: warning)")
    return parser


def configure_logging(level: str | None, verbose: bool) -> None:
    """Log records of the ``extract`` loggers to stderr as ``pressextract LEVEL: message``."""
    import logging

    name = level or ("info" if verbose else "warning")
    logger = logging.getLogger("extract")
    logger.setLevel(name.upper())
    for old in [h for h in logger.handlers if getattr(h, "_pressextract", False)]:
        logger.removeHandler(old)  # main() may run more than once in a process (tests, scripts)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("pressextract %(levelname)s: %(message)s"))
    handler._pressextract = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    configure_logging(args.log_level, args.verbose)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

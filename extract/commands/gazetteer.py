"""``pressextract gazetteer import FILE | fetch | info``: manage the municipality gazetteer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXAMPLES = """examples:
  pressextract gazetteer info
  pressextract gazetteer import GV100AD_30112025.txt
  pressextract gazetteer import 31122025_Auszug_GV.zip
  pressextract gazetteer fetch                     # online: the current quarter from Destatis
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "gazetteer", help="import, download or show the municipality gazetteer",
        description="The gazetteer of Gemeinden and Kreise (AGS keys) lives in the user data folder "
                    "($PRESSEXTRACT_HOME or ~/.local/share/pressextract). Without an imported official "
                    "register (Destatis GV100AD) an embedded default built from installed packages is used.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    imp = sub.add_parser("import", help="import a GV100AD file (.txt/.asc or Destatis .zip)",
                         description="Import the official Gemeindeverzeichnis (GV100AD, fixed-width text, "
                                     "or the .zip Destatis publishes); it replaces the embedded default.",
                         epilog="example:\n  pressextract gazetteer import GV100AD_30112025.txt",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("file", type=Path, metavar="FILE", help="GV100AD .txt/.asc file or Destatis .zip archive")
    fetch = sub.add_parser("fetch", help="download GV100AD from Destatis and import it (needs internet)")
    fetch.add_argument("--url", default=None, help="archive URL (default: Destatis' current quarter)")
    sub.add_parser("info", help="which gazetteer is active and where its index is")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extract import gazetteer as gz

    action = getattr(args, "gazetteer_command", None)
    try:
        if action == "import":
            path = gz.import_gv100ad(args.file)
        elif action == "fetch":
            path = gz.fetch_gv100ad(url=args.url)
        else:
            gaz = gz.load_gazetteer()
            official = gz.gazetteer_source() == "official"
            index = gz.official_index_path() if official else gz.embedded_index_path()
            print(json.dumps({"source": gaz.source, "description": gaz.description, "entries": len(gaz),
                              "index": str(index)}, ensure_ascii=False, indent=1))
            return 0
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"pressextract gazetteer {action}: {exc}", file=sys.stderr)
        return 1
    meta = json.loads(path.read_text(encoding="utf-8"))
    print(f"{meta['description']} -> {path}")
    for problem in meta.get("problems", [])[:20]:
        print(f"  skipped {problem}", file=sys.stderr)
    if len(meta.get("problems", [])) > 20:
        print(f"  ... {len(meta['problems']) - 20} more skipped records", file=sys.stderr)
    return 0

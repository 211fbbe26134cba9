"""Build extract/data/gemeinde_population.csv from the Destatis register GV100AD (``make populations``).

Usage: python scripts/build_populations.py PATH/TO/GV100AD_DDMMYYYY.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from extract.gazetteer import _decode, parse_gv100ad
from extract.populations import POPULATION_FILE, write_populations


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    source = Path(argv[0])
    try:
        raw = source.read_bytes()
    except OSError as exc:
        print(f"{source}: cannot read the register ({exc})", file=sys.stderr)
        return 1
    entries, problems, stand = parse_gv100ad(_decode(raw).splitlines())
    if problems or not stand:
        print(f"{source}: {len(problems)} malformed records, Gebietsstand {stand or '?'}; nothing written",
              file=sys.stderr)
        return 1
    n = write_populations(entries, stand)
    print(f"{POPULATION_FILE}: {n} Gemeinden, Gebietsstand {stand}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

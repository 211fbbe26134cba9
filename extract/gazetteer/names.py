"""Name derivation shared by both sources: canonical names from official ones, the short and
alternative spellings texts use (aliases), Kreis short forms and canonical Kreis names."""

from __future__ import annotations

import re
from dataclasses import replace

from extract.gazetteer.records import GazetteerEntry

# Bump when derived_forms() changes: official indexes get their aliases recomputed on load.
ALIASES_VERSION = 5

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
    "Buch am Erlbach", "Buch a. Erlbach", "Buch/Erlbach"; "Haag i.OB" -> "Haag in Oberbayern".
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
            if region is None:
                forms.append(f"{short}/{rest}")  # "SV Aura/Saale" for "Aura a.d.Saale"
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



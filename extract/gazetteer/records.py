"""The gazetteer's records and lookup interface: :class:`GazetteerEntry`, :class:`Gazetteer` and
:func:`normalise_name`, shared by both sources (package doc: :mod:`extract.gazetteer`)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

KINDS = ("Gemeinde", "Stadt", "kreisfreie Stadt", "Kreis")

# First two AGS digits -> Land code.
STATES = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}



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


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Lookup key of a place name: NFC, case-folded (ß -> ss), one space, ASCII hyphens.

    Cached: the same few thousand forms are looked up again in every document."""
    text = unicodedata.normalize("NFC", text)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
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



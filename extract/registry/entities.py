"""Entities as CSV rows describe them, and the index that finds their registry references."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extract import facts_schema as fs

# ---------------------------------------------------------------------------------------------
# entities and their resolution


@dataclass
class EntityIn:
    """An entity as described by a CSV row or a dataset's entities.csv (before resolution)."""

    type: str
    canonical: str
    key: str = ""
    kind: str = ""
    state: str = ""
    aliases: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "type": self.type,
            "canonical": self.canonical,
            "key": self.key,
            "kind": self.kind,
            "state": self.state,
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityIn:
        """Inverse of :meth:`as_dict`."""
        return cls(
            data.get("type", ""),
            data.get("canonical", ""),
            data.get("key", ""),
            data.get("kind", ""),
            data.get("state", ""),
            tuple(data.get("aliases") or ()),
        )

    @classmethod
    def from_entities_row(cls, row: dict[str, str]) -> EntityIn:
        """From a row of a dataset's entities.csv."""
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        return cls(
            (row.get("type") or "").strip(),
            (row.get("canonical") or "").strip(),
            (row.get("key") or "").strip(),
            row.get("kind") or "",
            row.get("state") or "",
            aliases,
        )


class EntityIndex:
    """Finds the registry reference of an entity by key, canonical name or alias (see facts_schema)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = ()):
        self.by_key: dict[tuple[str, str], str] = {}
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.keyless: set[str] = set()
        self.canonical: dict[str, str] = {}
        for row in rows:
            aliases = row.get("aliases") or ""
            if isinstance(aliases, str):
                aliases = [a for a in aliases.split("|") if a]
            self.add(row["entity_id"], row["type"], row["canonical"], row.get("key") or "", aliases)

    def add(
        self, entity_id: str, etype: str, canonical: str, key: str = "", aliases: Iterable[str] = ()
    ) -> None:
        """Make an entity findable."""
        self.canonical[entity_id] = canonical
        if key:
            self.by_key.setdefault((etype, key), entity_id)
        else:
            self.keyless.add(entity_id)
        for name in (canonical, *aliases):
            norm = fs.normalise_name(name)
            if norm:
                self.by_name.setdefault((etype, norm), set()).add(entity_id)
                self.by_name.setdefault(("*", norm), set()).add(entity_id)

    def resolve(self, etype: str, canonical: str, key: str = "") -> str:
        """The entity id of a known entity, else the reference a new one would get."""
        norm = fs.normalise_name(canonical)
        if key:
            found = self.by_key.get((etype, key))
            if found:
                return found
            same_name = sorted(i for i in self.by_name.get((etype, norm), ()) if i in self.keyless)
            if len(same_name) == 1:
                return same_name[0]
            return fs.entity_ref(etype, canonical, key)
        same_name = sorted(self.by_name.get((etype, norm), ()))
        if len(same_name) == 1:
            return same_name[0]
        return fs.entity_ref(etype, canonical, key)

    def name_of(self, text: str) -> str:
        """Canonical name of the entity (any type) named ``text``, if exactly one; else ``text``."""
        found = sorted(self.by_name.get(("*", fs.normalise_name(text)), ()))
        if len(found) == 1:
            return self.canonical[found[0]]
        return text


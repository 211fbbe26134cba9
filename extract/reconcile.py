"""Reconcile stage: mentions of all documents in, entities (and facts) across the run out.

Entity ids are derived from what identifies the entity, never from run order, so the same
input gives the same ids: ``mun:<AGS>``, ``per:<slug of canonical name>``, ``org:<slug>``,
``prg:<slug>``. Amounts and dates are values, not entities.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from extract.components.programs import program_key
from extract.model import DocumentResult, Entity, Mention
from extract.normalise.people import same_person, surname_key

ENTITY_TYPES = {"municipality": "mun", "person": "per", "organization": "org", "program": "prg"}


def slug(text: str) -> str:
    """ASCII, lowercase, dash-separated form of a name, for stable ids."""
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _canonical(m: Mention) -> str:
    if m.type == "municipality":
        return str(m.attrs.get("name") or m.text)
    return m.value or m.text


def _person_groups(names: Counter[str]) -> dict[str, str]:
    """Map every person name seen to the canonical name of its group.

    Names are visited most frequent first (ties alphabetically), so the commonest spelling
    becomes canonical and a rare variant ("Frankziska Giffey") joins it when
    :func:`extract.normalise.people.same_person` accepts the pair. ``same_person`` only accepts
    names with the same :func:`~extract.normalise.people.surname_key`, so a name is compared with
    the heads of its own block only: linear in the number of names, the same groups as all pairs.
    """
    canon: dict[str, str] = {}
    heads: dict[str, list[str]] = defaultdict(list)  # block key -> heads in visiting order
    for name, _count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        key = surname_key(name)
        block = heads[key] if key else []
        head = next((h for h in block if same_person(h, name)), None)
        if head is None:
            block.append(name)
            head = name
        canon[name] = head
    return canon


def _program_groups(names: Counter[str]) -> dict[str, str]:
    """Map programme names to one canonical name per programme.

    A name whose words extend another's ("Kein Kind zurücklassen! Für ganz Nordrhein-Westfalen"
    after "Kein Kind zurücklassen!") is the same programme; the canonical name is the most
    frequent spelling of the shortest form.
    """
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in names.items():
        by_key[program_key(name)][name] += count
    heads: list[str] = []
    head_of: dict[str, str] = {}
    for key in sorted(by_key, key=lambda k: (len(k.split()), k)):
        head = next((h for h in heads if key == h or key.startswith(h + " ")), None)
        if head is None:
            heads.append(key)
            head = key
        head_of[key] = head
    display = {h: sorted(by_key[h].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for h in heads}
    return {name: display[head_of[program_key(name)]] for name in names}


def reconcile(results: Sequence[DocumentResult]) -> list[Entity]:
    """Assign ``entity_id`` and ``canonical`` to every entity mention (in place) and return the entities."""
    person_names: Counter[str] = Counter(
        m.value for r in results for m in r.mentions if m.type == "person" and m.value
    )
    person_canon = _person_groups(person_names)
    program_canon = _program_groups(Counter(
        m.value for r in results for m in r.mentions if m.type == "program" and m.value
    ))

    members: dict[str, list[Mention]] = defaultdict(list)
    for result in results:
        updated: list[Mention] = []
        for m in result.mentions:
            prefix = ENTITY_TYPES.get(m.type)
            if prefix is None:
                updated.append(m)
                continue
            if m.type == "municipality":
                canonical = _canonical(m)
                entity_id = f"{prefix}:{m.value}" if m.value else f"{prefix}:{slug(canonical)}"
            elif m.type == "person":
                canonical = person_canon.get(m.value, m.value)
                entity_id = f"{prefix}:{slug(canonical)}"
            elif m.type == "program":
                canonical = program_canon.get(m.value, m.value)
                entity_id = f"{prefix}:{slug(canonical)}"
            else:
                canonical = _canonical(m)
                entity_id = f"{prefix}:{slug(canonical)}"
            m = replace(m, entity_id=entity_id, canonical=canonical)
            members[entity_id].append(m)
            updated.append(m)
        result.mentions = updated

    entities: list[Entity] = []
    for entity_id in sorted(members):
        ms = members[entity_id]
        first = ms[0]
        canonical = Counter(m.canonical for m in ms).most_common(1)[0][0]
        kinds = Counter(str(m.attrs.get("kind", "")) for m in ms if m.attrs.get("kind"))
        states = Counter(str(m.attrs.get("state", "")) for m in ms if m.attrs.get("state"))
        key = first.value if first.type == "municipality" else str(first.attrs.get("key", ""))
        entities.append(Entity(
            entity_id=entity_id,
            type=first.type,
            canonical=canonical,
            key=key,
            kind=kinds.most_common(1)[0][0] if kinds else "",
            state=states.most_common(1)[0][0] if states else "",
            aliases=tuple(sorted({m.text.replace("\n", " ") for m in ms})),
            n_mentions=len(ms),
            n_documents=len({m.doc_id for m in ms}),
        ))
    return entities

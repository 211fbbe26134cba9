"""holds_role: a named person holds a role, with the body when the text (or the release's home) says.

The people component gives each person mention its role and, when stated, its organisation. This
step adds what needs the sentence: a second role coordinated before the first ("Vize-Landrat und
Sozialdezernent Dirk Noll"), the municipality of a genitive or "in" phrase ("Niedensteins
Bürgermeister Frank Grunewald", "Frank Steinmetz, Bürgermeister in Felsberg"), the release's home
municipality for local offices, and it drops time words ("damaliger") and imprint labels.
"""

from __future__ import annotations

import re
from typing import Any

from extract.facts.context import DocContext, rules
from extract.facts.merge import Draft
from extract.model import Mention
from extract.normalise.people import is_role_word, role_base


def clean_role(role: str) -> str:
    """The role noun as compared: time words ("damaliger", "ehemalige") removed."""
    r = rules("roles")
    previous = None
    while previous != role:
        previous, role = role, r["time_words"].sub("", role).strip()
    return role


def role_form(role: str) -> str:
    """The role as written, without a party prefix ("SPD-Bundestagsabgeordnete" -> Bundestagsabgeordnete)."""
    return rules("roles")["party_prefix"].sub("", role)


def split_roles(role: str) -> list[str]:
    """"Vize-Landrat und Sozialdezernent" -> both roles, when every part ends in a role word."""
    parts = [p.strip() for p in re.split(r",\s*|\s+und\s+|\s+sowie\s+", role) if p.strip()]
    if len(parts) > 1 and all(is_role_word(p.split()[-1]) for p in parts):
        return parts
    return [role]


_UND = re.compile(r"\sund\s")


def _coordinated_roles(person: Mention, role: str) -> list[str]:
    """"Vize-Landrat und Sozialdezernent Dirk Noll": the roles before "und" in front of the role."""
    text = person.sentence
    if role not in text or not _UND.search(text):  # both are needed by the pattern (built per call)
        return []
    match = re.search(rf"(\S+)\s+und\s+{re.escape(role)}\s+(?:\S+\s+){{0,2}}{re.escape(person.text.split()[0])}", text)
    if match and is_role_word(match.group(1).strip(",")):
        return [role_base(match.group(1).strip(",")) or match.group(1)]
    return []


def _municipality_of(person: Mention, role: str, sentence: list[Mention]) -> Mention | None:
    """The municipality the sentence ties to the role: genitive before it, "in/von/der Stadt X" after it."""
    for m in sentence:
        if m.type != "municipality" or not m.entity_id:
            continue
        plain = " ".join(m.text.split())
        if plain not in person.sentence or role not in person.sentence:  # both patterns need both
            continue
        name = re.escape(plain)
        if re.search(rf"{name}s?\s+{re.escape(role)}\b", person.sentence) or re.search(
                rf"{re.escape(role)}\s+(?:in|von|aus|der Stadt|der Gemeinde|des Marktes|des Landkreises|des Kreises)\s+"
                rf"{name}\b", person.sentence):
            return m
    return None


def _not_a_person(person: Mention, ctx: DocContext) -> bool:
    """A one-word "name" that is a municipality of the release ("3. Bürgermeister Kaisheim") or a
    common noun ("Geschäftsbereichsleiter Sportinfrastruktur")."""
    name = (person.canonical or person.text).strip()
    if " " in name:
        return False
    if rules("roles")["not_person_names"].match(name):
        return True
    if any(m.type == "municipality" and name.casefold() in (m.text.casefold(), m.canonical.casefold())
           for s in ctx.sentences for m in s):
        return True
    # "(3. Bürgermeister Kaisheim)": a municipal office followed by a town's name, not a person's
    if not rules("roles")["municipal_roles"].search(person.role or ""):
        return False
    from extract.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(name))


def roles(ctx: DocContext) -> list[Draft]:
    r = rules("roles")
    drafts = []
    for sentence in ctx.sentences:
        for person in (m for m in sentence if m.type == "person" and m.entity_id and m.role):
            role = role_form(clean_role(person.role))
            if not role or r["not_roles"].match(role) or _not_a_person(person, ctx):
                continue
            organization = str(person.attrs.get("organization") or "")
            object_id = ""
            if organization:
                match = next((m for s in ctx.sentences for m in s if m.type in ("municipality", "organization")
                              and m.entity_id and (m.canonical in organization or m.text in organization)), None)
                object_id = match.entity_id if match else ""
            if not object_id:
                local = _municipality_of(person, person.role, sentence)
                if local is not None:
                    object_id = local.entity_id
                elif not organization and ctx.home is not None and r["municipal_roles"].search(role):
                    object_id = ctx.home.entity_id
            qualifiers: dict[str, Any] = {"rule": person.source_rule}
            if ctx.published:
                qualifiers["as_of"] = ctx.published
            if organization and not object_id:
                qualifiers["organization"] = organization
            for value in [*split_roles(role), *_coordinated_roles(person, person.role)]:
                drafts.append(Draft(person.entity_id, "holds_role", object_id, value, qualifiers=dict(qualifiers),
                                    doc_id=ctx.doc_id, evidence=(person.mention_id,), confidence=0.8))
    return drafts

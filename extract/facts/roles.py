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
from extract.normalise.people import is_first_name, is_role_word, role_base


def clean_role(role: str) -> str:
    """The role noun as compared: time words ("damaliger", "ehemalige") and "a. D." removed."""
    r = rules("roles")
    previous = None
    while previous != role:
        previous, role = role, r["time_words"].sub("", role).strip()
    return r["former_suffix"].sub("", role).strip()


def role_form(role: str) -> str:
    """The role as written, without a party or Land prefix ("SPD-Bundestagsabgeordnete" ->
    Bundestagsabgeordnete, "NRW-Wirtschaftsministerin" -> Wirtschaftsministerin)."""
    r = rules("roles")
    return r["land_prefix"].sub("", r["party_prefix"].sub("", role))


def org_prefix(role: str) -> tuple[str, str]:
    """(role, organisation) of a compound with an organisation in front ("Klimabündnis-Tirol-
    Geschäftsführer" -> Geschäftsführer, Klimabündnis Tirol); (role, "") when there is none."""
    match = rules("roles")["org_prefix"].match(role)
    if match is None or not is_role_word(role[match.end():]) or rules("roles")["portfolio_roles"].search(role):
        return role, ""  # "Kultus-Staatssekretär": a portfolio, no organisation
    return role[match.end():], match.group(0).rstrip("-").replace("-", " ")


def is_former(role: str) -> bool:
    """A former office ("ehemaliger Bürgermeister", "Altbürgermeister", "Ex-Landrat"): the fact is kept
    (the shared gold counts "der ehemalige Bundeskanzler Helmut Kohl" as Bundeskanzler) and marked
    ``former`` in its qualifiers, so a registry diff can tell it from a current office."""
    return bool(rules("roles")["former_words"].search(role))


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
    first = re.escape(person.text.split()[0])
    match = re.search(rf"(\S+\s+)?(\S+)\s+und\s+{re.escape(role)}\s+(?:\S+\s+){{0,2}}{first}", text)
    if match and match.group(1) and is_first_name(match.group(1).strip(), strict=False):
        return []  # "Tamara Bischof und Ministerin … Yvonne Gebauer": the word before "und" is a surname
    if match and is_role_word(match.group(2).strip(",")):
        return [role_base(match.group(2).strip(",")) or match.group(2)]
    return []


def _municipality_of(person: Mention, role: str, sentence: list[Mention], ctx: DocContext) -> Mention | None:
    """The municipality the text ties to the person's role: a genitive right before it ("Niedensteins
    Bürgermeister X"), "in/von/der Stadt X" right after the role ("X, Bürgermeister in Felsberg",
    "Bürgermeister der Stadt Neuss X"). Only next to this person: another person's "Oberbürgermeister
    von Leipzig" in the same sentence is not this one's."""
    role = re.escape(role)
    body = r"(?:in|von|aus|der Stadt|der Gemeinde|des Marktes|des Landkreises|des Kreises)"
    near = ctx.before(person, 80) + " " + person.text + " " + ctx.after(person, 80)
    own = re.escape(person.text)
    for m in sentence:
        if m.type != "municipality" or not m.entity_id:
            continue
        plain = " ".join(m.text.split())
        if plain not in near:  # every pattern needs the name (they are built per call)
            continue
        name = re.escape(plain)
        if re.search(rf"{name}s?\s+{role}\s+(?:\S+\s+){{0,3}}?{own}", near) or re.search(
                rf"{role}\s+{body}\s+{name}\b(?:\s+\S+){{0,3}}?\s*{own}", near) or re.search(
                rf"{own}\W*(?:\([^)]*\))?,?\s+(?:\w+\s+){{0,2}}?{role}\s+{body}\s+{name}\b", near):
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


def same_office(drafts: list[Draft]) -> list[Draft]:
    """Within one document, a one-word role that is the head of another one-word role of the same
    person is a restatement of that office ("Wirtschaftsministerin Daniela Schmitt" … "Ministerin
    Schmitt", "Oberbürgermeister" … "der Bürgermeister"): only the compound stays, with the body the
    restatement gave if it gave none. Roles with a modifier ("stellvertretender Bürgermeister") are
    other offices and stay."""
    def compound_of(d: Draft) -> Draft | None:
        word = d.value.casefold()
        if " " in word:
            return None
        return next((k for k in drafts if k is not d and k.subject_id == d.subject_id and " " not in k.value
                     and len(k.value) > len(d.value) and k.value.casefold().endswith(word)
                     and (not k.object_id or not d.object_id or k.object_id == d.object_id)), None)

    kept = []
    for d in drafts:
        compound = compound_of(d)
        if compound is None:
            kept.append(d)
            continue
        if d.object_id and not compound.object_id:
            compound.object_id = d.object_id
        compound.evidence = tuple(dict.fromkeys((*compound.evidence, *d.evidence)))
    return kept


def roles(ctx: DocContext) -> list[Draft]:
    drafts: list[Draft] = []
    for sentence in ctx.sentences:
        for person in (m for m in sentence if m.type == "person" and m.entity_id and m.role):
            if _not_a_person(person, ctx):
                continue
            stated = [(person.role, str(person.attrs.get("organization") or ""))]
            stated += [(str(role), str(org)) for role, org in person.attrs.get("more_roles") or []]
            for written, organization in stated:
                drafts += _role_drafts(ctx, sentence, person, written, organization)
    return same_office(drafts)


def _role_drafts(ctx: DocContext, sentence: list[Mention], person: Mention, written: str,
                 organization: str) -> list[Draft]:
    """holds_role drafts of one stated role of a person (coordinated roles give one each)."""
    r = rules("roles")
    drafts: list[Draft] = []
    role, prefixed = org_prefix(role_form(clean_role(written)))
    if not role or r["not_roles"].match(role):
        return drafts
    organization = organization or prefixed
    object_id = ""
    if organization:
        match = next((m for s in ctx.sentences for m in s if m.type in ("municipality", "organization")
                      and m.entity_id and (m.canonical in organization or m.text in organization)), None)
        object_id = match.entity_id if match else ""
    if not object_id:
        local = _municipality_of(person, written, sentence, ctx)
        if local is not None:
            object_id = local.entity_id
        elif not organization and ctx.home is not None and r["municipal_roles"].search(role):
            object_id = ctx.home.entity_id
    qualifiers: dict[str, Any] = {"rule": person.source_rule}
    across = (person.attrs.get("role_from") or {}).get(written)
    if across:
        qualifiers["role_rule"] = across  # the role was read across a sentence border
    if ctx.published:
        qualifiers["as_of"] = ctx.published
    if organization and not object_id:
        qualifiers["organization"] = organization
    if is_former(written):
        qualifiers["former"] = True  # the text gives the role as a past one
    coordinated = _coordinated_roles(person, written) if written == person.role else []
    for value in [*split_roles(role), *coordinated]:
        drafts.append(Draft(person.entity_id, "holds_role", object_id, value, qualifiers=dict(qualifiers),
                            doc_id=ctx.doc_id, evidence=(person.mention_id,), confidence=0.8))
    return drafts

"""Candidate generation: the recipients and amounts of a sentence, in text order, with their features.

Every recipient-capable mention (a municipality that is not only locating another place, or an
organisation whose name says it is a school, club, association, company or similar body) and every
money amount of a sentence is a *slot*. The funding step pairs slots; this module only says what
each slot is: a municipality or organisation, whether a preposition before it marks it as the
receiver of the amount before it ("… 30.000 Euro an die Gemeinde Hutthurm"), whether an amount
is excluded by a negative cue (costs, own contributions, caps, per-head rates, …) or reads as a
programme volume.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extract.facts.context import DocContext, rules
from extract.model import Mention
from extract.rules import read_yaml

# what stands between a place and the place that locates it: "Hausen im Landkreis Kelheim",
# "Göcklingen bei Landau", "Gemeinde Daiting, Landkreis Donau-Ries", "Dinslaken (Kreis Wesel)"
_LOCATOR_GAP = re.compile(r"^\s*(\(\s*|,\s*|\s(im|in der|in|bei|nahe|aus dem|aus)\s+)$")
_NEAR = re.compile(r"(?i)\b(nahe|unweit)\s+(von\s+)?$")
_LOCATOR_GAP_ANY_KIND = re.compile(r"^\s*(\(\s*|\s(bei|nahe)\s+)$")
# "für die Sanierung der Grundschule": an organisation in the genitive is the object of a project
# ("Mit 900 Euro wird der FC Ochsenfurt gefördert": "der" after a verb is the recipient)
# ("In der Kindertagesstätte Wiesenthau …": a preposition, not a noun, before the article; "dem
# Vorsitzenden des TV 1903 Kastellaun … übergeben": the body a grant is handed to through its head)
_GENITIVE_OBJECT = re.compile(r"\b(?!(?:In|Im|An|Auf|Aus|Bei|Mit|Nach|Von|Vor|Zu|Für|Über|Unter|Trotz|Wegen|"
                              r"Während|Seit|Dank|Vorsitzenden|Vorsitzende|Präsidenten|Präsidentin|Leiter|Leiterin|"
                              r"Schulleiter|Schulleiterin|Geschäftsführer|Geschäftsführerin|Vorstand|Vertretern|"
                              r"Vertreterinnen|Vertreter)\s)[A-ZÄÖÜ][\wäöüß-]+\s+(der|des)\s+$")  # "Sanierung der"
# "im Verkehrsministerium in Berlin", "teilte … gestern in Stuttgart mit": the place of an institution
# or of the announcement, not a recipient
_INSTITUTION_PLACE = re.compile(r"(?i)(?P<before>\w+\s+)?\w*(ministerium|amt|rathaus|landtag|bundestag|kanzlei|"
                                r"regierung|präsidium|sitz|zentrale|verwaltung|gericht)\w*\s+(in|zu)\s+$"
                                r"|\b(gestern|heute|jetzt|(am\s+)?(montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
                                r"sonntag|wochenende))\s+in\s+$")


_IN_OR_ZU_TAIL = re.compile(r"(?i)(in|zu)\s+")
_AGENCY_DATELINE = re.compile(r"^(\s*/\s*[A-ZÄÖÜ][\wäöüß.-]*)*\s*\((dpa|epd|afp|ap|kna|ddp|reuters)\b")


def agency_dateline_place(m: Mention, ctx: DocContext) -> bool:
    """"Berlin/Magdeburg (dpa/sa) - …": the places of a news agency's dateline say where the report
    was written, not who takes part or receives."""
    line_start = ctx.text.rfind("\n", 0, m.clean_start) + 1
    prefix = ctx.text[line_start:m.clean_start]
    return bool(re.fullmatch(r"([A-ZÄÖÜ][\wäöüß.-]*\s*/\s*)*", prefix)) and bool(
        _AGENCY_DATELINE.match(ctx.text[m.clean_end:m.clean_end + 60]))


def dateline_place(m: Mention, ctx: DocContext) -> bool:
    """"Potsdam - An Brandenburger Kommunen …", "Kiel. Zugleich …": a place opening a line before a
    dateline separator says where the release was written, not who receives."""
    line_start = ctx.text.rfind("\n", 0, m.clean_start) + 1
    if line_start > 400 or not re.fullmatch(r"([A-ZÄÖÜ][\wäöüß.-]*\s*/\s*)*", ctx.text[line_start:m.clean_start]):
        return False
    return bool(rules("funding")["dateline_after"].match(ctx.text[m.clean_end:m.clean_end + 40]))


def announcement_place(m: Mention, ctx: DocContext) -> bool:
    """"… wie Kultusministerin Eisenmann in Stuttgart mitteilte", "die Fahrt nach Stuttgart": the place
    where a grant is announced or handed over, not its recipient."""
    r = rules("funding")
    return bool(r["announced_after"].match(ctx.text[m.clean_end:m.clean_end + 30])
                or r["trip_before"].search(ctx.before(m, 40)))


def institution_place(before: str) -> bool:
    """"im Verkehrsministerium in Berlin": the place of an institution, not a recipient; but "des
    Rathauses in Hachenburg" (a genitive) is the object of a project there."""
    # both alternatives end in "in"/"zu" + whitespace: check that on the tail before the search
    stripped = before.rstrip()
    if len(stripped) == len(before) or not _IN_OR_ZU_TAIL.fullmatch(before[max(0, len(stripped) - 2):]):
        return False
    match = _INSTITUTION_PLACE.search(before)
    return match is not None and (match.group("before") or "").strip().lower() != "des"


@lru_cache(maxsize=1)
def _org_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = read_yaml("programs.yaml")
    recipient = "|".join(sorted((re.escape(h) for h in raw["recipient_heads"]), key=len, reverse=True))
    funder = "|".join(sorted((re.escape(h) for h in raw["funder_heads"]), key=len, reverse=True))
    return re.compile(rf"(?i)({recipient})"), re.compile(rf"(?i)({funder})")


def is_recipient_org(m: Mention) -> bool:
    """An organisation that receives grants (school, Verein, Zweckverband, company, church, ...)."""
    recipient, funder = _org_rules()
    name = m.canonical or m.value or m.text
    return m.type == "organization" and (bool(recipient.search(name)) or m.source_rule == "organization.club") \
        and not funder.search(name)


def is_funder_org(m: Mention) -> bool:
    """An organisation that pays (ministry, Bund, Land, fund, foundation, Landschaftsverband, ...)."""
    _, funder = _org_rules()
    return m.type == "organization" and bool(funder.search(m.canonical or m.value or m.text))


def is_locator(m: Mention, previous: Mention | None, ctx: DocContext) -> bool:
    """True when the municipality only locates the place before it ("Hausen im Landkreis Kelheim")."""
    # "(Landkreis Fulda)", "(beide Landkreis Hersfeld-Rotenburg)"
    if re.search(r"\(\s*(?:(?:beide|alle|jeweils)\s+)?" + re.escape(" ".join(m.text.split())) + r"\s*\)", m.sentence):
        return True
    if _NEAR.search(ctx.before(m, 20)):
        return True  # "Station in Lenschow nahe Mestlin": it locates a place the gazetteer lacks
    if previous is None or previous.type != "municipality":
        return False
    gap = ctx.between(previous, m)
    if _LOCATOR_GAP_ANY_KIND.match(gap):
        return True
    return m.attrs.get("kind") == "Kreis" and previous.attrs.get("kind") != "Kreis" and bool(_LOCATOR_GAP.match(gap))


@dataclass(frozen=True)
class Slot:
    mention: Mention
    is_amount: bool
    marked: bool = False  # recipient introduced by a preposition: it takes the amount before it
    weak: bool = False  # marked by "für" only, which also introduces purposes ("für die Feuerwehr X")
    negative: str = ""  # amount: the negative cue that excludes it
    budget: bool = False  # amount: reads as the volume of a programme / round / call
    each: bool = False  # amount: "jeweils" / "je" — one amount for every recipient named with it
    volume: bool = False  # amount: prize money or money spread over a counted set, never one grant
    part: bool = False  # amount: a part of the sum named before it ("Von den 750.000 Euro sind 450.000 Euro …")


def sentence_slots(sentence: list[Mention], ctx: DocContext) -> list[Slot]:
    """Recipients and amounts of one sentence, in text order."""
    r = rules("funding")
    slots: list[Slot] = []
    previous_place: Mention | None = None
    last_amount_end = -1
    after_share_base = False  # the amount before was the sum a split starts from ("Von den 750.000 Euro")
    previous_org: Mention | None = None  # the organisation mention right before, if the last one was one
    previous_mention: Mention | None = None
    has_amount = any(x.type == "amount" for x in sentence)
    for m in sentence:
        office = _office_holder_before(previous_mention, m, ctx)
        previous_mention = m
        if m.type != "organization" and previous_org is not None and m.clean_start > previous_org.clean_end + 1:
            previous_org = None
        if m.type == "organization":
            previous_org = m
        if m.type == "amount":
            # a cue before an earlier amount governs that amount, not this one
            before = ctx.before(m, 90)
            if last_amount_end >= 0:
                before = before[-max(0, m.clean_start - last_amount_end):]
            # "… eines Investitionskredits und Laubach durfte sich über 120.000 Euro freuen": a cue
            # before a recipient that opens a new coordinated clause governs the clause before it
            opener = slots[-1].mention if slots and not slots[-1].is_amount else None
            if opener is not None and opener.clean_start > last_amount_end \
                    and r["clause_opener"].search(ctx.before(opener, 30)):
                before = before[-max(0, m.clean_start - opener.clean_start):]
            after = ctx.after(m, 70)
            last_amount_end = m.clean_end
            negative = r["negative_before"].search(before) or r["negative_after"].search(after)
            volume = bool(r["volume_before"].search(before) or r["volume_after"].search(after))
            if negative and r["toward_costs"].search(before):
                negative = None
            if negative and volume and r["cap_words"].search(negative.group(0)):
                negative = None  # "Bis zu 200 Millionen Euro gehen an 122 Projekte": a volume, not a cap
            # "einen Zuwendungsbescheid über 750.000 Euro": one recipient's grant, never a volume
            single = bool(r["single_grant_before"].search(before))
            budget = volume or (not single and bool(r["budget_before"].search(before)
                                                    or r["budget_after"].search(after)))
            each = bool(r["each"].search(before)) or m.attrs.get("qualifier_kind") == "each"
            part = after_share_base and not negative
            if part:
                budget = False
            after_share_base = bool(negative and r["share_base"].search(negative.group(0).strip()))
            slots.append(Slot(m, True, negative=negative.group(0).strip() if negative else "", budget=budget,
                              each=each, volume=volume, part=part))
            previous_place = None
        elif m.type == "municipality" and m.entity_id:
            if m.attrs.get("in_name") or (previous_org is not None and ctx.between(previous_org, m) == " "):
                continue  # "Sparkasse Leverkusen", "Zweckverband Wasser Aub": part of an institution's name
            if r["facility_list"].search(ctx.before(m, 120)):
                continue  # "an folgende Grundschulen: Rauhenebrach und Ebelsbach": schools named by their town
            if has_amount and _project_place_of_body(m, slots, ctx):
                continue  # "Antrag des Zweckverbandes … zur Erschließung von Adressen in Hartheim"
            if (not office and is_locator(m, previous_place, ctx)) or institution_place(ctx.before(m, 40)) \
                    or agency_dateline_place(m, ctx) or dateline_place(m, ctx) or announcement_place(m, ctx):
                previous_place = m
                continue
            previous_place = m
            slots.append(Slot(m, False, marked=_marked(m, slots, ctx), weak=_weak(m, slots, ctx)))
        elif m.type == "organization" and m.entity_id and is_recipient_org(m) \
                and not _GENITIVE_OBJECT.search(ctx.before(m, 40)):
            previous_place = None
            slots.append(Slot(m, False, marked=_marked(m, slots, ctx), weak=_weak(m, slots, ctx)))
        elif m.type == "person" and m.role and slots and slots[-1].is_amount:
            place = _office_place(m, slots[-1].mention, ctx)
            if place is not None:
                slots.append(Slot(place, False, marked=True))
    return _own_amount_unmarks(slots, ctx)


def _own_amount_unmarks(slots: list[Slot], ctx: DocContext) -> list[Slot]:
    """"Nach A fließen 120.000 Euro, nach B 80.000 Euro und nach C 45.000 Euro": a recipient after "nach"
    or "an" that is followed right away by its own amount takes that one, not the amount before ("in
    Lübeck sind es 3,16 Millionen, in Neumünster 1,03 Millionen" is no enumeration of grants)."""
    out = list(slots)
    for i in range(1, len(out) - 1):
        slot, following = out[i], out[i + 1]
        if slot.marked and not slot.is_amount and following.is_amount \
                and _OWN_AMOUNT_GAP.fullmatch(ctx.between(slot.mention, following.mention)) \
                and _FLOW_PREPOSITION.search(ctx.before(slot.mention, 40)):
            out[i] = replace(slot, marked=False, weak=False)
    return out


_FLOW_PREPOSITION = re.compile(r"(?i)\b(nach|an)\s+(die |den |der |das |dem )?((stadt|gemeinde|markt|ortsgemeinde|"
                               r"landkreis|kreis)\s+)?$")
_OWN_AMOUNT_GAP = re.compile(r"(?i)\s+(mit\s+)?((rund|knapp|über|fast|gut|etwa|ca\.)\s+)?")


def _project_place_of_body(m: Mention, slots: list[Slot], ctx: DocContext) -> bool:
    """"Der Zweckverband erhält … für den Ausbau in Hartheim", "Antrag des Zweckverbandes … zur
    Erschließung von Adressen in Hartheim": in a sentence with an amount, a place after "in" where an
    organisation named before it is the recipient is the project's place, not a second recipient (in a
    sentence without one it stays a place a later "die Kommune" may refer to)."""
    if not re.search(r"(?i)\bin\s+$", ctx.before(m, 10)):
        return False
    if any(not s.is_amount and s.mention.type == "organization" for s in slots):
        return True
    # a Zweckverband or Verein, not a school or Kita: "den Neubau der Kita in Velden" is the town's project
    return bool(_APPLICANT_BODY.search(ctx.before(m, 200)))


_APPLICANT_BODY = re.compile(r"(?i)\b(der|den|dem|des)\s+(zweckverband\w*|\w*verein\w*|schulverband\w*)\b")


def _office_holder_before(previous: Mention | None, m: Mention, ctx: DocContext) -> bool:
    """"Bürgermeisterin Anna Roth (Kriegsfeld) nahm den Förderbescheid … entgegen": a place in brackets
    right after a mayor or Landrat names the office's municipality, a recipient, not a locator."""
    return previous is not None and previous.type == "person" and bool(previous.role) \
        and m.type == "municipality" and bool(re.fullmatch(r"\s*\(\s*", ctx.between(previous, m))) \
        and bool(rules("roles")["municipal_roles"].search(previous.role))


_OFFICE_PLACE_GAP = re.compile(r"(?i)^\s*(\(\s*|,\s*(landrat|landrätin|(ober)?bürgermeister(in)?)?\s*(des|der|von)?\s*"
                               r"((land)?kreises|stadt|gemeinde|marktes)?\s*)$")


def _office_place(person: Mention, amount: Mention, ctx: DocContext) -> Mention | None:
    """"… 390.000 Euro überreichte Weinmeister an Niedensteins Bürgermeister Frank Grunewald": a grant
    handed to a mayor or Landrat goes to the municipality of the office (genitive before the role,
    else the release's home municipality)."""
    gap = ctx.between(amount, person)
    if re.search(r"[,;:]|\.\s", gap) or not rules("roles")["municipal_roles"].search(person.role):
        return None
    match = re.search(r"(?i)\ban\s+(?:den\s+|die\s+)?(?:(?P<gen>[A-ZÄÖÜ][\wäöüß-]+?)s\s+)?[\wäöüß-]*\s*$", gap)
    if not match:
        return None
    places = [m for s in ctx.sentences for m in s if m.type == "municipality" and m.entity_id]
    if match.group("gen"):
        genitive = match.group("gen").casefold()
        return next((m for m in places if m.text.casefold() == genitive or m.canonical.casefold() == genitive), None)
    # "an Landrat Manfred Ostermann (Heidekreis)", "an Bürgermeister X, Stadt Y": the place named with him
    following = next((m for m in places if m.clean_start >= person.clean_end), None)
    if following is not None and _OFFICE_PLACE_GAP.match(ctx.text[person.clean_end:following.clean_start]):
        return following
    if re.match(r"(?i)landr(at|ätin)", person.role or ""):
        # a Landrat's office is a Kreis: the release's home if it is one, else its only Kreis
        if ctx.home is not None and ctx.home.attrs.get("kind") == "Kreis":
            return ctx.home
        kreise = {m.entity_id: m for m in places if m.attrs.get("kind") == "Kreis"}
        return next(iter(kreise.values())) if len(kreise) == 1 else None
    return ctx.home


def _marked(m: Mention, slots: list[Slot], ctx: DocContext) -> bool:
    """A preposition right before the recipient, after the amount it receives."""
    if not slots or not slots[-1].is_amount:
        return False
    gap = ctx.between(slots[-1].mention, m)
    # a comma or colon between them starts another clause ("…, nach Bingen fließen 200.000 Euro")
    if len(gap) > 120 or re.search(r"[,;:]|\.\s", gap):
        return False
    match = rules("funding")["recipient_after"].search(gap)
    # "… 573.750 Euro und die Fördersumme für das Familienbad in Neuenburg …": "in" after a noun
    # places that noun's facility, it does not hand the amount before to the town
    return match is not None and not (match.group(0).split()[0].lower() == "in" and re.search(
        r"(?<![.\d])\b[A-ZÄÖÜ][a-zäöüß]{2,}\s+$", gap[:match.start()]) and not re.search(
        r"(?i)\b(euro|eur|€)\s*$", gap[:match.start()]))


def _weak(m: Mention, slots: list[Slot], ctx: DocContext) -> bool:
    return bool(slots) and bool(re.search(r"(?i)\bfür\s+(\w+\s+){0,2}$", ctx.between(slots[-1].mention, m)))


def marked_as_region(m: Mention, ctx: DocContext) -> bool:
    """"… fließen 3 Millionen Euro in den Landkreis Sigmaringen": a Kreis reached with "in den" is the
    region the money goes to, not the Kreis as a recipient."""
    return m.attrs.get("kind") == "Kreis" and bool(re.search(r"(?i)\b(in|nach)\s+den\s+$", ctx.before(m, 20)))

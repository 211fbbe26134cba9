"""receives_funding and programme_budget: pair recipients with amounts, decide with general cues.

Per sentence, the slots of :mod:`extract.facts.candidates` (recipients and amounts in text order)
are paired in three passes (:mod:`extract.facts.pairing`), each a reading German uses for grants:

1. a recipient marked by a preposition takes the amount right before it
   ("30.000 Euro an die Gemeinde Hutthurm", "450 000 Euro fließen nach Gammertingen");
2. a recipient takes the amount right after it ("erhält Dettelbach 772.000 Euro, Iphofen
   380.000 Euro", "• Aub (Altstadt): 240.000 Euro", "Inzigkofen 4459 Euro"); with "jeweils"
   every recipient named since the last amount takes it;
3. an amount still alone goes to the recipient right after it ("60 000 Euro erhält die Stadt
   Hettingen") or else to the nearest one before it ("In Hemsbach wird … mit 68.000 Euro gefördert").

A pair is a grant when the sentence has a funding cue, or is a list row of a release that states
grants elsewhere, and the amount has no negative cue (costs, own contributions, loans, caps,
per-head rates, budgets, prices, losses). Amounts that pair with nobody, and totals for a Kreis
whose municipalities get grants in the same release, are programme volumes when a budget cue
says so. Programme and funder are filled when stated, never required.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extract.facts.candidates import Slot, is_funder_org, marked_as_region, sentence_slots
from extract.facts.context import DocContext, first_cue, rules
from extract.facts.funders import Funder, minister_gives, release_funder, sentence_funder
from extract.facts.merge import Draft
from extract.facts.pairing import Pair, pair_slots
from extract.model import Mention
from extract.normalise.programs import is_round
from extract.rules import read_yaml

_ROW_START = re.compile(r"^\s*([•·▪\-–*]|\d+[.)]\s)")


def _funder(sentence: list[Mention], text: str, ctx: DocContext | None = None) -> tuple[str, Mention | None]:
    found = sentence_funder(sentence, text, ctx)
    return (found.name, found.mention) if found else ("", None)


def _generic(programme: Mention | None) -> bool:
    """A described programme that names no topic ("das Förderverfahren", "die Förderaktion")."""
    return programme is not None and programme.source_rule == "program.described" and (
        programme.canonical or programme.value) in read_yaml("programs.yaml")["generic_described"]


def _sole_recipient(per_sentence: list[tuple[list[Mention], list[Pair], list[Slot], Any]],
                    ctx: DocContext) -> list[tuple[list[Mention], list[Pair], list[Slot], Any]]:
    """A release about one recipient's grants: a further grant sentence that names nobody ("Darüber
    hinaus unterstützt der Freistaat mit 205 000 Euro weitere Baumaßnahmen") is that recipient's."""
    recipients = {p.recipient.entity_id: p.recipient for _, pairs, _, _ in per_sentence for p in pairs}
    if len(recipients) != 1:
        return per_sentence
    (recipient,) = recipients.values()
    stated = {p.amount.mention.value for _, pairs, _, _ in per_sentence for p in pairs}
    r = rules("funding")
    out = []
    for sentence, pairs, alone, cue in per_sentence:
        text = sentence[0].sentence
        # "konnte der Zweckverband … entgegennehmen": the sentence names another body
        other_body = recipient.type == "municipality" and r["definite_body"].search(text)
        names_body = any(m.type in ("municipality", "organization") and m.entity_id and not is_funder_org(m)
                         for m in sentence)
        # ("Von den 750.000 Euro sind 450.000 Euro für die Jugendarbeit vorgesehen": the parts of a split
        # are the recipient's even where they read as a round's purpose)
        split = any(a.part for a in alone) and any(m.type == "amount" and m.value in stated for m in sentence)
        if not pairs and cue is not None and not other_body and (split or not _describes_round(sentence)) \
                and not names_body \
                and (split or not r["budget_before"].search(text)) and not r["counted_recipients"].search(text) \
                and not r["plural_recipients"].search(_without_programmes(sentence, text)):
            # (a headline restating the grant is the same statement; "landesweit", "in den Fonds" a volume)
            usable = [a for a in alone if not (a.budget or a.negative or a.each or a.volume)
                      and a.mention.value not in stated and not r["regional_scope"].search(text)]
            if usable:
                pairs = [Pair(recipient, a, "sole_recipient") for a in usable]
                alone = [a for a in alone if a not in usable]
        out.append((sentence, pairs, alone, cue))
    return out


def _rounds_a_grant(amount: Mention, granted: set[str], ctx: DocContext) -> bool:
    """An approximate amount ("über 4 Millionen Euro", "rund 1,5 Millionen") within 15 % of a grant
    the release states exactly: the grant restated, not a volume."""
    if not rules("funding")["approximate"].search(ctx.before(amount, 20)):
        return False
    try:
        value = float(amount.value)
        # a rounding is rounder than what it rounds ("mehr als 360 000 Euro" does not restate 400 000 Euro)
        return any(abs(value - float(g)) <= 0.15 * float(g) and _significant(g) > _significant(amount.value)
                   for g in granted if float(g) > 0 and g != amount.value)
    except ValueError:
        return False


def _significant(value: str) -> int:
    """Significant digits of an amount value ("1446000" -> 4, "400000" -> 1)."""
    digits = value.replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def _describes_round(sentence: list[Mention]) -> bool:
    """The sentence describes a funding round ("Das Land fördert Dorfgemeinschaftshäuser mit 900.000
    Euro"): its money is the round's volume, nobody's grant."""
    return any(m.type == "program" and is_round(m.source_rule) and not _one_project(m) for m in sentence)


def _one_project(m: Mention) -> bool:
    """A round's purpose that names one building's project ("den Umbau der alten Schule", "die Sanierung
    des Rathauses"): one recipient's grant, not a round ("den Ausbau von Radwegen" stays a round)."""
    r = rules("funding")
    name = m.canonical or m.text
    return bool(r["project_heads"].match(name) and r["one_project"].search(name))


def _remember(recent: list[list[Mention]], recipients: list[Mention], depth: int = 3) -> None:
    if recipients:
        recent.append(recipients)
        del recent[:-depth]


def _with_named_places(recipients: list[Mention], sentence: list[Mention]) -> list[Mention]:
    """The recipients of a sentence and, for a later "die Kommune", the places inside their names
    ("In der Kindertagesstätte Wiesenthau entstehen …": Wiesenthau), in text order."""
    named = [m for m in sentence if m.type == "municipality" and m.entity_id and m.attrs.get("in_name")
             and any(o.type == "organization" and o.clean_start <= m.clean_start and m.clean_end <= o.clean_end
                     for o in recipients)]
    return sorted(recipients + named, key=lambda m: m.clean_start) if named else recipients


def _same_grant_as_place(pairs: list[Pair]) -> set[int]:
    """An organisation named after a municipality and that municipality with the same amount ("der
    Freiwilligen Feuerwehr Lunzenau … 13.000 Euro", "13.000 Euro für Lunzenau"): one grant, stated
    twice; the organisation's pair goes."""
    places = {(p.recipient.canonical or p.recipient.text).casefold(): p.amount.mention.value
              for p in pairs if p.recipient.type == "municipality"}
    out = set()
    for p in pairs:
        if p.recipient.type != "organization":
            continue
        name = (p.recipient.canonical or p.recipient.text).casefold()
        if any(re.search(rf"(?<!\w){re.escape(place)}(?!\w)", name) and value == p.amount.mention.value
               for place, value in places.items()):
            out.add(id(p))
    return out


def _antecedent(text: str, recent: list[list[Mention]]) -> Mention | None:
    """The recipient a pronoun or a bare definite noun at the start of the clause refers to: "Sie"
    the last one named, "die Stadt/Gemeinde" the last municipality, "der Landkreis" the last Kreis,
    "der Verein/die Schule" the last organisation with that head word."""
    match = rules("funding")["antecedent"].search(text)
    if match is None:
        return None
    word = (match.group("word") or match.group("art")).lower()
    if word == "sie":
        # "Sie" after one recipient only: after several it is a plural ("Sie können … profitieren")
        return recent[-1][0] if recent and len(recent[-1]) == 1 else None
    for recipients in reversed(recent):
        for m in reversed(recipients):
            is_kreis = m.type == "municipality" and m.attrs.get("kind") == "Kreis"
            if (word in ("landkreis", "kreis") and is_kreis) or (
                    m.type == "municipality" and not is_kreis and word in ("stadt", "gemeinde", "kommune", "markt",
                                                                          "marktgemeinde", "kreisstadt")) or (
                    m.type == "organization" and word in (m.canonical or m.text).lower()):
                return m
    return None


def _funder_for_home(sentence: list[Mention], text: str, ctx: DocContext) -> bool:
    """A funder (or a minister handing over the grant) and nobody named: the home municipality
    receives ("Das Land fördert das Projekt mit 50.000 Euro"), unless the sentence speaks of
    municipalities in the plural or the home is only the place of a news agency's dateline."""
    assert ctx.home is not None
    r = rules("funding")
    giver = bool(_funder(sentence, text, ctx)[0]) or minister_gives(sentence, ctx)
    return giver and not r["plural_recipients"].search(_without_programmes(sentence, text)) \
        and not r["agency_dateline"].match(ctx.text[ctx.home.clean_end:]) and not r["regional_scope"].search(text)


def _without_programmes(sentence: list[Mention], text: str) -> str:
    """The sentence without its programme names ("Kleinere Städte und Gemeinden" names no recipients)."""
    for m in sentence:
        if m.type == "program":
            text = text.replace(m.text, " ")
    return text


def programme_of(sentence: list[Mention], ctx: DocContext, rounds: bool = False) -> tuple[Mention | None, bool]:
    """The programme a sentence is about: one named in it, else the document's main named one, else
    one only described in it ("die Städtebauförderung"), else the document's main described one.
    With ``rounds`` (a volume is looked for), a round the sentence only describes ("Das Land fördert
    Schulbauprojekte mit …", ``program.round``) comes before the document's programmes, and the
    release's first round after them. The flag says the programme comes from the document."""
    mentions = [m for m in sentence if m.type == "program" and m.entity_id]
    own = [m for m in mentions if not is_round(m.source_rule)]
    named = [m for m in own if m.source_rule != "program.described"]
    if named:
        return named[0], False
    own_round = next((m for m in mentions if is_round(m.source_rule)), None) if rounds else None
    if own_round is not None and not own:
        return own_round, False
    main = ctx.main_program
    if main is not None and main.source_rule != "program.described":
        return main, True
    if own:
        return own[0], False
    if main is None and rounds and ctx.main_round is not None:
        return ctx.main_round, True
    return main, main is not None


def _purpose(ctx: DocContext, amount: Mention, recipient: Mention) -> str:
    """"für die Sanierung der Grundschule" next to the amount: what tells grants of one recipient apart."""
    pattern = rules("funding")["purpose"]
    lo, hi = sorted((amount, recipient), key=lambda m: m.clean_start)
    # right after the amount, else between the two, else before the pair
    after = ctx.after(amount, 90)
    following = ctx.text[amount.clean_end:]
    cut = min((i for i in (after.find(" und "), after.find(", ")) if i >= 0), default=len(after))
    for window in (following[:cut] if not (hi is recipient and lo is amount) else after, ctx.between(lo, hi),
                   ctx.before(lo, 60)):
        match = pattern.search(window)
        if match:
            # "für die Sanierung des Freibades in [Neuenburg]": no dangling preposition or article
            purpose = re.sub(r"\s+\d[\d.]*$", "", " ".join(match.group("purpose").split()))  # "… Freibads 400[.000]"
            return re.sub(r"(\s+(in|im|der|des|dem|von|für|am|an|bei|zu|zur|zum))+$", "", purpose)
    return ""


def _year(sentence: list[Mention], amount: Mention | None = None) -> str:
    """The year the sentence states; of several, the last one before the amount ("2024 … 400.000 Euro
    und 2025 weitere 300.000 Euro")."""
    dates = [m for m in sentence if m.type == "date" and m.value[:4].isdigit() and m.attrs.get("role") != "publication"]
    years = sorted({m.value[:4] for m in dates})
    if len(years) == 1:
        return years[0]
    before = [m for m in dates if amount is not None and m.clean_end <= amount.clean_start]
    return max(before, key=lambda m: m.clean_start).value[:4] if before else ""


_KREIS_ITSELF = re.compile(r"(?i)[:;.]\s*(der|die)\s+(land)?kreis\b")


def _is_regional_total(pair: Pair, all_pairs: list[Pair], ctx: DocContext) -> bool:
    """"3,25 Millionen Euro fließen in den Landkreis Sigmaringen", or a Kreis total in a release that
    lists grants to its municipalities: the volume of the round there, not a grant to the Kreis."""
    kreis = pair.recipient
    if kreis.type != "municipality" or kreis.attrs.get("kind") != "Kreis" or not kreis.value.isdigit():
        return False
    # "Geld fließt in den Landkreis X: Der Landkreis selbst bekommt …": the Kreis itself, restated
    itself = pair.how == "antecedent" or _KREIS_ITSELF.search(ctx.between(kreis, pair.amount.mention))
    if itself:
        return False
    if marked_as_region(kreis, ctx):
        return True
    members = {(p.recipient.entity_id, p.amount.mention.value): p.amount.mention.value for p in all_pairs
               if p.recipient.type == "municipality" and p.recipient.value.startswith(kreis.value)
               and p.recipient.value != kreis.value}
    # a total includes its parts: a Kreis amount below its municipalities' grants is the Kreis's own
    # ("1,7 Millionen Euro … für den Landkreis …: 4,75 Millionen Euro gehen an neun Gemeinden")
    return bool(members) and _value(pair.amount.mention.value) >= sum(_value(v) for v in members.values())


def _value(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def funding_and_budget(ctx: DocContext, participants: dict[str, Mention]) -> list[Draft]:
    r = rules("funding")
    doc_has_funding = first_cue(r["positive"], ctx.text) is not None
    per_sentence: list[tuple[list[Mention], list[Pair], list[Slot], Any]] = []
    previous_recipients: list[Mention] = []
    recent: list[list[Mention]] = []  # the recipients of the last sentences that named any
    announced: Mention | None = None  # the one recipient of a grant sentence before that gave no amount
    for sentence in ctx.sentences:
        slots = sentence_slots(sentence, ctx)
        if not any(m.type == "amount" for m in sentence):
            previous_recipients = list({s.mention.entity_id: s.mention for s in slots if not s.is_amount}.values())
            _remember(recent, _with_named_places(previous_recipients, sentence))
            announced = previous_recipients[0] if len(previous_recipients) == 1 and first_cue(
                r["positive"], sentence[0].sentence) is not None else None
            continue
        text = sentence[0].sentence
        pairs, alone = pair_slots(slots, ctx.text)
        cue = first_cue(r["positive"], text)
        row = cue is None and doc_has_funding and bool(pairs) and (
            _ROW_START.match(ctx.before(sentence[0], 200) + sentence[0].text) is not None
            or all(p.how in ("before_amount", "after_amount") for p in pairs))
        if cue is None and not row:
            pairs, alone = [], [s for s in slots if s.is_amount and not s.negative]
        # nobody named: "Hier fließt ein Förderbetrag von 400 000 Euro" (the one recipient of the
        # sentence before), "die Gemeinde" (the release's home), or every participant ("jede neue Kommune")
        if not pairs and alone and cue is not None and previous_recipients and r["anaphora"].match(text) \
                and len(previous_recipients) == 1:
            pairs = [Pair(previous_recipients[0], alone[0], "anaphora")]
            alone = alone[1:]
        # "Auch ein Projekt der Stadt Biberach wird gefördert. Mit 120000 Euro wird der Umbau … vom
        # Land bezuschusst": a funder's money in a sentence naming nobody goes to the one recipient the
        # grant sentence right before announced
        if not pairs and alone and cue is not None and announced is not None and not alone[0].budget \
                and not any(not s.is_amount for s in slots) and _funder(sentence, text, ctx)[0] \
                and not r["plural_recipients"].search(
                    _without_programmes(sentence, text)):
            pairs = [Pair(announced, alone[0], "announced")]
            alone = alone[1:]
        announced = None
        # "Sie erhält …", "Die Stadt bekommt dafür …", "Der Landkreis erhält …": the last recipient
        # of that kind named in the sentences before
        if not pairs and alone and cue is not None and not any(not s.is_amount for s in slots):
            antecedent = _antecedent(text, recent)
            if antecedent is not None and not alone[0].budget:
                pairs = [Pair(antecedent, alone[0], "antecedent")]
                alone = alone[1:]
        if not pairs and alone and cue is not None:
            every = r["every_member"].search(text)
            if every and participants:
                pairs = [Pair(m, s, "every_member") for s in alone[:1] for m in participants.values()]
                alone = alone[1:]
            elif ctx.home is not None and (r["home_reference"].search(text) or _funder_for_home(sentence, text, ctx)) \
                    and not any(s.budget for s in alone) and not _describes_round(sentence) \
                    and not r["definite_body"].search(text):
                pairs = [Pair(ctx.home, alone[0], "home")]
                alone = alone[1:]
        elif pairs and cue is not None and participants and r["every_member"].search(text):
            named = {p.recipient.entity_id for p in pairs}
            amount = pairs[0].amount
            pairs += [Pair(m, amount, "every_member") for e, m in participants.items() if e not in named]
        per_sentence.append((sentence, pairs, alone, cue))
        previous_recipients = list({s.mention.entity_id: s.mention for s in slots if not s.is_amount}.values())
        _remember(recent, _with_named_places(previous_recipients, sentence))
    per_sentence = _sole_recipient(per_sentence, ctx)
    all_pairs = [p for _, pairs, _, _ in per_sentence for p in pairs]
    # "Über 2 Millionen Euro für den Zweckverband …" over its "2.140.500 Euro": the grant restated
    # (a grant stated with its recipient's name never yields to an amount only inferred to be theirs)
    restated = {id(p) for p in all_pairs if _rounds_a_grant(
        p.amount.mention, {q.amount.mention.value for q in all_pairs if q.recipient.entity_id == p.recipient.entity_id
                           and (p.how == "sole_recipient" or q.how != "sole_recipient")},
        ctx)} | _same_grant_as_place(all_pairs)
    if restated:
        per_sentence = [(sentence, [p for p in pairs if id(p) not in restated], alone, cue)
                        for sentence, pairs, alone, cue in per_sentence]
        all_pairs = [p for p in all_pairs if id(p) not in restated]
    granted = {p.amount.mention.value for p in all_pairs}
    drafts: list[Draft] = []
    carried = release_funder(ctx, ctx.publisher) if per_sentence else None
    for sentence, pairs, alone, cue in per_sentence:
        text = sentence[0].sentence
        programme, inferred = programme_of(sentence, ctx)
        funder, funder_mention = _funder(sentence, text, ctx)
        counted = r["counted_recipients"].search(text)
        regional: set[int] = set()
        for p in pairs:
            if _is_regional_total(p, all_pairs, ctx) or (p.amount.budget and counted):
                alone.append(p.amount)
                regional.add(id(p.amount))
                continue
            own_programme = None if inferred and _generic(programme) else programme
            drafts.append(_funding_draft(ctx, p, own_programme, inferred, funder, funder_mention, cue, sentence,
                                         carried))
        # "An Brandenburger Kommunen und Städte sind … 77,3 Millionen Euro … gegangen": a sum for a
        # plural class of recipients, with nobody named, is a volume
        plural = cue is not None and not pairs and not any(not x.is_amount for x in sentence_slots(sentence, ctx)) \
            and r["plural_targets"].search(_without_programmes(sentence, text))
        # "dass Hessen davon fast 12 Millionen Euro … bekommt": a Land's share, nobody named, is a volume there
        land_share = cue is not None and not pairs and not any(not x.is_amount for x in sentence_slots(sentence, ctx)) \
            and _scope(sentence, text) in _land_names()
        budget_cue = r["budget_before"].search(text) or counted or plural or land_share
        # a volume's programme may be a round the release only describes ("Das Land fördert
        # Schulbauprojekte in diesem Jahr mit über 80 Millionen Euro")
        programme, inferred = programme_of(sentence, ctx, rounds=True)
        # "Der Freistaat fördert die Dorferneuerung mit über fünf Millionen Euro": money for a programme
        # in a sentence that names no recipient is the programme's volume
        no_recipient = cue is not None and not pairs and funder and not inferred and programme is not None \
            and not any(m.type == "municipality" or (m.type == "organization" and not is_funder_org(m))
                        for m in sentence)
        for s in alone:
            # "jeweils" spreads an amount over recipients; in a sentence that names none it spreads it
            # over years or rounds ("haben wir 2018 und 2019 jeweils 100 Millionen Euro bereitgestellt")
            each = s.each and any(not x.is_amount for x in sentence_slots(sentence, ctx))
            # a round the sentence describes ("… zehn Millionen Euro für den Brandschutz vorgesehen") is a volume
            own_round = programme is not None and is_round(programme.source_rule) and not inferred
            if programme is not None and is_round(programme.source_rule) and s.mention.value in granted:
                continue  # "Der Bund fördert den Breitbandausbau mit 50.000 Euro" over the grant it restates
            if _rounds_a_grant(s.mention, granted, ctx):
                continue  # a headline "Über 4 Millionen Euro … für den Zweckverband" over its 4.404.631 Euro
            if s.negative or each or s.part or programme is None \
                    or not (s.budget or budget_cue or no_recipient or own_round or id(s) in regional):
                continue
            qualifiers: dict[str, Any] = {"rule": "budget." + ("volume" if s.budget else "sentence")}
            if inferred:
                qualifiers["programme_from"] = "document"
            if funder:
                qualifiers["funder"] = funder
            elif carried is not None:
                _carry(qualifiers, carried)
            scope = _scope(sentence, text)
            if scope:
                qualifiers["scope"] = scope
            year = _year(sentence, s.mention)
            if year:
                qualifiers["year"] = year
            drafts.append(Draft(programme.entity_id, "programme_budget", "", s.mention.value, s.mention.unit,
                                s.mention.period, qualifiers=qualifiers, doc_id=ctx.doc_id,
                                evidence=(s.mention.mention_id, programme.mention_id),
                                confidence=0.7 if not inferred else 0.6))
    return drafts


@lru_cache(maxsize=1)
def _laender() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each Land's name and a pattern for its names (also in the genitive: "Brandenburgs") and adjectives
    ("sächsischen"), from ``rules/municipalities/laender.yaml``."""
    out = []
    for entry in read_yaml("municipalities/laender.yaml")["laender"].values():
        names = "|".join(re.escape(n) for n in sorted(entry["names"], key=len, reverse=True))
        forms = [rf"(?:{names})s?"] + [rf"{re.escape(a)}(?:e|en|er|es|em)" for a in entry["adjectives"]]
        out.append((entry["names"][0], re.compile(rf"(?<![\w-])(?:{'|'.join(forms)})(?![\w-])", re.IGNORECASE)))
    return tuple(out)


def _land_names() -> frozenset[str]:
    return frozenset(name for name, _ in _laender())


def _scope(sentence: list[Mention], text: str) -> str:
    """Where a volume applies, as its sentence says: a Kreis named in it, else a Land ("in Sachsen", "des
    Landes Nordrhein-Westfalen", "niedersächsischen Kommunen"), else "Deutschland" for "bundesweit"."""
    places = [m.canonical for m in sentence if m.type == "municipality" and m.attrs.get("kind") == "Kreis"]
    if places:
        return places[0]
    found = sorted((match.start(), name) for name, pattern in _laender() for match in [pattern.search(text)] if match)
    if found:
        return found[0][1]
    return "Deutschland" if re.search(r"(?i)\bbundesweit", text) else ""


def _carry(qualifiers: dict[str, Any], funder: Funder) -> None:
    """The release's funder on a fact that states none: ``release_funder`` (and its organisation
    entity), not ``funder``: a funder the grant's own sentence does not state is no part of its key."""
    qualifiers["release_funder"] = funder.name
    if funder.mention is not None:
        qualifiers["release_funder_id"] = funder.mention.entity_id


def _funding_draft(ctx: DocContext, p: Pair, programme: Mention | None, inferred: bool, funder: str,
                   funder_mention: Mention | None, cue: Any, sentence: list[Mention],
                   carried: Funder | None = None) -> Draft:
    amount = p.amount.mention
    qualifiers: dict[str, Any] = {"rule": (cue.id if cue else "funding.list_row") + "/" + p.how}
    if funder:
        qualifiers["funder"] = funder
    elif carried is not None:
        _carry(qualifiers, carried)
    purpose = _purpose(ctx, amount, p.recipient) if p.how != "every_member" else ""
    if purpose:
        qualifiers["purpose"] = purpose
        if rules("funding")["project_heads"].search(purpose):
            qualifiers["project"] = purpose
    year = _year(sentence, amount)
    if year:
        qualifiers["year"] = year
    if amount.attrs.get("duration"):
        qualifiers["duration"] = amount.attrs["duration"]
    if programme is not None and inferred:
        qualifiers["programme_from"] = "document"
    if p.how in ("every_member", "home"):
        qualifiers["inferred"] = p.how
    if p.recipient.type == "organization":
        qualifiers["recipient_type"] = "other"
    evidence = tuple(m.mention_id for m in (p.recipient, amount, programme, funder_mention) if m is not None)
    confidence = {"after_amount": 0.85, "before_amount": 0.85, "inverted": 0.75, "nearest_before": 0.7}.get(p.how, 0.6)
    return Draft(p.recipient.entity_id, "receives_funding", programme.entity_id if programme else "",
                 amount.value, amount.unit, amount.period, qualifiers=qualifiers, doc_id=ctx.doc_id,
                 evidence=evidence, confidence=confidence if not inferred else confidence - 0.1)


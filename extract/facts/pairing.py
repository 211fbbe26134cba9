"""Pairing recipients with amounts inside one sentence: the three readings German uses for grants
(module doc of :mod:`extract.facts.funding`). Which pairs are grants is decided there."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.facts.candidates import Slot
from extract.facts.context import rules
from extract.model import Mention


@dataclass
class Pair:
    recipient: Mention
    amount: Slot
    how: str  # which pass paired them


def pair_slots(slots: list[Slot], text: str) -> tuple[list[Pair], list[Slot]]:
    """Recipient-amount pairs of one sentence, and the amounts nobody takes (``text``: the clean text)."""
    pairs: list[Pair] = []
    taken_amounts: set[int] = set()
    bound: set[int] = set()
    usable = [i for i, s in enumerate(slots) if s.is_amount and not s.negative and not s.volume]
    def several(i: int) -> bool:
        """The recipient at i is coordinated with the next one ("an Niedenstein und Felsberg")."""
        if i + 1 >= len(slots) or slots[i + 1].is_amount or not slots[i - 1].is_amount or slots[i - 1].each:
            return False
        left, right = slots[i].mention, slots[i + 1].mention
        gap = text[left.clean_end:right.clean_start] if left.clean_end <= right.clean_start else ""
        return left.entity_id != right.entity_id and bool(re.fullmatch(r"\s*(,|und|sowie|oder)\s*", gap))

    def before_taken(i: int) -> bool:
        """A weakly marked recipient ("für die Feuerwehr X") yields when the amount has one right before it."""
        return slots[i].weak and i >= 2 and not slots[i - 2].is_amount

    def coordinated_before(i: int) -> bool:
        """The recipient at i closes a coordination of recipients ("A und B erhalten 30.000 Euro")."""
        if i < 1 or slots[i - 1].is_amount:
            return False
        left, right = slots[i - 1].mention, slots[i].mention
        gap = text[left.clean_end:right.clean_start] if left.clean_end <= right.clean_start else ""
        return left.entity_id != right.entity_id and bool(re.fullmatch(
            r"\s*(,|und|sowie)\s*(die |der |den )?((stadt|gemeinde|samtgemeinde|verbandsgemeinde|markt)\s+)?",
            gap, re.IGNORECASE))

    # 1. marked recipients take the amount right before them
    for i, s in enumerate(slots):
        if not s.is_amount and s.marked and i > 0 and slots[i - 1].is_amount and i - 1 in usable \
                and not before_taken(i):
            if several(i):
                taken_amounts.add(i - 1)  # a total for several recipients: nobody's grant
                continue
            pairs.append(Pair(s.mention, slots[i - 1], "after_amount"))
            taken_amounts.add(i - 1)
            bound.add(i)
    # 2. recipients take the amount right after them ("jeweils": all recipients since the last amount)
    for i, s in enumerate(slots):
        if s.is_amount or i in bound:
            continue
        j = i + 1
        while j < len(slots) and not slots[j].is_amount:
            j += 1
        if j >= len(slots) or j not in usable or j in taken_amounts and not slots[j].each:
            continue
        if j == i + 1 and not slots[j].each and coordinated_before(i):
            continue  # "Sportvereine in Kölbingen und Herschbach erhalten 33.250 Euro": a total for several
        if j == i + 1 or slots[j].each:
            pairs.append(Pair(s.mention, slots[j], "before_amount"))
            bound.add(i)
            if not slots[j].each:
                taken_amounts.add(j)
    for i, s in enumerate(slots):
        if s.is_amount and s.each and any(p.amount is s for p in pairs):
            taken_amounts.add(i)
    # 3. amounts alone: the recipient right after, else the nearest recipient before; "je 5.000 Euro
    # … an folgende Grundschulen: A und B", "fördert folgende Vereine mit jeweils 3.000 Euro: A, B und
    # C": every recipient enumerated after an each-amount takes it
    for j in usable:
        if j in taken_amounts:
            continue
        listed = _enumerated_after(slots, j, text) if slots[j].each else []
        if len(listed) > 1:
            pairs += [Pair(slots[k].mention, slots[j], "each_listed") for k in listed]
            bound.update(listed)
            taken_amounts.add(j)
            continue
        if j + 1 < len(slots) and not slots[j + 1].is_amount and j + 1 not in bound:
            if several(j + 1):
                continue
            pairs.append(Pair(slots[j + 1].mention, slots[j], "inverted"))
            bound.add(j + 1)
            taken_amounts.add(j)
            continue
        k = j - 1
        while k >= 0 and slots[k].is_amount and (slots[k].negative or k in taken_amounts):
            k -= 1
        if k >= 0 and not slots[k].is_amount and (k < j - 1 or slots[j].each or not coordinated_before(k)):
            pairs.append(Pair(slots[k].mention, slots[j], "nearest_before"))
            taken_amounts.add(j)
    alone = [slots[j] for j in usable if j not in taken_amounts] + [s for s in slots if s.is_amount and s.volume]
    return pairs, alone


def _enumerated_after(slots: list[Slot], j: int, text: str) -> list[int]:
    """The recipients enumerated right after the amount at ``j`` ("…: A, B und C"), by slot index."""
    listed: list[int] = []
    k = j + 1
    while k < len(slots) and not slots[k].is_amount:
        if listed:
            left, right = slots[listed[-1]].mention, slots[k].mention
            gap = text[left.clean_end:right.clean_start] if left.clean_end <= right.clean_start else ""
            if not rules("funding")["enumeration_gap"].fullmatch(gap):
                break
        listed.append(k)
        k += 1
    return listed

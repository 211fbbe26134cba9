"""Person reconciliation by surname blocks gives exactly the groups of comparing all pairs."""

from __future__ import annotations

import random
from collections import Counter

from extract.normalise.people import surname_key
from extract.reconcile import _person_groups
from extract.reconcile import person_groups_all_pairs as _all_pairs_groups


def test_surname_key_folds_case_titles_and_inversion() -> None:
    assert surname_key("Dr. Heinz-Jürgen Stolz") == "stolz"
    assert surname_key("Wolters, Annegret") == "wolters"
    assert surname_key("Oberbürgermeisterin Karla STRAUSS") == "strauss"
    assert surname_key("Lukas Meyer-Brandt") == "brandt"


def test_typo_variant_joins_its_head_within_the_block() -> None:
    names = Counter({"Franziska Wolters": 5, "Frankziska Wolters": 1, "Franziska Wolter": 1, "Herr Wolters": 2})
    groups = _person_groups(names)
    assert groups["Frankziska Wolters"] == "Franziska Wolters"
    assert groups["Franziska Wolter"] == "Franziska Wolter"
    assert groups == _all_pairs_groups(names)


def test_blocked_groups_equal_all_pairs_on_many_variants() -> None:
    rng = random.Random(7)
    firsts = ["Franziska", "Christian", "Christina", "Jan", "Jana", "Heinz-Jürgen", "Heinz Jürgen", "Matthias",
              "Mathias", "Annegret", "Anngret", "Ute", "Sören", "Sroen"]
    lasts = ["Wolters", "Brandt", "Meyer-Brandt", "Stolz", "Kühn", "Kuehn", "Hagedorn", "Pfeiffer", "Pfeifer"]
    prefixes = ["", "", "Dr. ", "Bürgermeister ", "Prof. Dr. ", "Frau "]
    names: Counter[str] = Counter()
    for _ in range(600):
        first, last = rng.choice(firsts), rng.choice(lasts)
        form = rng.random()
        if form < 0.15:
            name = f"{last}, {first}"
        elif form < 0.25:
            name = f"{rng.choice(prefixes)}{first.upper()} {last}"
        else:
            name = f"{rng.choice(prefixes)}{first} {last}"
        names[name] += rng.randint(1, 4)
    names["Dr."] += 1  # no canonical name at all
    blocked = _person_groups(names)
    assert blocked == _all_pairs_groups(names)
    assert len(set(blocked.values())) < len(names)  # some variants were merged


def test_indexed_heads_give_the_all_pairs_groups_in_one_big_surname_block() -> None:
    # One common surname gathers every name (the case surname blocks alone left quadratic), with
    # middle names, hyphenated and spaced double names, capitals and typos of known and unknown
    # given names, so heads of both kinds and both kinds of match (folded form, typo) compete.
    rng = random.Random(11)
    firsts = ["Hans", "Hanns", "Hns", "Hans-Peter", "Hans Peter", "Peter", "Petr", "Pieter", "Anna", "Anne",
              "Annna", "Jürgen", "Jurgen", "Jörg", "Jorg", "Sabine", "Sabina", "Sabien", "Maximilian", "Maximillian"]
    middles = ["", "", "", "Maria ", "Peter ", "Karl "]
    names: Counter[str] = Counter()
    for _ in range(3000):
        first = rng.choice(firsts)
        name = f"{first} {rng.choice(middles)}Schmidt"
        if rng.random() < 0.1:
            name = name.upper()
        names[name] += rng.randint(1, 6)
    blocked = _person_groups(names)
    assert blocked == _all_pairs_groups(names)
    assert 1 < len(set(blocked.values())) < len(names)

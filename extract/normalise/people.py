"""Person names: canonical form, titles, roles, first-name lexicon and same-person tests.

Pure functions over strings (no spaCy). The lexicons come from ``rules/people/*.yaml``; the
first-name lexicon is taken at run time from the German, Austrian and Swiss person providers of
the ``faker`` package (MIT licence), so no name list is copied into this repository.

Canonical name: given names and surname separated by single spaces, without title, form of
address or role ("Dr. Heinz-Jürgen Stolz" -> "Heinz-Jürgen Stolz"); the inverted form of
contact blocks is turned round ("Ammoneit, Britta" -> "Britta Ammoneit").

Same person (:func:`same_person`): the canonical names are equal (ignoring case and
hyphen/space differences in given names), or the surnames are equal and the first given names
are one edit apart (insertion, deletion, substitution or transposition of adjacent letters),
both at least four letters long, and exactly one of the two is a known first name: the unknown
one is then taken as a misspelling ("Frankziska Giffey" = "Franziska Giffey"). Two known first
names ("Christian"/"Christina", "Jan"/"Jana") are different people. A surname alone never
matches a full name here, because across documents that would merge strangers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from extract.rules import read_yaml

_WS = re.compile(r"\s+")
_INVERTED = re.compile(r"^([^\W\d_][\w'’.-]*)\s*,\s*([^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*)?)$")
_TRIM = " \t\r\n,;:|()[]\"'„“”‚‘’«»"
_GENDER_SUFFIX = re.compile(r"(?:/-?in|\*in|:in|_in|\(in\)|In)$")


@cache
def people_rules(name: str) -> dict:
    """One YAML file of ``rules/people/`` (``titles``, ``roles``, ``contacts``, ``blockers``)."""
    data = read_yaml(f"people/{name}.yaml")
    if not isinstance(data, dict):
        raise ValueError(f"rules/people/{name}.yaml must be a mapping")
    return data


@lru_cache(maxsize=1)
def _faker_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(all, female, male) first names of faker's de_DE, de_AT and de_CH person providers."""
    try:
        from faker.providers.person import de_AT, de_CH, de_DE
    except ImportError:  # pragma: no cover - faker is a declared dependency
        return frozenset(), frozenset(), frozenset()
    every: set[str] = set()
    female: set[str] = set()
    male: set[str] = set()
    for module in (de_DE, de_AT, de_CH):
        provider = module.Provider
        for target, names in (
            (every, provider.first_names),
            (female, provider.first_names_female),
            (male, provider.first_names_male),
        ):
            for name in names:
                # multi-word entries ("Klaus Peter") give each part; initials ("H.-Dieter") are skipped
                for part in name.split():
                    if "." not in part and len(part) > 1:
                        target.add(part)
    return frozenset(every), frozenset(female), frozenset(male)


@lru_cache(maxsize=1)
def international_first_names() -> frozenset[str]:
    """First names in Latin script from all of faker's person providers (weak evidence only).

    Used to confirm a model's PER span with an unknown given name ("Ashley Cole"); far too broad
    for finding names by itself (it holds "Paris", "Park", "Berlin").
    """
    try:
        import faker.providers.person as person_providers
    except ImportError:  # pragma: no cover - faker is a declared dependency
        return frozenset()
    import importlib
    import pkgutil

    names: set[str] = set()
    for info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{info.name}")
        listed = getattr(getattr(module, "Provider", None), "first_names", None)
        try:
            candidates = list(listed) if listed is not None else []
        except TypeError:  # a property on some providers
            continue
        for name in candidates:
            if isinstance(name, str) and all(c.isalpha() and ord(c) < 0x250 or c in "-' " for c in name):
                names.update(part for part in name.split() if len(part) > 1)
    return frozenset(names) | first_names()


def first_names() -> frozenset[str]:
    """Known German-language first names (faker de_DE/de_AT/de_CH), case as written."""
    return _faker_names()[0]


@lru_cache(maxsize=1)
def ambiguous_first_names() -> frozenset[str]:
    """First names that are also common words or places ("Ernst", "August", "Hagen")."""
    return frozenset(people_rules("blockers").get("ambiguous_first_names", []))


@lru_cache(maxsize=8192)
def is_first_name(token: str, *, strict: bool = True) -> bool:
    """True if ``token`` is a known first name; ``strict`` also rejects ambiguous ones."""
    if token not in first_names():
        return False
    return not (strict and token in ambiguous_first_names())


def first_name_gender(name: str) -> str:
    """"f", "m" or "" for a first name (the lexicon decides; ambiguous or unknown -> "")."""
    _, female, male = _faker_names()
    is_f, is_m = name in female, name in male
    if is_f and not is_m:
        return "f"
    if is_m and not is_f:
        return "m"
    return ""


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Titles from ``rules/people/titles.yaml``, longest first."""
    return tuple(sorted(people_rules("titles")["titles"], key=len, reverse=True))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Forms of address ("Herr", "Frau")."""
    return frozenset(people_rules("titles")["honorifics"])


@lru_cache(maxsize=1)
def _role_data() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], tuple[str, ...], frozenset[str]]:
    data = people_rules("roles")
    roles = frozenset(data["roles"])
    heads = tuple(sorted((h.lower() for h in data["heads"]), key=len, reverse=True))
    modifiers = frozenset(m.lower() for m in data["modifiers"])
    complement = tuple(sorted((h.lower() for h in data["complement_heads"]), key=len, reverse=True))
    ranks = frozenset(data.get("ranks", []))
    return roles, heads, modifiers, complement, ranks


def exact_roles() -> frozenset[str]:
    """The role words of the lexicon as listed ("Bischof", "Landrat"), without compounds."""
    return _role_data()[0]


def role_ranks() -> frozenset[str]:
    """Civil-service rank abbreviations used like roles before a surname ("KVOR")."""
    return _role_data()[4]


@lru_cache(maxsize=1)
def role_abbreviations() -> dict[str, str]:
    """Role abbreviations before a name and the role they stand for ("OB" -> "Oberbürgermeister")."""
    return dict(people_rules("roles").get("abbreviations", {}))


@lru_cache(maxsize=1)
def anaphoric_roles() -> frozenset[str]:
    """Offices a definite noun may name across a sentence border ("der Landrat … . Thorsten Erny …")."""
    return frozenset(people_rules("roles").get("anaphoric_roles", []))


@lru_cache(maxsize=1)
def body_roles() -> frozenset[str]:
    """Role words that also name a council ("Stadtrat", "Gemeinderat")."""
    return frozenset(people_rules("roles").get("body_roles", []))


def _single_role_base(word: str) -> str:
    """Nominative base of one role word, or "" if the word is not a role."""
    roles, heads, _, _, _ = _role_data()
    if not word or not word[0].isupper():
        return ""
    candidates = [word]
    if word.endswith("s") and not word.endswith("ss"):
        candidates.append(word[:-1])  # genitive: Bürgermeisters, Landrats
    if word.endswith("es"):
        candidates.append(word[:-2])  # genitive: Landrates
    if word.endswith("glieder"):
        candidates.append(word[:-2])  # plural: Mitglieder, Ortsbeiratsmitglieder
    if word.endswith("räte"):
        candidates.append(word[:-4] + "rat")  # umlaut plural: Landräte, Stadträte, Kreisräte
    if word.endswith("innen"):
        candidates.append(word[:-3])  # plural of the feminine form: Bürgermeisterinnen, Landrätinnen
    if word.endswith("en"):
        candidates.extend([word[:-1], word[:-2]])  # Vorsitzenden, Präsidenten
    if word.endswith("n") and not word.endswith("en"):
        candidates.append(word[:-1])
    for cand in candidates:
        if cand in roles:
            return cand
        low = cand.lower()
        for head in heads:
            if low.endswith(head) and (len(low) > len(head) or cand in roles or low == head):
                return cand
    return ""


@lru_cache(maxsize=4096)
def role_base(word: str) -> str:
    """Nominative base form of a role word, or "" if it is not one.

    Exact lexicon roles, compounds ending in a role head ("Bundesfamilienministerin",
    "Jugendamtsleiter"), "Vize-"/"Ex-"/party prefixes ("Vize-Landrat") and genitive or weak
    forms ("Bürgermeisters", "Präsidenten") are recognised.
    """
    base = _single_role_base(word)
    if base:
        return base
    if "-" in word:
        head, _, last = word.rpartition("-")
        last_base = _single_role_base(last)
        if last_base and head:
            return f"{head}-{last_base}"
    return ""


def is_role_word(word: str) -> bool:
    """True if ``word`` is a role ("Landrat", "Sozialdezernent", "Bürgermeisters")."""
    return bool(role_base(word))


def role_takes_complement(role: str) -> bool:
    """True if a genitive after the role belongs to it ("Leiterin der Familienförderung")."""
    low = role.lower()
    return any(low.endswith(head) for head in _role_data()[3])


def is_feminine_role(role: str) -> bool:
    """True for feminine role forms ("Bürgermeisterin", "Landrätin", "Ratsfrau")."""
    words = role.split()
    return bool(words) and words[-1].endswith(("in", "frau"))


def modifier_stem(word: str) -> str:
    """Stem of a role modifier in any inflection ("stellvertretenden" -> "stellvertretend"), or ""."""
    modifiers = _role_data()[2]
    low = word.lower()
    if not word.islower():
        return ""
    for ending in ("en", "er", "es", "em", "e", ""):
        if ending and not low.endswith(ending):
            continue
        stem = low[: len(low) - len(ending)] if ending else low
        if stem in modifiers:
            return stem
    return ""


def adjective_base(word: str, feminine: bool) -> str:
    """Nominative singular of an attributive adjective before a role."""
    stem = modifier_stem(word)
    if stem.endswith("."):
        return word  # an abbreviation ("stellv.") stays as written
    if not stem:
        for ending in ("en", "er", "es", "em", "e"):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                break
        else:
            return word
    return stem + ("e" if feminine else "er")


@lru_cache(maxsize=1)
def predicative_cues() -> dict[str, frozenset[str]]:
    """Words of predicative roles (``predicative`` in rules/people/roles.yaml): installing verbs,
    copulas, words a copula may skip before the role, and words that make the office not yet held."""
    data = people_rules("roles").get("predicative", {})
    keys = ("verbs", "copula", "copula_skip", "not_yet")
    return {key: frozenset(w.lower() for w in data.get(key, [])) for key in keys}


@lru_cache(maxsize=1)
def is_descriptive_adjective(word: str) -> bool:
    """An adjective that describes a role holder but is no part of the role ("die zuständige
    Ministerin"): ``descriptive_adjectives`` of the role rules, in any inflection."""
    low = word.lower()
    return any(low == stem or (low.startswith(stem) and low[len(stem):] in ("e", "en", "er", "es", "em"))
               for stem in people_rules("roles").get("descriptive_adjectives", []))


def party_adjectives() -> frozenset[str]:
    """Lower-case party adjectives before a role that are not part of it ("GRÜNER Oberbürgermeister")."""
    return frozenset(w.lower() for w in people_rules("roles").get("party_adjectives", []))


@lru_cache(maxsize=4096)
def is_complement_noun(word: str) -> bool:
    """A capitalised abstract noun that names a leader's field without an article ("Abteilungsleiter
    Jugendförderung", "Fachbereichsleiter Stadtentwicklung"): ``complement_noun_endings``."""
    endings = tuple(e.lower() for e in people_rules("roles").get("complement_noun_endings", []))
    return bool(word[:1].isupper() and word.replace("-", "").isalpha() and word.lower().endswith(endings)
                and len(word) > 5)


_COMPLEMENT_WORDS = frozenset({"für", "der", "des", "von", "vom", "im", "beim"})
_ORDINAL_WORD = re.compile(r"(Erst|Zweit|Dritt|Viert)(?:e|er|en|es|em)")


def role_of_gender(role: str, gender: str) -> str:
    """A role noun in the given gender ("m"/"f") when its other form is a known role:
    "Beigeordnete"/"Beigeordneter", "Vorsitzende"/"Vorsitzender", "Bürgermeister"/"Bürgermeisterin"."""
    words = role.split()
    if not words or gender not in ("m", "f"):
        return role
    # the head noun comes before a portfolio or body ("Beigeordnete für Bau und Verkehr")
    cut = next((n for n, w in enumerate(words) if n and w in _COMPLEMENT_WORDS), len(words))
    if cut < len(words):
        return " ".join([role_of_gender(" ".join(words[:cut]), gender), *words[cut:]])
    if len(words) > 1 and _ORDINAL_WORD.fullmatch(words[0]):  # "Erste Beigeordnete" / "Erster Beigeordneter"
        stem = _ORDINAL_WORD.fullmatch(words[0]).group(1)
        words = [stem + ("er" if gender == "m" else "e"), *words[1:]]
    last = words[-1]
    other = last
    if gender == "f" and last.endswith("er") and is_role_word(last[:-1]) and last[:-1].endswith("e"):
        other = last[:-1]  # Beigeordneter -> Beigeordnete
    elif gender == "m" and last.endswith("e") and is_role_word(last + "r"):
        other = last + "r"  # Beigeordnete -> Beigeordneter
    elif gender == "f" and last.endswith("rat") and is_role_word(last[:-3] + "rätin"):
        other = last[:-3] + "rätin"  # Landrat -> Landrätin, Stadtrat -> Stadträtin
    elif gender == "m" and last.endswith("rätin") and is_role_word(last[:-5] + "rat"):
        other = last[:-5] + "rat"
    elif gender == "f" and not is_feminine_role(last) and is_role_word(last + "in"):
        other = last + "in"  # Bürgermeister -> Bürgermeisterin
    elif gender == "m" and last.endswith("in") and is_role_word(last[:-2]):
        other = last[:-2]
    return " ".join([*words[:-1], other])


def normalise_label(label: str) -> str:
    """Remove gender-inclusive endings from a label ("Bearbeiter/-in" -> "Bearbeiter")."""
    return _GENDER_SUFFIX.sub("", label.strip().rstrip(":"))


def gendered_role(role: str, first_name: str) -> str:
    """Feminine role form for a female first name ("Bearbeiter", "Britta" -> "Bearbeiterin")."""
    if not role or first_name_gender(first_name) != "f" or is_feminine_role(role):
        return role
    feminine = people_rules("contacts").get("feminine_forms", {})
    if role in feminine:
        return feminine[role]
    if is_role_word(role) and is_role_word(role + "in"):
        return role + "in"
    return role


def _strip_titles(words: list[str]) -> tuple[list[str], str]:
    """Remove leading titles from a word list; return the rest and the titles found."""
    found: list[str] = []
    changed = True
    while changed and words:
        changed = False
        text = " ".join(words)
        for title in titles():
            if text == title or text.startswith(title + " "):
                found.append(title)
                words = words[len(title.split()) :]
                changed = True
                break
    return words, " ".join(found)


def _is_role_phrase(text: str) -> bool:
    """True if ``text`` starts like a role apposition ("die Leiterin ...", "Bürgermeister ...")."""
    for word in text.split():
        if word in ("der", "die", "des", "den", "dem") or modifier_stem(word):
            continue
        return is_role_word(word)
    return False


def _looks_inverted(first: str, second: str) -> bool:
    """True if "first, second" is "Surname, Given name(s)" rather than "Name, role"."""
    given = second.split()[0].split("-")[0]
    if is_role_word(first) or is_role_word(second.split()[-1]) or first in honorifics():
        return False
    return is_first_name(given, strict=False) or not is_first_name(first, strict=False)


@lru_cache(maxsize=65536)
def canonical_name(surface: str) -> tuple[str, str]:
    """Canonical full name and title of a person mention.

    ``"Dr. Heinz-Jürgen Stolz"`` -> ``("Heinz-Jürgen Stolz", "Dr.")``;
    ``"Familienministerin Christina\\nKampmann"`` -> ``("Christina Kampmann", "")``;
    ``"Ammoneit, Britta"`` -> ``("Britta Ammoneit", "")``. Forms of address ("Herr"), roles and
    role modifiers before the name are dropped; "" is returned for the title when there is none.
    """
    text = _WS.sub(" ", surface).strip()
    text = re.sub(r"\s*\([^()]*\)", "", text).strip(_TRIM)  # "(SPD)", "(2.v.l.)"
    head, sep, tail = text.partition(", ")
    if sep and tail and _is_role_phrase(tail):
        text = head  # "Reiner Breuer, Bürgermeister der Stadt Neuss"
    inverted = _INVERTED.match(text)
    if inverted and _looks_inverted(inverted.group(1), inverted.group(2)):
        text = f"{inverted.group(2)} {inverted.group(1)}"
    words = text.split(" ")
    title = ""
    while words:
        word = words[0]
        if word in honorifics() or modifier_stem(word) or word in ("und", "der", "die", "des", "den"):
            words = words[1:]
            continue
        if is_role_word(word) or word in role_ranks() or word in role_abbreviations():
            words = words[1:]
            continue
        rest, found = _strip_titles(words)
        if found:
            title = f"{title} {found}".strip()
            words = rest
            continue
        break
    return " ".join(words).strip(_TRIM), title


def _one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        i, j = diffs
        return a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def is_typo_variant(first_a: str, first_b: str) -> bool:
    """True if two given names are one edit apart and only one is a known first name."""
    if min(len(first_a), len(first_b)) < 4 or not _one_edit(first_a.lower(), first_b.lower()):
        return False
    return is_first_name(first_a, strict=False) != is_first_name(first_b, strict=False)


def _key(name: str) -> str:
    return name.replace("-", " ").casefold()


def surname_key(name: str) -> str:
    """Blocking key for :func:`same_person`: the folded surname of the canonical name ("" if none).

    ``same_person(a, b)`` implies ``surname_key(a) == surname_key(b)`` (both of its branches need
    equal surnames), so grouping names needs comparisons within one key only.
    """
    canonical, _ = canonical_name(name)
    folded = _key(canonical)
    words = folded.split()
    return words[-1] if words else folded


class PersonHeads:
    """Names chosen as group heads, in the order added, searched as :func:`same_person` would be.

    ``first_match(name)`` is the first head ``h`` with ``same_person(h, name)``, without comparing
    every head: ``same_person`` holds when the folded names are equal (one dict look-up), or when
    both have the same number of words, the same words after the given name, and given names that
    are typo variants, one a known first name and the other not (a short list per word shape and
    known/unknown given name). So grouping is linear in the number of names even when a common
    surname gathers thousands of them (``tests/test_reconcile_blocking.py`` checks it against all
    pairs).
    """

    def __init__(self) -> None:
        self.heads: list[str] = []
        self._by_key: dict[str, int] = {}
        self._by_shape: dict[tuple[int, tuple[str, ...], bool], list[tuple[int, str]]] = defaultdict(list)

    def first_match(self, name: str) -> str | None:
        canonical, _ = canonical_name(name)
        if not canonical:
            return None
        best = self._by_key.get(_key(canonical))
        parts = canonical.split(" ")
        if len(parts) >= 2:
            first = parts[0]
            # is_typo_variant needs one known and one unknown given name: only the other kind can match
            shape = (len(parts), tuple(parts[1:]), not is_first_name(first, strict=False))
            for index, head_first in self._by_shape.get(shape, ()):
                if best is not None and index > best:
                    break
                if is_typo_variant(head_first, first):
                    best = index
                    break
        return None if best is None else self.heads[best]

    def add(self, name: str) -> None:
        """Make ``name`` a head (a name without a canonical form matches nothing and is not kept)."""
        canonical, _ = canonical_name(name)
        if not canonical:
            return
        index = len(self.heads)
        self.heads.append(name)
        self._by_key.setdefault(_key(canonical), index)
        parts = canonical.split(" ")
        if len(parts) >= 2:
            shape = (len(parts), tuple(parts[1:]), is_first_name(parts[0], strict=False))
            self._by_shape[shape].append((index, parts[0]))


def same_person(a: str, b: str) -> bool:
    """True if two person names denote the same person (see the module docstring)."""
    name_a, _ = canonical_name(a)
    name_b, _ = canonical_name(b)
    if not name_a or not name_b:
        return False
    if _key(name_a) == _key(name_b):
        return True
    parts_a, parts_b = name_a.split(" "), name_b.split(" ")
    if len(parts_a) < 2 or len(parts_a) != len(parts_b) or parts_a[-1] != parts_b[-1]:
        return False
    if parts_a[1:-1] != parts_b[1:-1]:
        return False
    return is_typo_variant(parts_a[0], parts_b[0])

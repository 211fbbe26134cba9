"""People, the context before a name: the titles, forms of address and role chains ("stellvertretenden
Bürgermeisters Jan Koll", "Landrätin des Landkreises X", "Weilburgs Bürgermeister").

A mixin of :class:`extract.components.people.PeopleExtractor` (split from it by concern; what follows a
name is read in ``_people_appositions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extract.normalise import people as norm

PARTIES = frozenset(
    {"SPD", "CDU", "CSU", "FDP", "AfD", "Grüne", "Grünen", "Linke", "BSW", "ÖDP", "FW", "Piraten", "Volt"}
)
_POSSESSIVES = frozenset(
    {"seiner", "seine", "ihrer", "ihre", "meiner", "meine", "unserer", "deren", "dessen"}
)
# lower-case adjectives that make "Frau"/"Herr" a noun: superlatives and -ig/-lich/-isch adjectives
_ORDINAL = re.compile(r"^[1-9]\.$")
_ORDINAL_WORD = re.compile(r"(Erst|Zweit|Dritt|Viert)(?:e|er|en|es|em)")  # "dem Ersten Beigeordneten"
_LAND_ADJECTIVE = re.compile(r"[A-ZÄÖÜa-zäöü][a-zäöüß]+isch(?:e|en|er)")  # "der Bayerische / bayerische"
_ADJ_NOUN = re.compile(r"^[a-zäöüß]+(?:ste|sten|ster|ige|igen|iger|liche|lichen|licher|ische|ischen|ischer)$")


def _is_adjective(tok: Token) -> bool:
    """A lower-case word with an adjective ending ("stellvertretende", "kommunalen"), or a listed
    modifier abbreviation ("stellv.")."""
    text = tok.text
    if text.endswith(".") and norm.modifier_stem(text):
        return True
    return (
        text.islower()
        and text.replace("-", "").isalpha()
        and not text.startswith("-")
        and text.endswith(("e", "en", "er", "es", "em"))
    )


@dataclass
class _Left:
    """What stands before a name: titles, form of address, role chain."""

    start: int  # first token of the span (title included)
    title: str = ""
    honorific: str = ""
    role: str = ""
    role_start: int = -1
    organization: str = ""
    more_roles: list[tuple[str, str]] = field(default_factory=list)
    plural: bool = False


_COMPLEMENT_PREPS = ("des", "der", "für", "von", "vom", "im")


class RolePhrases:
    """Left context of a name in :class:`~extract.components.people.PeopleExtractor`."""

    # ------------------------------------------------------------------ left context
    def _title_ending_at(self, doc: Doc, j: int) -> tuple[int, str]:
        if j < 0 or self._texts[j] not in self._title_last:
            return -1, ""
        for toks, title in self._titles:
            n = len(toks)
            if self._ends_at(j, toks):
                return j - n + 1, title
        return -1, ""

    def _role_ending_at(self, doc: Doc, j: int) -> tuple[int, str]:
        if j < 0:
            return -1, ""
        for toks in self._multi_roles if self._texts[j] in self._multi_role_last else ():
            n = len(toks)
            if self._ends_at(j, toks):
                return j - n + 1, " ".join(toks)
        base = norm.role_base(self._texts[j])
        return (j, base) if base else (-1, "")

    def _role_chain(self, doc: Doc, j: int, allow_rank: bool) -> tuple[int, str]:
        """Role phrase ending at token j ("stellvertretenden Bürgermeisters"), normalised."""
        start, role = self._role_ending_at(doc, j)
        if start < 0:
            if allow_rank and j >= 0 and self._texts[j] in norm.role_ranks():
                return j, self._texts[j]
            for toks, full in self._abbreviations if allow_rank else ():
                n = len(toks)
                if self._ends_at(j, toks):
                    return j - n + 1, full
            return -1, ""
        roles = [role]
        k = start - 1
        # "Bildungs- und Jugendministerin": a truncated compound shares the role's head
        if k >= 1 and self._lower[k] in ("und", "sowie") and re.fullmatch(r"[A-ZÄÖÜ][\wäöüß]+-", self._texts[k - 1]):
            roles = [f"{self._texts[k - 1]} {self._texts[k]} {role}"]
            start, k = k - 1, k - 2
        while k >= 1 and self._lower[k] in ("und", "&", "/"):
            prev_start, prev_role = self._role_ending_at(doc, k - 1)
            if prev_start < 0 or (prev_start > 0 and self._is_first(self._texts[prev_start - 1], False)):
                break  # "Tamara Bischof und Ministerin …": a surname, not a role
            roles.insert(0, prev_role)
            start, k = prev_start, prev_start - 1
        feminine = norm.is_feminine_role(roles[-1])
        modifiers: list[str] = []
        while k >= 0 and norm.modifier_stem(self._texts[k]):
            modifiers.insert(0, norm.adjective_base(self._texts[k], feminine))
            start, k = k, k - 1
        if k >= 0 and self._lower[k] in self._generic:
            return -1, ""  # "ein Bundespräsident": generic, no name follows
        if k >= 1 and _ORDINAL.match(self._texts[k]) and self._lower[k - 1] in self._articles:
            modifiers.insert(0, self._texts[k])  # "die 1. Beigeordnete Melitta Gray"
            start = k
        elif k >= 1 and _ORDINAL_WORD.fullmatch(self._texts[k]) and self._lower[k - 1] in self._articles:
            # "die Zweite Bürgermeisterin Lea Sommer" (the name's gender fixes the ending later)
            modifiers.insert(0, _ORDINAL_WORD.fullmatch(self._texts[k]).group(1) + ("e" if feminine else "er"))
            start = k
        return start, " ".join(modifiers + [" und ".join(roles)])

    def _left_context(self, doc: Doc, i: int) -> _Left:
        left = _Left(start=i)
        j = i - 1
        if j >= 0 and self._space[j] and self._texts[j].count("\n") <= 1:
            j -= 1
        found_titles: list[str] = []
        while j >= 0:
            t_start, title = self._title_ending_at(doc, j)
            if t_start < 0:
                break
            found_titles.insert(0, title)
            if not left.role:
                left.start = t_start
            j = t_start - 1
        left.title = " ".join(found_titles)
        touching = j  # the token right before the name, or before its title or form of address
        if j >= 0 and self._texts[j] in self._honorifics and self._real_honorific(doc, j):
            left.honorific = self._texts[j]
            j -= 1
            touching = j
        retired = ""
        if j >= 0 and self._texts[j] == "a.D." or j >= 1 and (self._texts[j - 1], self._texts[j]) == ("a.", "D."):
            j -= 1 if self._texts[j] == "a.D." else 2  # "Landrat a. D. Helmut Weiß": a former office
            retired, touching = " a. D.", j
        if j >= 1 and j == i - 1 and self._texts[j] == "(" and not left.title and self._is_first(self._texts[i], False):
            j -= 1  # "der Ortsvorsteher von Wittstadt (Anna Roth)": the name in brackets after its role
        r_start, role = self._role_chain(doc, j, allow_rank=(j == touching))
        if r_start < 0 and j >= 2 and j == touching and self._lower[j - 1] == "und" and self._texts[j][:1].isupper() \
                and not self.is_name_text(self._texts[j - 2]):
            # "der Landtagsabgeordnete und Haushaltsexperte Jörg Vogelsänger": a non-office noun after "und"
            r_start, role = self._role_chain(doc, j - 2, allow_rank=False)
        if r_start < 0 and j >= 2 and j == touching and self._texts[j] == ",":
            # "der Bürgermeister der Stadt Neuss, Reiner Breuer,", "die Ministerin für Bildung, Anna Vogel",
            # "der Botschafter der Republik Schweden, S.E. Staffan Carlsson"
            r_start, role = self._role_chain(doc, j - 1, allow_rank=False)
            org = ""
            if r_start < 0:  # a form of address marks where the name starts ("…, S.E. Staffan Carlsson")
                r_start, role, org = self._role_with_complement(doc, j - 1, i, named=bool(left.honorific or left.title))
            lead = r_start - 1
            while lead >= 1 and r_start - lead <= 2 and self._lower[lead] not in self._articles and (
                    _LAND_ADJECTIVE.fullmatch(self._texts[lead]) or _is_adjective(doc[lead])):
                lead -= 1  # "Der Bayerische Staatsminister für …, Name", "den zuständigen Bürgermeister, Name"
            if lead == r_start - 1 and lead >= 1 and _ORDINAL_WORD.fullmatch(self._texts[lead]) \
                    and self._lower[lead - 1] in self._articles:
                # "dem Ersten Beigeordneten der Stadt Düren, Thomas Hissel": the ordinal is part of the office
                role = f"{_ORDINAL_WORD.fullmatch(self._texts[lead]).group(1)}e {role}"
                lead, r_start = lead - 1, lead
            if r_start >= 0 and (lead >= 0 and self._lower[lead] in self._articles or self._boundary_before(r_start)):
                left.organization = org  # after an article, or opening the sentence ("Leiter des X, Name")
            else:
                r_start, role = -1, ""
        if r_start < 0 and j >= 0 and not (j == i - 1 and self._texts[j] == ","):
            # "Landrätin des Landkreises Kitzingen Tamara Bischof", "Ministerin für Schule und Bildung
            # Yvonne Gebauer", "Bürgermeister und Geschäftsführer des WBV Altmannstein Josef Lohr"
            r_start, role, left.organization = self._role_with_complement(doc, j, i)
        if r_start >= 0:
            left.role, left.role_start = role + retired, r_start
            # "die Bürgermeister A und B", "Bürgermeisterinnen A und B": a plural role before the names
            article = self._lower[r_start - 1] if r_start >= 1 else ""
            word = self._texts[j]
            adjectival = role.endswith("e")  # "die Landtagsabgeordnete" is one woman, "die Abgeordneten" several
            counted = article in self._plural_determiners  # "die beiden Abgeordneten", "drei Bürgermeister"
            left.plural = word.endswith("innen") or (
                (article in ("die", "den") or counted) and " und " not in role
                and (counted or not norm.is_feminine_role(role))
                and (word.endswith("en") if adjectival else True))
            if r_start >= 2 and self._lower[r_start - 1] == "und":
                # "Bundesminister für Wirtschaft und Energie und Vize-Kanzler Sigmar Gabriel"
                o_start, other, org = self._role_with_complement(doc, r_start - 2, i)
                if o_start >= 0:
                    left.more_roles.append((other, org))
                    left.role_start = r_start = o_start
            if r_start - 1 >= 0 and self._texts[r_start - 1] in self._honorifics and self._real_honorific(
                doc, r_start - 1
            ):
                left.honorific = self._texts[r_start - 1]
        if i - 1 >= 0:
            self._clause_role(doc, left, left.role_start if left.role_start >= 0 else left.start)
        return left

    def _boundary_before(self, k: int) -> bool:
        """Token k opens a sentence or a line."""
        j = k - 1
        while j >= 0 and self._space[j] and "\n" not in self._texts[j]:
            j -= 1
        return j < 0 or self._texts[j] in (".", "!", "?", ":") or (self._space[j] and "\n" in self._texts[j])

    def _clause_role(self, doc: Doc, left: _Left, j: int) -> None:
        """A role the clause before the name gives it: "Als Präsident wurde Burkhard Jung …
        wiedergewählt", "1. Stellvertreterin der Bürgermeisterin ist Frau Gemeinderätin Ursula Jud".

        The clause starts the sentence or line; its role phrase ends right before a copula or
        passive auxiliary (ist, wurde, wird, bleibt) that stands right before the name (titles, forms
        of address and the name's own role between them are allowed)."""
        k = j - 1
        if k >= 0 and self._texts[k] in self._honorifics:
            k -= 1
        if k < 1 or self._lower[k] not in ("ist", "wurde", "wird", "bleibt"):
            return
        start = k - 1
        while start > 0 and not (self._texts[start - 1] in (".", "!", "?", ":", ";")
                                 or (self._space[start - 1] and "\n" in self._texts[start - 1])):
            start -= 1
            if k - start > 12:
                return
        if self._lower[start] in ("als", "zum", "zur"):
            start += 1
        found = self._role_phrase(doc, start, limit=k)
        prefix = ""
        if found is None and start + 1 < k and self._texts[start][:1].isupper() \
                and self._lower[start].endswith(("e", "er", "es")) and not norm.role_base(self._texts[start]):
            found = self._role_phrase(doc, start + 1, limit=k)  # "Neuer Kämmerer ist …": a capitalised adjective
            prefix = norm.adjective_base(self._lower[start], norm.is_feminine_role(found[0])) if found else ""
        if found is None or found[2] != k:
            return
        role, org, _ = found
        role = f"{prefix} {role}" if prefix else role
        if not left.role:
            left.role, left.organization = role, left.organization or org
        elif role != left.role and all(role != r for r, _ in left.more_roles):
            left.more_roles.append((role, org))

    def _role_with_complement(self, doc: Doc, j: int, i: int, named: bool = False) -> tuple[int, str, str]:
        """A role with its body or portfolio ending at token j: (start, role, organisation) or (-1, "", "").

        "<role> des/der/von <Name phrase>" gives the phrase as organisation, or as part of the role for
        roles that take a complement ("Leiterin der Familienförderung"); "<role> für <phrase>" keeps the
        portfolio in the role ("Ministerin für Schule und Bildung"). The phrase is at most 8 tokens of
        capitalised words, "und", "für", articles and adjectives, and ends in a capitalised word; the
        name at token i must start with a known given name (else the phrase's last word may be one),
        unless ``named``: a form of address between them already marks the name's start.
        """
        if not self._texts[j][:1].isupper() or not (named or self._is_first(self._texts[i], strict=False)):
            return -1, "", ""
        for p in range(j - 1, max(-1, j - 10), -1):
            text, low = self._texts[p], self._lower[p]
            if low in _COMPLEMENT_PREPS and p >= 1:
                r_start, role = self._role_chain(doc, p - 1, allow_rank=False)
                if r_start >= 0 and self._texts[p + 1][:1].isupper() | _is_adjective(doc[p + 1]):
                    phrase = " ".join(doc[p + 1 : j + 1].text.split())  # a line break inside is a space
                    if low == "für" or (low in ("des", "der") and norm.role_takes_complement(role)):
                        return r_start, f"{role} {text} {phrase}", ""
                    return r_start, role, phrase
            if self._space[p] and text.count("\n") == 1 and "\n\n" not in text:
                continue  # "den Beigeordneten für Bau und\nVerkehr, Ingo Mlejnek": one line break
            if text == "," and any(norm.role_base(self._texts[q]) or self._is_first(self._texts[q], True)
                                   for q in range(p + 1, j + 1)):
                break  # "…, Landrat Manfred Ostermann und MdB …": the comma ends another person's phrase
            if self._space[p] or not (text[:1].isupper() or low in ("und", "für", "der", "des", "/", ",")
                                      or _is_adjective(doc[p])):
                break  # a comma may list a portfolio ("Staatsminister für Wohnen, Bau und Verkehr, Name")
        return -1, "", ""

    def _real_honorific(self, doc: Doc, j: int) -> bool:
        """"Frau"/"Herr" as a form of address, not a noun ("die reichste Frau Frankreichs")."""
        if j == 0:
            return True
        prev = doc[j - 1]
        low = prev.lower_
        return not (low in self._articles or low in _POSSESSIVES or _ADJ_NOUN.search(prev.text))

    def _weak_role_anchor(self, doc: Doc, left: _Left, k: int) -> bool:
        """True if a role alone does not make the single word after it a surname.

        That is a role that also names a council ("der Stadtrat Neuss"), or a role after an
        article followed by a genitive ("des Präsidenten Taiwans", "der Bürgermeister Kölns").
        """
        words = left.role.split()
        if not words or left.title or left.honorific:
            return False
        if words[-1] in norm.body_roles():
            return True
        before = doc[left.role_start - 1] if left.role_start > 0 else None
        return self._texts[k].endswith("s") and before is not None and before.lower_ in self._articles

    def _role_apposition_at(self, k: int) -> bool:
        """Token k starts ", <adjectives> <role>" ("Frank Steinbach, Bürgermeister in Creglingen")."""
        texts, n = self._texts, len(self._texts)
        if k >= n or texts[k] != ",":
            return False
        k += 1
        while k < n and texts[k].islower() and texts[k].endswith(("e", "en", "er")):
            k += 1  # "stellvertretender"
        return k < n and bool(norm.role_base(texts[k]))

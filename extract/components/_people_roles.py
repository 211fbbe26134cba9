"""People, role phrases: the titles, forms of address and role chains before a name ("stellvertretenden
Bürgermeisters Erik Cziesla") and the roles, parties and organisations after it ("Reiner Breuer,
Bürgermeister der Stadt Neuss", "(SPD)", "vom Fachdienst Arbeitsmarkt und Integration").

A mixin of :class:`extract.components.people.PeopleExtractor` (split from it by concern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extract.components._people_names import _Mention
from extract.normalise import people as norm

PARTIES = frozenset(
    {"SPD", "CDU", "CSU", "FDP", "AfD", "Grüne", "Grünen", "Linke", "BSW", "ÖDP", "FW", "Piraten", "Volt"}
)
_POSSESSIVES = frozenset(
    {"seiner", "seine", "ihrer", "ihre", "meiner", "meine", "unserer", "deren", "dessen"}
)
# lower-case adjectives that make "Frau"/"Herr" a noun: superlatives and -ig/-lich/-isch adjectives
_ADJ_NOUN = re.compile(r"^[a-zäöüß]+(?:ste|sten|ster|ige|igen|iger|liche|lichen|licher|ische|ischen|ischer)$")


def _is_adjective(tok: Token) -> bool:
    """A lower-case word with an adjective ending ("stellvertretende", "kommunalen")."""
    text = tok.text
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


class RolePhrases:
    """Left and right context of a name in :class:`~extract.components.people.PeopleExtractor`."""

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
        while k >= 1 and self._lower[k] in ("und", "&", "/"):
            prev_start, prev_role = self._role_ending_at(doc, k - 1)
            if prev_start < 0:
                break
            roles.insert(0, prev_role)
            start, k = prev_start, prev_start - 1
        feminine = norm.is_feminine_role(roles[-1])
        modifiers: list[str] = []
        while k >= 0 and norm.modifier_stem(self._texts[k]):
            modifiers.insert(0, norm.adjective_base(self._texts[k], feminine))
            start, k = k, k - 1
        if k >= 0 and self._lower[k] in self._generic:
            return -1, ""  # "ein Bundespräsident": generic, no name follows
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
        if j >= 0 and self._texts[j] in self._honorifics and self._real_honorific(doc, j):
            left.honorific = self._texts[j]
            j -= 1
        r_start, role = self._role_chain(doc, j, allow_rank=(j == i - 1))
        if r_start >= 0:
            left.role, left.role_start = role, r_start
            if r_start - 1 >= 0 and self._texts[r_start - 1] in self._honorifics and self._real_honorific(
                doc, r_start - 1
            ):
                left.honorific = self._texts[r_start - 1]
        return left

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

    # ------------------------------------------------------------------ right context
    def _right_context(self, doc: Doc, m: _Mention) -> None:
        k = m.end
        n = len(doc)
        if k < n and self._texts[k] == "(":
            close = next((x for x in range(k + 1, min(n, k + 10)) if self._texts[x] == ")"), -1)
            if close > 0:
                inner = [t.text for t in doc[k + 1 : close]]
                if len(inner) == 1 and inner[0] in PARTIES:
                    m.party = inner[0]
                k = close + 1
        if k < n and (self._texts[k] == "," or self._lower[k] == "als"):
            self._apposition(doc, m, k + 1)
        elif k < n and self._space[k] and self._texts[k].count("\n") == 1:
            self._apposition(doc, m, k + 1, whole_line=True)  # signature: "Reiner Breuer\nBürgermeister"
        if k < n and not m.organization and self._lower[k] in ("vom", "von"):
            j = k + 1
            if self._lower[k] == "von" and j < n and self._lower[j] in ("der", "dem"):
                j += 1
            org = self._capitalised_phrase(doc, j)
            if org in PARTIES:
                m.party = m.party or org
            elif org:
                m.organization = org

    @staticmethod
    def _phrase_glue(tok: Token, words: list[str]) -> bool:
        """Lower-case words allowed inside an organisation phrase: connectors, adjectives after them."""
        if words and tok.lower_ in ("und", "für", "der", "des"):
            return True
        return _is_adjective(tok) and (not words or words[-1].islower())

    def _capitalised_phrase(self, doc: Doc, j: int, limit: int = 8) -> str:
        """Capitalised words from j, with inner articles, "und", "für" and adjectives.

        "Stadt Neuss", "Instituts der deutschen Wirtschaft", "Fachdienst Arbeitsmarkt und Integration".
        """
        words: list[str] = []
        last_capitalised = 0
        while j < len(doc) and len(words) < limit:
            tok = doc[j]
            text = tok.text
            if text[:1].isupper() and all(c.isalpha() or c == "-" for c in text):
                words.append(text)
                last_capitalised = len(words)
            elif self._phrase_glue(tok, words):
                words.append(text)
            else:
                break
            j += 1
        return " ".join(words[:last_capitalised])

    def _apposition(self, doc: Doc, m: _Mention, k: int, whole_line: bool = False) -> None:
        """Role after the name: ", stellvertretender Jugendamtsleiter", "als Leiter der ..."."""
        n = len(doc)
        if k < n and self._lower[k] in ("der", "die", "den", "dem", "des"):
            k += 1
        adjectives: list[int] = []
        while k < n and _is_adjective(doc[k]):
            adjectives.append(k)
            k += 1
        if k >= n:
            return
        r_end, role = k, ""
        for toks in self._multi_roles:
            if self._starts_at(k, toks):
                r_end, role = k + len(toks) - 1, " ".join(toks)
                break
        if not role:
            role = norm.role_base(self._texts[k])
        if not role:
            return
        after = r_end + 1
        complement = ""
        if after < n and self._lower[after] in ("der", "des"):
            phrase = self._capitalised_phrase(doc, after + 1)
            if phrase:
                complement = phrase
                after += 1 + len(phrase.split())
        if after < n and self.is_name_text(self._texts[after]):
            return  # the role introduces the next person ("..., Jugenddezernent Ralf Hörsken")
        if whole_line and after < n and not self._space[after]:
            return
        feminine = norm.is_feminine_role(role)
        mods = [norm.adjective_base(self._texts[a], feminine) for a in adjectives]
        full_role = " ".join(mods + [role])
        if complement and norm.role_takes_complement(role):
            article = self._texts[r_end + 1]
            full_role = f"{full_role} {article} {complement}"
        elif complement and not m.organization:
            m.organization = complement
        if not m.role:
            m.role, m.role_rank = full_role, 2

"""People, role phrases: the titles, forms of address and role chains before a name ("stellvertretenden
Bürgermeisters Erik Cziesla") and the roles, parties and organisations after it ("Reiner Breuer,
Bürgermeister der Stadt Neuss", "(SPD)", "vom Fachdienst Arbeitsmarkt und Integration").

A mixin of :class:`extract.components.people.PeopleExtractor` (split from it by concern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
_ORDINAL = re.compile(r"^[1-9]\.$")
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
    organization: str = ""
    more_roles: list[tuple[str, str]] = field(default_factory=list)
    plural: bool = False


_COMPLEMENT_PREPS = ("des", "der", "für", "von", "vom")


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
        if r_start < 0 and j >= 2 and j == i - 1 and self._texts[j] == "," and not left.title:
            # "der Bürgermeister der Stadt Neuss, Reiner Breuer,", "die Ministerin für Bildung, Anna Vogel"
            r_start, role = self._role_chain(doc, j - 1, allow_rank=False)
            org = ""
            if r_start < 0:
                r_start, role, org = self._role_with_complement(doc, j - 1, i)
            if r_start >= 1 and self._lower[r_start - 1] in self._articles:
                left.organization = org
            else:
                r_start, role = -1, ""
        if r_start < 0 and j >= 0 and not (j == i - 1 and self._texts[j] == ","):
            # "Landrätin des Landkreises Kitzingen Tamara Bischof", "Ministerin für Schule und Bildung
            # Yvonne Gebauer", "Bürgermeister und Geschäftsführer des WBV Altmannstein Josef Lohr"
            r_start, role, left.organization = self._role_with_complement(doc, j, i)
        if r_start >= 0:
            left.role, left.role_start = role, r_start
            # "die Bürgermeister A und B", "Bürgermeisterinnen A und B": a plural role before the names
            article = self._lower[r_start - 1] if r_start >= 1 else ""
            word = self._texts[j]
            adjectival = role.endswith("e")  # "die Landtagsabgeordnete" is one woman, "die Abgeordneten" several
            left.plural = word.endswith("innen") or (
                article in ("die", "den") and " und " not in role and not norm.is_feminine_role(role)
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

    def _role_with_complement(self, doc: Doc, j: int, i: int) -> tuple[int, str, str]:
        """A role with its body or portfolio ending at token j: (start, role, organisation) or (-1, "", "").

        "<role> des/der/von <Name phrase>" gives the phrase as organisation, or as part of the role for
        roles that take a complement ("Leiterin der Familienförderung"); "<role> für <phrase>" keeps the
        portfolio in the role ("Ministerin für Schule und Bildung"). The phrase is at most 8 tokens of
        capitalised words, "und", "für", articles and adjectives, and ends in a capitalised word; the
        name at token i must start with a known given name (else the phrase's last word may be one).
        """
        if not self._texts[j][:1].isupper() or not self._is_first(self._texts[i], strict=False):
            return -1, "", ""
        for p in range(j - 1, max(-1, j - 10), -1):
            text, low = self._texts[p], self._lower[p]
            if low in _COMPLEMENT_PREPS and p >= 1:
                r_start, role = self._role_chain(doc, p - 1, allow_rank=False)
                if r_start >= 0 and self._texts[p + 1][:1].isupper() | _is_adjective(doc[p + 1]):
                    phrase = doc[p + 1 : j + 1].text
                    if low == "für" or (low in ("des", "der") and norm.role_takes_complement(role)):
                        return r_start, f"{role} {text} {phrase}", ""
                    return r_start, role, phrase
            if self._space[p] or not (text[:1].isupper() or low in ("und", "für", "der", "des", "/")
                                      or _is_adjective(doc[p])):
                break
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

    # ------------------------------------------------------------------ right context
    def _right_context(self, doc: Doc, m: _Mention, stop: int | None = None) -> None:
        """Roles, party and organisation after the name, up to ``stop`` (the next person's start)."""
        k = m.end
        n = len(doc)
        if k < n and self._texts[k] == "(":
            # the bracket closes before another opens and before the next person's name
            last = min(n, k + 12, n if stop is None else stop)
            close = next((x for x in range(k + 1, last) if self._texts[x] in (")", "(")), -1)
            if close > 0 and self._texts[close] == "(":
                close = -1
            if close > 0:
                inner = [t.text for t in doc[k + 1 : close]]
                if len(inner) == 1 and inner[0] in PARTIES:
                    m.party = inner[0]
                else:  # "Thomas Hissel (Erster Beigeordneter der Stadt Düren)", "(3. Bürgermeister Kaisheim)"
                    self._apposition(doc, m, k + 1, limit=close)
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
        self._predicative(doc, m, k, n if stop is None else min(n, stop))

    def _predicative(self, doc: Doc, m: _Mention, k: int, stop: int) -> None:
        """A role the clause after the name gives its subject: "X ist am Dienstag zur neuen
        Beigeordneten gewählt worden", "X, der im Mai zum Bürgermeister gewählt wurde", "X wird als
        Minister für Soziales vereidigt", "X ist seit 2019 Bürgermeisterin von Y".

        The scan stops at the clause's end or at the next person; a planned or hoped-for office
        ("will … gewählt werden", "Kandidat") is not one.
        """
        cues = norm.predicative_cues()
        end = min(stop, k + 30)
        p = k
        while p < end:
            text, low = self._texts[p], self._lower[p]
            if text in (".", "!", "?", ";", ":", "„", "\"", "“") or (self._space[p] and "\n" in text):
                return
            if low in cues["not_yet"]:
                return
            found = None
            if low in ("zum", "zur", "als"):
                found = self._role_phrase(doc, p + 1, limit=end, gender_of=m.words[0])
                if found is not None and not self._verb_follows(found[2], end, cues):
                    found = None
            elif low in cues["copula"] and p - k <= 2:
                q = p + 1
                while q < end and (self._lower[q] in cues["copula_skip"] or self._texts[q][:1].isdigit()):
                    q += 1
                found = self._role_phrase(doc, q, limit=end, gender_of=m.words[0])
            if found is not None:
                role, org, _ = found
                self._add_role(m, role, org)
                return
            p += 1

    def _verb_follows(self, k: int, end: int, cues: dict) -> bool:
        """An installing verb ("gewählt", "vereidigt") within a few tokens, not a future infinitive."""
        for q in range(k, min(end, k + 8)):
            if self._texts[q] in (".", ";", "!", "?"):
                return False
            if self._lower[q] in cues["verbs"]:
                nxt = self._lower[q + 1] if q + 1 < len(self._lower) else ""
                return nxt not in ("werden", "zu")
        return False

    def _add_role(self, m: _Mention, role: str, org: str) -> None:
        """The mention's role, or one more role of it ("Bürgermeister X, Kreisvorsitzender des …")."""
        if not m.role:
            m.role, m.role_rank = role, 2
            if org and not m.organization:
                m.organization = org
        elif role == m.role:
            if org and not m.organization:
                m.organization = org
        elif all(role != r for r, _ in m.more_roles):
            m.more_roles.append((role, org))

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
                if words and words[-1] == "und" and norm.role_base(text):
                    break  # "Präsident des Städtetages und Oberbürgermeister von Leipzig"
                words.append(text)
                last_capitalised = len(words)
            elif self._phrase_glue(tok, words):
                words.append(text)
            else:
                break
            j += 1
        return " ".join(words[:last_capitalised])

    def _role_phrase(
        self, doc: Doc, k: int, limit: int | None = None, gender_of: str = ""
    ) -> tuple[str, str, int] | None:
        """Role phrase from token k: (role, organisation, index after it), or None.

        "stellvertretender Jugendamtsleiter", "3. Bürgermeister", "Leiterin der Familienförderung",
        "Erster Beigeordneter der Stadt Düren", "Oberbürgermeisterin von Bonn", "Vizepräsidentin im
        Bundesamt für …", "Ministerin für Kultur und Wissenschaft" (a portfolio stays in the role).
        Inside brackets (``limit``) a capitalised phrase after the role is its body ("3. Bürgermeister
        Kaisheim"). ``gender_of``: a first name that decides the role's gender
        ("zur Beigeordneten" of "Lena …" -> "Beigeordnete").
        """
        n = len(doc) if limit is None else limit
        if k < n and self._lower[k] in ("der", "die", "den", "dem", "des"):
            k += 1
        ordinal = ""
        if k + 1 < n and _ORDINAL.match(self._texts[k]):
            ordinal, k = self._texts[k], k + 1
        adjectives: list[int] = []
        while k < n and (_is_adjective(doc[k]) or self._lower[k] in norm.party_adjectives()):
            # "GRÜNER Oberbürgermeister", "die zuständige Ministerin": no part of the role
            if self._lower[k] not in norm.party_adjectives() and not norm.is_descriptive_adjective(self._texts[k]):
                adjectives.append(k)
            k += 1
        if k >= n:
            return None
        r_end, role = k, ""
        for toks in self._multi_roles:
            if self._starts_at(k, toks) and k + len(toks) <= n:
                r_end, role = k + len(toks) - 1, " ".join(toks)
                break
        if not role:
            role = norm.role_base(self._texts[k])
        if not role:
            return None
        gender = norm.first_name_gender(gender_of) if gender_of else ""
        if gender:
            role = norm.role_of_gender(role, gender)
        after = r_end + 1
        if after < n and norm.role_takes_complement(role) and norm.is_complement_noun(self._texts[after]):
            role, after = f"{role} {self._texts[after]}", after + 1  # "Abteilungsleiter Jugendförderung"
        complement, article = "", ""
        if after < n and self._lower[after] in ("der", "des", "von", "vom", "im", "beim", "für"):
            j = after + 1
            if self._lower[after] == "von" and j < n and self._lower[j] in ("der", "dem"):
                j += 1
            phrase = self._capitalised_phrase(doc, j, limit=8 if limit is None else max(0, limit - j))
            if phrase:
                complement, article = phrase, self._texts[after]
                after = j + len(phrase.split())
        elif limit is not None and after < n and self._texts[after][:1].isupper() \
                and not self._is_first(self._texts[after], strict=False):
            phrase = doc[after:n].text.strip()
            complement, after = phrase, n
        feminine = gender == "f" or (not gender and norm.is_feminine_role(role))
        mods = [norm.adjective_base(self._texts[a], feminine) for a in adjectives]
        full_role = " ".join(([ordinal] if ordinal else []) + mods + [role])
        org = ""
        if complement and (article == "für" or article in ("der", "des") and norm.role_takes_complement(role)):
            full_role = f"{full_role} {article} {complement}"  # "Ministerin für Kultur", "Leiterin der …"
        elif complement:
            org = complement
        return full_role, org, after

    def _apposition(self, doc: Doc, m: _Mention, k: int, whole_line: bool = False,
                    limit: int | None = None) -> None:
        """Roles after the name: ", stellvertretender Jugendamtsleiter", "als Leiter der ...",
        "(Erster Beigeordneter der Stadt Düren)", ", Präsident des Deutschen Städtetages und
        Oberbürgermeister von Leipzig" (every coordinated role is kept)."""
        n = len(doc) if limit is None else limit
        first = True
        while True:
            found = self._role_phrase(doc, k, limit=limit)
            if found is None:
                return
            role, org, after = found
            if after < n and (self.is_name_text(self._texts[after]) or self._texts[after] in self._honorifics
                              or self._texts[after] in self._title_first):
                return  # the role introduces the next person ("..., Jugenddezernent Ralf Hörsken", "…, die
                # Landtagsabgeordnete Dr. Daniela Sommer")
            if whole_line and after < n and not self._space[after]:
                return
            if first:
                self._add_role(m, role, org) if m.role else self._first_role(m, role, org)
            else:
                self._add_role(m, role, org)
            first = False
            if after < n and self._lower[after] in ("und", "sowie"):
                k = after + 1
                continue
            return

    @staticmethod
    def _first_role(m: _Mention, role: str, org: str) -> None:
        m.role, m.role_rank = role, 2
        if org and not m.organization:
            m.organization = org

    def _share_plural_roles(self, doc: Doc, mentions: list[_Mention]) -> None:
        """A plural role before coordinated names goes to each of them, with the body in brackets
        after each name: "die Bürgermeister Hans Roth (Stadt Lauda) und Eva Frey (Gemeinde Boxberg)"."""
        ordered = sorted(mentions, key=lambda x: x.start)
        for idx, m in enumerate(ordered):
            if not (m.plural_role and m.role):
                continue
            group = [m]
            for nxt in ordered[idx + 1:]:
                if not self._list_glue(group[-1].end, nxt.start):
                    break
                group.append(nxt)
            if len(group) < 2:
                continue
            for person in group:
                if person is not m and not person.role:
                    person.role, person.role_rank = m.role, 2
                body = self._bracket_body(doc, person.end)
                if body and (person is m or not person.organization):
                    person.organization = body

    def _list_glue(self, a: int, b: int) -> bool:
        """Only list separators (",", "und", "sowie") and bracketed groups between token a and b."""
        k, seen = a, False
        while k < b:
            text = self._texts[k]
            if text == "(":
                close = next((x for x in range(k + 1, min(b, k + 10)) if self._texts[x] == ")"), -1)
                if close < 0:
                    return False
                k = close + 1
                continue
            if text in (",", "&") or self._lower[k] in ("und", "sowie") or self._space[k]:
                seen = seen or not self._space[k]
                k += 1
                continue
            return False
        return seen

    def _bracket_body(self, doc: Doc, k: int) -> str:
        """ "(Stadt Lauda)", "(Gemeinde Boxberg)" right after a name: the capitalised phrase inside."""
        if k >= len(doc) or self._texts[k] != "(":
            return ""
        close = next((x for x in range(k + 1, min(len(doc), k + 8)) if self._texts[x] == ")"), -1)
        if close < 0:
            return ""
        inner = doc[k + 1 : close].text.strip()
        phrase = self._capitalised_phrase(doc, k + 1)
        return inner if phrase == inner and inner not in PARTIES else ""

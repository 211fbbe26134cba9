"""People, the context after a name: the roles, parties and organisations in an apposition or a
bracket ("Ida Kern, Bürgermeisterin der Stadt Weilburg", "(SPD)", "vom Fachdienst Jugend und
Familie"), a predicative role ("X ist seit 2019 Bürgermeisterin von Y") and plural roles shared by a
list of names.

A mixin of :class:`extract.components.people.PeopleExtractor` (split from ``_people_roles`` by concern:
that module reads what stands before a name, this one what follows it).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extract.components._people_names import _Mention
from extract.components._people_roles import _ORDINAL, PARTIES, _is_adjective
from extract.normalise import people as norm

_SHARED = frozenset({"beide", "alle"})  # "(beide CDU)" after the last name of a list


def _closes(text: str) -> bool:
    """A closing bracket token, alone or with trailing punctuation ("):", "),", ")."). """
    return text[:1] == ")" and not any(c.isalnum() for c in text)


class RoleAppositions:
    """Right context of a name in :class:`~extract.components.people.PeopleExtractor`."""
    def _right_context(self, doc: Doc, m: _Mention, stop: int | None = None) -> None:
        """Roles, party and organisation after the name, up to ``stop`` (the next person's start)."""
        k = m.end
        n = len(doc)
        if self._second_surname(doc, m, stop):
            k = m.end
        if k < n and self._texts[k] == "(":
            # the bracket closes before another opens and before the next person's name
            last = min(n, k + 12, n if stop is None else stop)
            # the closing bracket may carry punctuation the tokenizer keeps with it ("):", "),")
            close = next((x for x in range(k + 1, last) if self._texts[x] == "(" or _closes(self._texts[x])), -1)
            if close > 0 and self._texts[close] == "(":
                close = -1
            if close > 0:
                inner = [t.text for t in doc[k + 1 : close]]
                if len(inner) == 1 and inner[0] in PARTIES:
                    m.party = inner[0]
                elif len(inner) == 2 and inner[0] in _SHARED and inner[1] in PARTIES:
                    m.party = inner[1]  # "A und B (beide CDU)": the list shares it (_share_plural_roles)
                else:  # "Thomas Hissel (Erster Beigeordneter der Stadt Düren)", "(3. Bürgermeister Kaisheim)"
                    self._apposition(doc, m, k + 1, limit=close)
                k = close + 1
        if k < n and (self._texts[k] == "," or self._lower[k] == "als"):
            self._apposition(doc, m, k + 1)
        elif k < n and self._space[k] and self._texts[k].count("\n") == 1:
            self._apposition(doc, m, k + 1, whole_line=True)  # signature: "Ida Kern\nBürgermeisterin"
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

    def _second_surname(self, doc: Doc, m: _Mention, stop: int | None) -> bool:
        """"Anne-Katrin Ibarra Wong, die Geschäftsstellenleiterin …": a second capitalised surname right
        before a role apposition belongs to the name (only after a known given name and one surname)."""
        k, n = m.end, len(doc)
        if len(m.words) != 2 or not self._is_first(m.words[0], strict=False) or k + 2 >= n or k == stop:
            return False
        word = self._texts[k]
        if not (self.is_name_text(word) and not self._is_first(word, strict=False) and not norm.role_base(word)):
            return False
        if self._texts[k + 1] != ",":
            return False
        if any(sp.label_ == "municipality" and sp.start <= k < sp.end for sp in doc.spans.get("pressextract", [])):
            return False  # "Erster Beigeordneter Günter Müller Biebesheim, …": the town, no surname
        found = self._role_phrase(doc, k + 2)
        if found is None or (found[2] < n and (self.is_name_text(self._texts[found[2]])
                                               or self._texts[found[2]] in self._honorifics)):
            return False  # no role, or the role of the next person ("…, Bürgermeister Ulf Kern")
        m.end, m.words = k + 1, [*m.words, word]
        return True

    def _predicative(self, doc: Doc, m: _Mention, k: int, stop: int) -> None:
        """A role the clause after the name gives its subject: "X ist am Dienstag zur neuen
        Beigeordneten gewählt worden", "X, der im Mai zum Bürgermeister gewählt wurde", "X wird als
        Minister für Soziales vereidigt", "X ist seit 2019 Bürgermeisterin von Y".

        The scan stops at the clause's end or at the next person; a planned or hoped-for office
        ("will … gewählt werden", "Kandidat") is not one.
        """
        cues = norm.predicative_cues()
        end = min(stop, k + 30)
        if k + 2 < end and self._texts[k] == "," and self._lower[k + 1] in ("der", "die"):
            # "Markus Söder, der auch Vorsitzender der Stiftung ist": a relative clause with a copula
            q = k + 2
            while q < end and (self._lower[q] in cues["copula_skip"] or self._texts[q].isdigit()) \
                    and self._lower[q] not in ("der", "die", "das"):
                q += 1
            found = self._role_phrase(doc, q, limit=end, gender_of=m.words[0])
            if found is not None and found[2] < end and self._lower[found[2]] == "ist":
                self._add_role(m, found[0], found[1])
                return
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

        "Stadt Weilburg", "Instituts der deutschen Wirtschaft", "Fachdienst Jugend und Familie".
        """
        words: list[str] = []
        last_capitalised = 0
        while j < len(doc) and len(words) < limit:
            tok = doc[j]
            text = tok.text
            if text[:1].isupper() and all(c.isalpha() or c == "-" for c in text):
                if words and words[-1] == "und" and norm.role_base(text):
                    break  # "Präsident des Städtetages und Oberbürgermeister von Leipzig"
                if words and self._is_first(text, strict=True) and j + 1 < len(doc) \
                        and self.is_name_text(self._texts[j + 1]) and not self._is_first(self._texts[j + 1], True):
                    break  # "Polizeipräsident des PP Südhessen Udo Kern": the next person's name
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

        "stellvertretende Amtsleiterin", "3. Bürgermeister", "Leiterin der Bauverwaltung",
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
        while k < n and (_is_adjective(doc[k]) or self._lower[k] in norm.party_adjectives()
                         or (self._texts[k][:1].isupper() and norm.modifier_stem(self._lower[k])
                             and k + 1 < n and norm.role_base(self._texts[k + 1]))):
            # "…, Parlamentarische Staatssekretärin beim …": a modifier capitalised as part of the title
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
        """Roles after the name: ", stellvertretende Amtsleiterin", "als Leiter der ...",
        "(Erster Beigeordneter der Stadt Düren)", ", Präsident des Deutschen Städtetages und
        Oberbürgermeister von Leipzig" (every coordinated role is kept)."""
        n = len(doc) if limit is None else limit
        first = True
        while True:
            found = self._role_phrase(doc, k, limit=limit)
            if found is None:
                return
            role, org, after = found
            sought = self._lower[after] if after < n else ""
            if sought == "werden" or sought in norm.predicative_cues()["not_yet"]:
                return  # "Karl Brandt, der Bürgermeister werden will": an office sought
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
            end = group[-1].end
            shared_party = self._texts[end + 2] if self._shared_bracket(end) and end + 3 < len(self._texts) \
                and self._texts[end + 2] in PARTIES and self._texts[end + 3] == ")" else ""
            for person in group:
                if person is not m and not person.role:
                    person.role, person.role_rank = m.role, 2
                person.party = person.party or shared_party
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

    def _shared_bracket(self, k: int) -> bool:
        """Token k opens "(beide …)" / "(alle …)": what the bracket says holds for the whole list."""
        return k + 1 < len(self._texts) and self._texts[k] == "(" and self._texts[k + 1] in _SHARED

    def _bracket_body(self, doc: Doc, k: int) -> str:
        """ "(Stadt Lauda)", "(Gemeinde Boxberg)" right after a name: the capitalised phrase inside."""
        if k >= len(doc) or self._texts[k] != "(":
            return ""
        close = next((x for x in range(k + 1, min(len(doc), k + 8)) if self._texts[x] == ")"), -1)
        if close < 0:
            return ""
        inner = doc[k + 1 : close].text.strip()
        if self._shared_bracket(k):
            return ""
        phrase = self._capitalised_phrase(doc, k + 1)
        return inner if phrase == inner and inner not in PARTIES else ""

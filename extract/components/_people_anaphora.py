"""People, roles stated away from the name: a series of bracketed holders ("die Ortsvorsteher von Nord
(Paul Winter) und Süd (Eva Kern)"), and across a sentence border: a pronoun that continues a named person ("Der
Botschafter … Staffan Carlsson weilte in Erfurt. Er ist seit 2010 Leiter der Vertretung") and a
definite role noun in the sentence before a name that opens the next one ("Seinen Antrittsbesuch
absolvierte der Landrat in Seelbach. … Thorsten Erny hörte …").

A mixin of :class:`extract.components.people.PeopleExtractor`, run after the roles before and after
each name are read (``_people_roles``, ``_people_appositions``). Both readings are narrow: the
antecedent must be the only person (of the pronoun's gender) in the sentence before, and the role
noun before a name must be the only definite office noun of the ``anaphoric_roles`` lexicon in the
two sentences before it, with no other person between them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from extract.components._people_names import _Mention
from extract.normalise import people as norm

_BOUNDARY = frozenset({".", "!", "?"})
_PRONOUN_GENDER = {"Er": "m", "Sie": "f"}
_DEFINITE = frozenset({"der", "die", "den", "dem", "des"})


class RoleAnaphora:
    """Cross-sentence roles in :class:`~extract.components.people.PeopleExtractor`."""

    def _boundary(self, k: int) -> bool:
        """Token k ends a sentence or a line."""
        return self._texts[k] in _BOUNDARY or (self._space[k] and "\n" in self._texts[k])

    def _sentence_start(self, k: int) -> int:
        """First token of the sentence that holds token k."""
        while k > 0 and not self._boundary(k - 1):
            k -= 1
        return k

    def _opens_sentence(self, k: int) -> bool:
        j = k - 1
        while j >= 0 and self._space[j] and "\n" not in self._texts[j]:
            j -= 1
        return j < 0 or self._boundary(j)

    def _anaphoric_roles(self, doc: Doc, mentions: list[_Mention]) -> None:
        """Give roles stated across a sentence border to the person they speak of."""
        ordered = sorted(mentions, key=lambda m: m.start)
        self._bracket_series(ordered)
        self._pronoun_roles(doc, ordered)
        self._roles_before(ordered)

    def _bracket_series(self, ordered: list[_Mention]) -> None:
        """"die Ortsvorsteher von Nord (Paul Winter) und Süd (Eva Kern)": a name in brackets after a
        place that continues a bracketed holder of a role takes that role, with the place as its body."""
        by_end = {m.end: m for m in ordered}
        for m in ordered:
            k = m.start
            if m.role or k < 4 or self._texts[k - 1] != "(" or not self._texts[k - 2][:1].isupper():
                continue
            if self._lower[k - 3] not in ("und", ",", "sowie") or self._texts[k - 4] != ")":
                continue
            previous = by_end.get(k - 4)
            if previous is None or not previous.role or self._texts[previous.start - 1] != "(":
                continue
            gender = norm.first_name_gender(m.words[0])
            m.role, m.role_rank = norm.role_of_gender(previous.role, gender), 2
            m.organization = self._texts[k - 2]

    def _pronoun_roles(self, doc: Doc, ordered: list[_Mention]) -> None:
        """"Er ist seit 2010 Leiter …", "Sie wurde 2019 zur Bürgermeisterin gewählt": the role goes to
        the one person of that gender named in the sentence before."""
        for p, text in enumerate(self._texts):
            gender = _PRONOUN_GENDER.get(text)
            if gender is None or not self._opens_sentence(p) or p + 1 >= len(self._texts):
                continue
            if self._lower[p + 1] not in ("ist", "bleibt", "wurde", "wird"):
                continue  # "Sie sind …", "Sie haben …": plural or polite, no single antecedent
            start = self._sentence_start(max(0, self._sentence_start(p) - 1))
            before = [m for m in ordered if start <= m.start and m.end <= p and len(m.words) >= 2]
            names = {" ".join(m.words) for m in before}
            if len(names) > 1:  # several people: only one of the pronoun's gender
                before = [m for m in before if norm.first_name_gender(m.words[0]) == gender]
                names = {" ".join(m.words) for m in before}
            if len(names) != 1 or norm.first_name_gender(before[-1].words[0]) not in (gender, ""):
                continue
            stop = next((m.start for m in ordered if m.start > p), len(doc))
            antecedent = before[-1]
            known = {antecedent.role, *(r for r, _ in antecedent.more_roles)}
            self._predicative(doc, antecedent, p + 1, stop)
            for role in {antecedent.role, *(r for r, _ in antecedent.more_roles)} - known:
                antecedent.role_from[role] = "person.pronoun"

    def _roles_before(self, ordered: list[_Mention]) -> None:
        """A definite office noun in the two sentences before a name that opens its sentence and has
        no role anywhere in the document."""
        offices = norm.anaphoric_roles()
        for idx, m in enumerate(ordered):
            if len(m.words) < 2 or m.role or m.organization or not self._opens_sentence(m.start):
                continue
            if any(o.role and o.surname == m.surname for o in ordered):
                continue  # the person's role is stated elsewhere
            # the sentence of the name and the two before it, with no other person in them
            start = self._sentence_start(m.start)
            for _ in range(2):
                start = self._sentence_start(max(0, start - 1))
            if idx and ordered[idx - 1].end > start:
                continue
            found = []
            for q in range(start + 1, m.start):
                base = norm.role_base(self._texts[q])
                if base not in offices or self._lower[q - 1] not in _DEFINITE:
                    continue
                nxt = self._texts[q + 1] if q + 1 < len(self._texts) else ""
                if not self.is_name_text(nxt) and nxt not in self._honorifics:
                    found.append(base)
            gender = norm.first_name_gender(m.words[0])
            if len(set(found)) != 1 or (gender and norm.is_feminine_role(found[0]) != (gender == "f")):
                continue  # "Der Bürgermeister … . Anna Müller …": another person
            m.role, m.role_rank = found[0], 2
            m.role_from[found[0]] = "person.role_before"

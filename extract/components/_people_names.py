"""People, name finding: which tokens can be part of a person's name, and how a run of them splits
into given names and surname (``Dr. Heinz-Jürgen Stolz``, ``Ursula von der Leyen``, ``George W. Bush``).

A mixin of :class:`extract.components.people.PeopleExtractor` (split from it by concern); it reads the
current document's token table (``_texts``, ``_lower``, ``_space``) and the lexicons the extractor loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extract.normalise import people as norm

_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")


@dataclass
class _Mention:
    start: int
    end: int
    words: list[str]
    rule: str
    title: str = ""
    role: str = ""
    role_rank: int = 0  # 2 = role lexicon, 1 = contact label
    organization: str = ""
    party: str = ""
    anchored: bool = False
    value: str = ""
    attrs: dict = field(default_factory=dict)
    # further roles of the person stated at this mention, each with its own body:
    # "Präsident des Deutschen Städtetages und Oberbürgermeister von Leipzig"
    more_roles: list[tuple[str, str]] = field(default_factory=list)
    plural_role: bool = False  # "die Bürgermeister A (Stadt X) und B (Gemeinde Y)": the role is shared
    # roles read across a sentence border -> the rule: "person.pronoun", "person.role_before"
    role_from: dict[str, str] = field(default_factory=dict)

    @property
    def surname(self) -> str:
        return self.words[-1]


class NameFinding:
    """Token tests and name parsing of :class:`~extract.components.people.PeopleExtractor`."""

    _texts: tuple[str, ...]
    _lower: tuple[str, ...]
    _space: tuple[bool, ...]

    # ------------------------------------------------------------------ token tests
    def is_name_token(self, tok: Token) -> bool:
        """True if the token can be part of a person's name (capitalised word, not a blocker)."""
        return self.is_name_text(tok.text)

    def is_name_text(self, text: str) -> bool:
        """:meth:`is_name_token` on a token's text (no Token object needed)."""
        known = self._name_cache.get(text)
        if known is None:
            known = self._name_cache[text] = self._is_name_text(text)
        return known

    def _is_name_text(self, text: str) -> bool:
        if len(text) < 2 or not text[0].isupper() or text.endswith("-") or text in self._not_name:
            return False
        if not all(c.isalpha() or c in "-'’" for c in text):
            return False
        parts = text.split("-")
        if any(not p or not p[0].isupper() or not any(c.islower() for c in p) for p in parts):
            return False
        low = text.lower()
        if parts[-1].lower() in self._org_lower or low.endswith(self._suffixes):
            return False
        return not (text in self._org_words or text in self._honorifics or norm.is_role_word(text))

    def _is_first(self, text: str, strict: bool) -> bool:
        """Known first name; a hyphenated one needs every part known ("Heinz-Jürgen")."""
        if not self.first_name_lexicon:
            return False
        if norm.is_first_name(text, strict=strict):
            return True
        parts = text.split("-")
        if len(parts) < 2 or not all(norm.is_first_name(p, strict=False) for p in parts):
            return False
        return not strict or norm.is_first_name(parts[0], strict=True)

    def _starts_at(self, k: int, toks: tuple[str, ...]) -> bool:
        """True if the current document's tokens from k read ``toks``."""
        return k >= 0 and tuple(self._texts[k : k + len(toks)]) == toks

    def _ends_at(self, j: int, toks: tuple[str, ...]) -> bool:
        """True if the current document's tokens ending at j read ``toks``."""
        start = j - len(toks) + 1
        return start >= 0 and tuple(self._texts[start : j + 1]) == toks

    def _particle_at(self, doc: Doc, k: int) -> int:
        """Length of a name particle sequence ("von der") starting at token k, or 0."""
        for seq in self._particles:
            if self._starts_at(k, seq):
                return len(seq)
        return 0

    @staticmethod
    def _is_break(tok: Token) -> bool:
        """A whitespace token or one whose trailing whitespace holds a line break."""
        return tok.is_space or "\n" in tok.whitespace_

    def _followed_by_org(self, doc: Doc, end: int) -> bool:
        return end < len(doc) and (self._texts[end] in self._org_words or self._texts[end].startswith("-"))

    # ------------------------------------------------------------------ names
    def _name_run(self, doc: Doc, i: int, cross_line: bool) -> list[int]:
        """Token indices of consecutive name tokens from i (particles and one line break allowed)."""
        run: list[int] = []
        k = i
        texts, n = self._texts, len(self._texts)
        while k < n and len(run) < 4:
            text = texts[k]
            if self.is_name_text(text):
                run.append(k)
                k += 1
                continue
            if (run and text in norm.exact_roles() and all(self._is_first(self._texts[r], False) for r in run)
                    and not (k + 1 < n and self.is_name_text(texts[k + 1]))):
                run.append(k)  # a surname that is also a role word: "Landrätin Tamara Bischof"
                break
            if run and all(self._is_first(self._texts[r], False) for r in run):
                n_part = self._particle_at(doc, k)
                if n_part and k + n_part < len(doc) and self.is_name_text(self._texts[k + n_part]):
                    run.extend(range(k, k + n_part + 1))
                    break  # the surname after a particle ends the name
            if run and _INITIAL.match(text) and k + 1 < n and self.is_name_text(texts[k + 1]):
                run.append(k)  # middle initial: "George W. Bush"
                k += 1
                continue
            if (
                cross_line
                and run
                and self._space[k]
                and text.count("\n") == 1
                and k + 1 < n
                and self.is_name_text(texts[k + 1])
            ):
                k += 1
                continue
            break
        return run

    def _choose_name(self, doc: Doc, run: list[int], anchored: bool) -> list[int]:
        """Split a run of name tokens into given names (and initials) + one surname."""
        while run and _INITIAL.match(self._texts[run[-1]]):
            run = run[:-1]
        if not run:
            return []
        texts = [self._texts[k] for k in run]
        if any(doc[k].is_lower for k in run):
            return run  # given names + particle + surname
        if self._is_first(texts[0], strict=False):
            n = 1
            while n < len(run) and n < 4 and (self._is_first(texts[n], False) or _INITIAL.match(texts[n])):
                n += 1
            if n < len(run):
                return run[: n + 1]
            while n > 1 and _INITIAL.match(texts[n - 1]):
                n -= 1
            return run[:n]
        if not anchored:
            return []
        if len(run) >= 3 and self._is_first(texts[1], strict=False):
            return self._choose_name(doc, run[1:], anchored)  # "Ministerpräsidentin NRWs Hannelore Kraft"
        if len(run) >= 3 and _INITIAL.match(texts[1]):
            return run[:3]
        return run[:1] if len(run) == 1 or _INITIAL.match(texts[1]) else run[:2]

    def _parse_name(self, doc: Doc, i: int, anchored: bool) -> list[int]:
        """Name token indices starting at i, or [] if no acceptable name starts there."""
        run = self._name_run(doc, i, cross_line=anchored)
        chosen = self._choose_name(doc, run, anchored)
        if not chosen or self._followed_by_org(doc, chosen[-1] + 1):
            return []
        if not anchored:
            if len(chosen) < 2 or not (self._is_first(self._texts[chosen[0]], strict=True)
                                       or self._role_apposition_at(chosen[-1] + 1)
                                       and self._is_first(self._texts[chosen[0]], strict=False)):
                return []  # an ambiguous given name ("Frank") needs ", Bürgermeister" after the name
            prev, prev_low = (self._texts[i - 1], self._lower[i - 1]) if i > 0 else ("", "")
            if i > 0 and (
                prev_low in self._articles
                or prev.endswith("-")
                or prev in self._place_prefixes
                or prev in self._org_words
                or prev_low.endswith(self._suffixes)
            ):
                return []  # "der Wolf", "Sankt Michael", "Gesamtschule Anne Frank"
        return chosen

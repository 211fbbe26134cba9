"""Disambiguation of the municipality component: the Länder a document names, the Länder of its
publisher and dateline, and the ranking of same-named entries (criteria 1-7 of the module doc of
:mod:`extract.components.municipalities`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc

from extract.components._matching import token_table
from extract.components.municipality_data import Candidate, DocContext, Lexicon, Target
from extract.gazetteer import GazetteerEntry, normalise_name

_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")
_BIG_CITY = 100_000


class Disambiguation:
    """Document-level evidence and the choice among the entries of one mention."""

    lex: Lexicon
    forms: dict[str, list[Target]]
    kreis_by_base: dict[str, list[GazetteerEntry]]
    _word_lands: dict[str, str]
    _land_start: dict[str, bool]
    _land_firsts: frozenset[str]

    # -- document context ------------------------------------------------------------------------

    def _land_votes(self, doc: Doc, covered: set[int]) -> Counter[str]:
        votes: Counter[str] = Counter()
        words = token_table(doc).texts
        for i, word in enumerate(words):
            if i not in covered:
                code = self._land_of_word(word)
                if not code and i + 1 < len(words) and word[:1].isupper() and self._may_start_land(word):
                    code = self.lex.land_names.get(normalise_name(f"{word} {words[i + 1]}"), "")
                if code:
                    votes[code] += 1
        return votes

    def _may_start_land(self, word: str) -> bool:
        """Whether ``normalise_name(f"{word} {next}")`` can be a Land name key at all: its first
        word must be the first word of one (cached per word)."""
        known = self._land_start.get(word)
        if known is None:
            if not self._land_firsts:
                self._land_firsts = frozenset(k.split(" ", 1)[0] for k in self.lex.land_names)
            if len(self._land_start) > 200_000:
                self._land_start.clear()
            known = self._land_start[word] = normalise_name(word).split(" ", 1)[0] in self._land_firsts
        return known

    def _land_of_word(self, word: str) -> str:
        """The Land a single word names ("Bayern", "NRW", "niedersächsische"), or ""; cached per
        word because this runs over every token of every document."""
        cached = self._word_lands.get(word)
        if cached is not None:
            return cached
        lex = self.lex
        code = ""
        if word[:1].isalpha():
            code = lex.land_names.get(normalise_name(word)) or lex.land_abbreviations.get(word) or \
                lex.land_abbreviations.get(word.split("-", 1)[0]) or ""
            if not code and word[:1].islower():
                low = word.lower()
                code = next((c for stem, c in lex.land_adjectives
                             if low.startswith(stem) and low[len(stem):] in _ADJ_ENDINGS), "")
        if len(self._word_lands) > 200_000:
            self._word_lands.clear()
        self._word_lands[word] = code
        return code

    def _context_states(self, texts: Iterable[str]) -> set[str]:
        """Länder named by the publisher/dateline: Land names, or municipalities of one Land."""
        states: set[str] = set()
        for text in texts:
            if not text:
                continue
            words = re.findall(r"[\wÄÖÜäöüß.()-]+", text)
            for n in range(min(4, len(words)), 0, -1):
                for i in range(len(words) - n + 1):
                    phrase = " ".join(words[i:i + n])
                    key = normalise_name(phrase.strip(".,"))
                    if key in self.lex.land_names:
                        states.add(self.lex.land_names[key])
                    elif phrase in self.lex.land_abbreviations:
                        states.add(self.lex.land_abbreviations[phrase])
                    elif key in self.forms and not self.lex.stop_tier(key):
                        found = {t.entry.state for t in self.forms[key]}
                        if len(found) == 1:
                            states |= found
        return states

    # -- resolution ------------------------------------------------------------------------------

    def _resolve(self, cand: Candidate, entries: list[GazetteerEntry], ctx: DocContext) -> GazetteerEntry:
        exact = {t.entry.ags for t in cand.targets if t.exact}
        exact_big = set()
        if len(exact) == 1:
            exact_big = {e.ags for e in entries
                         if e.ags in exact and (e.kind == "kreisfreie Stadt" or e.population >= _BIG_CITY)}

        def rank(e: GazetteerEntry) -> tuple:
            return (e.ags in ctx.unique, _kind_fits(cand.cues, e), e.ags in exact_big, ctx.land_votes[e.state],
                    e.state in ctx.pub_states,
                    ctx.kreis_votes[e.kreis_ags], ctx.state_votes[e.state], ctx.district_votes[e.ags[:3]],
                    e.population, -int(e.ags))

        return max(entries, key=rank)

    def _entries(self, cand: Candidate) -> list[GazetteerEntry]:
        entries = cand.entries
        if cand.cues & {"kreis_list", "kreis_institution"}:
            kreise = self.kreis_by_base.get(cand.key)
            if kreise:
                entries = list(kreise)
        if cand.cues & {"gemeinde", "gemeinde_list"}:
            entries = [e for e in entries if not e.is_kreis] or entries
        if cand.restrict_kreis:
            entries = [e for e in entries if e.kreis_ags == cand.restrict_kreis] or entries
        if cand.restrict_state:
            entries = [e for e in entries if e.state == cand.restrict_state] or entries
        return entries


def _kind_fits(cues: set[str], entry: GazetteerEntry) -> bool:
    """Whether a same-named entry has the kind the mention's cue word names."""
    if "kind_stadt" in cues:
        return entry.kind in ("Stadt", "kreisfreie Stadt")
    if "kind_gemeinde" in cues:
        return entry.kind == "Gemeinde"
    return False

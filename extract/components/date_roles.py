"""A date's role in its sentence (publication, deadline, start, end; ``rules/dates/roles.yaml``) and
the word before it after a weekday ("Dienstag, 8. November")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.components._matching import Match, scope_bounds
from extract.normalise.dates import Resolved

ROLE_CUE_TOKENS = 4  # longest role cue phrase ("mit wirkung vom")


def left_anchor(doc: Doc, start: int, weekdays: Mapping[str, str]) -> tuple[int, str]:
    """Position before the date after skipping spaces and a weekday ("Dienstag,")."""
    i = start
    weekday = ""
    while i > 0 and doc[i - 1].is_space:
        i -= 1
    if i > 0 and doc[i - 1].text in (",", "("):  # "Dienstag, 8. November", "Montag (17.3.)"
        j = i - 1
        while j > 0 and doc[j - 1].is_space:
            j -= 1
        if j > 0 and doc[j - 1].lower_ in weekdays:
            weekday = weekdays[doc[j - 1].lower_]
            i = j - 1
    elif i > 0 and doc[i - 1].lower_ in weekdays and doc[i - 1].is_title:
        weekday = weekdays[doc[i - 1].lower_]
        i -= 1
    while i > 0 and (doc[i - 1].is_space or doc[i - 1].text == ":"):
        i -= 1
    return i, weekday



class RoleCues:
    """The role cue words of ``rules/dates/roles.yaml``, looked up just before each date."""

    def __init__(self, vocab: Vocab, roles: Mapping[str, Any]) -> None:
        # Role cues are looked up only just before each date, with a (C-fast) PhraseMatcher.
        self.role_matcher = PhraseMatcher(vocab, attr="LOWER")
        for role, key in (("start", "start"), ("end", "end"), ("publication", "publication_cues")):
            phrases = [str(p).rstrip(":").lower() for p in roles[key]]
            self.role_matcher.add(role, [Doc(vocab, words=p.split()) for p in phrases])
        self.deadline_nouns = {str(w).lower() for w in roles["deadline_nouns"]}
        self.deadline_words = {str(w).lower() for w in roles["deadline_words"]}

    def role(self, m: Match, value: Resolved, doc: Doc, anchor: int, has_deadline_words: bool) -> str:
        published = doc._.published or ""
        if published and value.value == published:
            return "publication"
        left = max(0, anchor - ROLE_CUE_TOKENS)
        # Unlike the Matcher, spaCy's PhraseMatcher gives doc offsets for a Span argument.
        hits = self.role_matcher(doc[left:anchor])
        kinds = {doc.vocab.strings[key] for key, _, end in hits if end == anchor}
        if "publication" in kinds:
            return "publication"
        if has_deadline_words:
            c0, c1 = scope_bounds(doc, m.start, "clause")
            if {t.lower_ for t in doc[c0:c1]} & self.deadline_nouns:
                return "deadline"
            if "end" in kinds:
                s0, s1 = scope_bounds(doc, m.start, "sentence")
                if {t.lower_ for t in doc[s0:s1]} & (self.deadline_words | self.deadline_nouns):
                    return "deadline"
        if "end" in kinds:
            return "end"
        if "start" in kinds:
            return "start"
        return ""

"""People: person names with title, role and one canonical full name per person and document.

Component ``pressextract_people`` adds ``person`` spans to ``doc.spans["pressextract"]``. A name is
found by one of these rules (the ``SpanInfo.rule`` ids):

- ``person.role_prefix``: after a role ("Bürgermeister Reiner Breuer", "Vize-Landrat und
  Sozialdezernent Dirk Noll", "stellvertretenden Bürgermeisters Erik Cziesla", "Landrat Bär");
- ``person.title`` / ``person.honorific``: after a title or form of address ("Dr. Pia Findeiß",
  "Herr Müller");
- ``person.contact``: in contact blocks ("Pressekontakt: Stadt Leverkusen, Julia Trick",
  "Bearbeiter/-in: Ammoneit, Britta" -> "Britta Ammoneit", "Ansprechpartner: Herr Thomas Kirchhoff",
  and "Kontakt:" followed by address lines); the label becomes the role;
- ``person.photo_credit``: in photo credits ("Foto: Max Mustermann", "© photothek/Inga Kjer");
- ``person.first_name``: a known first name followed by a surname ("Fabian Göbel"); the lexicon is
  faker's de_DE/de_AT/de_CH first-name list (see :mod:`extract.normalise.people`);
- ``ner.model``: a PER entity of the pipeline's ``ner`` component, when there is one; the rules
  refine it (role, title and form of address are moved out of the name into the attributes; names of
  streets, prizes and organisations are rejected). A model-only name needs some evidence besides the
  model: a role/title/party next to it, a given name known in any language, or its surname repeated
  in the document; a model-only single word must match the surname of a full name of the document;
- ``person.surname_reference``: a surname alone ("Noll:", "sagt Engelhardt") that repeats the
  surname of a full name found in the same document.

Roles after the name are attached as attributes ("Reiner Breuer, Bürgermeister der Stadt Neuss",
"Dr. Heinz-Jürgen Stolz als Leiter ...", a signature's next line "Bürgermeister"), so are parties in
brackets ("(SPD)") and "vom/von der" organisations. Streets, prizes and organisations named after
people ("Ludwig-Uhland-Straße", "Helmut-Kohl-Preis", "Bertelsmann Stiftung") are not people.

Span surface: the name, with a title directly before it ("Dr. Heinz-Jürgen Stolz"); roles and forms
of address are never inside the span (they go to ``attrs``), so a person span does not swallow a
municipality in "Bürgermeister der Stadt Neuss". Contact-block inversions cover "Ammoneit, Britta".

Value: the canonical full name without title or role. Within a document all mentions of one person
get one value: surname-only mentions resolve to the full name with that surname (the nearest
preceding one if several people share it), and a given name one typo away from a known first name
joins that person ("Dr. Frankziska Giffey" -> "Franziska Giffey"). A surname that never appears with
a given name keeps the surname as value, and is kept only when a role, title or form of address
anchors it. ``attrs``: ``role``, ``title``, ``organization`` (and ``party`` when bracketed after the
name); a mention without its own role or title takes the person's best one from the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.components import add_span
from extract.components._matching import token_table
from extract.model import SpanInfo
from extract.normalise import people as norm

PERSON = "person"
PARTIES = frozenset(
    {"SPD", "CDU", "CSU", "FDP", "AfD", "Grüne", "Grünen", "Linke", "BSW", "ÖDP", "FW", "Piraten", "Volt"}
)
_POSSESSIVES = frozenset(
    {"seiner", "seine", "ihrer", "ihre", "meiner", "meine", "unserer", "deren", "dessen"}
)
# lower-case adjectives that make "Frau"/"Herr" a noun: superlatives and -ig/-lich/-isch adjectives
_ADJ_NOUN = re.compile(r"^[a-zäöüß]+(?:ste|sten|ster|ige|igen|iger|liche|lichen|licher|ische|ischen|ischer)$")
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")
_STOP_PUNCT = frozenset({"|", ";", "[", "]", "•", "·", "–", "—"})
_CONFIDENCE = {
    "person.role_prefix": 0.95,
    "person.title": 0.95,
    "person.honorific": 0.9,
    "person.contact": 0.9,
    "person.photo_credit": 0.9,
    "person.first_name": 0.85,
    "ner.model": 0.8,
    "person.surname_reference": 0.8,
}


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

    @property
    def surname(self) -> str:
        return self.words[-1]


class PeopleExtractor:
    """Find person mentions and give each one canonical name per document."""

    def __init__(self, nlp: Language, use_ner: bool = True, first_name_lexicon: bool = True) -> None:
        self.use_ner = use_ner
        self.first_name_lexicon = first_name_lexicon
        tok = nlp.make_doc
        self._titles = sorted(
            ((tuple(t.text for t in tok(title)), title) for title in norm.titles()), key=lambda x: -len(x[0])
        )
        roles = norm.people_rules("roles")
        multi = (tuple(t.text for t in tok(r)) for r in roles["roles"])
        self._multi_roles = sorted((t for t in multi if len(t) > 1), key=lambda x: -len(x))
        self._abbreviations = sorted(
            ((tuple(t.text for t in tok(a)), role) for a, role in norm.role_abbreviations().items()),
            key=lambda x: -len(x[0]),
        )
        self._generic = frozenset(roles["generic_determiners"])
        contacts = norm.people_rules("contacts")
        self._contact_labels: dict[str, str] = dict(contacts["contact_labels"])
        self._person_labels = frozenset(contacts.get("feminine_forms", {})) | {"Verantwortlich", "V.i.S.d.P."}
        self._credit_labels = sorted(
            (tuple(t.text for t in tok(label)) for label in contacts["credit_labels"]), key=lambda x: -len(x)
        )
        blockers = norm.people_rules("blockers")
        self._suffixes = tuple(s.lower() for s in blockers["place_suffixes"])
        self._org_words = frozenset(blockers["org_words"])
        self._org_lower = frozenset(w.lower() for w in blockers["org_words"])
        self._not_name = frozenset(blockers["not_name_words"])
        particles = (tuple(p.split()) for p in blockers["name_particles"])
        self._particles = sorted(particles, key=lambda x: -len(x))
        self._particle_words = frozenset(w for p in self._particles for w in p)
        self._place_prefixes = frozenset(blockers.get("place_prefixes", []))
        self._articles = frozenset(blockers["articles"])
        self._honorifics = norm.honorifics()
        self._texts: tuple[str, ...] = ()
        self._lower: tuple[str, ...] = ()
        self._space: tuple[bool, ...] = ()
        self._is_label: dict[str, bool] = {}
        self._name_cache: dict[str, bool] = {}
        self._title_last = frozenset(toks[-1] for toks, _ in self._titles)
        self._multi_role_last = frozenset(toks[-1] for toks in self._multi_roles)
        self._credit_first = frozenset(toks[0] for toks in self._credit_labels)

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

    # ------------------------------------------------------------------ contact blocks and credits
    def _line_tokens(self, doc: Doc, k: int, limit: int) -> list[int]:
        out: list[int] = []
        texts, n = self._texts, len(self._texts)
        # (a line break is a whitespace token of its own: a token's trailing whitespace is at most a space)
        while k < n and len(out) < limit:
            text = texts[k]
            if self._space[k] or text in _STOP_PUNCT:
                break
            if k + 1 < n and texts[k + 1] == ":" and text[:1].isupper() and out:
                break  # next "Label:" on the same line
            out.append(k)
            k += 1
        return out

    def _block_lines(self, doc: Doc, k: int, max_lines: int) -> list[list[int]]:
        """The lines of a block after a label that ends its line, up to an empty line."""
        lines: list[list[int]] = []
        while k < len(doc) and len(lines) < max_lines:
            if self._space[k]:
                if self._texts[k].count("\n") > 1 and lines:
                    break
                k += 1
                continue
            line = self._line_tokens(doc, k, 16)
            if not line:
                break
            lines.append(line)
            k = line[-1] + 1
        return lines

    def _contact_label_at(self, doc: Doc, i: int) -> tuple[int, str]:
        """(index after the ":" , role) if a contact label starts at token i."""
        label = norm.normalise_label(self._texts[i])
        j = i + 1
        if j + 1 < len(doc) and self._texts[j] == "/" and self._lower[j + 1] in ("in", "-in", "innen"):
            j += 2
        if label not in self._contact_labels or j >= len(doc) or self._texts[j] != ":":
            return -1, ""
        return j + 1, self._contact_labels[label]

    def _contacts(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        is_label = self._is_label
        for i, text in enumerate(self._texts):
            label = is_label.get(text)
            if label is None:
                label = is_label[text] = norm.normalise_label(text) in self._contact_labels
            if not label:
                continue
            after, role = self._contact_label_at(doc, i)
            if after < 0:
                continue
            lines = [self._line_tokens(doc, after, 16)]
            if not lines[0]:
                lines = self._block_lines(doc, after, 5)  # "Kontakt:\nStadt Monheim\nThomas Spekowius"
            segments: list[list[int]] = []
            for line in lines:
                segments.append([])
                for k in line:
                    if self._texts[k] in (",", "&", "/") or self._lower[k] == "und":
                        segments.append([])
                    else:
                        segments[-1].append(k)
            organization = ""
            for s, seg in enumerate(segments):
                if not seg:
                    continue
                nxt = segments[s + 1] if s + 1 < len(segments) else []
                if (
                    len(seg) == 1
                    and len(nxt) == 1
                    and self.is_name_text(self._texts[seg[0]])
                    and self.is_name_text(self._texts[nxt[0]])
                    and seg[0] + 1 < len(doc)
                    and self._texts[seg[0] + 1] == ","
                    and (self._is_first(self._texts[nxt[0]], strict=False) or role in self._person_labels)
                ):
                    words = [self._texts[nxt[0]], self._texts[seg[0]]]
                    found.append(self._contact_mention(seg[0], nxt[0] + 1, words, role, organization))
                    break
                pos, title, addressed = self._skip_address(doc, seg)
                name_seg = seg[pos:]
                chosen = []
                if name_seg:
                    run = self._name_run(doc, name_seg[0], cross_line=False)
                    chosen = self._choose_name(doc, run, anchored=addressed)
                if chosen and (len(chosen) >= 2 or addressed) and chosen[-1] == name_seg[-1]:
                    words = [self._texts[k] for k in chosen]
                    start = seg[0] if title and self._texts[seg[0]] not in self._honorifics else name_seg[0]
                    m = self._contact_mention(start, chosen[-1] + 1, words, role, organization)
                    m.title = title
                    found.append(m)
                    continue
                if not organization and seg and self._texts[seg[0]][:1].isupper():
                    organization = doc[seg[0] : seg[-1] + 1].text
        for m in found:
            for k in range(m.start, m.end):
                taken[k] = True
        return found

    def _skip_address(self, doc: Doc, seg: list[int]) -> tuple[int, str, bool]:
        """Skip "Herr"/"Frau" and titles at the start of a segment: (offset, titles, addressed)."""
        pos, titles, addressed = 0, [], False
        while pos < len(seg):
            k = seg[pos]
            if self._texts[k] in self._honorifics:
                pos, addressed = pos + 1, True
                continue
            for toks, title in self._titles:
                if self._starts_at(k, toks):
                    titles.append(title)
                    pos, addressed = pos + len(toks), True
                    break
            else:
                break
        return pos, " ".join(titles), addressed

    @staticmethod
    def _contact_mention(start: int, end: int, words: list[str], role: str, org: str) -> _Mention:
        return _Mention(
            start=start,
            end=end,
            words=words,
            rule="person.contact",
            role=norm.gendered_role(role, words[0]),
            role_rank=1,
            organization=org,
            anchored=True,
        )

    def _credits(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        for i in range(len(doc)):
            if self._texts[i] not in self._credit_first:
                continue
            label_len = next((len(t) for t in self._credit_labels if self._starts_at(i, t)), 0)
            if not label_len:
                continue
            k = i + label_len
            if k < len(doc) and self._texts[k] == ":":
                k += 1
            elif self._texts[i][0].isalpha():
                continue  # word labels need a colon ("Foto:"); symbols do not ("©")
            for p in self._line_tokens(doc, k, 8):
                if taken[p] or not self._is_first(self._texts[p], strict=False):
                    continue
                chosen = self._choose_name(doc, self._name_run(doc, p, cross_line=False), anchored=False)
                if len(chosen) >= 2 and not self._followed_by_org(doc, chosen[-1] + 1):
                    m = _Mention(p, chosen[-1] + 1, [self._texts[x] for x in chosen], "person.photo_credit")
                    m.anchored = True
                    found.append(m)
                    for x in range(m.start, m.end):
                        taken[x] = True
                    break
        return found

    # ------------------------------------------------------------------ main scan
    def _scan(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        texts = self._texts
        i = 0
        while i < len(doc):
            if taken[i] or not self.is_name_text(texts[i]):
                i += 1
                continue
            left = self._left_context(doc, i)
            anchored = bool(left.role or left.title or left.honorific)
            chosen = self._parse_name(doc, i, anchored)
            if chosen and len(chosen) == 1 and self._weak_role_anchor(doc, left, chosen[0]):
                anchored = False  # "der Stadtrat Neuss": a person only if the surname is known
            if not chosen or any(taken[k] for k in range(i, chosen[-1] + 1)):
                i += 1
                continue
            if left.role:
                rule = "person.role_prefix"
            elif left.title:
                rule = "person.title"
            elif left.honorific:
                rule = "person.honorific"
            else:
                rule = "person.first_name"
            m = _Mention(
                start=left.start if left.title and chosen[0] == i else chosen[0],
                end=chosen[-1] + 1,
                words=[self._texts[k] for k in chosen],
                rule=rule,
                title=left.title,
                role=left.role,
                role_rank=2 if left.role else 0,
                anchored=anchored,
            )
            found.append(m)
            for k in range(m.start, m.end):
                taken[k] = True
            i = m.end
        return found

    def _from_ner(self, doc: Doc, taken: list[bool]) -> list[_Mention]:
        found: list[_Mention] = []
        for ent in doc.ents:
            if ent.label_ not in ("PER", "PERSON"):
                continue
            toks = [t.i for t in ent if not t.is_space]
            while toks and not self.is_name_text(self._texts[toks[0]]):
                toks.pop(0)  # role, title, form of address inside the entity
            while toks and not self.is_name_text(self._texts[toks[-1]]):
                toks.pop()
            if not toks or len(toks) > 4:
                continue
            if any(not (self.is_name_text(self._texts[k]) or self._texts[k] in self._particle_words) for k in toks):
                continue
            if self._followed_by_org(doc, toks[-1] + 1) or any(taken[toks[0] : toks[-1] + 1]):
                continue
            left = self._left_context(doc, toks[0])
            m = _Mention(
                start=left.start if left.title else toks[0],
                end=toks[-1] + 1,
                words=[self._texts[k] for k in toks],
                rule="ner.model",
                title=left.title,
                role=left.role,
                role_rank=2 if left.role else 0,
                anchored=bool(left.role or left.title or left.honorific),
            )
            found.append(m)
            for k in range(m.start, m.end):
                taken[k] = True
        return found

    def _ner_supported(self, doc: Doc, m: _Mention) -> bool:
        """Keep a model-only name with evidence beyond the model.

        A single word is kept for now (it must later match a full name of the document). A longer
        name needs a role, title, form of address or party next to it, a given name known in any
        language (faker's providers), or its surname repeated elsewhere in the document; this keeps
        out table rows and headlines the model mistakes for people ("Talsperre Lopaus").
        """
        if len(m.words) < 2 or m.anchored or m.role or m.party:
            return True
        given = m.words[0].split("-")
        if all(part in norm.international_first_names() for part in given):
            return True
        surname = m.surname
        return any(
            text in (surname, surname + "s") and not (m.start <= i < m.end) for i, text in enumerate(self._texts)
        )

    def _surname_references(self, doc: Doc, taken: list[bool], surnames: set[str]) -> list[_Mention]:
        found: list[_Mention] = []
        if not surnames:
            return found
        for i, text in enumerate(self._texts):
            if text not in surnames and not (text.endswith("s") and text[:-1] in surnames):
                continue
            if taken[i] or not self.is_name_text(text):
                continue
            tok = doc[i]
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and (prev.lower_ in self._articles or prev.text.endswith("-")):
                continue
            if self._followed_by_org(doc, tok.i + 1):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and self.is_name_token(nxt):
                continue  # part of another, unrecognised name
            found.append(_Mention(tok.i, tok.i + 1, [text], "person.surname_reference"))
            taken[tok.i] = True
        return found

    # ------------------------------------------------------------------ document-level names
    def _resolve(self, mentions: list[_Mention]) -> list[_Mention]:
        """Give every mention the canonical full name of its person; drop unresolvable ones."""
        clusters: list[list[_Mention]] = []
        for m in sorted((m for m in mentions if len(m.words) >= 2), key=lambda x: x.start):
            name = " ".join(m.words)
            for cluster in clusters:
                if norm.same_person(name, " ".join(cluster[0].words)):
                    cluster.append(m)
                    break
            else:
                clusters.append([m])
        for cluster in clusters:
            counts: dict[str, int] = {}
            for m in cluster:
                counts[" ".join(m.words)] = counts.get(" ".join(m.words), 0) + 1
            best = max(
                counts,
                key=lambda n: (counts[n], self._is_first(n.split()[0], strict=False), -list(counts).index(n)),
            )
            for m in cluster:
                m.value = best
        full = sorted((m for m in mentions if m.value), key=lambda x: x.start)
        kept: list[_Mention] = [m for m in mentions if m.value]
        for m in mentions:
            if m.value:
                continue
            word = m.words[0]
            candidates = [f for f in full if f.surname in (word, word[:-1] if word.endswith("s") else word)]
            if candidates:
                before = [f for f in candidates if f.start < m.start]
                m.value = (before[-1] if before else candidates[0]).value
                kept.append(m)
            elif m.anchored and m.rule != "ner.model":
                m.value = word
                kept.append(m)
        return kept

    @staticmethod
    def _fill_person_attrs(mentions: list[_Mention]) -> None:
        best_role: dict[str, tuple[int, int, str]] = {}
        best_title: dict[str, str] = {}
        best_org: dict[str, str] = {}
        for m in mentions:
            if m.role:
                cand = (m.role_rank, len(m.role), m.role)
                if cand > best_role.get(m.value, (-1, -1, "")):
                    best_role[m.value] = cand
            if len(m.title) > len(best_title.get(m.value, "")):
                best_title[m.value] = m.title
            if m.organization and m.value not in best_org:
                best_org[m.value] = m.organization
        for m in mentions:
            m.attrs = {
                "role": m.role or best_role.get(m.value, (0, 0, ""))[2],
                "title": m.title or best_title.get(m.value, ""),
                "organization": m.organization or best_org.get(m.value, ""),
            }
            if m.party:
                m.attrs["party"] = m.party

    def __call__(self, doc: Doc) -> Doc:
        """Add the document's person spans to ``doc.spans["pressextract"]``."""
        table = token_table(doc)  # token texts and flags of the document being processed
        self._texts, self._lower, self._space = table.texts, table.lower, table.is_space
        taken = [False] * len(doc)
        mentions = self._contacts(doc, taken)
        mentions += self._credits(doc, taken)
        mentions += self._scan(doc, taken)
        if self.use_ner:
            mentions += self._from_ner(doc, taken)
        for m in mentions:
            self._right_context(doc, m)
        mentions = [m for m in mentions if m.rule != "ner.model" or self._ner_supported(doc, m)]
        resolved = self._resolve(mentions)
        surnames = {m.value.split()[-1] for m in resolved if " " in m.value}
        refs = self._surname_references(doc, taken, surnames)
        resolved += self._resolve_refs(refs, resolved)
        self._fill_person_attrs(resolved)
        for m in sorted(resolved, key=lambda x: x.start):
            info = SpanInfo(m.value, m.rule, confidence=_CONFIDENCE.get(m.rule, 0.8), attrs=m.attrs)
            add_span(doc, m.start, m.end, PERSON, info)
        return doc

    @staticmethod
    def _resolve_refs(refs: list[_Mention], resolved: list[_Mention]) -> list[_Mention]:
        full = sorted((m for m in resolved if " " in m.value), key=lambda x: x.start)
        for ref in refs:
            word = ref.words[0]
            cands = [f for f in full if f.value.split()[-1] in (word, word[:-1])]
            before = [f for f in cands if f.start < ref.start]
            ref.value = (before[-1] if before else cands[0]).value
        return refs


@Language.factory(
    "pressextract_people",
    default_config={"use_ner": True, "first_name_lexicon": True},
)
def make_people(nlp: Language, name: str, use_ner: bool, first_name_lexicon: bool) -> PeopleExtractor:
    """Person mentions with title, role and one canonical full name per document."""
    return PeopleExtractor(nlp, use_ner=use_ner, first_name_lexicon=first_name_lexicon)

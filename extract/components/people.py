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

from spacy.language import Language
from spacy.tokens import Doc

from extract.components import add_span
from extract.components._matching import token_table
from extract.components._people_anaphora import RoleAnaphora
from extract.components._people_appositions import RoleAppositions
from extract.components._people_contacts import ContactBlocks
from extract.components._people_names import NameFinding, _Mention
from extract.components._people_roles import PARTIES, RolePhrases
from extract.model import SpanInfo
from extract.normalise import people as norm

__all__ = ["PARTIES", "PERSON", "PeopleExtractor", "make_people"]

PERSON = "person"
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


class PeopleExtractor(ContactBlocks, RolePhrases, RoleAppositions, RoleAnaphora, NameFinding):
    """Find person mentions and give each one canonical name per document.

    Name finding (``_people_names``), role phrases before and after a name (``_people_roles``,
    ``_people_appositions``) and contact blocks and credits
    (``_people_contacts``) are mixins; this class loads the lexicons and runs the document scan.
    """

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
        self._plural_determiners = frozenset(roles["plural_determiners"])
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
        self._title_first = frozenset(toks[0] for toks, _ in self._titles)
        self._multi_role_last = frozenset(toks[-1] for toks in self._multi_roles)
        self._credit_first = frozenset(toks[0] for toks in self._credit_labels)
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
                organization=left.organization,
                anchored=anchored,
                more_roles=list(left.more_roles),
                plural_role=left.plural,
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
            if m.more_roles:
                m.attrs["more_roles"] = [list(pair) for pair in m.more_roles]
            if m.role_from:
                m.attrs["role_from"] = dict(sorted(m.role_from.items()))

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
        # the clause after a name speaks of it up to the next full name (a one-word "name" may be a
        # place: "(3. Bürgermeister Kaisheim)")
        starts = sorted(m.start for m in mentions if len(m.words) >= 2)
        self._share_plural_roles(doc, mentions)
        for m in mentions:
            stop = next((st for st in starts if st >= m.end), None)
            self._right_context(doc, m, stop)
            gender = norm.first_name_gender(m.words[0]) if len(m.words) >= 2 else ""
            if gender:  # the role in the gender of the given name ("des Abgeordneten Michael X")
                m.role = norm.role_of_gender(m.role, gender)
                m.more_roles = [(norm.role_of_gender(r, gender), o) for r, o in m.more_roles]
        self._anaphoric_roles(doc, mentions)
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

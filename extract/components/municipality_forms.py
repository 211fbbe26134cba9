"""Candidate mentions of the municipality component: the surface forms generated from the
gazetteer (names, aliases, genitives, Kreis templates of ``rules/municipalities/kreis_patterns.jsonl``),
one PhraseMatcher over them, the case check, and the longest-match choice among overlapping
candidates (module doc of :mod:`extract.components.municipalities`)."""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extract.components._matching import token_table
from extract.components.municipality_data import Candidate, Lexicon, Target, kreis_base
from extract.gazetteer import Gazetteer, GazetteerEntry, derived_forms, kreis_short_forms, normalise_name

_SIMPLE_FORM = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?: [^\W\d_]+(?:-[^\W\d_]+)*)*")
_GENITIVE_MIN_POPULATION = 50_000  # "Kölns", "Leverkusens": only for larger towns


class FormMatcher:
    """The forms every gazetteer entry can be named by, and the matcher that finds them."""

    gazetteer: Gazetteer
    lex: Lexicon

    def _init_forms(self, nlp: Language) -> None:
        self.forms: dict[str, list[Target]] = defaultdict(list)
        self.signatures: dict[str, set[tuple[bool, ...]]] = defaultdict(set)
        self.kreis_by_base: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._build(nlp)

    # -- patterns ------------------------------------------------------------------------------

    def _add_form(self, form: str, target: Target, originals: dict[str, str]) -> None:
        key = normalise_name(form)
        if any(t.entry.ags == target.entry.ags and t.rule == target.rule for t in self.forms[key]):
            return
        self.forms[key].append(target)
        originals.setdefault(form, key)

    def _build(self, nlp: Language) -> None:
        originals: dict[str, str] = {}
        lex = self.lex
        for entry in self.gazetteer.entries:
            if entry.is_kreis:
                continue
            self._add_form(entry.canonical, Target(entry, "municipality.gazetteer", True), originals)
            for alias in entry.aliases:
                self._add_form(alias, Target(entry, "municipality.gazetteer_alias", False), originals)
            if (" " not in entry.canonical and entry.population >= _GENITIVE_MIN_POPULATION
                    and not entry.canonical.endswith(("s", "ß", "z", "x"))
                    and not lex.stop_tier(normalise_name(entry.canonical))):
                genitive = Target(entry, "municipality.genitive", False)
                self._add_form(entry.canonical + "s", genitive, originals)
        gemeinde_keys = set(self.forms)
        for entry in self.gazetteer.entries:
            if not entry.is_kreis:
                continue
            base = kreis_base(entry)
            # every spelling of the name: "Landkreis Mühldorf am Inn" as well as "… a.Inn", "… Mühldorf"
            bases = list(dict.fromkeys([base, *derived_forms(base)])) if base else []
            shorts = kreis_short_forms(entry.canonical)
            for b in bases + shorts:
                self.kreis_by_base[normalise_name(b)].append(entry)
            for pattern in lex.kreis_patterns:
                applies = pattern.get("applies_to", "base")
                if applies == "short":
                    names = shorts
                elif (applies == "base") != bool(base):
                    continue
                else:
                    names = bases
                rule = pattern["id"]
                if "replace" in pattern:
                    old, new = pattern["replace"]
                    if old in entry.canonical:
                        form = entry.canonical.replace(old, new, 1)
                        self._add_form(form, Target(entry, rule, False), originals)
                    continue
                template: str = pattern["template"]
                if applies == "short" and not names:
                    continue
                for b in names or [""]:
                    form = template.format(name=b, canonical=entry.canonical)
                    bare = bool(pattern.get("bare"))
                    key = normalise_name(form)
                    if bare and (key in gemeinde_keys or lex.stop_tier(key) == "cue_word"
                                 or key in lex.land_names):
                        continue
                    self._add_form(form, Target(entry, rule, form == entry.canonical, bare), originals)
        # Plain forms (letters, hyphens, single spaces) tokenize as their words in every German
        # pipeline; only the others need the tokenizer.
        # "Weissenfels", "GROSSENHAIN": ß written as ss (the key is the same: normalise_name case-folds ß)
        for form, key in list(originals.items()):
            if "ß" in form:
                originals.setdefault(form.replace("ß", "ss"), key)
        docs = []
        complex_forms = []
        for form, key in originals.items():
            if _SIMPLE_FORM.fullmatch(form):
                words = form.split(" ")
                docs.append(Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False]))
                self.signatures[key].add(tuple(w[:1].isupper() for w in words))
            else:
                complex_forms.append(form)
        for doc in nlp.tokenizer.pipe(complex_forms, batch_size=1000):
            docs.append(doc)
            self.signatures[normalise_name(doc.text)].add(tuple(t.text[:1].isupper() for t in doc))
        self.matcher.add("MUNICIPALITY", docs)

    # -- matching ------------------------------------------------------------------------------

    def _case_ok(self, span: Span, key: str) -> bool:
        letters = [c for c in span.text if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters):
            return True
        return tuple(t.text[:1].isupper() for t in span) in self.signatures.get(key, ())

    def _raw_candidates(self, doc: Doc) -> list[Candidate]:
        found: list[Candidate] = []
        for _id, start, end in self.matcher(doc):
            span = doc[start:end]
            key = normalise_name(span.text)
            targets = self.forms.get(key)
            if targets and self._case_ok(span, key):
                found.append(Candidate(start, end, key, list(targets)))
        # "Pressecks Bürgermeister", "Wedels Innenstadt": the genitive of any Gemeinde before a
        # word of its administration or centre (context.yaml genitive_followers)
        texts = token_table(doc).texts
        for i, text in enumerate(texts[:-1]):
            if (len(text) > 4 and text.endswith("s") and text[0].isupper()
                    and texts[i + 1] in self.lex.genitive_followers):
                key = normalise_name(text[:-1])
                targets = [Target(t.entry, "municipality.genitive", False)
                           for t in self.forms.get(key, ()) if not t.entry.is_kreis]
                if targets and key not in self.lex.land_names:
                    found.append(Candidate(i, i + 1, key, targets, cues={"genitive"}))
        # "Landkreis Lüneburg- Verteilung": a trailing hyphen glued to the name by a typo
        for i, text in enumerate(texts):
            if not (len(text) > 4 and text.endswith("-")):
                continue
            tok = doc[i]
            if (tok.whitespace_ and tok.i + 1 < len(doc)
                    and doc[tok.i + 1].text not in self.lex.connectors and tok.text[0].isupper()):
                stem = tok.text[:-1]
                # "Sandersdorf- Brehna": a hyphenated name broken by a space
                joined = normalise_name(f"{tok.text}{doc[tok.i + 1].text}")
                if joined in self.forms and doc[tok.i + 1].text[:1].isupper():
                    found.append(Candidate(tok.i, tok.i + 2, joined, list(self.forms[joined])))
                    continue
                for start in (tok.i - 1, tok.i):
                    if start < 0:
                        continue
                    text = (doc[start].text + " " + stem) if start < tok.i else stem
                    key = normalise_name(text)
                    if key in self.forms:
                        found.append(Candidate(start, tok.i + 1, key, list(self.forms[key])))
                        break
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken: set[int] = set()
        kept = []
        for cand in found:
            if taken.isdisjoint(range(cand.start, cand.end)):
                kept.append(cand)
                taken.update(range(cand.start, cand.end))
        return sorted(kept, key=lambda c: c.start)


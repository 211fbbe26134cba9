"""Municipality mentions: every German Gemeinde and Kreis, disambiguated, with its AGS.

Component ``pressextract_municipalities`` adds spans labelled ``municipality`` with
``SpanInfo(value=AGS, rule=..., attrs={name, kind, state})`` (docs/CONTRACT.md).

Candidates come from one PhraseMatcher (lower-case attribute, then a case check: every token must
start with the same case as in the name, or the whole mention is in capitals, "TRIER") over forms
generated from the active gazetteer (:func:`extract.gazetteer.load_gazetteer`): canonical names,
short forms and aliases ("Mülheim", "Frankfurt", "Freiburg i. Br."), genitives ("Kölns") and the
Kreis templates of ``rules/municipalities/kreis_patterns.jsonl`` ("Kreis Wesel", "Landkreises
Lüneburg", "Rheinisch-Bergischen Kreis", "Mittelsachsen"). Overlapping candidates: the longest wins
("Bad Lauterberg im Harz" over "Harz", "Kreis Recklinghausen" over "Recklinghausen").

Context rules (word lists in ``rules/municipalities/``):

* cue words before a name ("Stadt", "Gemeinde", "Flecken", a five-digit postcode) confirm it and
  drop Kreis readings; "(Kreis Wesel)" after a name confirms it and restricts it to that Kreis;
  "die Kreise Coesfeld, Euskirchen und Herford" makes the listed names Kreise.
* negatives: Gemeindeverbände, Regierungsbezirke, church and other districts before the name
  ("SG Dahlenburg", "Regierungsbezirk Köln"); street words after it; a role word, title or first
  name before it (a surname: "Landrat Bär"); Land names ("Sachsen", "Brandenburg") unless a cue
  word precedes them. Berlin, Hamburg and Bremen are cities except in Land context ("Land
  Berlin", "Bundesland Bremen", a list with other Länder). Adjectives ("Leverkusener") and
  hyphen compounds ("Ruhrgebietskommunen", "Berlin-Neukölln", "LVR-Koordinationsstelle") are
  single tokens and never match. Place names inside longer proper names ("Universität Köln",
  "Polizeipräsidium Tuttlingen", "HUK Coburg") do count: they name the municipality, as the Stadt
  (attr ``in_name``); after a Kreis authority ("Landratsamt Landshut", "Kreisverwaltung Soest")
  as the Kreis; after a firm word ("Firma Alber") not at all.
* stop-listed names (``stopwords.yaml``) need context: ``needs_context`` ("Essen", "Halle",
  "Weil") a preposition, cue, postcode, list of other municipalities or the dateline, and no
  article before them ("das Essen"); ``needs_cue_word`` ("Wissen", "Lage"-like words, surnames,
  regions, foreign homonyms) a cue word, postcode or "(Kreis ...)".

* document level (issue 12): a stop-listed name that only lacks a cue counts as an item of a
  list of municipalities with amounts ("Wald 12.000 Euro, Mengen 20.000 Euro und Scheer …"), or
  with an amount in a Kreis the document is about (rule ``municipality.amount_list``); a name
  used for a person once ("Landrat Mehring") is not a place elsewhere in the document; a small
  single-word Gemeinde without cue outside the document's Kreise, or listed with names that are no
  municipality, is taken for an Ortsteil of that name and dropped. Land names also match without
  their hyphen ("Schleswig Holstein"); Kreis short forms come from the gazetteer
  ("Saale-Holzland", "Hohenlohe": :func:`extract.gazetteer.kreis_short_forms`).

Disambiguation is per document and deterministic. Among the candidate entries of a mention, the
first of these criteria that tells them apart decides:

1. mention-local evidence: the Kreis or Land in parentheses after it, the cue word's kind;
2. the same entry named unambiguously elsewhere in the document ("Mülheim an der Ruhr" ...
   "Mülheim");
3. an exact canonical name of a kreisfreie Stadt or a city of 100,000+ beats entries reached only
   through a short form ("Essen" is Essen, not Essen (Oldenburg));
4. Länder named in the text (names, "NRW", "hessischen"): the entry whose Land is named most often;
5. the Land of ``doc._.publisher`` / ``doc._.dateline``;
6. the Kreise of the unambiguous municipalities of the document, then their Länder, then their
   Regierungsbezirke (first three AGS digits): "Wasserburg" beside Nonnenhorn is Wasserburg
   (Bodensee), beside Babensham Wasserburg a.Inn;
7. population (prior), then the lowest AGS.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from extract.components import SPAN_GROUP, add_span
from extract.components._matching import span_text, token_table
from extract.components.municipality_data import Candidate, DocContext, Lexicon, Target, home_kreise, kreis_base
from extract.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    derived_forms,
    kreis_short_forms,
    load_gazetteer,
    normalise_name,
)
from extract.model import SpanInfo

LABEL = "municipality"
_PLZ = re.compile(r"\d{5}")
_SIMPLE_FORM = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?: [^\W\d_]+(?:-[^\W\d_]+)*)*")
_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")
_BIG_CITY = 100_000
_GENITIVE_MIN_POPULATION = 50_000  # "Kölns", "Leverkusens": only for larger towns
_SMALL = 10_000  # a Gemeinde below this size, named once far from the others, is likely an Ortsteil
_AMOUNT = re.compile(r"\d(?:[\d.\u00a0\u202f ]*\d)?(?:,\d+)?\s*(?:(?:Mio|Mrd|Tsd)\.|Millionen|Milliarden|Tausend)?\s*"
                     r"(?:Euro\b|EUR\b|€)")


class MunicipalityRecognizer:
    """Finds municipality mentions and resolves each to one gazetteer entry (see module doc)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.lex = lexicon or Lexicon.load()
        self._word_lands: dict[str, str] = {}
        self._land_start: dict[str, bool] = {}
        self._land_firsts: frozenset[str] = frozenset()
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

    # -- context -------------------------------------------------------------------------------

    def _is_person_context(self, doc: Doc, cand: Candidate) -> bool:
        lex = self.lex
        for back in (1, 2):
            i = cand.start - back
            if i < 0:
                return False
            prev = doc[i]
            text = prev.text
            if text in lex.neutral_roles or text in lex.gemeinde_cues:
                return False
            if text in lex.person_roles or (text in lex.first_names and back == 1):
                return True
            low = text.lower()
            if text[:1].isupper() and low.endswith(lex.role_suffixes):
                return True
            if back == 1 and text not in ("Dr.", "Prof."):
                return False
        return False

    def _mark_lists(self, doc: Doc, cands: list[Candidate]) -> dict[int, list[Candidate]]:
        chains: dict[int, list[Candidate]] = defaultdict(list)
        chain_id = 0
        for prev, cur in zip(cands, cands[1:], strict=False):
            between = doc[prev.end:cur.start]
            if 0 < len(between) <= 3 and all(t.text in self.lex.connectors for t in between):
                if prev.in_list < 0:
                    chain_id += 1
                    prev.in_list = chain_id
                    chains[chain_id].append(prev)
                cur.in_list = prev.in_list
                chains[cur.in_list].append(cur)
        return chains

    @functools.cached_property
    def _plural_endings(self) -> tuple[str, ...]:
        return tuple(sorted({w.lower() for w in self.lex.gemeinde_plural}))

    def _plural_cue(self, doc: Doc, first: Candidate) -> str:
        for i in range(first.start - 1, max(-1, first.start - 5), -1):
            text = doc[i].text
            if text in self.lex.kreis_plural:
                return "kreis_list"
            # also compounds of the plural ("Ortsgemeinden", "Schwerpunktgemeinden", "Mitgliedskommunen")
            # ("Verbandsgemeinden", "Samtgemeinden" stay negative)
            if text in self.lex.gemeinde_plural or (text[:1].isupper() and text not in self.lex.negative_prefixes
                                                    and text.lower().endswith(self._plural_endings)):
                return "gemeinde_list"
            if text not in (":", "die", "der", "den", "acht") and not text[:1].islower():
                break
        return ""

    @staticmethod
    def _kreis_only(cand: Candidate) -> bool:
        return all(t.entry.is_kreis for t in cand.targets)

    def _bare_kreis_in(self, chain: list[Candidate]) -> bool:
        """A member named by a bare Kreis name ("Aichach-Friedberg", "Oberallgäu", "Rems-Murr")
        and no member with a Gemeinde cue."""
        if any(c.cues & {"gemeinde", "plz"} for c in chain):
            return False
        return any(self._kreis_only(c) and any(t.bare_kreis for t in c.targets) for c in chain)

    def _is_institution(self, tok: Token, suffixes: tuple[str, ...] | None = None) -> bool:
        """A capitalised noun naming an institution type, also in the genitive ("Gymnasiums")."""
        low = tok.text.lower()
        suffixes = suffixes or self.lex.institution_suffixes
        genitive = low.endswith("s") and low[:-1].endswith(suffixes)
        return tok.text[:1].isupper() and (low.endswith(suffixes) or genitive)

    def _annotate_context(self, doc: Doc, cand: Candidate) -> bool:
        """Set cues/restrictions; return False when the context says it is no municipality."""
        lex = self.lex
        prev = doc[cand.start - 1] if cand.start > 0 else None
        prev2 = doc[cand.start - 2] if cand.start > 1 else None
        nxt = doc[cand.end] if cand.end < len(doc) else None
        if prev is not None:
            if prev.text in lex.gemeinde_cues or (
                    prev2 is not None and f"{prev2.text} {prev.text}" in lex.gemeinde_cues):
                cand.cues.add("gemeinde")
                kind = _cue_kind(prev.text)
                if kind:
                    cand.cues.add(kind)  # "Gemeinde Wasserburg": the Gemeinde, not the Stadt of that name
            elif prev.text in lex.negative_prefixes or self._is_institution(prev, lex.negative_suffixes):
                return False  # "SG Dahlenburg"; "Firma Alber": a firm's owner
            elif prev.text in lex.kreis_institutions:
                cand.cues.add("kreis_institution")  # "Landratsamt Landshut": the Kreis
            elif self._is_institution(prev) or (
                    prev2 is not None and self._is_institution(prev2) and prev.text[:1].isupper()
                    and not prev.is_punct and not prev.is_sent_start):
                # "Polizeipräsidium Tuttlingen", "Gymnasium Philippinum Weilburg": the institution's
                # name names the Stadt (issue 12)
                cand.cues.update(("gemeinde", "in_name"))
            elif prev.text[:1].isupper() and prev.text.lower().endswith(lex.cue_suffixes):
                cand.cues.add("gemeinde")  # "Ruhrgebietsstadt Essen", "Nachbargemeinde Wedel"
                kind = _cue_kind(prev.text)
                if kind:
                    cand.cues.add(kind)
            if _PLZ.fullmatch(prev.text):
                cand.cues.add("plz")
            if prev.text in lex.prepositions:
                cand.cues.add("prep")
            if prev.text.lower() in lex.determiners:
                cand.cues.add("determiner")
        if nxt is not None and nxt.text.lower() in lex.street_words:
            return False
        # "Schleswig Holstein", "Sachsen Anhalt": part of a Land name written without its hyphen
        if (nxt is not None and normalise_name(f"{doc[cand.start:cand.end].text} {nxt.text}") in lex.land_names) or (
                prev is not None and normalise_name(f"{prev.text} {doc[cand.start:cand.end].text}") in lex.land_names):
            return False
        if "gemeinde" not in cand.cues and self._is_person_context(doc, cand):
            cand.cues.add("person")
            return False
        # "(Kreis Wesel)" / "(NRW)" right after the name
        if nxt is not None and nxt.text == "(":
            close = next((t.i for t in doc[cand.end + 1: cand.end + 8] if t.text == ")"), None)
            if close is not None:
                inner = doc[cand.end + 1: close]
                key = normalise_name(inner.text)
                kreise = [t.entry for t in self.forms.get(key, ()) if t.entry.is_kreis]
                if len({k.ags for k in kreise}) == 1:
                    cand.restrict_kreis = kreise[0].ags
                    cand.cues.add("paren")
                state = lex.land_names.get(key) or lex.land_abbreviations.get(inner.text)
                if state:
                    cand.restrict_state = state
                    cand.cues.add("paren")
        return True

    def _accept(self, doc: Doc, cand: Candidate, chains: dict[int, list[Candidate]],
                dateline_keys: set[str]) -> bool | None:
        """True: a municipality; False: not one; None: a stop-listed name that only lacks a cue
        (decided later from the document: a list of municipalities with amounts)."""
        lex = self.lex
        key = cand.key
        strong = bool(cand.cues & {"gemeinde", "plz", "paren", "gemeinde_list", "kreis_list", "genitive",
                                   "kreis_institution"})
        if key in lex.city_states:
            prev = doc[cand.start - 1] if cand.start > 0 else None
            if prev is not None and prev.text in lex.land_context and "gemeinde" not in cand.cues:
                return False
            # "Berlin, Brandenburg und Sachsen": Länder
            return not (cand.in_list >= 0 and any(o.key in lex.land_names and o.key not in lex.city_states
                                                  for o in chains[cand.in_list]))
        if key in lex.land_names and not cand.cues & {"gemeinde", "plz"}:
            return False
        tier = lex.stop_tier(key)
        short = len(key.replace(" ", "")) < 3
        if short:
            return strong
        if tier == "cue_word":
            return True if strong else (False if "determiner" in cand.cues else None)
        if tier == "context":
            if "determiner" in cand.cues and not strong:
                return False
            nxt = doc[cand.end] if cand.end < len(doc) else None
            if nxt is not None and not strong and (
                    nxt.text in ("der", "des") or (nxt.text[:1].isdigit() and not self._amount_at(doc, cand.end))):
                return False  # "in Kirchen der Umgebung", "in Halle 13"
            confident_list = cand.in_list >= 0 and any(
                not lex.stop_tier(o.key) and o.key not in lex.land_names for o in chains[cand.in_list])
            if strong or "prep" in cand.cues or confident_list or key in dateline_keys:
                return True
            return None
        # "dem Kirchdorf", "die Baiern": a common noun or a people
        return "determiner" not in cand.cues or strong or any(t.entry.is_kreis for t in cand.targets)

    @staticmethod
    def _amount_at(doc: Doc, i: int) -> bool:
        """A money amount starts at token i ("15.000 Euro", "30 000 €", "1,1 Mio. Euro")."""
        return bool(_AMOUNT.match(span_text(token_table(doc), i, min(len(doc), i + 6))))

    @staticmethod
    def _sentence(doc: Doc, cand: Candidate) -> Span:
        if doc.has_annotation("SENT_START"):
            return doc[cand.start].sent
        return doc[:]

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

    def _amount_list(self, doc: Doc, cand: Candidate, cands: list[Candidate]) -> bool:
        """An item of a list of municipalities with amounts: an amount within three words after
        the name ("Mengen erhält 20.000 Euro", "Haag 144000 Euro") or right before it ("fließen
        200 000 Euro nach Hettingen"), and two more places in the sentence."""
        after = any(self._amount_at(doc, i) for i in range(cand.end, min(len(doc), cand.end + 3)))
        before = any(doc[i].text in ("Euro", "EUR", "€") for i in range(max(0, cand.start - 3), cand.start))
        if not (after or before):
            return False
        sent = self._sentence(doc, cand)
        others = {c.key for c in cands if sent.start <= c.start < sent.end and c.key != cand.key}
        return len(others) >= 2

    def _is_outlier(self, doc: Doc, cand: Candidate, entries: list[GazetteerEntry], home: set[str],
                    others: list[tuple[Candidate, list[GazetteerEntry]]], known: set[int],
                    dateline_keys: set[str]) -> bool:
        """A small Gemeinde named without a cue that is most likely an Ortsteil of the same name:

        * outside every Kreis the document is about: in a text about the Landkreis Sigmaringen,
          "in Thalheim" and "die Turnhalle Göggingen" are Ortsteile, not the Gemeinden elsewhere;
        * or listed with names that are no municipality ("in Aichelau, Geisingen und
          Huldstetten") while no other municipality of the document shares its Kreis.
        """
        if cand.cues & {"gemeinde", "plz", "paren", "amount_list", "gemeinde_list", "kreis_list", "genitive",
                        "kreis_institution"} or cand.key in dateline_keys:
            return False
        if cand.end - cand.start > 1 or any(e.is_kreis or e.population >= _SMALL for e in entries):
            return False  # "Buch am Erlbach", "Bad Endorf": a distinctive name, not an Ortsteil's
        if home:
            return not any(e.kreis_ags in home for e in entries)
        kreise = {e.kreis_ags for e in entries}
        if any(o is not cand and kreise & {e.kreis_ags for e in es} for o, es in others):
            return False
        return self._beside_unknown_name(doc, cand, known)

    def _beside_unknown_name(self, doc: Doc, cand: Candidate, covered: set[int]) -> bool:
        """A coordinated capitalised word that no gazetteer form matched (``known``: the tokens of
        every matched form) right before or after it."""
        connectors = {",", "und", "oder", "sowie"}
        for conn, word in ((cand.start - 1, cand.start - 2), (cand.end, cand.end + 1)):
            if 0 <= word < len(doc) and 0 <= conn < len(doc) and doc[conn].text in connectors:
                tok = doc[word]
                if word not in covered and tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start:
                    return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        raw = self._raw_candidates(doc)
        cands = [c for c in raw if self._annotate_context(doc, c)]
        # "Dr. Mehring: … informiert Mehring": a name used for a person stays the person
        people = {c.key for c in raw if "person" in c.cues}
        cands = [c for c in cands if c.key not in people or c.cues & {"gemeinde", "plz", "paren"}]
        chains = self._mark_lists(doc, cands)
        for chain in chains.values():
            cue = self._plural_cue(doc, chain[0])
            if not cue and self._bare_kreis_in(chain):
                cue = "kreis_list"  # "Aichach-Friedberg, Dillingen a.d.Donau und …": a list is of one kind
            for c in chain:
                if cue and (cue != "kreis_list" or c.key in self.kreis_by_base or self._kreis_only(c)):
                    c.cues.add(cue)
        dateline_keys = {normalise_name(x) for x in (doc._.dateline, doc._.publisher) if x}
        for text in (doc._.dateline, doc._.publisher):
            for word in re.findall(r"[\wÄÖÜäöüß-]+", text or ""):
                dateline_keys.add(normalise_name(word))
        accepted: list[tuple[Candidate, list[GazetteerEntry]]] = []
        deferred: list[tuple[Candidate, list[GazetteerEntry]]] = []
        for cand in cands:
            verdict = self._accept(doc, cand, chains, dateline_keys)
            if verdict is False:
                continue
            entries = self._entries(cand)
            if not entries:
                continue
            if self._amount_list(doc, cand, cands):
                cand.cues.add("amount_list")
            (accepted if verdict else deferred).append((cand, entries))
        home = home_kreise(accepted)
        # stop-listed names ("Wald", "Mengen", "Haag") count in a list of municipalities with
        # amounts, or with an amount in a Kreis the document is about
        for cand, entries in deferred:
            in_home = [e for e in entries if e.kreis_ags in home]
            if "amount_list" in cand.cues:
                accepted.append((cand, in_home or entries))
            elif in_home and _AMOUNT.search(self._sentence(doc, cand).text):
                cand.cues.add("amount_list")
                accepted.append((cand, in_home))
        accepted.sort(key=lambda pair: pair[0].start)
        known = {i for c in raw for i in range(c.start, c.end)}
        accepted = [(c, es) for c, es in accepted
                    if not self._is_outlier(doc, c, es, home, accepted, known, dateline_keys)]
        covered = {i for c, _ in accepted for i in range(c.start, c.end)}
        ctx = DocContext(self._land_votes(doc, covered), self._context_states((doc._.publisher, doc._.dateline)))
        for _cand, entries in accepted:
            if len(entries) == 1:
                ctx.unique.add(entries[0].ags)
        for ags in ctx.unique:
            entry = self.gazetteer.get(ags)
            if entry is not None:
                ctx.state_votes[entry.state] += 1
                ctx.kreis_votes[entry.kreis_ags] += 1
                ctx.district_votes[entry.ags[:3]] += 1
        for cand, entries in accepted:
            if len(entries) == 1:
                entry, confidence = entries[0], 0.95
            else:
                entry = self._resolve(cand, entries, ctx)
                confidence = 0.8
            rule = next((t.rule for t in cand.targets if t.entry.ags == entry.ags), cand.targets[0].rule)
            if "kreis_list" in cand.cues and entry.is_kreis and not any(t.entry.is_kreis
                                                                         for t in cand.targets):
                rule = "municipality.kreis_list"
            elif "amount_list" in cand.cues and self.lex.stop_tier(cand.key):
                rule = "municipality.amount_list"
            attrs = {"name": entry.canonical, "kind": entry.kind, "state": entry.state}
            if "in_name" in cand.cues:
                attrs["in_name"] = True  # part of an institution's name ("Polizeipräsidium Tuttlingen")
            add_span(doc, cand.start, cand.end, LABEL, SpanInfo(
                value=entry.ags, rule=rule, confidence=confidence, attrs=attrs))
            self._elided_twin(doc, cand, entry, confidence)
        return doc

    def _elided_twin(self, doc: Doc, cand: Candidate, entry: GazetteerEntry, confidence: float) -> None:
        """"Stadt und Landkreis Bamberg", "der Landkreis und die Stadt Regensburg": one name for
        both the Stadt and the Kreis; the other one is a mention on its head word ("Stadt",
        "Landkreis"), rule ``municipality.elided``."""
        lo = max(0, cand.start - 4)
        before = [(t.i, t.text) for t in doc[lo:cand.start] if t.text not in ("die", "der", "den", "dem")]
        twin: GazetteerEntry | None = None
        at = -1
        if entry.is_kreis and [w for _, w in before[-2:]] == ["Stadt", "und"] and \
                doc[cand.start].text in ("Landkreis", "Kreis"):
            at = before[-2][0]  # "Stadt und Landkreis Bamberg": the span starts at "Landkreis"
            base = normalise_name(kreis_base(entry) or entry.canonical)
            towns = [t.entry for t in self.forms.get(base, ()) if not t.entry.is_kreis and t.entry.state == entry.state
                     and (t.entry.kreis_ags == entry.kreis_ags or t.entry.kind == "kreisfreie Stadt")]
            twin = min(towns, key=lambda e: (e.kreis_ags != entry.kreis_ags, e.ags), default=None)
        elif not entry.is_kreis and "gemeinde" in cand.cues and len(before) >= 3 and \
                [w for _, w in before[-2:]] == ["und", "Stadt"] and before[-3][1] in ("Landkreis", "Kreis"):
            at = before[-3][0]  # "der Landkreis und die Stadt Regensburg"
            twin = next((k for k in self.kreis_by_base.get(cand.key, ()) if k.state == entry.state), None)
        if twin is None or at < 0 or any(s.start <= at < s.end for s in doc.spans.get(SPAN_GROUP, ())):
            return
        add_span(doc, at, at + 1, LABEL, SpanInfo(
            value=twin.ags, rule="municipality.elided", confidence=confidence,
            attrs={"name": twin.canonical, "kind": twin.kind, "state": twin.state}))


def _cue_kind(cue: str) -> str:
    """The kind a cue word names: "Stadt", "Kreisstadt", "Hansestadt" a town, "Gemeinde",
    "Ortsgemeinde", "Markt" a Gemeinde without town rights; "" for the others ("Kommune")."""
    low = cue.lower()
    if low.endswith(("stadt", "städtchen")):
        return "kind_stadt"
    if low.endswith("gemeinde") or low in ("markt", "flecken", "marktflecken"):
        return "kind_gemeinde"
    return ""


def _kind_fits(cues: set[str], entry: GazetteerEntry) -> bool:
    """Whether a same-named entry has the kind the mention's cue word names."""
    if "kind_stadt" in cues:
        return entry.kind in ("Stadt", "kreisfreie Stadt")
    if "kind_gemeinde" in cues:
        return entry.kind == "Gemeinde"
    return False


@Language.factory("pressextract_municipalities", default_config={"home": ""})
def make_municipalities(nlp: Language, name: str, home: str) -> MunicipalityRecognizer:
    """Gemeinde and Kreis mentions, disambiguated per document, with their AGS.

    ``home`` overrides the data folder the gazetteer is read from (default: $PRESSEXTRACT_HOME or
    ~/.local/share/pressextract, see :func:`extract.gazetteer.data_dir`).
    """
    return MunicipalityRecognizer(nlp, load_gazetteer(Path(home) if home else None))

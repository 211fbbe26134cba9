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
  used for a person once ("Landrat Mehring") is not a place elsewhere in the document unless a
  cue or a preposition says so ("nach Mehring"); a small
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

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.components import SPAN_GROUP, add_span
from extract.components.municipality_context import _AMOUNT, ContextRules
from extract.components.municipality_data import Candidate, DocContext, Lexicon, home_kreise, kreis_base
from extract.components.municipality_forms import FormMatcher
from extract.components.municipality_resolve import Disambiguation
from extract.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, normalise_name
from extract.model import SpanInfo

LABEL = "municipality"


class MunicipalityRecognizer(FormMatcher, ContextRules, Disambiguation):
    """Finds municipality mentions and resolves each to one gazetteer entry (see module doc).

    One concern per module: candidates (:mod:`~extract.components.municipality_forms`), context
    rules (:mod:`~extract.components.municipality_context`), disambiguation
    (:mod:`~extract.components.municipality_resolve`); this class runs them per document."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.lex = lexicon or Lexicon.load()
        self._word_lands: dict[str, str] = {}
        self._land_start: dict[str, bool] = {}
        self._land_firsts: frozenset[str] = frozenset()
        self._init_forms(nlp)

    def __call__(self, doc: Doc) -> Doc:
        raw = self._raw_candidates(doc)
        negative = self._negative_lists(doc, raw)
        cands = [c for c in raw if c.start not in negative and self._annotate_context(doc, c)]
        # "Dr. Mehring: … informiert Mehring": a name used for a person stays the person
        people = {c.key for c in raw if "person" in c.cues}
        cands = [c for c in cands if c.key not in people or c.cues & {"gemeinde", "plz", "paren", "prep"}]
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
            else:
                # "Gengenbach, Lauf, Hornberg und Oberkirch": a list of Gemeinden of one Kreis
                in_list = self._same_kreis_list(cand, entries, chains, accepted)
                if in_list:
                    cand.cues.add("same_kreis_list")
                    accepted.append((cand, in_list))
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
            elif "same_kreis_list" in cand.cues:
                rule = "municipality.same_kreis_list"
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


@Language.factory("pressextract_municipalities", default_config={"home": ""})
def make_municipalities(nlp: Language, name: str, home: str) -> MunicipalityRecognizer:
    """Gemeinde and Kreis mentions, disambiguated per document, with their AGS.

    ``home`` overrides the data folder the gazetteer is read from (default: $PRESSEXTRACT_HOME or
    ~/.local/share/pressextract, see :func:`extract.gazetteer.data_dir`).
    """
    return MunicipalityRecognizer(nlp, load_gazetteer(Path(home) if home else None))

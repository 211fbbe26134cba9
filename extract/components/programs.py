"""Programmes and organisations that carry facts: ``pressextract_programs`` and ``pressextract_organizations``.

Programmes are named in quotes after a cue noun ("Landesinitiative „Kein Kind zurücklassen!“");
once a document has named one, later quotations of the same name and its abbreviation ("KeKiz -
Kein Kind zurücklassen") are mentions too. Organisations are capitalised phrases around a head
word ("Landesverband Rheinland (LVR)", "Bertelsmann Stiftung"), their bracketed abbreviations,
and, when the base pipeline has an NER model, its ORG spans. Cue lists are in ``rules/programs.yaml``.
Quote pairing is done with one regular expression over the text: spaCy's token matchers cannot
pair quotes across a variable number of tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components import add_span
from extract.components._matching import token_table
from extract.model import SpanInfo
from extract.normalise.programs import program_key
from extract.rules import read_yaml


def _singular(name: str) -> str:
    """'Städtebauförderungsprogrammen' -> 'Städtebauförderungsprogramm' (plural/dative endings of the head)."""
    name = re.sub(r"(programm|netzwerk|fonds|stock)(en|e|s|es)$", r"\1", name)
    name = re.sub(r"(bündnis)(sen|ses|se)$", r"\1", name)  # "Klima-Bündnisses" -> "Klima-Bündnis"
    # "Dorferneuerungs-Programm" -> "Dorferneuerungsprogramm": one spelling per described compound
    return re.sub(r"([a-zäöüß])-([A-ZÄÖÜ])([a-zäöüß]+)$", lambda m: m.group(1) + m.group(2).lower() + m.group(3), name)


def _clean_name(name: str) -> str:
    return " ".join(name.split()).strip(" ,;:–-")


@lru_cache(maxsize=1)
def _genders() -> tuple[tuple[str, re.Pattern[str]], ...]:
    raw = read_yaml("programs.yaml")["head_genders"]
    ending = {"neuter": "es", "masculine": "er", "feminine": "e"}
    return tuple((ending[g], re.compile(rf"(?i)^[\wäöüß-]*(?:{'|'.join(map(re.escape, heads))})(?:e?s)?$"))
                 for g, heads in raw.items())


def nominative(name: str) -> str:
    """"Bayerische Staatsministerium für Digitales" -> "Bayerisches Staatsministerium für Digitales",
    "Europäischen Sozialfonds" -> "Europäischer Sozialfonds": the leading adjective in the strong
    nominative of its head's gender (names are quoted after articles in running text)."""
    words = name.split(" ")
    if len(words) < 2 or not re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:isch|lich|ig)(?:e|en|er|es|em)", words[0]):
        return name
    head = re.sub(r"(?<=[a-zäöü])(e?s)$", "", words[1]) if words[1].endswith(("ums", "amts", "amtes")) else words[1]
    for ending, pattern in _genders():
        if pattern.match(head):
            stem = re.sub(r"(e|en|er|es|em)$", "", words[0])
            return " ".join([stem + ending, head, *words[2:]])
    return name


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    rules = read_yaml("programs.yaml")
    cues = "|".join(sorted((re.escape(c) for c in rules["program_cues"]), key=len, reverse=True))
    suffixes = "|".join(re.escape(s) for s in rules["program_cue_suffixes"])
    opens = "".join(sorted({re.escape(o) for o, _ in rules["quotes"]}))
    closes = "".join(sorted({re.escape(c) for _, c in rules["quotes"]}))
    max_chars = int(rules["max_name_chars"])
    cue = rf"(?:\b(?:{cues})(?:e|en|n|s|es)?\b|\b[A-ZÄÖÜ][\wäöüß-]*(?:{suffixes})(?:e|en|n|s|es)?\b)"
    quoted = rf"[{opens}](?P<name>[^{opens}{closes}\n]{{2,{max_chars}}}?)[{closes}]"
    heads = "|".join(sorted((re.escape(h) for h in rules["organization_heads"]), key=len, reverse=True))
    word = (r"(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Eines|Im|Am|Beim|Vom|Zum|Zur|Mit|Auch|Laut|Wie|Nach|Bei|"
            r"Von|Aus|Für)\b)[A-ZÄÖÜ][\wäöüß\-]+")
    head = rf"[\wäöüß\-]*(?:{heads})(?:e?s|en|n)?(?![\wäöüß])"
    org = (rf"(?P<org>(?:{word} ){{0,2}}{head}"
           rf"(?: (?:für|der|des) (?:{word}|[a-zäöü]+e[nmrs]?)(?:(?:, | und | )(?:{word}))*(?: e\. ?V\.)?"
           rf"| (?!Kreis\b|Stadt\b)[A-ZÄÖÜ][a-zäöüß]+(?=[ ,.(]))?)"
           rf"(?: \((?P<abbr>[A-ZÄÖÜ][A-Za-zÄÖÜ\-]{{1,7}})\))?")
    gap = (r"(?:\s+(?:des|der)\s+[A-ZÄÖÜ][\wäöüß-]+(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?"
           r"|\s+wie(?:\s+(?:beispielsweise|etwa|zum Beispiel|z\. ?B\.))?)?\s*")
    described = "|".join(sorted((re.escape(x) for x in rules["described_suffixes"]), key=len, reverse=True))
    return {
        "described": re.compile(
            rf"(?<![\wäöüß-])(?P<name>(?:[A-ZÄÖÜ][a-zäöüß]+(?:e|er|es|en) )?"
            rf"[A-ZÄÖÜ][\wäöüß-]{{2,}}(?:{described}|{described.title()})(?:e|en|n|s|es)?"
            rf"(?: (?:des Bundes|des Landes|des Freistaats|der EU|der Europäischen Union)"
            # "Förderprogramm Kommunaler Sportstätten": a capitalised adjective after the head starts its name
            rf"| [A-ZÄÖÜ][a-zäöüß]+(?:er|en) [A-ZÄÖÜ][a-zäöüß-]{{2,}})?)(?![\wäöüß])"),
        # "im Rahmen des „Sonderprogramms Feuerwehrhäuser“": a quoted name whose first word is a programme head
        "quoted_head": re.compile(rf"[{opens}](?P<name>(?P<head>[A-ZÄÖÜ][\wäöüß-]*(?:{suffixes}))(?P<gen>e?s)?"
                                  rf"(?: [A-ZÄÖÜ0-9][^{opens}{closes}\n]{{1,{max_chars}}}?))[{closes}]"),
        "described_context": re.compile(rules["described_context"], re.IGNORECASE),
        "cued": re.compile(rf"{cue}{gap}{quoted}"),
        "quoted": re.compile(quoted),
        "abbr_before": re.compile(rf"\b(?P<abbr>[A-Z][A-Za-z]{{1,7}})\s[-–]\s(?P<name>[^\n\"„“”]{{3,{max_chars}}})"),
        "org": re.compile(org),
        "org_head": re.compile(rf"(?:{heads})"),
    }


@lru_cache(maxsize=1)
def _round_patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """``round_patterns`` of ``rules/programs.yaml`` with their placeholders filled in (id, pattern, label:
    the round's name when the pattern gives one, else the matched phrase is the name)."""
    rules = read_yaml("programs.yaml")
    parts = rules["round_parts"]

    def fill(pattern: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: f"(?:{parts[m.group(1)]})" if m.group(1) in parts else m.group(0),
                      pattern)

    if any("{amount}" not in r["pattern"] for r in rules["round_patterns"]):
        raise ValueError("rules/programs.yaml: every round pattern needs {amount} (see round_trigger)")
    return tuple((r["id"], re.compile(fill(r["pattern"])), r.get("label", "")) for r in rules["round_patterns"])


@lru_cache(maxsize=1)
def _round_trigger() -> re.Pattern[str]:
    """What a sentence must hold for a round pattern to match it (the currency of ``{amount}``)."""
    return re.compile(read_yaml("programs.yaml")["round_trigger"])


@lru_cache(maxsize=1)
def _described_stop() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_yaml("programs.yaml")["described_stop"])


@lru_cache(maxsize=1)
def _plural_heads() -> tuple[str, ...]:
    return tuple(w.casefold() for w in read_yaml("programs.yaml")["plural_heads"])


@lru_cache(maxsize=1)
def _round_class_words() -> frozenset[str]:
    return frozenset(read_yaml("programs.yaml")["round_class_words"])


@lru_cache(maxsize=1)
def _round_drop_words() -> frozenset[str]:
    return frozenset(read_yaml("programs.yaml")["round_drop_words"])


_ORG_PREFIX_CHAR = re.compile(r"[\wäöüß\-]")


def org_matches(text: str) -> list[re.Match[str]]:
    """``_patterns()["org"].finditer(text)``, fast: the regex is only tried near a head word.

    Every match holds a head word ("Stiftung", "Verband", ...) literally, and between the start of
    a match and its head stand only word characters, hyphens and at most two single spaces (up to
    two capitalised words before the head word). So no match starts before that stretch ends
    going back from the first head at or after the search position; trying each start from there
    to the head finds exactly the next match ``finditer`` would find (none: it starts after the head).
    """
    pats = _patterns()
    org, head = pats["org"], pats["org_head"]
    found: list[re.Match[str]] = []
    pos = 0
    while True:
        h = head.search(text, pos)
        if h is None:
            return found
        start, spaces = h.start(), 0
        while start > pos:
            char = text[start - 1]
            if char == " ":
                spaces += 1
                if spaces > 2:
                    break
            elif not _ORG_PREFIX_CHAR.match(char):
                break
            start -= 1
        match = next((m for m in (org.match(text, q) for q in range(start, h.start() + 1)) if m), None)
        if match is None:
            pos = h.start() + 1  # a later match starts after this head
            continue
        found.append(match)
        pos = match.end()


@lru_cache(maxsize=1)
def _standalone() -> frozenset[str]:
    return frozenset(read_yaml("programs.yaml")["standalone_organizations"])


@lru_cache(maxsize=1)
def _bare_heads() -> frozenset[str]:
    """Head words that alone are no name ("Zweckverband", "Kirchengemeinde")."""
    rules = read_yaml("programs.yaml")
    return frozenset(h.strip().casefold() for h in rules["recipient_heads"] + rules["organization_heads"])


@lru_cache(maxsize=1)
def _recipient_compound() -> re.Pattern[str]:
    """A one-word name that is a compound of a recipient head ("Oldtimerfreunde", "Breitband-Zweckverband")."""
    heads = [h for h in read_yaml("programs.yaml")["recipient_heads"] if h.isalpha()]
    return re.compile(rf"^[A-ZÄÖÜ][\wäöüß-]{{3,}}(?:{'|'.join(heads)})$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _club_pattern() -> re.Pattern[str]:
    """"TSV Burgau", "SpVgg 1920 Erlangen": a club abbreviation, an optional founding year, one or two
    capitalised words (``club_prefixes`` in ``rules/programs.yaml``)."""
    prefixes = "|".join(sorted((re.escape(p) for p in read_yaml("programs.yaml")["club_prefixes"]), key=len,
                               reverse=True))
    return re.compile(rf"(?<![\w-])(?:{prefixes})(?: (?:18|19|20)?\d\d)?(?: [A-ZÄÖÜ][\wäöüß-]+){{1,2}}(?<!\bStadt)"
                      rf"(?<!\bGemeinde)(?![\wäöüß-])")


def is_club(name: str) -> bool:
    """A club named by its abbreviation ("TSV Burgau")."""
    return _club_pattern().fullmatch(name) is not None


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


class ProgramFinder:
    """Programme mentions: cued quoted names, their later quotations and abbreviations."""

    def __call__(self, doc: Doc) -> Doc:
        pats = _patterns()
        text = token_table(doc).text
        known: dict[str, str] = {}  # key -> canonical name
        taken: set[tuple[int, int]] = set()
        for match in pats["cued"].finditer(text):
            name = _clean_name(match.group("name"))
            if len(name.split()) > 12 or not name[:1].isupper():
                continue
            known.setdefault(program_key(name), name)
            self._emit(doc, match.start("name"), match.end("name"), name, "program.cue_quoted", 0.9, taken)
        for match in pats["quoted_head"].finditer(text):
            span = (match.start("name"), match.end("name"))
            if any(s <= span[0] < e or s < span[1] <= e for s, e in taken):
                continue
            name = _clean_name(match.group("head") + match.group("name")[match.end("head") - match.start("name")
                                                                        + len(match.group("gen") or ""):])
            if len(name.split()) > 12:
                continue
            known.setdefault(program_key(name), name)
            self._emit(doc, span[0], span[1], name, "program.quoted_head", 0.8, taken)
        self._described(doc, taken)
        self._rounds(doc, taken)
        if not known:
            return doc
        for match in pats["quoted"].finditer(text):
            key = program_key(match.group("name"))
            base = next((k for k in known if key == k or key.startswith(k + " ") or k.startswith(key + " ")), None)
            if base is not None and (match.start("name"), match.end("name")) not in taken:
                self._emit(doc, match.start("name"), match.end("name"), _clean_name(match.group("name")),
                           "program.quoted_again", 0.8, taken)
        for match in pats["abbr_before"].finditer(text):
            key = program_key(match.group("name"))
            base = next((k for k in known if key.startswith(k)), None)
            if base is not None:
                self._emit(doc, match.start("abbr"), match.end("abbr"), known[base], "program.abbreviation", 0.7,
                           taken, alias=match.group("abbr"))
        return doc

    def _described(self, doc: Doc, taken: set[tuple[int, int]]) -> None:
        """Programmes only described ("die Städtebauförderung", "Breitbandförderprogramm des Bundes"),
        in sentences that state money or membership and outside quoted names."""
        pats = _patterns()
        text = token_table(doc).text
        for sent in doc.sents:
            sent_text = text[sent.start_char:sent.end_char]  # = sent.text, without Token objects
            if not pats["described_context"].search(sent_text):
                continue
            for match in pats["described"].finditer(sent_text):
                start, end = sent.start_char + match.start("name"), sent.start_char + match.end("name")
                if any(s <= start < e or s < end <= e for s, e in taken):
                    continue
                name = _clean_name(match.group("name"))
                if _singular(name).casefold() in _described_stop():
                    continue
                self._emit(doc, start, end, _singular(name), "program.described", 0.6, taken)

    def _rounds(self, doc: Doc, taken: set[tuple[int, int]]) -> None:
        """Funding rounds named by nobody ("Das Land fördert Schulbauprojekte … mit über 80 Millionen
        Euro"): the described purpose becomes a programme mention, in sentences that name no programme."""
        text = token_table(doc).text
        drop = _round_drop_words()
        for sent in doc.sents:
            lo, hi = sent.start_char, sent.end_char
            if any(lo <= s < hi for s, _ in taken):
                continue
            sent_text = text[lo:hi]
            if not _round_trigger().search(sent_text):
                continue
            for rule, pattern, label in _round_patterns():
                match = pattern.search(sent_text)
                if match is None:
                    continue
                group = next(g for g in ("name", "name2", "name3", "name4")
                             if g in pattern.groupindex and match.group(g))
                words = _clean_name(match.group(group)).split(" ")
                while len(words) > 1 and words[0].lower() in drop:
                    words = words[1:]
                name = " ".join(words)
                start = lo + match.end(group) - len(name)
                if not label and name.casefold() in _round_class_words():
                    label = "Förderrunde"  # "unterstützt die Kommunen mit …": the recipients, no purpose
                self._emit(doc, start, lo + match.end(group), label or name, f"program.round/{rule}", 0.5, taken)
                break

    @staticmethod
    def _emit(doc: Doc, start: int, end: int, name: str, rule: str, confidence: float,
              taken: set[tuple[int, int]], alias: str = "") -> None:
        span = _char_span(doc, start, end)
        if span is None or (start, end) in taken:
            return
        taken.add((start, end))
        attrs = {"alias": alias} if alias else {}
        add_span(doc, span.start, span.end, "program", SpanInfo(value=name, rule=rule, confidence=confidence,
                                                                  attrs=attrs))


class OrganizationFinder:
    """Organisation mentions: head-word phrases with their abbreviations, plus NER ORG spans."""

    def __call__(self, doc: Doc) -> Doc:
        text = token_table(doc).text
        abbreviations: dict[str, str] = {}
        taken: list[tuple[int, int]] = []
        # a person the people step found is never part of an organisation's name: "im Bundesministerium
        # für Wirtschaft, Michael Brand, …" ends before the comma
        people = sorted(s.start_char for s in doc.spans.get("pressextract", []) if s.label_ == "person")
        for match in org_matches(text):
            org_start, org_end = match.start("org"), match.start("org") + len(match.group("org").rstrip())
            cut = next((p for p in people if org_start < p < org_end), None)
            org_text = match.group("org") if cut is None else re.sub(r"(?:,|\s+und)?\s*$", "", text[org_start:cut])
            name = nominative(_clean_name(org_text))
            single = " " not in name and (not match.group("abbr") or cut is not None)
            # "Landesfeuerwehrverband" names a body; "Zweckverband" alone is a generic reference
            compound = single and _recipient_compound().search(name) is not None \
                and name.casefold() not in _bare_heads()
            if not name[:1].isupper() or len(name) < 4 or (single and not compound and name not in _standalone()) \
                    or name.rsplit(" ", 1)[-1].casefold().endswith(_plural_heads()):
                continue
            span = _char_span(doc, org_start, org_start + len(org_text.rstrip()))
            if span is None:
                continue
            attrs = {}
            if match.group("abbr") and cut is None:
                abbreviations[match.group("abbr")] = name
                attrs["alias"] = match.group("abbr")
            taken.append((span.start_char, span.end_char))
            add_span(doc, span.start, span.end, "organization",
                     SpanInfo(value=name, rule="organization.head_word", confidence=0.7, attrs=attrs))
        for match in _club_pattern().finditer(text):
            span = _char_span(doc, match.start(), match.end())
            if span is None or any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((span.start_char, span.end_char))
            add_span(doc, span.start, span.end, "organization",
                     SpanInfo(value=_clean_name(match.group(0)), rule="organization.club", confidence=0.7))
        for abbr, name in abbreviations.items():
            for match in re.finditer(rf"(?<![(\w-]){re.escape(abbr)}(?![\w)])", text):
                span = _char_span(doc, match.start(), match.end())
                if span is not None and not any(s <= match.start() < e for s, e in taken):
                    add_span(doc, span.start, span.end, "organization",
                             SpanInfo(value=name, rule="organization.abbreviation", confidence=0.7,
                                      attrs={"alias": abbr}))
        for ent in doc.ents:
            if ent.label_ == "ORG" and not any(s < ent.end_char and ent.start_char < e for s, e in taken):
                add_span(doc, ent.start, ent.end, "organization",
                         SpanInfo(value=nominative(_clean_name(ent.text)), rule="ner.model", confidence=0.6))
        return doc


@Language.factory("pressextract_programs")
def make_programs(nlp: Language, name: str) -> ProgramFinder:
    """Named programmes and initiatives (quoted names after a cue noun)."""
    return ProgramFinder()


@Language.factory("pressextract_organizations")
def make_organizations(nlp: Language, name: str) -> OrganizationFinder:
    """Organisations that carry facts (funders, ministries, foundations)."""
    return OrganizationFinder()

"""Context rules of the municipality component: cue words, negatives, person context, lists and
their plural cues, stop-listed names, amount lists and Ortsteil outliers (word lists in
``rules/municipalities/``; module doc of :mod:`extract.components.municipalities`)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from spacy.tokens import Doc, Span, Token

from extract.components._matching import span_text, token_table
from extract.components.municipality_data import Candidate, Lexicon, Target
from extract.gazetteer import GazetteerEntry, normalise_name

_PLZ = re.compile(r"\d{5}")
_SMALL = 10_000  # a Gemeinde below this size, named once far from the others, is likely an Ortsteil
# a list line: a name opening a line of at most this many tokens ("• Mengen: 80.000 Euro")
_LIST_LINE_TOKENS = 9
_AMOUNT = re.compile(r"\d(?:[\d.\u00a0\u202f ]*\d)?(?:,\d+)?\s*(?:(?:Mio|Mrd|Tsd)\.|Millionen|Milliarden|Tausend)?\s*"
                     r"(?:Euro\b|EUR\b|€)")


def _broken(tokens: Span) -> bool:
    """A line break after one of ``tokens`` but the last: a list does not go on over it."""
    return any("\n" in t.whitespace_ for t in list(tokens)[:-1])


class ContextRules:
    """What the words around a candidate say about it (cues set on the :class:`Candidate`)."""

    lex: Lexicon
    forms: dict[str, list[Target]]
    kreis_by_base: dict[str, list[GazetteerEntry]]

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
            # "neben Lindau (Bodensee) noch Aichach-Friedberg, …": "neben X noch Y" lists X with Y
            besides = (len(between) == 1 and between[0].text == "noch" and prev.start > 0
                       and doc[prev.start - 1].text.lower() == "neben")
            if besides or (0 < len(between) <= 3 and all(t.text in self.lex.connectors for t in between)):
                if prev.in_list < 0:
                    chain_id += 1
                    prev.in_list = chain_id
                    chains[chain_id].append(prev)
                cur.in_list = prev.in_list
                chains[cur.in_list].append(cur)
        return chains

    def _negative_lists(self, doc: Doc, raw: list[Candidate]) -> set[int]:
        """Starts of the candidates in a list that names no municipalities: after a negative plural
        ("die Verbandsgemeinden Altenkirchen und Flammersfeld", "mit den Ortsteilen Pouch, Gossa"),
        or before "der Stadt X" / "der Gemeinde X" ("Frauensee, Dönges der Stadt Bad Salzungen": its
        Ortsteile). Every item is no municipality, not just the first; the list may hold names that are
        no candidates ("Ortsteile Altenbeichlingen, Großmonra": only the second is in the gazetteer)."""
        out: set[int] = set()
        chain: list[Candidate] = []
        for cand in [*raw, None]:
            if cand is not None and chain and self._list_items_between(doc, chain[-1].end, cand.start):
                chain.append(cand)
                continue
            if chain:
                first = self._list_start(doc, chain[0].start)
                if first > 0 and doc[first - 1].text in self.lex.negative_plurals:
                    out.update(c.start for c in chain if "gemeinde" not in c.cues)
                elif self._part_of_tail(doc, self._list_end(doc, chain[-1].end)):  # a Kreis is no Ortsteil
                    out.update(c.start for c in chain if "gemeinde" not in c.cues and not self._kreis_only(c))
            chain = [cand] if cand is not None else []
        return out

    def _is_list_item(self, token: Token) -> bool:
        """A connector or a capitalised word that may be a place name (not a common noun's ending)."""
        text = token.text
        return text in self.lex.connectors or (text[:1].isupper() and text.replace("-", "").isalpha()
                                               and not text.endswith(self.lex.noun_endings))

    def _list_items_between(self, doc: Doc, end: int, start: int) -> bool:
        """Only list items between two candidates, starting with a connector (at most four names)."""
        between = doc[end:start]
        return 0 < len(between) <= 8 and between[0].text in self.lex.connectors \
            and between[-1].text in self.lex.connectors and all(self._is_list_item(t) for t in between) \
            and not _broken(doc[end - 1:start])

    def _list_start(self, doc: Doc, start: int) -> int:
        """The first item of the list that ends with the candidate at ``start`` (names that are no
        candidates included): back over "Name ," pairs."""
        i = start
        while i >= 2 and doc[i - 1].text in self.lex.connectors and self._is_list_item(doc[i - 2]) \
                and doc[i - 2].text not in self.lex.connectors and not _broken(doc[i - 2:i]):
            i -= 2
        return i

    def _list_end(self, doc: Doc, end: int) -> int:
        """The end of the list that starts with the candidate ending at ``end``: on over ", Name" pairs
        (a comma or slash only: "Wallerfangen sowie Teile der Stadt …" is no list of names)."""
        i = end
        while i + 1 < len(doc) and doc[i].text in (",", "/") and self._is_list_item(doc[i + 1]) \
                and doc[i + 1].text not in self.lex.connectors and not _broken(doc[i - 1:i + 1]):
            i += 2
        return i

    def _part_of_tail(self, doc: Doc, end: int) -> bool:
        """"der Stadt Bad Salzungen" / "der Gemeinde Rothenstein" right after the list."""
        tail = doc[end:end + 3]
        return len(tail) == 3 and tail[0].text in ("der", "des") and tail[1].text in self.lex.part_of_heads \
            and tail[2].text[:1].isupper() and "\n" not in doc[end - 1].whitespace_

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

    def _land_name(self, first: str, second: str) -> bool:
        """"Schleswig" + "Holstein" (or "Schleswig-" + "Holstein") make a Land name."""
        return normalise_name(f"{first} {second}") in self.lex.land_names or (
            first.endswith("-") and normalise_name(f"{first}{second}") in self.lex.land_names)

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
            elif (prev.text in lex.negative_prefixes or self._is_institution(prev, lex.negative_suffixes)
                  or prev.text.startswith(lex.negative_stems)):
                return False  # "SG Dahlenburg"; "Firma Alber": a firm's owner; "Regierungspräsidiums Freiburg"
            elif prev.text == "/" and prev2 is not None and cand.start > 2 \
                    and doc[cand.start - 3].text in lex.negative_prefixes:
                return False  # "Amt Peenetal/Loitz": the second half of a Gemeindeverband's name
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
        if self._church_patron(doc, cand):
            return False
        if self._historical_kreis(doc, cand):
            return False
        # "Schleswig Holstein", "Sachsen Anhalt", "Schleswig- Holstein": part of a Land name written without
        # its hyphen or with a broken one
        name = doc[cand.start:cand.end].text
        if (nxt is not None and self._land_name(name, nxt.text)) or (
                prev is not None and self._land_name(prev.text, name)):
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
        elif nxt is not None and nxt.text in lex.kreis_after_words:
            kreis = self._kreis_at(doc, cand.end + 1)
            if kreis and any(e.kreis_ags == kreis for e in cand.entries if not e.is_kreis):
                cand.restrict_kreis = kreis  # "Hatten im Landkreis Oldenburg": as "(Landkreis Oldenburg)"
                cand.cues.add("paren")
        return True

    def _kreis_at(self, doc: Doc, start: int) -> str:
        """The AGS of the one Kreis named by the longest form starting at token ``start`` ("Landkreis
        Oldenburg", "Ortenaukreis", "Kreis Neustadt a.d.Aisch-Bad Windsheim"), else ""."""
        for end in range(min(len(doc), start + 6), start, -1):
            kreise = {t.entry.ags for t in self.forms.get(normalise_name(doc[start:end].text), ()) if t.entry.is_kreis}
            if len(kreise) == 1 and doc[start].text[:1].isupper():
                return kreise.pop()
        return ""

    def _church_patron(self, doc: Doc, cand: Candidate) -> bool:
        """"Pfarrkirche „St. Martin“", "Kapelle St. Johann": a saint's name after a church word
        (context.yaml church_words) is the patron, not the Gemeinde."""
        if not cand.key.startswith(("st. ", "st ", "sankt ")):
            return False
        i = cand.start - 1
        while i >= 0 and doc[i].is_quote:
            i -= 1
        return i >= 0 and doc[i].text[:1].isupper() and doc[i].text.lower().endswith(self.lex.church_words)

    def _historical_kreis(self, doc: Doc, cand: Candidate) -> bool:
        """"dem ehemaligen Kreis Lippstadt", "des damaligen Landkreises Wasserburg": a Kreis that
        no longer exists, named by a Kreis word after a historical adjective (the Kreis word opens
        the candidate or stands right before it)."""
        lex = self.lex
        at = cand.start if doc[cand.start].text in lex.kreis_words else cand.start - 1
        if at < 1 or doc[at].text not in lex.kreis_words:
            return False
        adjective = doc[at - 1].text.lower()
        return adjective.startswith(lex.historical_adjectives) and not doc[at - 1].text[:1].isupper()

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

    def _amount_list(self, doc: Doc, cand: Candidate, cands: list[Candidate]) -> bool:
        """An item of a list of municipalities with amounts: an amount within three words after
        the name ("Mengen erhält 20.000 Euro", "Haag 144000 Euro") or right before it ("fließen
        200 000 Euro nach Hettingen"), and two more places in the sentence; or, on a short list
        line of its own ("• Mengen: 80.000 Euro", "Essen | 1,2 Mio. €"), another place with its
        amount on another line."""
        after = self._amount_after(doc, cand)
        before = any(doc[i].text in ("Euro", "EUR", "€") for i in range(max(0, cand.start - 3), cand.start))
        if not (after or before):
            return False
        sent = self._sentence(doc, cand)
        others = {c.key for c in cands if sent.start <= c.start < sent.end and c.key != cand.key}
        if len(others) >= 2:
            return True
        if not (after and len(sent) <= _LIST_LINE_TOKENS and cand.start - sent.start <= 1):
            return False
        return any(c.key != cand.key and not (sent.start <= c.start < sent.end) and self._amount_after(doc, c)
                   for c in cands)

    def _same_kreis_list(self, cand: Candidate, entries: list[GazetteerEntry], chains: dict[int, list[Candidate]],
                         accepted: list[tuple[Candidate, list[GazetteerEntry]]]) -> list[GazetteerEntry]:
        """A stop-listed name in a list with at least ``list_kreis_min`` unambiguous, not stop-listed
        Gemeinden of one Kreis ("Gengenbach, Lauf, Hornberg und Oberkirch"): its entries in that Kreis."""
        if cand.in_list < 0 or "determiner" in cand.cues:
            return []
        members = {id(c) for c in chains[cand.in_list]}
        votes: dict[str, set[str]] = defaultdict(set)
        for other, es in accepted:
            if (id(other) in members and other.key != cand.key and len(es) == 1 and not es[0].is_kreis
                    and not self.lex.stop_tier(other.key)):
                votes[es[0].kreis_ags].add(es[0].ags)
        kreise = {k for k, ags in votes.items() if len(ags) >= self.lex.list_kreis_min}
        return [e for e in entries if e.kreis_ags in kreise and not e.is_kreis]

    def _amount_after(self, doc: Doc, cand: Candidate) -> bool:
        return any(self._amount_at(doc, i) for i in range(cand.end, min(len(doc), cand.end + 3)))

    def _is_outlier(self, doc: Doc, cand: Candidate, entries: list[GazetteerEntry], home: set[str],
                    others: list[tuple[Candidate, list[GazetteerEntry]]], known: set[int],
                    dateline_keys: set[str]) -> bool:
        """A small Gemeinde named without a cue that is most likely an Ortsteil of the same name:

        * outside every Kreis the document is about: in a text about the Landkreis Sigmaringen,
          "in Thalheim" and "die Turnhalle Göggingen" are Ortsteile, not the Gemeinden elsewhere;
        * or listed with names that are no municipality ("in Aichelau, Geisingen und
          Huldstetten") while no other municipality of the document shares its Kreis.
        """
        if cand.cues & {"gemeinde", "plz", "paren", "amount_list", "same_kreis_list", "gemeinde_list", "kreis_list",
                        "genitive", "kreis_institution"} or cand.key in dateline_keys:
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
                if word not in covered and tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start \
                        and not tok.text.endswith(self.lex.noun_endings):  # "aus Ballhausen und Vertreter …"
                    return True
        return False


def _cue_kind(cue: str) -> str:
    """The kind a cue word names: "Stadt", "Kreisstadt", "Hansestadt" a town, "Gemeinde",
    "Ortsgemeinde", "Markt" a Gemeinde without town rights; "" for the others ("Kommune")."""
    low = cue.lower()
    if low.endswith(("stadt", "städtchen")):
        return "kind_stadt"
    if low.endswith("gemeinde") or low in ("markt", "flecken", "marktflecken"):
        return "kind_gemeinde"
    return ""

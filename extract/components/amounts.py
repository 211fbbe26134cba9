"""Money amounts: German number formats, scale and number words, currencies, ranges, periods.

``pressextract_amounts`` finds amounts with a spaCy Matcher built from
``rules/amounts/patterns.jsonl`` and the YAML lexicons beside it, and adds ``amount`` spans:

* value: plain decimal in the currency's main unit ("20 Cent" -> ``0.2`` EUR); unit: ISO code.
* Qualifiers ("rund", "bis zu", "mehr als", "je", ...) stay outside the span and go to
  ``attrs["qualifier"]`` / ``attrs["qualifier_kind"]``; they never change the value.
* Ranges ("drei bis vier Milliarden Euro", "zwischen 2 und 3 Mio. Euro"): value = lower bound,
  ``attrs["range_to"]`` = upper bound; "zwischen" stays outside the span.
* Bare scale amounts ("1,49 Milliarden" without a currency word) are money only if they can
  inherit a currency: from the nearest earlier amount with a currency in the same paragraph, at
  most ``inherit.max_sentences_back`` sentences back (else from a later amount in the same
  sentence); and only if no capitalised noun or count word follows ("280 Millionen Menschen").
  They carry ``attrs["currency_inherited"] = True``.
* Bare numbers without a scale word ("- Ernsgaden: 161 000", "von 1,01 auf 0,84 Euro", rows under
  "(in Euro)") become amounts only by the list/header/partner rules of
  :mod:`extract.components.amount_rows` (``rules/amounts/rows.yaml``), also marked as inherited.
* Period (``SpanInfo.period``) from cue words (``periods.yaml``, structured cues in
  ``patterns.jsonl``), looked up in this order:

  1. cues in the amount's clause (between , ; : – ( )): lowest rank wins, then the nearest;
  2. the period of the previous amount in the same sentence ("2018 1,48 Mrd. Euro, 2019 1,49 Mrd.");
  3. cues anywhere in the sentence (lowest rank, then nearest);
  4. table cells (the sentence is only the amount): the previous cell amount's period, else the
     nearest cue in the ``table_cell.cue_lookback_tokens`` tokens before (a column header);
  5. otherwise "".

  Rank 1: rates ("jährlich", "pro Jahr", "monatlich", "pro Tag" -> ""), rank 2: "einmalig",
  "dotiert", "Zuschuss" (once), "insgesamt", durations "über drei Jahre" (total, with
  ``attrs["duration"] = "P3Y"``; a single year -> year), rank 3: budget/year context
  ("Haushalt 2022", "im Jahr 2018" -> year; "bis 2021", "2012 bis 2016" -> total).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.components import add_span
from extract.components._matching import (
    Anchors,
    Match,
    PatternSet,
    Scopes,
    expand_patterns,
    longest_first,
    phrase_rows,
    scope_bounds,
    scopes,
)
from extract.components.amount_rows import RowRules
from extract.model import SpanInfo
from extract.normalise.amounts import (
    apply_scale,
    format_decimal,
    iso_duration,
    number_word_table,
    parse_number,
    parse_number_words,
    range_scales,
)
from extract.rules import read_jsonl, read_yaml

# Every amount pattern contains a currency or scale word (the anchor); it starts at most
# WINDOW_LEFT tokens before it (qualifier included: "von bis zu drei bis vier Milliarden Euro")
# and ends at most WINDOW_RIGHT after it ("€ 1,2 Mio.").
WINDOW_LEFT, WINDOW_RIGHT = 8, 3


@dataclass
class _Lexicon:
    """Everything read from rules/amounts, in lookup-ready form."""

    currency_code: dict[str, str]
    currency_factor: dict[str, Decimal]
    currency_symbols: list[str]
    scales: dict[str, Decimal]
    bare_scales: list[str]
    number_words: dict[str, Decimal]
    half_words: dict[str, Decimal]  # fraction word after "eine" -> its value
    duration_numbers: dict[str, Decimal]
    duration_units: dict[str, str]
    multi_year_adjectives: dict[str, Decimal]
    budget_nouns: list[str]
    bare_blockers: set[str]
    settings: dict[str, Any] = field(default_factory=dict)

    def lists(self) -> dict[str, list[str]]:
        return {
            "currency_words": sorted(self.currency_code),
            "currency_symbols": self.currency_symbols,
            "scales": sorted(self.scales),
            "bare_scales": self.bare_scales,
            "number_words": sorted(self.number_words),
            "half_words": sorted(self.half_words),
            "duration_numbers": sorted(self.duration_numbers),
            "duration_units": sorted(self.duration_units),
            "multi_year_adjectives": sorted(self.multi_year_adjectives),
            "budget_nouns": self.budget_nouns,
        }


def load_lexicon() -> _Lexicon:
    """Read the amount lexicons from ``rules/amounts``."""
    cur = read_yaml("amounts/currencies.yaml")
    code: dict[str, str] = {}
    factor: dict[str, Decimal] = {}
    symbols: list[str] = []
    for entry in cur["currencies"]:
        for word in entry["words"]:
            code[str(word).lower()] = entry["code"]
            factor[str(word).lower()] = Decimal(str(entry.get("factor", "1")))
        symbols.extend(str(s).lower() for s in entry.get("symbols", []))
    for word in cur.get("thousand_words", []):
        factor[str(word).lower()] *= 1000
    sc = read_yaml("amounts/scales.yaml")
    scales = {str(k).lower(): Decimal(str(v)) for k, v in sc["scales"].items()}
    nw = read_yaml("amounts/number_words.yaml")
    words = number_word_table(nw)
    ctx = read_yaml("amounts/context.yaml")
    dur_numbers = dict(words)
    dur_numbers.update({str(w).lower(): Decimal(2) for w in ctx["duration_numbers"] if w != "paar"})
    dur_numbers["paar"] = Decimal(2)
    multi = {}
    stems = {**{str(k): Decimal(str(v)) for k, v in nw["unit_stems"].items()}, **{
        str(k): Decimal(str(v)) for k, v in nw["teens"].items()}, **{
        str(k): Decimal(str(v)) for k, v in nw["tens"].items()}}
    for stem, value in stems.items():
        if value < 2:
            continue
        for suffix in ctx["multi_year_suffixes"]:
            multi[f"{stem}{suffix}"] = value
    return _Lexicon(
        currency_code=code,
        currency_factor=factor,
        currency_symbols=sorted(set(symbols)),
        scales=scales,
        bare_scales=[str(s).lower() for s in sc["bare_scales"]],
        number_words=words,
        half_words={str(h).lower(): Decimal(str(v)) for h, v in nw["half_words"].items()},
        duration_numbers=dur_numbers,
        duration_units={str(k).lower(): str(v) for k, v in ctx["duration_units"].items()},
        multi_year_adjectives=multi,
        budget_nouns=[str(b).lower() for b in ctx["budget_nouns"]],
        bare_blockers={str(b).lower() for b in ctx["bare_blockers"]},
        settings={"inherit": ctx["inherit"], "table_cell": ctx["table_cell"]},
    )


@dataclass
class _Cue:
    start: int
    end: int
    period: str
    rank: int
    rule: str
    duration: str = ""


@dataclass
class _Amount:
    match: Match
    value: Decimal
    currency: str
    range_to: Decimal | None = None
    inherited: bool = False
    qualifier: str = ""
    qualifier_kind: str = ""
    period: str = ""
    period_rule: str = ""
    duration: str = ""

    @property
    def start(self) -> int:
        return self.match.start

    @property
    def end(self) -> int:
        return self.match.end


class AmountExtractor:
    """Finds money amounts and adds them as ``amount`` spans (see module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.lex = load_lexicon()
        rows = expand_patterns(read_jsonl("amounts/patterns.jsonl"), self.lex.lists())
        for group in read_yaml("amounts/periods.yaml")["groups"]:
            rows += phrase_rows(group["phrases"], group["id"], label="period",
                                period=group["period"], rank=group["rank"])
        qual = read_yaml("amounts/qualifiers.yaml")["qualifiers"]
        for kind, phrases in qual.items():
            rows += phrase_rows(phrases, f"qualifier.{kind}", label="qualifier", kind=kind)
        # Amount and qualifier patterns run on windows around currency and scale words; the
        # period cues (sentence- and paragraph-wide) run on the whole text, only when amounts exist.
        self.patterns = PatternSet(nlp.vocab, [r for r in rows if r.get("label") != "period"])
        self.cue_patterns = PatternSet(nlp.vocab, [r for r in rows if r.get("label") == "period"])
        lex = self.lex
        self.anchors = Anchors([*lex.currency_code, *lex.currency_symbols, *lex.scales, "schweizer"])
        self.rows = RowRules(lex.currency_code, lex.currency_factor, lex.scales)

    # -- values -------------------------------------------------------------------------
    def _number(self, tokens: Sequence[Token]) -> Decimal | None:
        """Value of the number tokens of one side of an amount (digits, groups or words)."""
        texts = [t.text for t in tokens]
        if texts and texts[-1].endswith(".") and texts[-1][:1].isdigit():
            texts[-1] = texts[-1][:-1]  # "€ 500." at a sentence end: the tokenizer keeps the dot
        if not texts:
            return None
        if all(t[:1].isdigit() for t in texts):
            return parse_number(" ".join(texts)) if len(texts) > 1 else parse_number(texts[0])
        return parse_number_words(texts, self.lex.number_words, self.lex.half_words)

    def _value(self, m: Match, doc: Doc) -> tuple[Decimal, str, Decimal | None] | None:
        """(value, currency, range_to) of a matched amount, or None if it does not parse."""
        sides: list[list[Token]] = [[]]
        scales: list[Decimal | None] = [None]
        currency, factor = "", Decimal(1)
        for tok in doc[m.start:m.end]:
            low = tok.lower_
            if tok.is_space:
                continue
            if low in ("bis", "-", "–", "—", "und") and m.row.get("range"):
                sides.append([])
                scales.append(None)
            elif low in self.lex.scales and not (low == "tausend" and not sides[-1]):
                scales[-1] = self.lex.scales[low]
            elif low in self.lex.currency_code or low == "franken":
                currency = self.lex.currency_code.get(low, "CHF")
                factor = self.lex.currency_factor.get(low, Decimal(1))
            elif low == "schweizer":
                continue
            else:
                sides[-1].append(tok)
        values = [self._number(side) for side in sides]
        if any(v is None for v in values):
            return None
        if len(values) == 2:
            low_v, high_v = values[0], values[1]
            assert low_v is not None and high_v is not None
            s_low, s_high = range_scales(low_v, scales[0], high_v, scales[1])
            lo = apply_scale(low_v, s_low, factor)
            hi = apply_scale(high_v, s_high, factor)
            if hi < lo:
                return None
            return lo, currency, hi
        v = values[0]
        assert v is not None
        return apply_scale(v, scales[0], factor), currency, None

    # -- context ------------------------------------------------------------------------
    def _duration(self, cue: Match, doc: Doc) -> tuple[str, str]:
        """(period, ISO duration) of a duration cue; one year counts as a yearly amount."""
        count: Decimal | None = None
        unit = "Y"
        for tok in doc[cue.start:cue.end]:
            low = tok.lower_
            if low in self.lex.multi_year_adjectives:
                count, unit = self.lex.multi_year_adjectives[low], "Y"
            elif low in self.lex.duration_units:
                unit = self.lex.duration_units[low]
            elif low in self.lex.duration_numbers:
                count = self.lex.duration_numbers[low]
            elif tok.text.isdigit():
                count = Decimal(tok.text)
        if count is None:
            return "total", ""
        if count == 1 and unit == "Y":
            return "year", ""
        return "total", iso_duration(count, unit)

    def _best_cue(self, cues: list[_Cue], amt: _Amount) -> _Cue | None:
        def distance(c: _Cue) -> int:
            return c.start - amt.end if c.start >= amt.end else amt.start - c.end

        return min(cues, key=lambda c: (c.rank, distance(c)), default=None)

    def _assign_periods(self, amounts: list[_Amount], cues: list[_Cue], sc: Scopes, doc: Doc) -> None:
        table = self.lex.settings["table_cell"]
        prev: _Amount | None = None
        prev_cell: _Amount | None = None
        word_counts: dict[int, int] = {}  # sentence id -> its tokens that are neither space nor punctuation
        for amt in amounts:
            clause_cues = [c for c in cues if sc.same("clause", c.start, amt.start)]
            sent_cues = [c for c in cues if sc.same("sentence", c.start, amt.start)]
            cue = self._best_cue(clause_cues, amt)
            inherited_from: _Amount | None = None
            same_sentence = prev is not None and sc.same("sentence", prev.start, amt.start)
            if cue is None and prev is not None and same_sentence and prev.period_rule:
                inherited_from = prev
            elif cue is None:
                cue = self._best_cue(sent_cues, amt)
            sent = sc.sentence[amt.start]
            if sent not in word_counts:
                s_start, s_end = sc.bounds("sentence", amt.start)
                word_counts[sent] = sum(1 for t in doc[s_start:s_end] if not (t.is_space or t.is_punct))
            is_cell = word_counts[sent] == amt.end - amt.start
            if cue is None and inherited_from is None and is_cell:
                if prev_cell is not None and amt.start - prev_cell.end <= table["chain_tokens"]:
                    inherited_from = prev_cell
                else:
                    lookback = [c for c in cues if 0 <= amt.start - c.end <= table["cue_lookback_tokens"]]
                    cue = self._best_cue(lookback, amt)
            if inherited_from is not None:
                amt.period, amt.period_rule, amt.duration = (
                    inherited_from.period, inherited_from.period_rule, inherited_from.duration)
            elif cue is not None:
                amt.period, amt.period_rule, amt.duration = cue.period, cue.rule, cue.duration
            if not amt.duration:  # "10 Mio. Euro pro Jahr für fünf Jahre": year, duration P5Y
                amt.duration = next((c.duration for c in clause_cues if c.duration), "")
            prev = amt
            if is_cell:
                prev_cell = amt

    def _qualifier(self, amt: _Amount, quals: list[Match], doc: Doc) -> None:
        start = amt.start
        while start > 0 and doc[start - 1].is_space:
            start -= 1
        ending = [q for q in quals if q.end == start]
        if ending:
            q = max(ending, key=len)
            amt.qualifier = " ".join(t.lower_ for t in doc[q.start:q.end] if not t.is_space)
            amt.qualifier_kind = str(q.row["kind"])

    def _bare_ok(self, m: Match, doc: Doc) -> bool:
        """A bare "<number> Millionen" is money only if no counted noun follows it, and not after
        "<digits>," ("13, 36 Millionen": a split decimal or a list of bare numbers, value unclear)."""
        if m.start >= 2 and doc[m.start - 1].text == "," and doc[m.start - 2].text[-1:].isdigit() \
                and not doc[m.start - 2].whitespace_:
            return False
        i = m.end
        while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
            i += 1
        if i >= len(doc) or doc[i].is_sent_start:
            return True
        nxt = doc[i]
        if nxt.lower_ in self.lex.bare_blockers:
            return False
        return not (nxt.text[:1].isupper() and nxt.is_alpha)

    def _inherit_currency(self, amt: _Amount, with_currency: list[_Amount], sc: Scopes) -> str:
        rule = self.lex.settings["inherit"]
        before = [a for a in with_currency if a.end <= amt.start]
        for a in reversed(before):
            if rule.get("same_paragraph", True) and not sc.same("paragraph", a.start, amt.start):
                break
            if sc.sentence[amt.start] - sc.sentence[a.start] <= rule["max_sentences_back"]:
                return a.currency
            break
        after = [a for a in with_currency if a.start >= amt.end and sc.same("sentence", a.start, amt.start)]
        return after[0].currency if after else ""

    def _add_row_amounts(self, doc: Doc, kept: list[_Amount], quals: list[Match], heads: list,
                         sc: Scopes) -> list[_Amount]:
        """Bare numbers that inherit a currency from a list row, header or partner (amount_rows)."""
        anchors = [self.rows.anchor(doc, a.start, a.end, a.currency) for a in kept if not a.inherited]
        taken = {i for a in kept for i in range(a.start, a.end)}
        extra = []
        for hit in self.rows.find(doc, anchors, taken, sc, heads):
            amt = _Amount(Match(hit.start, hit.end, {"id": hit.rule, "label": "amount"}), hit.value,
                          hit.currency, inherited=True)
            self._qualifier(amt, quals, doc)
            extra.append(amt)
        return sorted([*kept, *extra], key=lambda a: a.start) if extra else kept

    # -- pipeline -----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        windows = self.anchors.windows(doc, WINDOW_LEFT, WINDOW_RIGHT)
        if not windows:
            return doc
        matches = self.patterns.find(doc, windows)
        heads = self.rows.headers(doc)
        if not heads and not any(m.row.get("label") == "amount" for m in matches):
            return doc
        cue_windows: list[tuple[int, int]] = []
        lookback = int(self.lex.settings["table_cell"]["cue_lookback_tokens"]) + 5
        for m in sorted((m for m in matches if m.row.get("label") == "amount"), key=lambda m: m.start):
            s0, s1 = scope_bounds(doc, m.start, "sentence")
            s0 = max(0, min(s0, m.start - lookback))
            if cue_windows and s0 <= cue_windows[-1][1]:
                cue_windows[-1] = (cue_windows[-1][0], max(s1, cue_windows[-1][1]))
            else:
                cue_windows.append((s0, s1))
        matches += self.cue_patterns.find(doc, cue_windows)
        sc = scopes(doc)
        in_header = {i for h in heads for i in range(h.start, h.end)}
        found = longest_first(m for m in matches if m.row.get("label") == "amount"
                              and not any(i in in_header for i in range(m.start, m.end)))
        quals = [m for m in matches if m.row.get("label") == "qualifier"]
        cue_matches = longest_first(
            m for m in matches
            if m.row.get("label") == "period" and not any(a.start < m.end and m.start < a.end for a in found)
        )
        cues = []
        for c in cue_matches:
            period, duration = str(c.row["period"]), ""
            if c.row.get("duration"):
                period, duration = self._duration(c, doc)
            cues.append(_Cue(c.start, c.end, period, int(c.row["rank"]), c.rule, duration))

        amounts: list[_Amount] = []
        for m in found:
            parsed = self._value(m, doc)
            if parsed is None:
                continue
            value, currency, range_to = parsed
            amounts.append(_Amount(m, value, currency, range_to))
        with_currency = [a for a in amounts if a.currency]
        kept = []
        for amt in amounts:
            if not amt.currency:
                if not self._bare_ok(amt.match, doc):
                    continue
                amt.currency = self._inherit_currency(amt, with_currency, sc)
                if not amt.currency:
                    continue
                amt.inherited = True
            self._qualifier(amt, quals, doc)
            kept.append(amt)
        kept = self._add_row_amounts(doc, kept, quals, heads, sc)
        self._assign_periods(kept, cues, sc, doc)
        for amt in kept:
            attrs: dict[str, Any] = {}
            if amt.qualifier:
                attrs["qualifier"] = amt.qualifier
                attrs["qualifier_kind"] = amt.qualifier_kind
            if amt.duration:
                attrs["duration"] = amt.duration
            if amt.range_to is not None:
                attrs["range_to"] = format_decimal(amt.range_to)
            if amt.inherited:
                attrs["currency_inherited"] = True
            if amt.period_rule:
                attrs["period_rule"] = amt.period_rule
            info = SpanInfo(
                value=format_decimal(amt.value),
                rule=amt.match.rule,
                unit=amt.currency,
                period=amt.period,
                confidence=0.8 if amt.inherited else 0.95,
                attrs=attrs,
            )
            add_span(doc, amt.start, amt.end, "amount", info)
        return doc


@Language.factory("pressextract_amounts")
def make_amounts(nlp: Language, name: str) -> AmountExtractor:
    """Money amounts with value, currency, period and qualifiers (``amount`` spans)."""
    return AmountExtractor(nlp)

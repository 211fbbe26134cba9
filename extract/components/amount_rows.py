"""Bare numbers that inherit a currency from their list, table header or partner amount.

Used by :mod:`extract.components.amounts` after the Matcher amounts are found. The rules, their ids
and the lexicons are in ``rules/amounts/rows.yaml`` (its header explains each rule). A bare number
is a run of digit tokens ("161 000", "1,01", "7500") outside every amount; :func:`RowRules.find`
returns those that a rule makes money, with value, currency and rule id. Nothing here changes an
amount that has its own currency word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from spacy.tokens import Doc, Token

from extract.components._matching import Scopes
from extract.normalise.amounts import parse_number
from extract.rules import read_yaml

_NUM = re.compile(r"^(\d{1,3}(?:[.\u00a0\u202f]\d{3})+|\d+)(?:,\d+)?(?:,[-–—]{1,2})?$")
_GROUP3 = re.compile(r"^\d{3}(?:,\d+)?$")
_CENTS = re.compile(r",\d\d$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_CELL_SEPARATORS = ("|", "\t")
_PARTNER_SPAN = 8  # tokens between a bare number and its partner amount, at most
_THIN = ("\u202f", "\u00a0", "\u2009", "\u2007")


@dataclass(frozen=True)
class Anchor:
    """An amount with a currency: where it is, its currency, Cent factor and scale."""

    start: int
    end: int
    currency: str
    factor: Decimal
    scale: Decimal | None
    raw: Decimal  # the number as written, before scale and factor


@dataclass(frozen=True)
class Inherited:
    """A bare number that a rule makes money."""

    start: int
    end: int
    value: Decimal
    currency: str
    rule: str
    multiplier: Decimal = Decimal(1)  # value = number as written * multiplier (Cent factor, scale)


@dataclass(frozen=True)
class _Bare:
    start: int
    end: int
    number: Decimal
    text: str


@dataclass(frozen=True)
class _Header:
    start: int
    end: int
    currency: str
    multiplier: Decimal


@dataclass(frozen=True)
class _Lines:
    """Line starts of a Doc (a line ends at a space token holding a newline)."""

    starts: tuple[int, ...]

    @classmethod
    def of_doc(cls, doc: Doc) -> _Lines:
        return cls((0, *(t.i + 1 for t in doc if t.is_space and "\n" in t.text)))

    def index(self, i: int) -> int:
        return bisect.bisect_right(self.starts, i) - 1

    def end(self, m: int, n: int) -> int:
        return self.starts[m + 1] - 1 if m + 1 < len(self.starts) else n

    def words(self, doc: Doc, m: int) -> int:
        return sum(1 for t in doc[self.starts[m]:self.end(m, len(doc))] if not t.is_space)


def _lowers(rows: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    return [tuple(str(w).lower() for w in row) for row in rows]


class RowRules:
    """The rules of ``rules/amounts/rows.yaml`` over one Doc (see the module docstring)."""

    def __init__(self, currency_code: Mapping[str, str], currency_factor: Mapping[str, Decimal],
                 scales: Mapping[str, Decimal]) -> None:
        cfg = read_yaml("amounts/rows.yaml")
        self.code = dict(currency_code)
        self.factor = dict(currency_factor)
        self.scales = dict(scales)
        self.row_end = {str(w).lower() for w in cfg["row_end"]}
        self.code_words = {str(w).lower() for w in cfg["code_words"]}
        self.unit_words = {str(w).lower() for w in cfg["unit_words"]}
        self.partners = [(str(p["id"]), {str(w).lower() for w in p.get("before") or []}, _lowers(p["between"]))
                         for p in cfg["partners"]]
        self.previous: dict[str, Any] = cfg["previous"]
        self.previous_cues = {str(w).lower() for w in self.previous["cue_words"]}
        self.row: dict[str, Any] = cfg["row"]
        self.fillers = {str(w).lower() for w in self.row["filler_words"]}
        self.header: dict[str, Any] = cfg["header"]
        self.header_scales = {str(k).lower(): Decimal(str(v)) for k, v in self.header["scales"].items()}
        self.cents: dict[str, Any] = cfg["cents"]
        self.cent_cues = tuple(str(w).lower() for w in self.cents["cue_words"])

    # -- anchors and candidates -----------------------------------------------------------
    def anchor(self, doc: Doc, start: int, end: int, currency: str) -> Anchor:
        """Describe an amount with a currency for the rules (factor and scale from its tokens)."""
        factor, scale, digits = Decimal(1), None, []
        for tok in doc[start:end]:
            low = tok.lower_
            if low in self.factor and low in self.code:
                factor = self.factor[low]
            elif low in self.scales:
                scale = self.scales[low]
            elif tok.text[:1].isdigit():
                digits.append(tok.text)
        raw = parse_number(" ".join(digits)) if digits else None
        return Anchor(start, end, currency, factor, scale, raw if raw is not None else Decimal(0))

    def _candidates(self, doc: Doc, taken: set[int]) -> list[_Bare]:
        out: list[_Bare] = []
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            text = tok.text
            if text.endswith(".") and text[:1].isdigit():
                nxt = self._next(doc, i + 1)
                if nxt is not None and not nxt.is_space:
                    i += 1
                    continue  # "12. März": an ordinal; "… 4.000." at a sentence end is a number
                text = text[:-1]
            if i in taken or not _NUM.match(text):
                i += 1
                continue
            j, groups = i + 1, [text]
            if re.fullmatch(r"\d{1,3}", tok.text):
                while True:  # "1 250 000", also with thin or no-break spaces as tokens of their own
                    k = j + 1 if j < n and doc[j].text in _THIN and not doc[j - 1].whitespace_ else j
                    if (k < n and k not in taken and _GROUP3.match(self._end_stripped(doc, k))
                            and (k > j or doc[j - 1].whitespace_ == " ")):
                        groups.append(self._end_stripped(doc, k))
                        j = k + 1
                    else:
                        break
            text = " ".join(groups)
            number = parse_number(text)
            if number is not None and self._plausible(doc, i, j, text):
                out.append(_Bare(i, j, number, text))
            i = j
        return out

    def _end_stripped(self, doc: Doc, k: int) -> str:
        """Token text without the full stop of a sentence end ("7 120." -> "120")."""
        text = doc[k].text
        if text.endswith(".") and text[:1].isdigit():
            nxt = self._next(doc, k + 1)
            if nxt is None or nxt.is_space:
                return text[:-1]
        return text

    def _plausible(self, doc: Doc, i: int, j: int, text: str) -> bool:
        if _YEAR.match(text) or re.match(r"^0\d", text):
            return False
        if i > 0:
            before = doc[i - 1]
            if not before.whitespace_ and before.text in ("/", "-", ".", "–", "+"):
                return False
            if before.lower_ in self.code_words:
                return False
        nxt = self._next(doc, j)
        if nxt is None:
            return True
        if nxt.lower_ in self.unit_words or nxt.lower_ in self.code or nxt.lower_ in self.scales:
            return False
        return not (nxt.is_alpha and nxt.text[:1].isupper())

    @staticmethod
    def _next(doc: Doc, j: int) -> Token | None:
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text and "\t" not in doc[j].text:
            j += 1
        return doc[j] if j < len(doc) else None

    @staticmethod
    def _prev(doc: Doc, i: int) -> Token | None:
        i -= 1
        while i >= 0 and doc[i].is_space and "\n" not in doc[i].text and "\t" not in doc[i].text:
            i -= 1
        return doc[i] if i >= 0 else None

    def _ends_row(self, doc: Doc, j: int) -> bool:
        nxt = self._next(doc, j)
        return nxt is None or nxt.is_space or nxt.lower_ in self.row_end

    def _words(self, doc: Doc, start: int, end: int) -> list[Token]:
        return [t for t in doc[start:end] if not t.is_space]

    def _multiplier(self, bare: _Bare, a: Anchor) -> Decimal:
        """The anchor's Cent factor, and its scale when both numbers are small ("von 1,5 auf 2 Mio. Euro")."""
        if a.scale is not None and bare.number < 1000 and a.raw < 1000:
            return a.factor * a.scale
        return a.factor

    def _hit(self, bare: _Bare, currency: str, multiplier: Decimal, rule: str) -> Inherited:
        return Inherited(bare.start, bare.end, bare.number * multiplier, currency, rule, multiplier)

    # -- rules ----------------------------------------------------------------------------
    def _partner(self, doc: Doc, bare: _Bare, anchors: Sequence[Anchor], starts: Sequence[int]) -> Inherited | None:
        k = bisect.bisect_left(starts, bare.end)
        if k < len(anchors) and anchors[k].start - bare.end <= _PARTNER_SPAN:
            a = anchors[k]
            gap = tuple(t.lower_ for t in self._words(doc, bare.end, a.start))
            prev = self._prev(doc, bare.start)
            for rule, before, between in self.partners:
                if gap in between and (not before or (prev is not None and prev.lower_ in before)):
                    return self._hit(bare, a.currency, self._multiplier(bare, a), rule)
        # "15,5 Millionen Euro (Vorjahr: 15,89)": the bracket directly after an amount
        words = self._words(doc, max(0, bare.start - 4), bare.start)
        nxt = self._next(doc, bare.end)
        if nxt is None or not nxt.text.startswith(")"):
            return None
        for k, tok in enumerate(words):
            if tok.text != "(" or k + 1 >= len(words) or words[k + 1].lower_ not in self.previous_cues:
                continue
            rest = [w.text for w in words[k + 2:]]
            if rest not in ([], [":"]):
                continue
            j = bisect.bisect_left(starts, tok.i) - 1
            if j >= 0 and tok.i - anchors[j].end <= _PARTNER_SPAN and not self._words(doc, anchors[j].end, tok.i):
                a = anchors[j]
                return self._hit(bare, a.currency, self._multiplier(bare, a), str(self.previous["id"]))
        return None

    def _label_kind(self, doc: Doc, i: int) -> str:
        """The shape of what stands before a row number: colon, name, dash, bracket, cell or other."""
        j = i - 1
        while j >= 0 and (doc[j].is_space and "\n" not in doc[j].text and "\t" not in doc[j].text
                          or doc[j].lower_ in self.fillers and not doc[j].text[:1].isupper()):
            j -= 1
        if j < 0:
            return "other"
        tok = doc[j]
        if tok.is_space and "\n" in tok.text:  # the number starts its line: a name on the line before?
            before = self._prev(doc, j)
            ok = before is not None and (before.text == ")" or before.is_alpha and before.text[:1].isupper())
            return "line" if ok and "\n\n" not in tok.text else "other"
        if tok.text == ":":
            return "colon"
        if tok.text in ("–", "-", "—"):
            return "dash"
        if tok.text == ")":
            return "bracket"
        if tok.text in _CELL_SEPARATORS or "\t" in tok.text:
            return "cell"
        if tok.is_alpha and tok.text[:1].isupper() and tok.lower_ not in self.fillers:
            return "name"
        return "other"

    def _row_gap_ok(self, doc: Doc, start: int, end: int, cells: bool = False) -> bool:
        """Only names, punctuation, line breaks and filler words between two rows (in a table with
        "|"/tab cells also the numbers of other columns)."""
        if end - start > 3 * int(self.row["max_gap_tokens"]):  # tokens, spaces included
            return False
        words = self._words(doc, start, end)
        if len(words) > int(self.row["max_gap_tokens"]):
            return False
        for tok in words:
            if tok.text in (".", "!", "?"):
                return False
            if tok.is_punct or tok.lower_ in self.fillers or tok.lower_ in self.code:
                continue
            if tok.is_alpha and tok.text[:1].isupper():
                continue
            if "-" in tok.text and tok.text[:1].isupper():
                continue
            if cells and _NUM.match(tok.text):
                continue
            return False
        return True

    def _rows(self, doc: Doc, bares: list[_Bare], anchors: list[Anchor], done: dict[int, Inherited]) -> None:
        """amount.row_inherit: chain list rows from their neighbours, left to right, then right to left."""
        rule = str(self.row["id"])
        kinds = {b.start: self._label_kind(doc, b.start) for b in bares}
        open_ = [b for b in bares if b.start not in done and kinds[b.start] != "other" and self._ends_row(doc, b.end)]
        if not open_:
            return
        points: list[tuple[int, int, Anchor | Inherited]] = sorted(
            [(a.start, a.end, a) for a in anchors]
            + [(x.start, x.end, x) for x in done.values() if x.rule in (rule, self.header["id"])],
            key=lambda p: p[0])
        starts = [p[0] for p in points]
        for _ in range(5):
            changed = False
            for order in (open_, open_[::-1]):
                for b in order:
                    if b.start in done:
                        continue
                    k = bisect.bisect_left(starts, b.start)
                    for near, left in ((points[k - 1] if k > 0 else None, True),
                                       (points[k] if k < len(points) else None, False)):
                        if near is None:
                            continue
                        s, e, item = near
                        cells = kinds[b.start] == "cell"
                        gap_start, gap_end = (e, b.start) if left else (b.end, s)
                        ok = self._row_gap_ok(doc, gap_start, gap_end, cells)
                        if not ok or self._label_kind(doc, s) != kinds[b.start]:
                            continue
                        if kinds[b.start] == "cell" and (self._cell(doc, s) or (0, -1))[1] != \
                                (self._cell(doc, b.start) or (0, -2))[1]:
                            continue  # table rows: only the same column
                        mult = self._multiplier(b, item) if isinstance(item, Anchor) else item.multiplier
                        done[b.start] = self._hit(b, item.currency, mult, rule)
                        points.insert(k, (b.start, b.end, done[b.start]))
                        starts.insert(k, b.start)
                        changed = True
                        break
            if not changed:
                return

    def headers(self, doc: Doc) -> list[_Header]:
        """Unit headers: "(in Euro)", "Angaben in Tausend Euro", "(€)", "in TEUR"."""
        out: list[_Header] = []
        openers = {str(w).lower() for w in self.header["openers"]}
        for tok in doc:
            low = tok.lower_
            if low not in self.code:
                continue
            i = tok.i - 1
            multiplier = self.factor.get(low, Decimal(1))
            if i >= 0 and doc[i].lower_ in self.header_scales:
                multiplier *= self.header_scales[doc[i].lower_]
                i -= 1
            if i < 0 or doc[i].lower_ not in openers:
                continue
            if i > 0 and doc[i - 1].text[:1].isdigit():
                continue  # "5 (Euro)": an amount, not a header
            nxt = self._next(doc, tok.i + 1)
            if doc[i].text == "(" and (nxt is None or not nxt.text.startswith(")")):
                continue
            if nxt is not None and not (nxt.is_space or nxt.text in ("):", ")", ":", ".", "|", ",")):
                continue
            out.append(_Header(i, tok.i + 1, self.code[low], multiplier))
        return out

    def _cell(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """(line start, cell index) of token i in a "|"/tab separated line, else None."""
        s = i
        while s > 0 and "\n" not in doc[s - 1].text:
            s -= 1
        cells = [t for t in doc[s:i] if t.text in _CELL_SEPARATORS or "\t" in t.text]
        line_has = any(t.text in _CELL_SEPARATORS or "\t" in t.text for t in doc[s:self._line_end(doc, i)])
        return (s, len(cells)) if line_has else None

    @staticmethod
    def _line_end(doc: Doc, i: int) -> int:
        e = i
        while e < len(doc) and "\n" not in doc[e].text:
            e += 1
        return e

    def _header_rows(self, doc: Doc, bares: list[_Bare], heads: list[_Header], sc: Scopes,
                     done: dict[int, Inherited]) -> None:
        scope = int(self.header["scope_tokens"])
        lines = _Lines.of_doc(doc)
        for h in heads:
            column = self._cell(doc, h.start)
            grid = None if column is not None else self._line_grid(doc, lines, h)
            for b in bares:
                if b.start in done or b.start < h.end or b.start - h.end > scope:
                    continue
                if not sc.same("paragraph", h.start, b.start) or not self._ends_row(doc, b.end):
                    continue
                if grid is None and self._label_kind(doc, b.start) == "other":
                    continue
                if column is not None:
                    cell = self._cell(doc, b.start)
                    if cell is None or cell[1] != column[1]:
                        continue
                if grid is not None:
                    first, ncols, col = grid
                    m = lines.index(b.start)
                    if m < first or (m - first) % ncols != col or lines.words(doc, m) != b.end - b.start:
                        continue
                done[b.start] = self._hit(b, h.currency, h.multiplier, str(self.header["id"]))

    def _line_grid(self, doc: Doc, lines: _Lines, h: _Header) -> tuple[int, int, int] | None:
        """A table written one cell per line (HTML ``<td>`` cells): the header's line among the
        digit-free short lines around it gives the column count and the header's column, as
        (first data line, columns, column); None when the header is not such a cell."""
        k = lines.index(h.start)

        def is_cell(m: int) -> bool:
            toks = [t for t in doc[lines.starts[m]:lines.end(m, len(doc))] if not t.is_space]
            return (0 < len(toks) <= 5 and not any(t.text[:1].isdigit() for t in toks)
                    and toks[-1].text not in (":", ".") and not toks[-1].text.endswith(":"))

        def is_number_line(m: int) -> bool:
            toks = [t for t in doc[lines.starts[m]:lines.end(m, len(doc))] if not t.is_space]
            return bool(toks) and toks[0].text[:1].isdigit() and all(t.text[:1].isdigit() or t.is_punct for t in toks)

        def breaks(m: int) -> bool:  # a blank line before line m
            return m == 0 or "\n\n" in doc[lines.starts[m] - 1].text

        if not is_cell(k):
            return None
        top = k
        while not breaks(top) and is_cell(top - 1):
            top -= 1
        down = 0
        while k + down + 1 < len(lines.starts) and not breaks(k + down + 1) and is_cell(k + down + 1):
            down += 1
        n = len(lines.starts)
        for d in range(down + 1):  # header cells after the header's own: as many as make the rows fit
            ncols, first, col = k - top + 1 + d, k + d + 1, k - top
            rows = [first + r * ncols + col for r in range(2) if first + r * ncols + col < n]
            if ncols > 1 and rows and all(is_number_line(m) for m in rows):
                return first, ncols, col
        return None

    def _cents(self, doc: Doc, bares: list[_Bare], anchors: list[Anchor], sc: Scopes,
               done: dict[int, Inherited]) -> None:
        back = int(self.cents["max_sentences_back"])
        ends = [a.end for a in anchors]
        cued: dict[int, bool] = {}  # sentence id -> has a price/fee word
        for b in bares:
            if b.start in done or not _CENTS.search(b.text) or not self._ends_row(doc, b.end):
                continue
            sent = sc.sentence[b.start]
            if sent not in cued:
                s0, s1 = sc.bounds("sentence", b.start)
                cued[sent] = any(t.lower_.startswith(self.cent_cues) for t in doc[s0:s1])
            j = bisect.bisect_right(ends, b.start) - 1
            if not cued[sent] or j < 0:
                continue
            a = anchors[j]
            if sc.same("paragraph", a.start, b.start) and 0 <= sent - sc.sentence[a.start] <= back:
                done[b.start] = self._hit(b, a.currency, a.factor, str(self.cents["id"]))

    def find(self, doc: Doc, anchors: list[Anchor], taken: set[int], sc: Scopes,
             heads: list[_Header] | None = None) -> list[Inherited]:
        """Bare numbers outside ``taken`` tokens that a rule makes money, in text order."""
        heads = self.headers(doc) if heads is None else heads
        header_tokens = {i for h in heads for i in range(h.start, h.end)}
        bares = [b for b in self._candidates(doc, taken | header_tokens)]
        if not bares:
            return []
        anchors = sorted(anchors, key=lambda a: a.start)
        starts = [a.start for a in anchors]
        done: dict[int, Inherited] = {}
        for b in bares:
            hit = self._partner(doc, b, anchors, starts)
            if hit is not None:
                done[b.start] = hit
        self._header_rows(doc, bares, heads, sc, done)
        self._rows(doc, bares, anchors, done)
        self._cents(doc, bares, anchors, sc, done)
        return sorted(done.values(), key=lambda x: x.start)

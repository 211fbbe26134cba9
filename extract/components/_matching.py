"""Shared helpers of the amount and date components: pattern files -> spaCy Matcher, text scopes.

Pattern files (``rules/<type>/patterns.jsonl``) hold two kinds of rows:

* ``{"define": "YEAR", "token": {...}}`` names a token spec; a pattern token ``{"@": "YEAR"}``
  is replaced by it (extra keys such as ``"OP"`` are merged in).
* ``{"id": "date.year", "label": "date", "pattern": [...], ...}`` is a Matcher pattern.
  ``"IN"``/``"NOT_IN"`` lists may name a lexicon list as ``"@name"``; the component passes the
  lexicon lists. Optional keys: ``trim`` ([left, right] tokens of context that the pattern
  needs but the span leaves out), ``veto`` + ``blocks`` (a match that suppresses the candidates
  of the listed ids lying inside it), and any component-specific keys.

Scopes: cue words are looked up within the *clause*, *sentence* and *paragraph* of a mention.
They are computed from punctuation and blank lines (not from ``doc.sents``), because hard-wrapped
press texts break lines in mid-sentence.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, SPACY
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

T = TypeVar("T")
V = TypeVar("V")

SENTENCE_END = frozenset({".", "!", "?", "…"})
CLAUSE_BREAK = frozenset({",", ";", ":", "–", "—", "(", ")", "-", "|"})
# The blank German tokenizer keeps a sentence-final dot on a year ("seit 2012."): a sentence end.
_YEAR_WITH_DOT = re.compile(r"^(19|20)\d\d\.$")


def _expand_value(value: Any, lexicons: Mapping[str, Sequence[str]]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        name = value[1:]
        if name not in lexicons:
            raise KeyError(f"pattern refers to unknown lexicon list '{name}'")
        return list(lexicons[name])
    if isinstance(value, dict):
        return {k: _expand_value(v, lexicons) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand_value(v, lexicons) for v in value]
    return value


def expand_patterns(
    rows: Iterable[Mapping[str, Any]], lexicons: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """Resolve ``define`` macros and ``@lexicon`` references; return the pattern rows only."""
    rows = list(rows)
    defines = {r["define"]: r["token"] for r in rows if "define" in r}
    out = []
    for row in rows:
        if "define" in row:
            continue
        tokens = []
        for tok in row["pattern"]:
            if "@" in tok:
                base = copy.deepcopy(defines[tok["@"]])
                base.update({k: v for k, v in tok.items() if k != "@"})
                tok = base
            tokens.append(_expand_value(tok, lexicons))
        new = dict(row)
        new["pattern"] = tokens
        out.append(new)
    return out


def phrase_rows(phrases: Iterable[str], row_id: str, **extra: Any) -> list[dict[str, Any]]:
    """Matcher rows for lower-case phrases (words split on spaces; line breaks allowed between).

    All one-word phrases share a single ``IN`` pattern: the Matcher's cost grows with the number
    of patterns, not with the length of an ``IN`` list.
    """
    rows = []
    single = sorted({str(p).lower() for p in phrases if len(str(p).split()) == 1})
    if single:
        rows.append({"id": row_id, "pattern": [{"LOWER": {"IN": single}}], **extra})
    for phrase in phrases:
        words = str(phrase).lower().split()
        if len(words) < 2:
            continue
        pattern: list[dict[str, Any]] = []
        for i, word in enumerate(words):
            if i:
                pattern.append({"IS_SPACE": True, "OP": "*"})
            pattern.append({"LOWER": word})
        rows.append({"id": row_id, "pattern": pattern, **extra})
    return rows


@dataclass(frozen=True)
class Match:
    """One Matcher hit, with its row and the span after trimming context tokens."""

    start: int
    end: int
    row: Mapping[str, Any]

    @property
    def rule(self) -> str:
        return str(self.row["id"])

    def __len__(self) -> int:
        return self.end - self.start


class Anchors:
    """Which tokens can anchor a pattern: a lower-case word set plus an optional regex on the text,
    and optionally a second word set (``extra``) whose patterns are run only where one occurs.

    Decisions are cached per vocabulary string (``ORTH`` hash), so a document is scanned from
    ``doc.to_array(ORTH)`` without creating Token objects or the document text.
    """

    NONE, REGEX, WORD, EXTRA = 0, 1, 2, 3  # what makes a token an anchor (higher = more patterns)

    def __init__(self, words: Iterable[str], regex: str | None = None, max_cache: int = 500_000,
                 extra: Iterable[str] = ()) -> None:
        self.extra = frozenset(w.lower() for w in extra)
        self.words = frozenset(w.lower() for w in words) | self.extra
        self.regex = re.compile(regex) if regex else None
        self.max_cache = max_cache
        self._cache: dict[int, int] = {}

    def kind(self, text: str) -> int:
        """``EXTRA`` / ``WORD`` if the token text is an (extra) anchor word, ``REGEX`` if the regex
        finds it, else ``NONE``."""
        low = text.lower()
        if low in self.extra:
            return self.EXTRA
        if low in self.words:
            return self.WORD
        return self.REGEX if self.regex and self.regex.search(text) else self.NONE

    def windows_with_kinds(self, doc: Doc, left: int, right: int) -> list[tuple[int, int, int]]:
        """Merged token windows [start, end) reaching ``left``/``right`` tokens around each anchor,
        each with the highest anchor kind inside it (``REGEX``, ``WORD`` or ``EXTRA``).

        Running the Matcher only on these windows (instead of the whole text) is what makes the
        components fast: the Matcher's cost grows with tokens x patterns, and anchors are rare.
        """
        if len(self._cache) > self.max_cache:
            self._cache.clear()
        cache = self._cache
        strings = doc.vocab.strings
        orth = token_table(doc).orth
        for key in set(orth).difference(cache):  # words not seen before
            cache[key] = self.kind(strings[key])
        windows: list[tuple[int, int, int]] = []
        n = len(orth)
        for i in [i for i, key in enumerate(orth) if cache[key]]:
            kind = cache[orth[i]]
            s, e = max(0, i - left), min(n, i + right + 1)
            if windows and s <= windows[-1][1]:
                windows[-1] = (windows[-1][0], e, max(windows[-1][2], kind))
            else:
                windows.append((s, e, kind))
        return windows

    def windows(self, doc: Doc, left: int, right: int) -> list[tuple[int, int]]:
        """Merged token windows [start, end) around the anchors (see :meth:`windows_with_kinds`)."""
        return [(s, e) for s, e, _ in self.windows_with_kinds(doc, left, right)]


def requires_word(row: Mapping[str, Any], words: Iterable[str]) -> bool:
    """Whether a pattern row can only match with one of ``words`` in it: a token that is not
    optional and whose LOWER/ORTH value (or every value of its IN list) is one of them."""
    words = frozenset(words)
    for spec in row["pattern"]:
        if spec.get("OP") in ("?", "*"):
            continue
        for attr in ("LOWER", "ORTH"):
            value = spec.get(attr)
            values = value.get("IN") if isinstance(value, dict) and len(value) == 1 else value
            if isinstance(values, str):
                values = [values]
            if isinstance(values, list) and values and all(str(v).lower() in words for v in values):
                return True
    return False


def trigger_words(pattern: Sequence[Mapping[str, Any]]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case words such that every match of ``pattern`` contains a word of each set.

    One set per token spec that must match once or more (no ``OP``, or ``"+"``) and names literal
    words: ``LOWER``, ``ORTH`` or ``TEXT`` as a string or an ``IN`` list (a token whose text is
    "Euro" has the lower-case form "euro"). Smallest set first; empty when nothing is known.
    """
    found: set[frozenset[str]] = set()
    for spec in pattern:
        if spec.get("OP", "+") != "+":
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = spec.get(attr)
            if isinstance(value, dict):
                value = value.get("IN") if len(value) == 1 else None
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                found.add(frozenset(v.lower() for v in value))
    return tuple(sorted(found, key=lambda words: (len(words), sorted(words))))


class PatternSet:
    """A spaCy Matcher over pattern rows; ``find`` returns trimmed :class:`Match` objects.

    The Matcher's cost grows with tokens x patterns, so a search runs only the rows that can
    match in the searched range: a row whose every match contains one word of each of some
    literal word sets (:func:`trigger_words`) is left out unless each set occurs there. The Matchers over such row
    subsets are built on first use and kept (``max_matchers``); a Matcher's hits for a pattern do
    not depend on the other patterns it holds, and keep their order (``tests/test_fast_paths.py``).
    """

    def __init__(self, vocab: Vocab, rows: Sequence[Mapping[str, Any]], max_matchers: int = 2048) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.rows: dict[int, Mapping[str, Any]] = {}
        self._keyed: list[tuple[str, list[dict[str, Any]]]] = []
        for n, row in enumerate(rows):
            key = f"{row['id']}#{n}"
            self.matcher.add(key, [list(row["pattern"])])
            self.rows[vocab.strings[key]] = row
            self._keyed.append((key, list(row["pattern"])))
        self._triggers = [trigger_words(row["pattern"]) for row in rows]
        self._always = tuple(n for n, t in enumerate(self._triggers) if not t)
        self._by_word: dict[str, tuple[int, ...]] = {}  # word -> rows whose smallest set has it
        for n, sets in enumerate(self._triggers):
            for word in sets[0] if sets else ():
                self._by_word[word] = (*self._by_word.get(word, ()), n)
        self._matchers: dict[tuple[int, ...], Matcher | None] = {tuple(range(len(rows))): self.matcher, (): None}
        self.max_matchers = max_matchers
        self.filter_rows = True  # False: always the Matcher of every row (the reference path)

    def _matcher_for(self, lower: Sequence[str], start: int, end: int) -> Matcher | None:
        """The Matcher of the rows that can match in tokens [start, end) (None: no row can)."""
        if not self.filter_rows:
            return self.matcher
        by_word = self._by_word
        present = set(lower[start:end])
        chosen = set(self._always)
        for word in present & by_word.keys():
            chosen.update(n for n in by_word[word] if all(not words.isdisjoint(present)
                                                          for words in self._triggers[n][1:]))
        key = tuple(sorted(chosen))
        if key in self._matchers:
            return self._matchers[key]
        if len(self._matchers) > self.max_matchers:
            self._matchers = {k: m for k, m in list(self._matchers.items())[:2]}  # keep "all" and "none"
        matcher = Matcher(self.vocab)
        for n in key:
            name, pattern = self._keyed[n]
            matcher.add(name, [pattern])
        self._matchers[key] = matcher
        return matcher

    def find(self, doc: Doc, windows: Sequence[tuple[int, int]] | None = None) -> list[Match]:
        """All matches (overlaps included), each trimmed by its row's ``trim``.

        With ``windows`` only those token ranges are searched (see :func:`anchor_windows`).
        """
        table = token_table(doc)
        hits = []
        for ws, we in [(0, len(doc))] if windows is None else windows:
            matcher = self._matcher_for(table.lower, ws, we)
            if matcher is None:
                continue
            if windows is None:
                hits.extend(matcher(doc))
            else:
                hits.extend((key, s + ws, e + ws) for key, s, e in matcher(doc[ws:we]))
        out = []
        is_space = table.is_space
        for key, start, end in hits:
            row = self.rows[key]
            left, right = row.get("trim", (0, 0))
            s, e = start + left, end - right
            # never start or end a span on whitespace tokens
            while s < e and is_space[s]:
                s += 1
            while e > s and is_space[e - 1]:
                e -= 1
            if e > s:
                out.append(Match(s, e, row))
        return out


def longest_first(matches: Iterable[Match]) -> list[Match]:
    """Non-overlapping subset, longest first, then earliest (``filter_spans`` semantics)."""
    return [m for m, _ in longest_first_valued(((m, None) for m in matches), lambda m, _: m)]


def longest_first_valued(candidates: Iterable[tuple[Match, T]],
                         value: Callable[[Match, T], V | None]) -> list[tuple[Match, V]]:
    """:func:`longest_first` over (match, data) pairs, keeping only matches with a value.

    ``value`` is computed lazily, in longest-first order and only for a match whose tokens are
    still free; a match without a value (None) leaves its tokens to shorter ones.
    """
    chosen: list[tuple[Match, V]] = []
    taken: set[int] = set()
    for m, data in sorted(candidates, key=lambda c: (-(c[0].end - c[0].start), c[0].start)):
        if taken.intersection(range(m.start, m.end)):
            continue
        found = value(m, data)
        if found is not None:
            chosen.append((m, found))
            taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda c: c[0].start)


def apply_vetoes(candidates: list[Match], vetoes: Iterable[Match]) -> list[Match]:
    """Drop candidates lying inside a veto match whose ``blocks`` lists their id (or id prefix)."""
    vetoes = list(vetoes)
    if not vetoes:
        return candidates
    kept = []
    for cand in candidates:
        blocked = False
        for v in vetoes:
            inside = v.start <= cand.start and cand.end <= v.end
            blocks = v.row.get("blocks", ())
            if inside and any(cand.rule == b or cand.rule.startswith(b + ".") for b in blocks):
                blocked = True
                break
        if not blocked:
            kept.append(cand)
    return kept


_LEVELS = {"clause": 1, "sentence": 2, "paragraph": 3}


def _text_level(text: str, is_space: bool) -> int:
    if is_space and text.count("\n") >= 2:
        return 3
    if text in SENTENCE_END or _YEAR_WITH_DOT.match(text):
        return 2
    if text in CLAUSE_BREAK:
        return 1
    return 0


def break_level(tok: Token) -> int:
    """Which scopes end after this token: 0 none, 1 clause, 2 sentence, 3 paragraph.

    (A token's trailing whitespace is at most one space in spaCy, so only its text decides.)
    """
    return _text_level(tok.text, tok.is_space)


@dataclass(frozen=True)
class TokenTable:
    """Per-token strings and flags of one Doc, read once from ``doc.to_array`` (no Token objects).

    The components look at token texts thousands of times per document; ``doc[i].text`` makes a
    Token object each time. :func:`token_table` builds this once per Doc and caches it in
    ``doc.user_data`` (the ``pressextract_resolve`` component drops it at the end).
    """

    text: str  # = doc.text (which rebuilds the text from every token on each call)
    orth: tuple[int, ...]  # ORTH hash of every token
    texts: tuple[str, ...]
    lower: tuple[str, ...]
    is_space: tuple[bool, ...]
    is_punct: tuple[bool, ...]
    idx: tuple[int, ...]  # character offset of every token
    levels: tuple[int, ...]  # :func:`break_level` of every token


TABLE_KEY = "pressextract.token_table"
# ORTH hash -> (text, lower-case text, break level as a word, break level as a whitespace token);
# the hash is a function of the string alone, so one cache serves every vocabulary
_TOKEN_INFO: dict[int, tuple[str, str, int, int]] = {}


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc`` (cached on the doc)."""
    cached = doc.user_data.get(TABLE_KEY)
    if cached is not None and len(cached.texts) == len(doc):
        return cached
    strings = doc.vocab.strings
    if len(_TOKEN_INFO) > 500_000:
        _TOKEN_INFO.clear()
    cache = _TOKEN_INFO
    if len(doc):  # one column at a time: numpy makes the Python ints and bools
        arr = doc.to_array([ORTH, IS_SPACE, SPACY, IS_PUNCT, IDX])
        orth, space_after, idx = arr[:, 0].tolist(), arr[:, 2].tolist(), arr[:, 4].tolist()
        is_space, is_punct = (arr[:, 1] != 0).tolist(), (arr[:, 3] != 0).tolist()
    else:
        orth = space_after = idx = is_space = is_punct = []
    for key in set(orth).difference(cache):
        text = strings[key]
        cache[key] = (text, text.lower(), _text_level(text, False), _text_level(text, True))
    infos = [cache[key] for key in orth]
    texts, lower, word_levels, space_levels = zip(*infos, strict=True) if infos else ((), (), (), ())
    table = TokenTable(
        text="".join([t + " " if sp else t for t, sp in zip(texts, space_after, strict=True)]),
        orth=tuple(orth),
        texts=texts,
        lower=lower,
        is_space=tuple(is_space),
        is_punct=tuple(is_punct),
        idx=tuple(idx),
        levels=tuple([s if sp else w for w, s, sp in zip(word_levels, space_levels, is_space, strict=True)]),
    )
    doc.user_data[TABLE_KEY] = table
    return table


def span_text(table: TokenTable, start: int, end: int) -> str:
    """``doc[start:end].text`` from the token table (``0 <= start``, ``end <= len(doc)``)."""
    if end <= start:
        return ""
    return table.text[table.idx[start]:table.idx[end - 1] + len(table.texts[end - 1])]


def drop_token_table(doc: Doc) -> None:
    """Remove the cached :class:`TokenTable` (before a Doc leaves the pipeline)."""
    doc.user_data.pop(TABLE_KEY, None)


def scope_bounds(doc: Doc, i: int, kind: str) -> tuple[int, int]:
    """Token range [start, end) of the clause / sentence / paragraph around token i."""
    need = _LEVELS[kind]
    levels = token_table(doc).levels
    s = i
    while s > 0 and levels[s - 1] < need:
        s -= 1
    e = i + 1
    n = len(levels)
    while e < n and levels[e - 1] < need:
        e += 1
    return s, e


@dataclass(frozen=True)
class Scopes:
    """Per-token ids of clause, sentence and paragraph (blank-line separated block)."""

    clause: tuple[int, ...]
    sentence: tuple[int, ...]
    paragraph: tuple[int, ...]

    def same(self, kind: str, i: int, j: int) -> bool:
        ids = getattr(self, kind)
        return ids[i] == ids[j]

    def bounds(self, kind: str, i: int) -> tuple[int, int]:
        """Token range [start, end) of the scope around token i."""
        ids = getattr(self, kind)
        s = i
        while s > 0 and ids[s - 1] == ids[i]:
            s -= 1
        e = i + 1
        while e < len(ids) and ids[e] == ids[i]:
            e += 1
        return s, e


def scopes(doc: Doc) -> Scopes:
    """Clause/sentence/paragraph ids of every token (same boundaries as :func:`scope_bounds`)."""
    clause, sentence, paragraph = [], [], []
    c = s = p = 0
    for level in token_table(doc).levels:
        clause.append(c)
        sentence.append(s)
        paragraph.append(p)
        if level >= 1:
            c += 1
        if level >= 2:
            s += 1
        if level >= 3:
            p += 1
    return Scopes(tuple(clause), tuple(sentence), tuple(paragraph))

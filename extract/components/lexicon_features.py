"""Lexicon (gazetteer) features for the NER model: which name lists a token's word is in.

Component ``pressextract_lexicon_features`` runs before ``ner`` and sets four boolean lexeme flags
(spaCy's free user flag bits ``FLAG60`` … ``FLAG63``, see :data:`FLAG_IDS`) on each token's lexeme,
which the NER's tok2vec embeds as four more hashed features
(``MultiHashEmbed`` attrs ``[..., "FLAG60", "FLAG61", "FLAG62", "FLAG63"]``):

========  =======  ========================================================================
flag      attr     word is ...
========  =======  ========================================================================
FIRST     FLAG60   a first name ("Franziska", "Uwe")
SURNAME   FLAG61   a surname ("Müller", "Schmidt")
PLACE     FLAG62   a municipality, Kreis, Land, country or large world city, or a capitalised
                   word of such a multi-word name ("Leverkusen", "Frankfurt", "Main", "Polen")
ORG_CUE   FLAG63   an organisation cue word, also inflected ("GmbH", "e.V.", "Stiftung",
                   "Ministeriums") or, for the cues marked so, the end of a compound
                   ("Bundesverband", "Landgericht")
========  =======  ========================================================================

(spaCy 3.8 no longer stores ``Lexeme.cluster``: its setter is a no-op and ``CLUSTER`` is not a
``Doc.to_array`` attribute, so the flag bits are used instead.)

Matching is case-sensitive on the token text. A genitive "s" is stripped for the name flags
("Merkels" -> SURNAME if "Merkel" is listed, "Deutschlands" -> PLACE). The lexicon is a plain TSV
file (``lexicon.tsv``, ``#`` comment header naming its sources) built at training time by
``training/ner/build_lexicon.py`` and stored inside the model directory by ``to_disk``, so the model
needs no other data at run time.

Lexeme flags belong to the vocab, not to the doc: the flags of a word are the same in every doc
of a pipeline, and the component (re)sets them on every call, so docs made before the component
ran, transient lexemes (``nlp.memory_zone``) and a shared vocab all get the same values.
"""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

FIRST = 1
SURNAME = 2
PLACE = 4
ORG_CUE = 8
FLAG_LETTERS = {"F": FIRST, "S": SURNAME, "P": PLACE, "O": ORG_CUE}
NAME_FLAGS = FIRST | SURNAME | PLACE
# spaCy lexeme flag bit (attribute ID, usable as "FLAG60" in configs) of each flag, in bit order
FLAG_IDS = (60, 61, 62, 63)
FLAG_ATTRS = tuple(f"FLAG{i}" for i in FLAG_IDS)
_WEIGHTS = numpy.array([1 << i for i in range(len(FLAG_IDS))], dtype="uint64")

LEXICON_FILE = "lexicon.tsv"
# inflected forms of an organisation cue ("Verbandes", "Ministeriums", "Stiftungen")
ORG_ENDINGS = ("", "s", "es", "n", "en")
MIN_COMPOUND_HEAD = 3  # letters before a compound cue: "Landgericht" yes, "Umkreis" no
CACHE_LIMIT = 500_000


def flags_to_letters(flags: int) -> str:
    """1|4 -> "FP" (the lexicon file's notation)."""
    return "".join(letter for letter, bit in FLAG_LETTERS.items() if flags & bit)


def letters_to_flags(letters: str) -> int:
    """"FP" -> 5."""
    flags = 0
    for letter in letters:
        if letter not in FLAG_LETTERS:
            raise ValueError(f"unknown lexicon flag {letter!r} (expected one of {''.join(FLAG_LETTERS)})")
        flags |= FLAG_LETTERS[letter]
    return flags


def read_lexicon(lines: Iterable[str]) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Parse lexicon TSV lines into (words, compound endings, header comment lines).

    ``word<TAB>letters``; a word written ``-verband`` is an organisation cue that may also end a
    compound and is stored lower-cased without the dash. Blank lines and ``#`` lines are skipped.
    """
    words: dict[str, int] = {}
    compounds: dict[str, int] = {}
    header: list[str] = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            header.append(line)
            continue
        word, sep, letters = line.partition("\t")
        if not sep or not word or not letters:
            raise ValueError(f"lexicon line {lineno}: expected 'word<TAB>flags', got {line!r}")
        flags = letters_to_flags(letters.strip())
        if word.startswith("-") and len(word) > 1:
            key = word[1:].lower()
            compounds[key] = compounds.get(key, 0) | flags
        else:
            words[word] = words.get(word, 0) | flags
    return words, compounds, header


def write_lexicon(words: dict[str, int], compounds: dict[str, int], header: Iterable[str]) -> Iterator[str]:
    """Lines of a lexicon TSV file (header comments first, then sorted entries)."""
    for line in header:
        yield line if line.startswith("#") else f"# {line}"
    for word in sorted(words):
        yield f"{word}\t{flags_to_letters(words[word])}"
    for ending in sorted(compounds):
        yield f"-{ending}\t{flags_to_letters(compounds[ending])}"


class LexiconFeatures:
    """Sets the lexicon flag bits (:data:`FLAG_IDS`) of each token's lexeme (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "pressextract_lexicon_features", genitive: bool = True):
        self.name = name
        self.vocab = nlp.vocab
        self.genitive = genitive
        self.words: dict[str, int] = {}
        self.compounds: dict[str, int] = {}
        self.header: list[str] = []
        self._compound_lengths: tuple[int, ...] = ()
        self._cache: dict[int, int] = {}

    # ---------------------------------------------------------------- data
    def set_lexicon(self, words: dict[str, int], compounds: dict[str, int] | None = None,
                    header: Iterable[str] = ()) -> None:
        """Replace the lexicon (word -> flags; lower-case compound ending -> flags)."""
        self.words = dict(words)
        self.compounds = {k.lower(): v for k, v in (compounds or {}).items()}
        self.header = list(header)
        self._compound_lengths = tuple(sorted({len(k) for k in self.compounds}, reverse=True))
        self._cache = {}

    def load(self, path: str | Path) -> None:
        """Read a lexicon TSV file."""
        with open(path, encoding="utf-8") as handle:
            words, compounds, header = read_lexicon(handle)
        self.set_lexicon(words, compounds, header)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   path: str | Path | None = None) -> None:
        """Load the lexicon from ``path`` (``[initialize.components.<name>] path = ...``)."""
        if path is None:
            if not self.words:
                raise ValueError(f"{self.name}: initialize needs the lexicon file (path = ...)")
            return
        self.load(path)

    # ---------------------------------------------------------------- lookup
    def flags(self, text: str) -> int:
        """The lexicon flags of one token text."""
        words = self.words
        flags = words.get(text, 0)
        if self.genitive and len(text) > 3 and text[-1] == "s":
            flags |= words.get(text[:-1], 0) & NAME_FLAGS
        if not flags & ORG_CUE and text[:1].isupper():
            flags |= self._org_flags(text)
        return flags

    def _org_flags(self, text: str) -> int:
        words = self.words
        for ending in ORG_ENDINGS[1:]:
            if len(text) > len(ending) + 1 and text.endswith(ending):
                found = words.get(text[: -len(ending)], 0) & ORG_CUE
                if found:
                    return found
        if not self._compound_lengths:
            return 0
        low = text.lower()
        for ending in ORG_ENDINGS:
            stem = low[: len(low) - len(ending)] if ending else low
            if ending and not low.endswith(ending):
                continue
            for length in self._compound_lengths:
                if len(stem) >= length + MIN_COMPOUND_HEAD:
                    found = self.compounds.get(stem[-length:], 0)
                    if found:
                        return found
        return 0

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self._cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        # Integer arrays instead of Token objects: this runs on every token the NER sees.
        arr = doc.to_array([ORTH, *FLAG_IDS])
        current = (arr[:, 1:] @ _WEIGHTS).tolist()
        strings, vocab = doc.vocab.strings, doc.vocab
        for orth, now in zip(arr[:, 0].tolist(), current, strict=True):
            flags = cache.get(orth)
            if flags is None:
                flags = cache[orth] = self.flags(strings[orth])
            if flags != now:
                lex = vocab[orth]
                for bit, flag_id in enumerate(FLAG_IDS):
                    lex.set_flag(flag_id, bool(flags >> bit & 1))
        return doc

    def doc_flags(self, doc: Doc) -> list[int]:
        """The flags the lexemes of ``doc`` carry now (what the model sees), one int per token."""
        if not len(doc):
            return []
        return (doc.to_array(list(FLAG_IDS)).reshape((len(doc), len(FLAG_IDS))) @ _WEIGHTS).tolist()

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    # ---------------------------------------------------------------- serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        text = "\n".join(write_lexicon(self.words, self.compounds, self.header)) + "\n"
        (path / LEXICON_FILE).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LexiconFeatures":
        self.load(ensure_path(path) / LEXICON_FILE)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return ("\n".join(write_lexicon(self.words, self.compounds, self.header)) + "\n").encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "LexiconFeatures":
        words, compounds, header = read_lexicon(data.decode("utf-8").splitlines())
        self.set_lexicon(words, compounds, header)
        return self


@Language.factory("pressextract_lexicon_features", default_config={"genitive": True})
def make_lexicon_features(nlp: Language, name: str, genitive: bool) -> "LexiconFeatures":
    """Lexicon flags (first name, surname, place, organisation cue) as lexeme flags FLAG60-FLAG63."""
    return LexiconFeatures(nlp, name, genitive=genitive)

"""Convert GermEval 2014 NER data into spaCy DocBins for training pressextract's NER.

Reads GermEval 2014 (CC BY 4.0) from the shared data folder and writes
``train.spacy``, ``dev.spacy`` and ``test.spacy`` (one Doc per sentence, gold
tokenisation) into ``training/ner/corpus/`` (git-ignored).

Data decisions (documented in training/README.md):

* Only the outer (first) NE column is used; nested entities are ignored.
* Labels: PER, LOC, ORG, OTH are kept; all ``*deriv`` and ``*part`` variants are
  mapped to O ("drop", default) or, with ``--scheme oth``, to OTH.
* Token text is repaired: C1 controls U+0080-U+009F are mapped to the character
  they stand for in Windows-1252 (U+0096 -> "–"), soft hyphens inside words are
  removed ("Redaktions\\xadleiterin" -> "Redaktionsleiterin"), a soft hyphen
  elsewhere becomes "-", and invisible format characters (LRM, ZWSP, BOM) are
  removed; a token left empty by this is dropped (only ever an O token).
* Train comes from the 3-column ``iob2/germ.train.iob2`` (the official train
  file is not available); dev and test come from the official 4-column files in
  ``original/`` (the malformed test line with a trailing tab is read by column).

Usage::

    python training/ner/prepare.py [--shared ../shared] [--out training/ner/corpus] [--scheme drop|oth]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"

LABELS = ("PER", "LOC", "ORG", "OTH")

_C1 = re.compile("[\u0080-\u009f]")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
_SHY_IN_WORD = re.compile(r"(?<=\w)\u00ad(?=\w)")


def _cp1252(match: re.Match) -> str:
    """Return the Windows-1252 character a C1 control code point stands for."""
    char = match.group(0)
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined
        return ""


def clean_token(text: str) -> str:
    """Repair mojibake and invisible characters in one gold token (may return "")."""
    text = _C1.sub(_cp1252, text)
    text = _INVISIBLE.sub("", text)
    # soft hyphen between digits ("1933\xad1945") was a real hyphen
    text = re.sub(r"(?<=\d)\u00ad(?=\d)", "-", text)
    text = _SHY_IN_WORD.sub("", text)
    text = text.replace("\u00ad", "" if len(text) > 1 else "-")
    return text


def map_label(tag: str, scheme: str = "drop") -> str:
    """Map a GermEval IOB2 outer tag to our label set (PER/LOC/ORG/OTH) or "O"."""
    if tag == "O" or not tag:
        return "O"
    prefix, _, label = tag.partition("-")
    if label in LABELS:
        return f"{prefix}-{label}"
    if label.endswith(("deriv", "part")):
        return "O" if scheme == "drop" else f"{prefix}-OTH"
    raise ValueError(f"unknown GermEval tag {tag!r}")


def read_germeval(path: Path, scheme: str = "drop"):
    """Yield (words, iob_tags) per sentence from a GermEval file (3- or 4-column format)."""
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("#\t"):
                continue
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            cols = line.split("\t")
            if cols[0].isdigit() and len(cols) >= 4:  # official: index, token, outer, nested
                token, outer = cols[1], cols[2]
            else:  # iob2: token, outer, nested
                token, outer = cols[0], cols[1]
            tag = map_label(outer, scheme)
            token = clean_token(token)
            if not token:
                if tag != "O":
                    raise ValueError(f"{path}: entity token became empty: {line!r}")
                continue
            words.append(token)
            tags.append(tag)
    if words:
        yield words, tags


def fix_iob(tags: list[str]) -> list[str]:
    """Turn I- tags that do not continue an entity of the same type into B- tags."""
    fixed = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        prev = tag
    return fixed


def sentences_to_docbin(nlp, sentences):
    """Build a DocBin of gold-entity Docs from (words, iob_tags) pairs."""
    from spacy.tokens import Doc, DocBin

    db = DocBin(store_user_data=False)
    counts: Counter = Counter()
    for words, tags in sentences:
        tags = fix_iob(tags)
        doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words), ents=tags)
        counts.update(ent.label_ for ent in doc.ents)
        db.add(doc)
    return db, counts


SPLITS = {
    "train": "germeval2014/iob2/germ.train.iob2",
    "dev": "germeval2014/original/NER-de-dev.tsv",
    "test": "germeval2014/original/NER-de-test.tsv",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="path of ../shared")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder for .spacy files")
    parser.add_argument("--scheme", choices=("drop", "oth"), default="drop",
                        help="what *deriv/*part become: drop (O, default) or oth (OTH)")
    args = parser.parse_args(argv)

    import spacy

    nlp = spacy.blank("de")
    ner_root = args.shared / "data" / "ner"
    args.out.mkdir(parents=True, exist_ok=True)
    for split, rel in SPLITS.items():
        path = ner_root / rel
        if not path.exists():
            print(f"missing {path}", file=sys.stderr)
            return 1
        db, counts = sentences_to_docbin(nlp, read_germeval(path, args.scheme))
        target = args.out / f"{split}.spacy"
        db.to_disk(target)
        print(f"{split}: {len(db)} sentences, entities {dict(sorted(counts.items()))} -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

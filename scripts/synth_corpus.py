"""A corpus of distinct press releases for benchmarks, made from the texts of ``corpus/`` and ``eval/heldout``.

Document ``i`` takes template ``i % n`` and varies it deterministically (seeded by ``i``):

- numbers: days and months stay valid (1–28 / 1–12 is kept as a 1–2 digit number), years move by a
  few years, other numbers get different digits of the same length;
- people: every surname of faker's German surname list found in the text, and the gold people of
  the held-out texts, get another surname (and first name) drawn from faker's German lists, so the
  number of distinct person names grows with the corpus as it does in a real archive.

Never uses ``../shared/eval/dev``. ``python scripts/synth_corpus.py N FOLDER`` writes N files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"(?<![\d.,])\d+")
_WORD = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+\b")


@lru_cache(maxsize=1)
def templates() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(text, gold person names) of the sample and held-out texts."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for path in sorted((REPO / "corpus").glob("*.txt")):
        out.append((path.read_text(encoding="utf-8"), ()))
    for path in sorted((REPO / "eval" / "heldout").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        names = tuple(sorted({p["name"] for p in data.get("people", []) if p.get("name")}))
        out.append((data["text"], names))
    return tuple(out)


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from faker.providers.person.de_DE import Provider

    firsts = tuple(sorted({n for n in Provider.first_names if " " not in n and "." not in n}))
    lasts = tuple(sorted({n for n in Provider.last_names if " " not in n and "-" not in n}))
    return firsts, lasts


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    digits = match.group(0)
    n = int(digits)
    if len(digits) <= 2:
        if 1 <= n <= 12:
            return str(rng.randint(1, 12)).zfill(len(digits))
        if 1 <= n <= 28:
            return str(rng.randint(1, 28)).zfill(len(digits))
        return digits
    if len(digits) == 4 and 1950 <= n <= 2040:
        return str(n + rng.randint(-3, 3))
    first = str(rng.randint(1, 9)) if digits[0] != "0" else "0"
    return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def make_text(i: int) -> str:
    """The ``i``-th synthetic document (same ``i``, same text)."""
    rng = random.Random(i)
    items = templates()
    text, gold = items[i % len(items)]
    firsts, lasts = _names()
    last_set = set(lasts)
    swap: dict[str, str] = {}
    for name in gold:
        parts = name.split()
        if len(parts) >= 2:
            swap.setdefault(parts[0], rng.choice(firsts))
            swap.setdefault(parts[-1], rng.choice(lasts))
    for word in sorted(set(_WORD.findall(text)) & last_set):
        swap.setdefault(word, rng.choice(lasts))
    if swap:
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(swap, key=len, reverse=True)) + r")\b")
        text = pattern.sub(lambda m: swap[m.group(1)], text)
    text = _NUMBER.sub(lambda m: _vary_number(m, rng), text)
    return f"{text}\n\nMeldung Nr. {i}\n"


def write_corpus(folder: Path, n_docs: int, start: int = 0) -> list[Path]:
    """Write documents ``start`` .. ``start + n_docs - 1`` into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n_docs):
        path = folder / f"{i:07d}.txt"
        path.write_text(make_text(i), encoding="utf-8")
        paths.append(path)
    return paths


def add_profile_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpus and profiler options of ``scripts/profile_doc.py`` and ``scripts/profile_run.py``."""
    parser.add_argument("--docs", type=int, default=1000, help="synthetic documents to make (default 1000)")
    parser.add_argument("--folder", type=Path, help="profile the files of this folder instead")
    parser.add_argument("--model", default=None, help="base pipeline (see `pressextract run --model`)")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the N hottest functions")


def profile_corpus(folder: Path | None, n_docs: int, tmp: str) -> Path:
    """``folder``, else a new corpus of ``n_docs`` synthetic documents inside ``tmp``."""
    if folder is not None:
        return folder
    folder = Path(tmp) / "corpus"
    write_corpus(folder, n_docs)
    return folder


if __name__ == "__main__":
    write_corpus(Path(sys.argv[2]), int(sys.argv[1]))

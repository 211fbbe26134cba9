"""Locate and read the rule files in ``rules/`` (patterns, lexicons, gazetteer settings).

Rule files carry a comment header (``#`` lines) saying what they cover; JSONL files may
therefore contain ``#`` comment lines, which spaCy's own reader would reject.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml


def rules_dir() -> Path:
    """The rules folder: $PRESSEXTRACT_RULES, else ``rules/`` beside the package."""
    env = os.environ.get("PRESSEXTRACT_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "rules", here / "rules_data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("pressextract rules folder not found; set PRESSEXTRACT_RULES")


def rule_path(name: str) -> Path:
    """Path of a file in the rules folder, e.g. ``rule_path("dates/months.yaml")``."""
    return rules_dir() / name


@cache
def read_yaml(name: str) -> Any:
    """Parse a YAML rule file (cached: rule files are read once per process)."""
    with rule_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def read_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Read a JSONL pattern file, skipping blank and ``#`` comment lines."""
    rows = []
    with rule_path(name).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            try:
                rows.append(json.loads(stripped))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{rule_path(name)}:{lineno}: invalid JSON: {exc}") from exc
    return tuple(rows)

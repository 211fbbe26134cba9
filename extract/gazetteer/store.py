"""Where the gazetteer index files live and how they are written and read (one JSON file per
source in the user data folder), and the per-process cache of loaded gazetteers."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from extract.gazetteer.names import ALIASES_VERSION, _refresh_names
from extract.gazetteer.records import Gazetteer, GazetteerEntry

FORMAT_VERSION = 1

OFFICIAL_FILE = "gazetteer.official.json"
EMBEDDED_FILE = "gazetteer.embedded.json"

# Loaded gazetteers of this process, keyed by source, file and stamp (see load_gazetteer).
_CACHE: dict[tuple, Gazetteer] = {}


def data_dir() -> Path:
    """User data folder for the gazetteer indexes.

    $PRESSEXTRACT_HOME, else $XDG_DATA_HOME/pressextract, else ~/.local/share/pressextract (the
    place platformdirs would choose on Linux).
    """
    env = os.environ.get("PRESSEXTRACT_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "pressextract"


def official_index_path(home: Path | None = None) -> Path:
    """Where :func:`import_gv100ad` writes the official index."""
    return (home or data_dir()) / OFFICIAL_FILE


def embedded_index_path(home: Path | None = None) -> Path:
    """Where the embedded default is cached after its first build."""
    return (home or data_dir()) / EMBEDDED_FILE


def _write_index(path: Path, gaz: Gazetteer, meta: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT_VERSION, "aliases_version": ALIASES_VERSION, "source": gaz.source,
               "description": gaz.description, **meta, "entries": [e.to_row() for e in gaz.entries]}
    # a temporary name of this process's own: two runs building the index at once must not write
    # into one temporary file (the later rename would publish a mix of both)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _read_index(path: Path) -> tuple[Gazetteer, dict]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: index format {payload.get('format')} (expected {FORMAT_VERSION})")
    entries = tuple(GazetteerEntry.from_row(r) for r in payload.pop("entries"))
    if payload.get("aliases_version") != ALIASES_VERSION and payload.get("source") == "official":
        entries = tuple(e if e.is_kreis else _refresh_names(e) for e in entries)
    return Gazetteer(entries, payload.get("source", ""), payload.get("description", "")), payload



"""Registry CSV import (all rows or none) and export."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from extract import facts_schema as fs
from extract.atomic import write_file
from extract.csvsafe import guard_row, looks_like_formula, unguard
from extract.normalise.amounts import format_decimal, parse_number
from extract.registry.entities import (
    EntityIn,
    EntityIndex,
)
from extract.registry.schema import (
    REGISTRY_COLUMNS,
    RegistryImportError,
)
from extract.registry.store import (
    Registry,
    using,
)

# ---------------------------------------------------------------------------------------------
# CSV import / export


@dataclass
class ImportResult:
    """What an import did."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    entities: int = 0
    keys: list[str] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)  # (line, natural key) of in-batch conflicts held back
    formulas: list[tuple[int, str]] = field(default_factory=list)  # (line, column) of cells that look like formulas
    logged: int = 0  # decision-log entries written for changed values


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvFormatError(ValueError):
    """A CSV file cannot be read at all (not UTF-8, broken quoting); ``line`` says where."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(f"line {line}: {message}")


_FIELD_LIMIT = 2**31 - 1  # the largest value the csv module accepts on every platform


def read_csv_rows(
    path: str | Path, formulas: list[tuple[int, str]] | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a CSV (UTF-8, optional BOM, comma/semicolon/tab): header and (first line number, row) pairs.

    Cells written with pressextract's formula guard get their raw value back
    (:func:`extract.csvsafe.unguard`); an unguarded cell that a spreadsheet would run as a formula
    is added to ``formulas`` as (line, column). Raises :class:`CsvFormatError` when the file is not
    UTF-8, holds a NUL byte or is not parseable as CSV.
    """
    data = Path(path).read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise CsvFormatError(line, "NUL byte in the file (binary data, or saved as UTF-16: save as 'CSV UTF-8')")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(line, "not UTF-8 text (save the spreadsheet as 'CSV UTF-8')") from exc
    handle = io.StringIO(text, newline="")
    # a fact seen in thousands of documents lists them all in one cell (doc_ids, evidence): far
    # past the csv module's default 128 KiB field limit, which would refuse our own facts.csv
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    reader = csv.reader(handle, delimiter=_sniff_delimiter(text.split("\n", 1)[0]), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return [], []
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                extra = record[len(header) :]
                if any(c.strip() for c in extra):
                    rows.append((line, {"__extra__": "|".join(extra)}))
                else:
                    cells = {h: (record[i] if i < len(record) else "") for i, h in enumerate(header)}
                    if formulas is not None:
                        formulas.extend((line, h) for h, c in cells.items() if c and looks_like_formula(c))
                    rows.append((line, {h: unguard(c) for h, c in cells.items()}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CsvFormatError(reader.line_num, f"not valid CSV: {exc}") from exc
    return header, rows


def _read_entities_csv(path: Path) -> dict[str, EntityIn]:
    """A dataset's entities.csv by entity id; problems raise :class:`RegistryImportError` naming that file."""
    try:
        header, rows = read_csv_rows(path)
    except CsvFormatError as exc:
        raise RegistryImportError(str(path), [(exc.line, str(exc).split(": ", 1)[1])]) from exc
    missing = [c for c in ("entity_id", "type", "canonical") if c not in header]
    if missing:
        raise RegistryImportError(str(path), [(1, f"entities.csv header lacks {', '.join(missing)}")])
    bad = [(line, "more cells than header columns") for line, row in rows if "__extra__" in row]
    bad += [(line, "entity_id is empty") for line, row in rows if "__extra__" not in row and not row.get("entity_id")]
    if bad:
        raise RegistryImportError(str(path), bad)
    return {
        row.get("entity_id", ""): EntityIn.from_entities_row(row)
        for _line, row in rows
        if row.get("entity_id")
    }


_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")
_GERMAN_GROUPS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def registry_number(text: str) -> str | None:
    """A registry cell's number as a plain decimal, or None if it is none.

    Plain decimals (``30000``, ``8478.75``) stay; German forms are read as the amount normaliser
    reads them (``30.000`` = 30000, ``8.478,75``, ``2,5``, ``30.000,-``): a dot followed by groups
    of exactly three digits groups thousands, it is never a decimal point.
    """
    value = text.strip()
    if _PLAIN.fullmatch(value) and not _GERMAN_GROUPS.fullmatch(value):
        return value
    negative = value.startswith("-")
    number = parse_number(value[1:] if negative else value)
    if number is None:
        return None
    return ("-" if negative else "") + format_decimal(number)


@dataclass
class _ImportRow:
    line: int
    predicate: str
    subject: EntityIn
    object: EntityIn | None
    values: dict[str, str]
    qualifiers: dict[str, Any]
    provenance: dict[str, str]


def _side_entity(
    row: dict[str, str],
    side: str,
    types: tuple[str, ...],
    reg: Registry,
    index: EntityIndex,
    dataset_entities: dict[str, EntityIn],
    problems: list[str],
) -> EntityIn | None:
    canonical = (row.get(f"{side}_canonical") or "").strip()
    etype = (row.get(f"{side}_type") or "").strip()
    key = (row.get(f"{side}_key") or "").strip()
    ref = (row.get(f"{side}_id") or "").strip()
    if not etype and len(types) == 1:
        etype = types[0]
    if canonical:
        if not etype:
            problems.append(f"{side}_type is empty (one of {', '.join(types) or 'any type'} expected)")
            return None
        ent = EntityIn(etype, canonical, key)
    elif ref and reg.entity(ref):
        known = reg.entity(ref) or {}
        ent = EntityIn(known["type"], known["canonical"], known["key"])
    elif ref and ref in dataset_entities:
        ent = dataset_entities[ref]
    elif key and etype and index.by_key.get((etype, key)):
        known = reg.entity(index.by_key[(etype, key)]) or {}
        ent = EntityIn(known["type"], known["canonical"], known["key"])
    elif ref or key:
        problems.append(f"{side} {ref or key!r} is unknown: give {side}_canonical (and {side}_type)")
        return None
    else:
        return None
    if types and ent.type not in types:
        problems.append(f"{side} type {ent.type!r} is not one of {', '.join(types)}")
        return None
    return ent


def _parse_import_row(
    line: int,
    row: dict[str, str],
    reg: Registry,
    index: EntityIndex,
    dataset_entities: dict[str, EntityIn],
    default_source: str,
) -> tuple[_ImportRow | None, list[str]]:
    problems: list[str] = []
    if "__extra__" in row:
        return None, ["more cells than header columns"]
    predicate = (row.get("predicate") or "").strip()
    if not predicate:
        return None, ["predicate is empty"]
    if predicate not in fs.PREDICATES:
        return None, [f"unknown predicate {predicate!r} (known: {', '.join(fs.PREDICATES)})"]
    spec = fs.spec_for(predicate)
    subject = _side_entity(row, "subject", spec.subject_types, reg, index, dataset_entities, problems)
    if subject is None and not problems:
        problems.append("no subject: give subject_canonical (or a known subject_id)")
    obj = _side_entity(row, "object", spec.object_types, reg, index, dataset_entities, problems)
    if spec.needs_object and obj is None and not any(p.startswith("object") for p in problems):
        problems.append(f"no object: {predicate} needs a {'/'.join(spec.object_types)} (object_canonical)")
    if not spec.has_object and obj is not None:
        problems.append(f"{predicate} takes no object")
    values = fs.fact_values(predicate, row)
    if spec.value_kind in ("amount", "integer") and values.get("value"):
        number = registry_number(values["value"])
        if number is None:
            problems.append(f"value {values['value']!r} is not a number (plain 30000 or 8478.75, or German "
                            f"30.000 or 8.478,75)")
            values["value"] = "0"
        else:
            values["value"] = number
    problems.extend(fs.check_values(predicate, values))
    try:
        qualifiers = fs.parse_qualifiers(row.get("qualifiers", ""))
    except ValueError as exc:
        problems.append(f"qualifiers are not a JSON object: {exc}")
        qualifiers = {}
    confidence = (row.get("confidence") or "").strip()
    if confidence:
        try:
            if not 0 <= float(confidence) <= 1:
                raise ValueError
        except ValueError:
            problems.append(f"confidence {confidence!r} is not a number between 0 and 1")
    accepted_at = (row.get("accepted_at") or "").strip()
    if accepted_at:
        try:
            datetime.fromisoformat(accepted_at.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"accepted_at {accepted_at!r} is not an ISO timestamp")
    if problems or subject is None:
        return None, problems
    provenance = {
        "doc_ids": (row.get("doc_ids") or "").strip(),
        "evidence": (row.get("evidence") or "").strip(),
        "confidence": confidence,
        "source": (row.get("source") or "").strip() or default_source,
        "published": (row.get("published") or "").strip(),
        "accepted_at": accepted_at,
        "accepted_by": (row.get("accepted_by") or "").strip() or "import",
    }
    return _ImportRow(line, predicate, subject, obj, values, qualifiers, provenance), []


def key_qualifier_values(
    predicate: str, qualifiers: dict[str, Any], index: EntityIndex, entity_names: dict[str, str] | None = None
) -> dict[str, str]:
    """The key qualifiers of a fact as names (run-local entity ids replaced, aliases mapped to canonical)."""
    out: dict[str, str] = {}
    names = entity_names or {}
    for name in fs.spec_for(predicate).key_qualifiers:
        raw = qualifiers.get(name)
        if raw in (None, "") and f"{name}_id" in qualifiers:
            raw = qualifiers[f"{name}_id"]
        text = fs.qualifier_text(raw).strip()
        text = names.get(text, text)
        out[name] = index.name_of(text) if text else ""
    return out


END_MARK = "#end"  # fact_id of the last row of an export; its value is the number of rows before it
_KNOWN_COLUMNS = set(REGISTRY_COLUMNS)


def _header_problems(header: list[str], rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, str]]:
    """Misspelled, unknown, repeated and nameless columns (line 1)."""
    problems = []
    for name in sorted(set(header)):
        count = header.count(name)
        if name and count > 1:
            problems.append((1, f"column {name!r} appears {count} times"))
    for position, name in enumerate(header, 1):
        if not name:
            if any(row.get("", "").strip() for _line, row in rows):
                problems.append((1, f"column {position} has no name but holds values"))
        elif name not in _KNOWN_COLUMNS:
            close = difflib.get_close_matches(name, sorted(_KNOWN_COLUMNS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(REGISTRY_COLUMNS)})"
            problems.append((1, f"unknown column {name!r}{hint}"))
    return problems


def _end_mark_problems(header: list[str], rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, str]]:
    """Check and drop the end row of an export: present, last, and counting the rows before it."""
    marks = [i for i, (_line, row) in enumerate(rows) if (row.get("fact_id") or "").strip() == END_MARK]
    if not marks:
        # written by export (its natural_key cells are filled): its end row must be there
        if "natural_key" in header and any((row.get("natural_key") or "").strip() for _line, row in rows):
            last = rows[-1][0] + 1 if rows else 2
            return [(last, f"no end row ({END_MARK}): the export was cut short; export again (to import an "
                           f"edited export, keep its {END_MARK} row and set its value to the number of rows)")]
        return []
    index = marks[0]
    line, row = rows[index]
    stated = (row.get("value") or "").strip()
    del rows[index]
    if len(marks) > 1 or index != len(rows):
        return [(line, f"the end row ({END_MARK}) is not the last row")]
    if stated != str(len(rows)):
        return [(line, f"the end row says {stated or 'nothing'} rows, the file has {len(rows)}: it was cut "
                       f"short or edited")]
    return []


def import_csv(
    path_csv: str | Path,
    registry: str | Path | Registry,
    *,
    entities_csv: str | Path | None = None,
    source: str | None = None,
    hold_conflicts: bool = False,
) -> ImportResult:
    """Import a registry CSV (layout in the module docstring) into the registry, all rows or none.

    Rows whose natural key is already in the registry replace that fact; a replaced value is
    logged in the decision log (action ``accept`` by the importer, item ``import:FILE:LINE``) and
    the fact's provenance names that entry. Raises :class:`RegistryImportError` listing every
    malformed line; the registry is then unchanged. Two rows with one key and different values
    (an in-batch conflict, normal in a run's facts.csv) are malformed unless ``hold_conflicts``:
    then those rows are held back (``result.held``) and the rest is imported; ``diff`` then
    raises the key as a conflict for review.
    """
    path = Path(path_csv)
    with using(registry) as reg:
        formulas: list[tuple[int, str]] = []
        try:
            header, rows = read_csv_rows(path, formulas)
        except CsvFormatError as exc:
            raise RegistryImportError(str(path), [(exc.line, str(exc).split(": ", 1)[1])]) from exc
        errors: list[tuple[int, str]] = []
        if "predicate" not in header:
            raise RegistryImportError(str(path), [(1, "header has no 'predicate' column")])
        errors.extend(_header_problems(header, rows))
        errors.extend(_end_mark_problems(header, rows))
        has_names = "subject_canonical" in header
        ent_path = Path(entities_csv) if entities_csv else path.with_name("entities.csv")
        dataset_entities = (
            _read_entities_csv(ent_path) if (entities_csv or not has_names) and ent_path.is_file() else {}
        )
        default_source = source or f"import:{path.name}"
        parsed: list[_ImportRow] = []
        index = reg.entity_index()
        for line, row in rows:
            item, problems = _parse_import_row(line, row, reg, index, dataset_entities, default_source)
            errors.extend((line, p) for p in problems)
            if item:
                parsed.append(item)
        # resolve entities: keyed ones first, so a keyless mention of the same name joins them
        entity_names = {eid: ent.canonical for eid, ent in dataset_entities.items()}
        new_entities: dict[str, EntityIn] = {}
        ents = [e for item in parsed for e in (item.subject, item.object) if e is not None]
        for ent in sorted(ents, key=lambda e: (not e.key,)):
            ref = index.resolve(ent.type, ent.canonical, ent.key)
            if reg.entity(ref) is None and ref not in new_entities:
                new_entities[ref] = ent
                index.add(ref, ent.type, ent.canonical, ent.key, ent.aliases)
        keyed: dict[str, list[tuple[_ImportRow, str, str]]] = {}
        for item in parsed:
            subj = index.resolve(item.subject.type, item.subject.canonical, item.subject.key)
            obj = (
                index.resolve(item.object.type, item.object.canonical, item.object.key) if item.object else ""
            )
            quals = key_qualifier_values(item.predicate, item.qualifiers, index, entity_names)
            keyed.setdefault(fs.natural_key(item.predicate, subj, obj, quals), []).append((item, subj, obj))
        result = ImportResult(rows=len(rows), formulas=formulas)
        chosen: list[tuple[_ImportRow, str, str, str]] = []
        for nkey, group in keyed.items():
            first = group[0][0]
            normal = fs.normalise_values(first.predicate, first.values)
            conflict = any(
                not fs.compatible(first.predicate, normal, fs.normalise_values(i.predicate, i.values))
                for i, _s, _o in group[1:]
            )
            if len(group) > 1 and conflict and hold_conflicts:
                result.held.extend((i.line, nkey) for i, _s, _o in group)
                continue
            for item, _s, _o in [] if hold_conflicts else group[1:]:  # held: compatible repeats merge
                kind = " with a different value" if conflict else ""
                hint = " (an in-batch conflict: --hold-conflicts imports the other rows)" if conflict else ""
                errors.append((item.line, f"same fact key as line {first.line}{kind}: {nkey}{hint}"))
            chosen.append((first, group[0][1], group[0][2], nkey))
        if errors:
            raise RegistryImportError(str(path), sorted(errors))
        result.held.sort()
        with reg.transaction():
            for ref, ent in new_entities.items():
                reg.upsert_entity(ref, ent)
                result.entities += 1
            for item, subj, obj, nkey in sorted(chosen, key=lambda c: c[0].line):
                for ref, ent in ((subj, item.subject), (obj, item.object)):
                    if ent is not None and ref not in new_entities:
                        reg.upsert_entity(ref, ent)
                provenance = dict(item.provenance)
                old = reg.fact(nkey)
                new_value = fs.normalise_values(item.predicate, item.values)
                if old is not None:
                    old_value = fs.normalise_values(old["predicate"], fs.fact_values(old["predicate"], old))
                    if old_value != new_value:  # a changed value is a decision: logged, and named in provenance
                        provenance["decision_id"] = reg.log_decision(
                            f"import:{path.name}:{item.line}", nkey, "accept", old_value, new_value,
                            provenance.get("accepted_by") or "import", f"import of {path.name} line {item.line}",
                            provenance.get("source", ""),
                        )
                        result.logged += 1
                    elif old.get("decision_id"):
                        provenance["decision_id"] = old["decision_id"]
                outcome = reg.upsert_fact(
                    nkey, item.predicate, subj, obj, item.values, item.qualifiers, provenance
                )
                setattr(result, outcome, getattr(result, outcome) + 1)
                result.keys.append(nkey)
        return result


def export_rows(registry: str | Path | Registry) -> list[dict[str, str]]:
    """The registry's facts as rows of the registry CSV layout, sorted by natural key."""
    with using(registry) as reg:
        entities = {e["entity_id"]: e for e in reg.entities()}
        out = []
        for fact in reg.facts():
            subj = entities.get(fact["subject_id"], {})
            obj = entities.get(fact["object_id"], {}) if fact["object_id"] else {}
            row = {c: "" if fact.get(c) is None else str(fact.get(c)) for c in REGISTRY_COLUMNS if c in fact}
            row.update(
                {
                    "subject_type": subj.get("type", ""),
                    "subject_canonical": subj.get("canonical", ""),
                    "subject_key": subj.get("key", ""),
                    "object_type": obj.get("type", ""),
                    "object_canonical": obj.get("canonical", ""),
                    "object_key": obj.get("key", ""),
                }
            )
            if row.get("qualifiers") == "{}":
                row["qualifiers"] = ""
            out.append({c: row.get(c, "") for c in REGISTRY_COLUMNS})
        return out


def export_csv(registry: str | Path | Registry, path: str | Path) -> int:
    """Write the registry's facts as a registry CSV (re-importable as is); returns the number of rows.

    The file is written whole or not at all (temporary file, then renamed), every cell guarded
    against spreadsheet formulas, and its last row is the end row (``fact_id`` ``#end``, ``value``
    the number of rows) that import checks, so a copy cut short is refused.
    """
    rows = export_rows(registry)
    write_file(Path(path), lambda handle: write_export(rows, handle), newline="")
    return len(rows)


def write_export(rows: list[dict[str, str]], handle: IO[str]) -> None:
    """The export CSV of ``rows`` into an open text handle (a file, or standard output)."""
    writer = csv.DictWriter(handle, fieldnames=list(REGISTRY_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(guard_row(row) for row in rows)
    writer.writerow({**dict.fromkeys(REGISTRY_COLUMNS, ""), "fact_id": END_MARK, "value": str(len(rows))})

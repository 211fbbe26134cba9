"""What identifies a fact and what it states: the natural KEY and the VALUE of every predicate.

facts.csv (DATASET.md) refers to entities by run-local ids (``subject_id``, ``object_id``), so a
fact cannot be matched against a registry (or another run) by its ids. It is matched by its
**natural key**, built from stable properties only:

* an **entity reference** for the subject and the object: ``<type>/key:<key>`` when the entity has
  an official key (AGS for municipalities), else ``<type>/name:<normalised canonical name>``
  (:func:`entity_ref`). When a registry is at hand, an entity without a key is first looked up
  there by canonical name or alias, so a registry entity keeps one reference.
* the **predicate**;
* the **key qualifiers** named in :data:`PREDICATES` (e.g. the funder of ``receives_funding``),
  read from the fact's ``qualifiers`` JSON and compared by normalised name
  (:func:`normalise_name`); a qualifier that holds a run-local entity id is replaced by that
  entity's canonical name first.

Key format, one string, stable and readable (:func:`natural_key`)::

    receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen|funder=land nrw|project=|year=

The **value** of a fact is the tuple of its value columns. ``strict`` columns are always
compared (after normalisation: amounts as decimals, units upper-case, roles case-insensitive);
``optional`` columns are compared only when both sides state them (an empty column means "the
source did not say", e.g. a press release that mentions Leverkusen's participation without a
start date does not contradict the registry's since-date).

================  ============  ===================  ==============  =====================
predicate         subject       object               key qualifiers  strict value columns
================  ============  ===================  ==============  =====================
participates_in   municipality  program              --              -- (since-date only)
receives_funding  munic./org.   program or none      funder,         value, unit, period
                                                     project, year
programme_budget  program       --                   scope, year     value, unit, period
holds_role        person        org./munic. or none  --              value (the role)
member_count      program       --                   --              value (an integer)
(any other)       any           any or none          --              value, unit, period
================  ============  ===================  ==============  =====================

Optional value columns of every predicate: ``valid_from``, ``valid_to``. The code form of this
table is :data:`PREDICATES`; :func:`describe_table` renders it as Markdown.

``participates_in`` states the since-date in ``valid_from``; a pipeline that puts the date in
``value`` instead is read the same way (the date moves to ``valid_from``).
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# Columns of facts.csv, in order (DATASET.md).
FACT_COLUMNS = (
    "fact_id",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "unit",
    "period",
    "valid_from",
    "valid_to",
    "qualifiers",
    "doc_ids",
    "evidence",
    "confidence",
)
# Every column that can carry part of a fact's value.
VALUE_COLUMNS = ("value", "unit", "period", "valid_from", "valid_to")
PERIODS = ("", "year", "month", "total", "once")

_DATE_RE = re.compile(
    r"^(?:\d{4}|X{4})(?:-(?:\d{2}|XX)(?:-\d{2})?)?$"  # 2017, 2017-01, 2017-01-12, XXXX-11
    r"|^\d{4}-Q[1-4]$"  # quarter
    r"|^\d{4}(?:-\d{2}(?:-\d{2})?)?/\d{4}(?:-\d{2}(?:-\d{2})?)?$"  # range 2012/2016
)
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class PredicateSpec:
    """How facts of one predicate are identified (key) and compared (value)."""

    predicate: str
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]  # () = the fact has no object
    key_qualifiers: tuple[str, ...]
    strict: tuple[str, ...]
    optional: tuple[str, ...]
    value_kind: str  # "amount", "integer", "text", "none"
    description: str
    object_required: bool = True  # False: the object may be empty (a role without organisation)

    @property
    def value_columns(self) -> tuple[str, ...]:
        """All value columns, strict first."""
        return self.strict + self.optional

    @property
    def has_object(self) -> bool:
        """True when facts of this predicate (may) name an object entity; the key then has an ``O=`` part."""
        return bool(self.object_types)

    @property
    def needs_object(self) -> bool:
        """True when a fact of this predicate must name an object entity."""
        return self.has_object and self.object_required


_VALIDITY = ("valid_from", "valid_to")

# THE table: key and value of every predicate (see the module docstring for the rendered form).
# fmt: off
PREDICATES: dict[str, PredicateSpec] = {
    spec.predicate: spec
    for spec in (
        #             predicate           subject types      object types                      key qualifiers
        #             strict value columns          optional   value kind
        PredicateSpec("participates_in",  ("municipality",), ("program",),                     (),
                      (),                           _VALIDITY, "none",
                      "municipality takes part in a programme (since valid_from)"),
        PredicateSpec("receives_funding", ("municipality", "organization"), ("program",),
                      ("funder", "project", "year"),
                      ("value", "unit", "period"),  _VALIDITY, "amount",
                      "municipality or body receives an amount (from a programme, if named) for a purpose, "
                      "per period, from a funder; one grant per (recipient, programme, funder, project, year)",
                      object_required=False),
        PredicateSpec("programme_budget", ("program",),      (),                               ("scope", "year"),
                      ("value", "unit", "period"),  _VALIDITY, "amount",
                      "total or periodic budget of a programme, round or call; one volume per (programme, "
                      "scope: the Land or Kreis it is for, year)"),
        PredicateSpec("holds_role",       ("person",),       ("organization", "municipality"), (),
                      ("value",),                   _VALIDITY, "text",
                      "person holds a role (value) in an organisation or municipality (may be empty)",
                      object_required=False),
        PredicateSpec("member_count",     ("program",),      (),                               (),
                      ("value",),                   _VALIDITY, "integer",
                      "number of members (municipalities) of a programme"),
    )
}
# fmt: on

DEFAULT_SPEC = PredicateSpec(
    "*",
    (),
    (),
    (),
    ("value", "unit", "period"),
    _VALIDITY,
    "text",
    "any predicate not listed: subject, predicate, object form the key",
)


def spec_for(predicate: str) -> PredicateSpec:
    """The spec of a predicate; unknown predicates get :data:`DEFAULT_SPEC`."""
    return PREDICATES.get(predicate, DEFAULT_SPEC)


def normalise_name(text: str) -> str:
    """Case- and punctuation-insensitive form of a name.

    ``„Kein Kind zurücklassen!“`` -> ``kein kind zurücklassen``.
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def entity_ref(etype: str, canonical: str, key: str = "") -> str:
    """Stable reference of an entity: ``type/key:KEY`` if it has a key, else ``type/name:NAME``."""
    etype = (etype or "").strip()
    key = (key or "").strip()
    if key:
        return f"{etype}/key:{key}"
    return f"{etype}/name:{normalise_name(canonical)}"


def qualifier_text(value: Any) -> str:
    """A qualifier value as text (lists are joined, None is empty)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(qualifier_text(v) for v in value)
    return str(value)


def natural_key(predicate: str, subject_ref: str, object_ref: str, key_qualifiers: dict[str, str]) -> str:
    """The natural key string of a fact (see module docstring)."""
    spec = spec_for(predicate)
    parts = [predicate, f"S={subject_ref}"]
    if object_ref or spec.has_object or spec is DEFAULT_SPEC:
        parts.append(f"O={object_ref}")
    for name in spec.key_qualifiers:
        parts.append(f"{name}={normalise_name(key_qualifiers.get(name, ''))}")
    return "|".join(parts)


def parse_qualifiers(text: str) -> dict[str, Any]:
    """Parse the ``qualifiers`` column (a JSON object or empty); raises ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("qualifiers must be a JSON object")
    return data


def _norm_decimal(text: str) -> str:
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    normal = number.normalize()
    # format without exponent: 3E+4 -> 30000
    return format(normal, "f")


def is_date(text: str) -> bool:
    """True for the date forms of DATASET.md (2017-01-12, 2017-01, 2017, 2012/2016, 2020-Q1)."""
    return bool(_DATE_RE.match(text))


def fact_values(predicate: str, row: dict[str, Any]) -> dict[str, str]:
    """The value columns of a fact row (facts.csv layout), as stated (stripped, not normalised)."""
    spec = spec_for(predicate)
    values = {col: str(row.get(col) or "").strip() for col in spec.value_columns}
    if predicate == "participates_in":
        stated = str(row.get("value") or "").strip()
        if not values["valid_from"] and stated and is_date(stated):
            values["valid_from"] = stated
    return values


def check_values(predicate: str, values: dict[str, str]) -> list[str]:
    """Problems with a fact's values (empty list if fine); used to validate registry imports."""
    spec = spec_for(predicate)
    problems: list[str] = []
    value = values.get("value", "")
    if spec.value_kind == "amount":
        if not value:
            problems.append("value (amount) is empty")
        else:
            try:
                _norm_decimal(value)
                if not re.fullmatch(r"-?\d+(\.\d+)?", value):
                    raise ValueError
            except (InvalidOperation, ValueError):
                problems.append(f"value {value!r} is not a plain decimal number like 30000 or 8478.75")
        unit = values.get("unit", "")
        if not _CURRENCY_RE.match(unit):
            problems.append(f"unit {unit!r} is not a currency code like EUR")
    elif spec.value_kind == "integer":
        if not re.fullmatch(r"\d+", value):
            problems.append(f"value {value!r} is not a whole number")
    elif spec.value_kind == "text" and "value" in spec.strict and not value and spec is not DEFAULT_SPEC:
        problems.append("value is empty")
    if "period" in values and values["period"] not in PERIODS:
        problems.append(f"period {values['period']!r} is not one of {', '.join(p for p in PERIODS if p)}")
    for col in _VALIDITY:
        date = values.get(col, "")
        if date and not is_date(date):
            problems.append(f"{col} {date!r} is not an ISO date (YYYY-MM-DD, YYYY-MM, YYYY)")
    return problems


def normalise_values(predicate: str, values: dict[str, str]) -> dict[str, str]:
    """Values in the form they are compared in (decimals normalised, units upper-case, spaces collapsed).

    Text values (roles) keep their case; :func:`compatible` compares them case-insensitively.
    """
    spec = spec_for(predicate)
    out: dict[str, str] = {}
    for col in spec.value_columns:
        text = (values.get(col) or "").strip()
        if col == "value" and text and spec.value_kind in ("amount", "integer"):
            with contextlib.suppress(InvalidOperation, ValueError):
                text = _norm_decimal(text)
        elif col == "value" and spec.value_kind == "text":
            text = " ".join(unicodedata.normalize("NFKC", text).split())
        elif col == "unit":
            text = text.upper()
        elif col == "period":
            text = text.lower()
        out[col] = text
    return out


def compatible(predicate: str, left: dict[str, str], right: dict[str, str]) -> bool:
    """True if two normalised values do not contradict each other.

    Strict columns must be equal, optional columns only when both sides state them.
    """
    spec = spec_for(predicate)
    fold = spec.value_kind == "text"
    for col in spec.strict:
        a, b = left.get(col, ""), right.get(col, "")
        if fold and col == "value":
            a, b = a.casefold(), b.casefold()
        if a != b:
            return False
    for col in spec.optional:
        a, b = left.get(col, ""), right.get(col, "")
        if a and b and a != b:
            return False
    return True


def merge_values(predicate: str, values: list[dict[str, str]]) -> dict[str, str]:
    """Union of compatible values: strict columns from the first, optional columns the first non-empty."""
    spec = spec_for(predicate)
    merged = dict(values[0])
    for col in spec.optional:
        merged[col] = next((v[col] for v in values if v.get(col)), "")
    return merged


def format_value(predicate: str, values: dict[str, str] | None) -> str:
    """One human-readable line for a value: ``30000 EUR / year (2017-01-12 – )``; "" for None."""
    if values is None:
        return ""
    spec = spec_for(predicate)
    main = " ".join(values.get(c, "") for c in spec.strict if c != "period" and values.get(c, ""))
    if values.get("period") and "period" in spec.strict:
        main = f"{main} / {values['period']}"
    since, until = values.get("valid_from", ""), values.get("valid_to", "")
    validity = ""
    if since or until:
        validity = f"{since or '…'} – {until}".rstrip()
    if predicate == "participates_in":
        return f"since {since}" + (f" until {until}" if until else "") if since or until else "(no date)"
    if main and validity:
        return f"{main} ({validity})"
    return main or validity or "(empty)"


def describe_table() -> str:
    """The key/value table as Markdown (for docs and ``--help`` output)."""
    lines = [
        "| predicate | subject | object | key qualifiers | strict value | optional value |",
        "|---|---|---|---|---|---|",
    ]
    for spec in list(PREDICATES.values()) + [DEFAULT_SPEC]:
        lines.append(
            "| "
            + " | ".join(
                (
                    spec.predicate,
                    "/".join(spec.subject_types) or "any",
                    ("/".join(spec.object_types) + ("" if spec.object_required else " or none"))
                    if spec.object_types
                    else ("any or none" if spec is DEFAULT_SPEC else "-"),
                    ", ".join(spec.key_qualifiers) or "-",
                    ", ".join(spec.strict) or "-",
                    ", ".join(spec.optional) or "-",
                )
            )
            + " |"
        )
    return "\n".join(lines)

"""Normalise money amounts: German number formats and number words -> exact decimal values.

Everything here is pure arithmetic on strings; the word lists come in as arguments (the
component reads them from ``rules/amounts/*.yaml``). Values are :class:`decimal.Decimal` so
"8.478,75" stays exactly 8478.75 and "1,48 Milliarden" exactly 1480000000.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

_DIGITS = re.compile(
    r"^(?P<int>\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)(?:,(?P<frac>\d+))?(?:,[-–—]{1,2})?$"
)


def parse_number(text: str) -> Decimal | None:
    """Parse a German-formatted number: "1.234,56", "812 000", "5000", "2,3", "5.000,-".

    A dot (or space) groups thousands, a comma starts the decimals. Returns None for anything
    else (English "2.5" is not accepted: in German it is not a number format).
    """
    m = _DIGITS.match(text.strip())
    if not m:
        return None
    integer = re.sub(r"[.\u00a0\u202f ]", "", m.group("int"))
    frac = m.group("frac")
    try:
        return Decimal(f"{integer}.{frac}") if frac else Decimal(integer)
    except InvalidOperation:
        return None


def number_word_table(lexicon: Mapping[str, object]) -> dict[str, Decimal]:
    """All German number words the lexicon generates, word -> value.

    From units, teens, tens and hundreds it builds compounds: "fünfundzwanzig" (unit + und +
    ten), "dreihundert", "zweihundertfünfzig" (unit + hundert + rest), "zweieinhalb"
    (unit + einhalb).
    """

    def section(name: str) -> dict[str, Decimal]:
        raw = lexicon.get(name) or {}
        assert isinstance(raw, Mapping)
        return {str(k).lower(): Decimal(str(v)) for k, v in raw.items()}

    units, teens, tens = section("units"), section("teens"), section("tens")
    hundreds, stems, fractions = section("hundreds"), section("unit_stems"), section("fractions")
    others = section("others")
    table: dict[str, Decimal] = {}
    table.update(units)
    table.update(teens)
    table.update(tens)
    table.update(hundreds)
    table.update(fractions)
    table.update(others)
    below_100: dict[str, Decimal] = {}
    below_100.update({k: v for k, v in stems.items()})
    below_100.update(teens)
    below_100.update(tens)
    for stem, sv in stems.items():
        table[f"{stem}einhalb"] = sv + Decimal("0.5")
        for ten, tv in tens.items():
            word = f"{stem}und{ten}"
            table[word] = sv + tv
            below_100[word] = sv + tv
    for stem, sv in [("", Decimal(1)), *stems.items()]:
        base = f"{stem}hundert"
        table[base] = sv * 100
        for rest, rv in below_100.items():
            table[f"{base}{rest}"] = sv * 100 + rv
            table[f"{base}und{rest}"] = sv * 100 + rv
    return table


def parse_number_words(
    words: Sequence[str], table: Mapping[str, Decimal], half_words: Iterable[str] | Mapping[str, Decimal]
) -> Decimal | None:
    """Value of a run of number words: ["fünf"] -> 5, ["eine", "halbe"] -> 0.5, ["eine", "viertel"] -> 0.25
    (``half_words``: fraction words with their value; a plain list means halves)."""
    fractions = ({h.lower(): Decimal(v) for h, v in half_words.items()} if isinstance(half_words, Mapping)
                 else {h.lower(): Decimal("0.5") for h in half_words})
    lowered = [w.lower() for w in words]
    if not lowered:
        return None
    if len(lowered) == 2 and lowered[1] in fractions and table.get(lowered[0]) == 1:
        return fractions[lowered[1]]
    if len(lowered) == 1 and lowered[0] in table:
        return table[lowered[0]]
    return None


def format_decimal(value: Decimal) -> str:
    """Plain decimal string, no exponent, no trailing zeros: 30000, 8478.75, 0.2, 0."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def apply_scale(number: Decimal, scale: Decimal | None, factor: Decimal = Decimal(1)) -> Decimal:
    """number x scale (Millionen ...) x currency factor (Cent = 0.01)."""
    return number * (scale if scale is not None else Decimal(1)) * factor


def range_scales(
    low: Decimal, low_scale: Decimal | None, high: Decimal, high_scale: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """Share a scale word written once in a range: "drei bis vier Milliarden" = 3e9 .. 4e9.

    The right-hand scale applies to the left number when the left has none and the bare left
    number is not larger than the right one ("500.000 bis 1 Mio." keeps 500000).
    """
    if low_scale is None and high_scale is not None and low <= high:
        low_scale = high_scale
    return low_scale, high_scale


def iso_duration(count: Decimal | int, unit: str) -> str:
    """ISO 8601 duration: (3, "Y") -> "P3Y"."""
    n = format_decimal(Decimal(count))
    return f"P{n}{unit}"

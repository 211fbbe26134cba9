"""Plain-data records of per-document results, for the result cache and the run's spool.

A record is MessagePack (``msgpack``) of lists, strings, numbers and dicts only: reading one can
never run code (a pickle can, which matters for a cache folder shared between users), and it is
faster to read than a pickle of the dataclasses. Tuples are kept apart from lists (an extension
type), so a record reads back equal to what was written, field for field.

- :func:`pack_result` / :func:`unpack_result`: a (slim) :class:`~extract.model.DocumentResult`;
- :func:`pack` / :func:`unpack`: any such plain value (the cached outputs of a document).

A value that has no plain form (an object of another type, a string that is not valid Unicode)
raises :class:`TypeError` or :class:`ValueError`; the caller then does not cache it.
"""

from __future__ import annotations

import pickle
from dataclasses import fields
from typing import Any

import msgpack

from extract.model import CleanDocument, DocumentResult, Mention, RawDocument

_TUPLE = 1  # extension type code of a tuple
LOCAL_PICKLE = b"\xc1"  # first byte of a pickled local record (0xc1 is "never used" in MessagePack)
_RAW = tuple(f.name for f in fields(RawDocument))
_CLEAN = tuple(f.name for f in fields(CleanDocument))
_MENTION = tuple(f.name for f in fields(Mention))


def _default(value: Any) -> Any:
    if isinstance(value, tuple) and type(value) is tuple:
        return msgpack.ExtType(_TUPLE, pack(list(value)))
    raise TypeError(f"cannot store a value of type {type(value).__name__} in a record")


def _ext(code: int, data: bytes) -> Any:
    if code == _TUPLE:
        return tuple(unpack(data))
    raise ValueError(f"unknown record extension type {code}")


def pack(value: Any) -> bytes:
    """``value`` (plain data: None, bool, int, float, str, bytes, list, tuple, dict) as bytes."""
    return msgpack.packb(value, default=_default, strict_types=True, use_bin_type=True)


def unpack(data: bytes) -> Any:
    """The value :func:`pack` stored."""
    return msgpack.unpackb(data, ext_hook=_ext, raw=False, strict_map_key=False)


def result_fields(result: DocumentResult) -> list[Any]:
    """A result as nested lists of its dataclass fields (the order of :mod:`extract.model`)."""
    raw, clean = result.raw, result.clean
    return [[getattr(raw, f) for f in _RAW],
            None if clean is None else [getattr(clean, f) for f in _CLEAN],
            [[getattr(m, f) for f in _MENTION] for m in result.mentions]]


def pack_result(result: DocumentResult) -> bytes:
    return pack(result_fields(result))


def unpack_result(data: bytes) -> DocumentResult:
    raw, clean, mentions = unpack(data)
    return DocumentResult(RawDocument(*raw), None if clean is None else CleanDocument(*clean),
                          [Mention(*m) for m in mentions])


def pack_local(value: Any) -> bytes:
    """:func:`pack`, or a pickle when ``value`` has no plain form: for a run's own temporary files
    only (the spool, the stores of :mod:`extract.spill`), never for the cache. A pickle is marked
    by a leading byte 0xc1, which MessagePack never uses."""
    try:
        return pack(value)
    except (TypeError, ValueError):
        return LOCAL_PICKLE + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_local(data: bytes) -> Any:
    """The value :func:`pack_local` stored."""
    return pickle.loads(data[1:]) if data[:1] == LOCAL_PICKLE else unpack(data)

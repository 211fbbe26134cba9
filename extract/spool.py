"""Document results parked on disk between the per-document stages and reconcile/write.

A run appends every document's record to one temporary file as it arrives: its summary
(:class:`extract.cache.Summary`: status, mention types, person and programme names) and its packed
slim result (:mod:`extract.records`), or no result when the result cache holds it. Only the offsets
stay in memory; reconcile and the writer read the records back one at a time, in document id order
(the order of the output files). Memory therefore stays flat at any corpus size. The run keeps the
file in its staging folder (:func:`extract.atomic.staged_folder`), so a failed run leaves nothing
behind; it is removed before the folder is switched into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class Spool:
    """An append-only file of (summary, result) records; ``with Spool(folder) as spool: ...`` removes it."""

    def __init__(self, folder: Path | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix=".pressextract-spool-", dir=folder)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "w+b")
        self._end = 0
        self._index: list[tuple[str, int, int, int]] = []  # (doc_id, offset, summary length, result length)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._index)

    def add(self, doc_id: str, summary: bytes, result: bytes = b"") -> None:
        """One document's record (``result`` empty: the result cache holds it)."""
        self._fh.write(summary)
        self._fh.write(result)
        self._index.append((doc_id, self._end, len(summary), len(result)))
        self._end += len(summary) + len(result)

    def by_doc_id(self) -> Iterator[tuple[int, bytes, bytes]]:
        """(position in input order, summary, result) of every record, sorted by document id."""
        self._fh.flush()
        order = sorted(range(len(self._index)), key=lambda i: self._index[i][0])
        for i in order:
            _, offset, n_summary, n_result = self._index[i]
            self._fh.seek(offset)
            data = self._fh.read(n_summary + n_result)
            yield i, data[:n_summary], data[n_summary:]
        self._fh.seek(0, os.SEEK_END)

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)

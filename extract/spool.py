"""Document results parked on disk between the per-document stages and reconcile/write.

A run appends every (slim) :class:`DocumentResult` to one temporary file as it arrives and keeps
only its offset in memory; reconcile and the writer read them back one at a time, in document id
order (the order of the output files). Memory therefore stays flat at any corpus size. The run
keeps the file in its staging folder (:func:`extract.atomic.staged_folder`), so a failed run
leaves nothing behind; it is removed before the folder is switched into place.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extract.model import DocumentResult


class Spool:
    """An append-only file of pickled results; ``with Spool(folder) as spool: ...`` removes it."""

    def __init__(self, folder: Path | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix=".pressextract-spool-", dir=folder)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "w+b")
        self._index: list[tuple[str, int, int]] = []  # (doc_id, offset, length) in input order

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._index)

    def add(self, result: DocumentResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._fh.seek(0, os.SEEK_END)
        self._fh.write(data)
        self._index.append((result.raw.doc_id, offset, len(data)))

    def by_doc_id(self) -> Iterator[tuple[int, DocumentResult]]:
        """(position in input order, result) for every result, sorted by document id."""
        self._fh.flush()
        order = sorted(range(len(self._index)), key=lambda i: self._index[i][0])
        for i in order:
            _, offset, length = self._index[i]
            self._fh.seek(offset)
            yield i, pickle.loads(self._fh.read(length))

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)

"""Progress of a run on stderr: documents done, docs/s and ETA.

On a terminal a tqdm bar; otherwise (a log file, CI) a plain line every ``every`` seconds and one
at the end, never ``\\r`` redraws.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts documents done (annotated, or recorded as failed) out of ``total``."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total >= 2
        self.every = every
        self.started = self.last = time.perf_counter()
        self.bar = None
        if self.enabled and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=self.stream, desc="pressextract", mininterval=0.5)

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"pressextract: {self.done}/{self.total} documents, {rate:.1f} docs/s, "
                f"ETA {int(eta) // 60}m{int(eta) % 60:02d}s")

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(), file=self.stream, flush=True)

    def finish(self) -> None:
        """All documents are done (the failed ones were never annotated): count them, close."""
        if self.done < self.total:
            self.update(self.total - self.done)
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            print(self.line(), file=self.stream, flush=True)

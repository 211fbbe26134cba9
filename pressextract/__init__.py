"""``import pressextract``: the distribution's name as an import, an alias of the :mod:`extract` package.

The code lives in ``extract`` (``extract.api``, ``extract.cli``, ...). ``pressextract`` re-exports
the public API, so scripts can write::

    import pressextract
    data = pressextract.extract_texts(["Neuss, 12. Januar 2017. Die Stadt Neuss erhält 2,3 Millionen Euro."])
    data.mentions  # a pandas DataFrame

Attributes are imported on first use, so ``import pressextract`` itself stays cheap.
"""

from __future__ import annotations

from typing import Any

from extract import __version__

__all__ = ["Dataset", "__version__", "diff", "extract_texts", "read_dataset"]


def __getattr__(name: str) -> Any:
    if name in ("Dataset", "diff", "extract_texts", "read_dataset"):
        from extract import api

        return getattr(api, name)
    raise AttributeError(f"module 'pressextract' has no attribute {name!r}")

"""pressextract: German press releases in, a normalised, reconciled dataset out."""

__version__ = "0.1.0"

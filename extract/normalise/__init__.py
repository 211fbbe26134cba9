"""Pure normalisation functions (number parsing, date arithmetic) used by the spaCy components."""

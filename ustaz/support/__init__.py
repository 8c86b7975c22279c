"""Post-course support (S-1 … S-11): plans per certified teacher, half-year organisation reports,
and the anonymous public summary. The data lives in the private tree under ``support/``."""

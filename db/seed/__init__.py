"""The register as transcribed from the council's papers, and the loader that seeds it."""

from db.seed.entries import SeedDataError
from db.seed.loader import is_seeded, seed_register
from db.seed.report import SeedReport, TableCounts

__all__ = ["SeedDataError", "SeedReport", "TableCounts", "is_seeded", "seed_register"]

"""The Local Government Transparency Code 2015 contracts CSV: import (all or nothing) and export."""

from db.transparency.columns import COLUMNS, EXPORT_HEADERS, Column, Field
from db.transparency.exporter import export_transparency_csv, transparency_csv_lines
from db.transparency.importer import import_transparency_csv

__all__ = [
    "COLUMNS",
    "EXPORT_HEADERS",
    "Column",
    "Field",
    "export_transparency_csv",
    "import_transparency_csv",
    "transparency_csv_lines",
]

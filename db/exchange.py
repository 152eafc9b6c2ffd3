"""What every bulk import reports, whatever its format: counts, and every rejected row with its reason."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# How an imported record's first change names the format it came in, before the file and place in it.
CSV_IMPORT = "Transparency Code CSV"
OCDS_IMPORT = "OCDS package"


@dataclass(frozen=True)
class RowProblem:
    """Why one row (a CSV line and its record's reference, or a JSON path in a package) was rejected."""

    reason: str
    line: int | None = None
    path: str | None = None
    reference: str | None = None

    def __str__(self) -> str:
        return f"{_where(self.line, self.path, self.reference)}: {self.reason}"


def _where(line: int | None, path: str | None, reference: str | None) -> str:
    """Where in a file a problem or warning is: its line or JSON path, and the record's reference."""
    where = f"line {line}" if line is not None else (path or "file")
    return where if reference is None else f'{where} (record "{reference}")'


class NoticeKind(enum.StrEnum):
    """What an accepted import did with a field beyond taking it as the file gave it."""

    ZERO_VALUE_UNKNOWN = "ZERO_VALUE_UNKNOWN"
    FIELD_DROPPED = "FIELD_DROPPED"
    FIELD_REPAIRED = "FIELD_REPAIRED"
    SUPPLIER_DETAILS_VARY = "SUPPLIER_DETAILS_VARY"


@dataclass(frozen=True)
class ImportNotice:
    """A warning about one field of an accepted import: where it is (a CSV line and column, or a JSON path), the
    record it belongs to, and what the register took it as."""

    kind: NoticeKind
    reason: str
    line: int | None = None
    path: str | None = None
    reference: str | None = None
    column: str | None = None

    def __str__(self) -> str:
        return f"warning: {_where(self.line, self.path, self.reference)}: {self.reason}"


@dataclass
class ImportReport:
    """The outcome of an import: how many records it created, updated or left unchanged, and what it rejected.

    An import is all-or-nothing, so a report with problems means nothing was written.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    notices: list[ImportNotice] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"
        ]
        if self.unmapped_columns:
            lines.append("columns not understood (kept with each record): " + ", ".join(self.unmapped_columns))
        lines += [str(problem) for problem in self.problems]
        lines += [str(notice) for notice in self.notices]
        return "\n".join(lines)


# The first bytes of the files most often sent by mistake for a CSV or JSON document.
_SIGNATURES = {
    b"\x1f\x8b": "a gzip-compressed file",
    b"PK\x03\x04": "a zip archive (an .xlsx spreadsheet is one)",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file",
    b"%PDF": "a PDF",
    b"BZh": "a bzip2-compressed file",
    b"\xfd7zXZ": "an xz-compressed file",
    b"(\xb5/\xfd": "a zstd-compressed file",
}


def binary_kind(head: bytes) -> str | None:
    """What a file is when its first bytes say it is not text (an archive, a compressed file), else None."""
    found = next((name for signature, name in _SIGNATURES.items() if head.startswith(signature)), None)
    return found or ("a binary file" if b"\x00" in head else None)


def not_a_document(what: str, expected: str) -> str:
    """The reason a file is refused before it is read: it is not the kind of document the import reads."""
    return f"the file is not a {expected} document: it is {what}; decompress it, or export it as {expected}"


class ImportRejected(Exception):
    """An import that changed nothing because at least one row was bad; the report names every bad row."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(str(report))
        self.report = report

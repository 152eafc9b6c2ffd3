"""What every bulk import reports, whatever its format: counts, and every rejected row with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field

# How an imported record's first change names the format it came in, before the file and place in it.
CSV_IMPORT = "Transparency Code CSV"
OCDS_IMPORT = "OCDS package"


@dataclass(frozen=True)
class RowProblem:
    """Why one row (a CSV line, or a JSON path in a package) was rejected."""

    reason: str
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else (self.path or "file")
        return f"{where}: {self.reason}"


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

    def __str__(self) -> str:
        lines = [
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"
        ]
        if self.unmapped_columns:
            lines.append("columns not understood (kept with each record): " + ", ".join(self.unmapped_columns))
        lines += [str(problem) for problem in self.problems]
        return "\n".join(lines)


class ImportRejected(Exception):
    """An import that changed nothing because at least one row was bad; the report names every bad row."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(str(report))
        self.report = report

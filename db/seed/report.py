"""What a seeding run did to each table: how many rows it created, updated and found unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SeedReport", "TableCounts"]


@dataclass
class TableCounts:
    """The rows of one table a seeding run created, updated, and found already as the papers say."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class SeedReport:
    """Per-table counts of a seeding run, by table name, and their total."""

    tables: dict[str, TableCounts] = field(default_factory=dict)

    def table(self, name: str) -> TableCounts:
        """The counts of one table, started at zero the first time it is named."""
        return self.tables.setdefault(name, TableCounts())

    @property
    def total(self) -> TableCounts:
        counts = self.tables.values()
        return TableCounts(
            created=sum(c.created for c in counts),
            updated=sum(c.updated for c in counts),
            unchanged=sum(c.unchanged for c in counts),
        )

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything; seeding an up-to-date register changes nothing."""
        return self.total.created + self.total.updated > 0

    def __str__(self) -> str:
        width = max((len(name) for name in self.tables), default=5)
        lines = [f"{name:<{width}}  {counts}" for name, counts in self.tables.items()]
        return "\n".join([*lines, f"{'total':<{width}}  {self.total}"])

"""Reading a group of cells once per file: what each distinct group read as, kept for the rows that repeat it.

A register's file says the same things over and over: 100,000 contracts have some 6,000 distinct end dates,
5,000 suppliers and a few dozen departments. A reading (a parsed date with the problems found in it, say) is
a pure function of its cells, so a row whose cells were seen before is given the reading again rather than
parsed again. The readings kept are bounded: past the bound they are forgotten and read afresh, so a file of
all-different cells costs what it did, not its size in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any, Generic, TypeVar

from db.transparency.columns import Field
from db.transparency.reader import Layout, Row

__all__ = ["Recall"]

T = TypeVar("T")

BOUND = 16_384


class Recall(Generic[T]):
    """A reading of some of a row's cells, done once for each distinct group of those cells in a file.

    The reading must depend on nothing but those cells (and the file's layout), and what it returns must not
    be changed by its callers, since rows share it.
    """

    def __init__(self, layout: Layout, fields: Iterable[Field], read: Callable[[Row], T]) -> None:
        carried = [f for f in fields if f in layout.fields]
        self._cells: Callable[[Any], Any] = itemgetter(*carried) if carried else _nothing
        self._read = read
        self._kept: dict[Any, T] = {}

    def __call__(self, row: Row) -> T:
        """The reading of the row's cells: remembered, or read now and remembered."""
        try:
            key = self._cells(row.cells)
        except KeyError:
            # A row that could not be read as CSV carries no cells; it is read, and not remembered.
            return self._read(row)
        kept = self._kept.get(key)
        if kept is None:
            if len(self._kept) >= BOUND:
                self._kept.clear()
            kept = self._kept[key] = self._read(row)
        return kept


def _nothing(_cells: Any) -> tuple[()]:
    return ()

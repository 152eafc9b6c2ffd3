"""Reading a Transparency Code CSV as it streams: the header's layout, then each row with its line in the file.

Nothing here knows the register: a row is the text of its mapped cells by field, and the cells of the
columns the register does not understand by their header, so they can be kept with the record.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from db.transparency.columns import Field, field_for

if TYPE_CHECKING:
    from _csv import Reader

__all__ = ["Layout", "Row", "read_layout", "read_rows"]


@dataclass(frozen=True)
class Layout:
    """Which column of the file holds each field, and the columns the register does not understand.

    A second column for a field already mapped is not understood either: it is kept, not merged.
    """

    headers: tuple[str, ...]
    fields: Mapping[Field, int]
    unmapped: Mapping[int, str]

    def has(self, *fields: Field) -> bool:
        """Whether the file carries any of these fields (so a blank cell in it means blank, not unsaid)."""
        return not self.fields.keys().isdisjoint(fields)


@dataclass(frozen=True)
class Row:
    """One record of the file: the line it starts on, its mapped cells (stripped) and its other cells."""

    line: int
    cells: Mapping[Field, str]
    unmapped: Mapping[str, str]
    problems: list[str] = field(default_factory=list)

    def text(self, field: Field) -> str:
        """The cell of a field, '' when blank or when the file has no such column."""
        return self.cells.get(field, "")


def read_layout(header: list[str]) -> Layout:
    """The layout of a header row; blank or repeated header names are told apart by their position."""
    fields: dict[Field, int] = {}
    unmapped: dict[int, str] = {}
    seen: set[str] = set()
    for index, raw in enumerate(header):
        name = raw.replace("\ufeff", "").strip()
        mapped = field_for(name) if name else None
        if mapped is not None and mapped not in fields:
            fields[mapped] = index
            continue
        label = name or f"Column {index + 1}"
        if label in seen:
            label = f"{label} (column {index + 1})"
        seen.add(label)
        unmapped[index] = label
    return Layout(tuple(header), fields, unmapped)


def read_rows(lines: Iterable[str]) -> tuple[Layout | None, Iterator[Row]]:
    """The file's layout (None for a file with no header) and its rows, read one at a time.

    A record's line is where it starts in the file, counting the header as line 1, even when quoted cells
    run over several lines. Blank lines are skipped.
    """
    reader = csv.reader(iter(lines))
    header = next(reader, None)
    if header is None:
        return None, iter(())
    layout = read_layout(header)
    return layout, _rows(reader, layout)


def _rows(reader: Reader, layout: Layout) -> Iterator[Row]:
    ended = reader.line_num
    make = _RowMaker(layout)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module cannot resume after malformed quoting, so the rest of the file is unread.
            yield Row(ended + 1, {}, {}, [f"cannot be read as CSV ({error}); the lines after it were not read"])
            return
        line, ended = ended + 1, reader.line_num
        if any(map(str.strip, cells)):
            yield make(line, cells)


class _RowMaker:
    """Rows of one layout: which cell holds each field, and each column not understood, found once per file."""

    def __init__(self, layout: Layout) -> None:
        self.width = len(layout.headers)
        self.fields = tuple(layout.fields)
        self.labels = tuple(layout.unmapped.values())
        self.mapped = _cells(tuple(layout.fields.values()))
        self.unmapped = _cells(tuple(layout.unmapped))

    def __call__(self, line: int, cells: list[str]) -> Row:
        problems: list[str] = []
        width = self.width
        if len(cells) != width:
            if any(map(str.strip, cells[width:])):
                problems.append(f"has {len(cells)} cells but the header has {width} columns")
            # Spreadsheets drop trailing empty cells, so a short row reads its missing cells as blank.
            cells = [*cells[:width], *[""] * (width - len(cells))]
        mapped = dict(zip(self.fields, map(str.strip, self.mapped(cells)), strict=True))
        unmapped = dict(zip(self.labels, map(str.strip, self.unmapped(cells)), strict=True))
        return Row(line, mapped, unmapped, problems)


def _cells(indexes: tuple[int, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at these positions of a row, as a tuple (one, or none, included)."""
    if not indexes:
        return lambda _cells: ()
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return itemgetter(*indexes)

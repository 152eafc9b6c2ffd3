"""Reading a contract's dates from a Transparency Code CSV: the Code's one day, or the register's interval.

A council publishes one day per date, in UK forms ("31/03/2020", "2020-03-31", "March 2020"). The register
exports that day (the earliest day of a start or review, the latest of an end) and, beside it, the interval
it stands for (earliest, latest, precision, text), so "December 2025" comes back as December 2025 rather
than as 31/12/2025. When both are given they must agree: an edited day with stale interval columns is an
error, not a silent choice between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from db.intervals import DateInterval, IntervalParseError, Precision, parse_interval
from db.transparency.columns import INTERVAL_FIELDS, Field
from db.transparency.reader import Row
from db.transparency.vocabulary import remembered

__all__ = ["DATE_FORMS", "interval_parts", "read_interval", "representative_day"]

DATE_FORMS = "31/03/2020, 2020-03-31, 31 March 2020, March 2020, Q3 2017/18, 2017/18, 2026, or blank"
_PARTS = ("earliest", "latest", "precision", "text")
_MIDNIGHT = re.compile(r"^(.*\d)[ T]00:00(?::00)?$")
_PRECISIONS = {p.value: p for p in Precision}
_FIELD_PARTS = {f: tuple(Field(f"{f.value}_{part}") for part in _PARTS) for f in INTERVAL_FIELDS}


def representative_day(field: Field, interval: DateInterval | None) -> date | None:
    """The one day the Code's column shows: the earliest a start or review can be, the latest an end can be."""
    if interval is None:
        return None
    return interval.latest if field in (Field.END, Field.MAX_EXTENT) else interval.earliest


def interval_parts(field: Field) -> tuple[Field, ...]:
    """The register's four columns for a date field: earliest, latest, precision and text."""
    return _FIELD_PARTS[field]


def read_interval(row: Row, field: Field, name: Callable[[Field], str], problems: list[str]) -> DateInterval | None:
    """The interval a row gives for one date field, appending to ``problems`` what cannot be read."""
    parts = interval_parts(field)
    earliest, latest, precision, text = (row.text(part) for part in parts)
    stated = _parse(row.text(field), name(field), problems)
    if earliest or latest or precision:
        interval = _from_parts(row, parts, stated, name, problems)
    elif text:
        interval = _parse(text, name(parts[3]), problems)
    else:
        interval = stated
    if stated is not None and interval is not None and not _agrees(field, stated, interval):
        problems.append(
            f'{name(field)} "{row.text(field)}" disagrees with {interval.text!r} '
            f"({interval.earliest} to {interval.latest}) in the register's {field.value} columns: change both, "
            "or clear those columns"
        )
        return None
    return interval


def _parse(cell: str, header: str, problems: list[str]) -> DateInterval | None:
    try:
        return _read(cell)
    except IntervalParseError as error:
        reason = f" ({error.reason})" if error.reason else ""
        problems.append(f'{header} "{cell}" is not a date{reason}; accepted forms: {DATE_FORMS}')
        return None


@remembered
def _read(cell: str) -> DateInterval | None:
    """A cell's date; a spreadsheet's midnight after a day is read as the day, keeping the cell's words."""
    midnight = _MIDNIGHT.match(cell)
    interval = parse_interval(midnight.group(1) if midnight else cell)
    if interval is not None and midnight:
        return DateInterval(interval.earliest, interval.latest, interval.precision, cell)
    return interval


def _day(cell: str, header: str, problems: list[str]) -> date | None:
    interval = _parse(cell, header, problems)
    if interval is None:
        if not cell:
            problems.append(f"{header} is blank")
        return None
    if interval.precision is not Precision.DAY:
        problems.append(f'{header} "{cell}" is not a single day')
        return None
    return interval.earliest


def _from_parts(
    row: Row, parts: tuple[Field, ...], stated: DateInterval | None, name: Callable[[Field], str], problems: list[str]
) -> DateInterval | None:
    before = len(problems)
    earliest = _day(row.text(parts[0]), name(parts[0]), problems)
    latest = _day(row.text(parts[1]), name(parts[1]), problems)
    precision_text = row.text(parts[2])
    precision = _PRECISIONS.get(precision_text.upper())
    if precision is None:
        choices = ", ".join(p.value for p in Precision)
        problems.append(f'{name(parts[2])} "{precision_text}" is not a precision ({choices})')
    if len(problems) > before or earliest is None or latest is None or precision is None:
        return None
    # A blank text is kept blank (the record may never have had words), so the caller stores it as null.
    text = row.text(parts[3])
    try:
        return DateInterval(earliest, latest, precision, text)
    except ValueError:
        problems.append(f"{name(parts[0])} {earliest} is after {name(parts[1])} {latest}")
        return None


def _agrees(field: Field, stated: DateInterval, interval: DateInterval) -> bool:
    if (stated.earliest, stated.latest) == (interval.earliest, interval.latest):
        return True
    return stated.precision is Precision.DAY and stated.earliest == representative_day(field, interval)

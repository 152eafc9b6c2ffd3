"""The Board's window: financial quarters named in the council's words, capped, and as a table SQL can join.

A window is asked for as the papers write dates ("Q1 2019/20", "2019/20", "December 2019", "2019-04-01"):
it runs from the quarter holding the first day `from` can mean to the quarter holding the last day `to` can
mean. Each quarter becomes a row (position, earliest, latest) of a small derived table, so a statement can
join every record to every quarter it overlaps and do the per-quarter work for all quarters at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Annotated

import strawberry
from sqlalchemy import Date, Integer, Subquery, literal, select, union_all

from db.intervals import DateInterval, FinancialYear, IntervalParseError, parse_interval
from schema.errors import RegisterError

MAX_QUARTERS = 12

PERIOD = (
    "in the council's words: a quarter ('Q1 2019/20'), a financial year ('2019/20'), a month ('December 2019') "
    "or a day ('2019-04-01')"
)
From = Annotated[
    str,
    strawberry.argument(name="from", description=f"The window starts with the quarter holding this, {PERIOD}."),
]
To = Annotated[
    str | None,
    strawberry.argument(
        description=f"The window ends with the quarter holding the last day of this, {PERIOD}; `from` when "
        f"omitted. At most {MAX_QUARTERS} quarters in all."
    ),
]


def quarter_index(day: date) -> int:
    """A running number of the financial quarter holding a day; consecutive quarters differ by one.

    Plain arithmetic (April starts quarter 1 of the year that starts then), since a page of the pipeline
    asks it for every row."""
    months = day.year * 12 + day.month - 4
    return months // 3


@lru_cache(maxsize=512)
def quarter_label(index: int) -> str:
    """The label of a quarter by its running number, e.g. 'Q3 2017-18'."""
    year, offset = divmod(index, 4)
    return FinancialYear(year).quarter(offset + 1).text


@dataclass(frozen=True)
class Quarter:
    """One financial quarter of a window; `position` counts from 1 in the window."""

    position: int
    year: FinancialYear
    number: int

    @cached_property
    def days(self) -> DateInterval:
        return self.year.quarter(self.number)

    @property
    def label(self) -> str:
        return self.days.text


@dataclass(frozen=True)
class QuarterWindow:
    """Consecutive financial quarters, at most MAX_QUARTERS of them."""

    quarters: tuple[Quarter, ...]

    @cached_property
    def earliest(self) -> date:
        return self.quarters[0].days.earliest

    @cached_property
    def latest(self) -> date:
        return self.quarters[-1].days.latest

    def by_position(self, position: int) -> Quarter:
        return self.quarters[position - 1]

    def table(self) -> Subquery:
        """The window as rows (position, earliest, latest), one per quarter."""
        rows = [
            select(
                literal(quarter.position, Integer).label("position"),
                literal(quarter.days.earliest, Date).label("earliest"),
                literal(quarter.days.latest, Date).label("latest"),
            )
            for quarter in self.quarters
        ]
        if len(rows) == 1:
            return rows[0].subquery("window_quarter")
        return union_all(*rows).subquery("window_quarter")


def _read(text: str, argument: str) -> DateInterval:
    try:
        interval = parse_interval(text)
    except IntervalParseError as error:
        raise RegisterError(str(error), argument=argument) from None
    if interval is None:
        raise RegisterError(f"{text!r} names no date; give a quarter such as 'Q1 2019/20'", argument=argument)
    return interval


def parse_window(start: str, end: str | None) -> QuarterWindow:
    """The quarters from the one holding `start`'s first day to the one holding `end`'s last day.

    `end` defaults to `start`, so "2019/20" alone is its four quarters. A window that ends before it
    starts, or covers more than MAX_QUARTERS quarters, is a BAD_INPUT error naming the argument.
    """
    first = _read(start, "from")
    last = first if end is None else _read(end, "to")
    if last.latest < first.earliest:
        raise RegisterError(f"The window ends ({last.text}) before it starts ({first.text})", argument="to")
    low, high = quarter_index(first.earliest), quarter_index(last.latest)
    count = high - low + 1
    if count > MAX_QUARTERS:
        raise RegisterError(
            f"A window covers at most {MAX_QUARTERS} quarters; {quarter_label(low)} to {quarter_label(high)} "
            f"is {count}. Ask for the rest as another window",
            argument="to",
        )
    quarters = []
    for position, index in enumerate(range(low, high + 1), start=1):
        year, offset = divmod(index, 4)
        quarters.append(Quarter(position, FinancialYear(year), offset + 1))
    return QuarterWindow(tuple(quarters))

"""Imprecise dates from council papers, held as intervals rather than guesses.

Business plans say when a key decision is due or a contract ends in words such as "Q3 2017/18",
"December 2025", "By 2020" or "Between Q2 2017/18 and Q1 2018/19". Each is kept as the earliest
and latest day it can mean, how precise it is, and the words as published. The council's
financial year runs from 1 April to 31 March.
"""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DateInterval",
    "FinancialYear",
    "IntervalParseError",
    "Precision",
    "financial_quarters",
    "parse_interval",
    "quarter_of",
]


class Precision(enum.StrEnum):
    """How precisely the papers stated a date: a day, a month, a quarter, a year or a range."""

    DAY = "DAY"
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"
    RANGE = "RANGE"


ACCEPTED_FORMS = (
    "a financial quarter ('Q3 2017/18', 'Quarter 1 2017-18'), a financial year ('2017/18', '17-18'), "
    "a calendar year ('2026'), a month ('December 2025', 'Sept 2019'), a day ('31/03/2020', "
    "'2020-03-31', '31st March 2020'), 'By 2020', 'Between <date> and <date>', or N/A, TBC, - or blank"
)


class IntervalParseError(ValueError):
    """Text in a date column that does not read as any date form the register accepts."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(f'cannot read "{text}" as a date{detail}; accepted forms: {ACCEPTED_FORMS}')


_FY_RE = re.compile(r"^(\d{4}|\d{2})\s*[/\-\u2013]\s*(\d{4}|\d{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A council financial year; ``start_year`` 2017 is 2017/18, 1 April 2017 to 31 March 2018."""

    start_year: int

    def __post_init__(self) -> None:
        if isinstance(self.start_year, bool) or not isinstance(self.start_year, int):
            raise TypeError(f"start_year must be an int, not {type(self.start_year).__name__}")
        if not 1 <= self.start_year <= 9998:
            raise ValueError(f"start_year {self.start_year} is outside 1..9998")

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read a financial year as the papers write it: "2017/18", "2017-18", "17-18", "2017/2018".

        Two-digit years are taken as 20xx, since the register starts well after 2000.
        """
        match = _FY_RE.match(text.strip())
        if match is None:
            raise IntervalParseError(text, "not a financial year such as 2017/18")
        first, second = match.groups()
        if len(first) == 2 and len(second) == 4:
            raise IntervalParseError(text, "not a financial year such as 2017/18")
        start = int(first) + (2000 if len(first) == 2 else 0)
        follows = int(second) == start + 1 if len(second) == 4 else int(second) == (start + 1) % 100
        if not follows:
            raise IntervalParseError(text, "the years of a financial year must be consecutive")
        try:
            return cls(start)
        except ValueError as exc:
            raise IntervalParseError(text, str(exc)) from exc

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    def quarter(self, n: int) -> DateInterval:
        """Financial quarter ``n`` of this year: Q1 is April to June, Q4 is January to March."""
        if n not in (1, 2, 3, 4):
            raise ValueError(f"a financial quarter is 1 to 4, not {n!r}")
        year = self.start_year if n < 4 else self.start_year + 1
        first_month = (4, 7, 10, 1)[n - 1]
        last_month = first_month + 2
        return DateInterval(
            date(year, first_month, 1),
            date(year, last_month, calendar.monthrange(year, last_month)[1]),
            Precision.QUARTER,
            f"Q{n} {self.label}",
        )

    def interval(self) -> DateInterval:
        return DateInterval(self.start, self.end, Precision.YEAR, self.label)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)


def quarter_of(day: date) -> tuple[FinancialYear, int]:
    """The financial year and quarter (1-4) that a day falls in."""
    return FinancialYear.containing(day), (day.month - 4) % 12 // 3 + 1


@dataclass(frozen=True, order=True)
class DateInterval:
    """When something happens, as the earliest and latest day the published words allow.

    Ordering compares the earliest day, then the latest, which is how the register lists dates.
    """

    earliest: date
    latest: date
    precision: Precision
    text: str

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"interval {self.text!r} starts {self.earliest} after it ends {self.latest}")

    @property
    def start_assumed(self) -> bool:
        """Whether the words gave no start ("By 2020"), so the start is the referencing plan's year's first day."""
        return self.precision is Precision.RANGE and _BY_RE.match(" ".join(self.text.split()).lower()) is not None

    @classmethod
    def day(cls, d: date, text: str | None = None) -> DateInterval:
        return cls(d, d, Precision.DAY, d.isoformat() if text is None else text)

    @classmethod
    def month(cls, year: int, month: int, text: str | None = None) -> DateInterval:
        last = calendar.monthrange(year, month)[1]
        label = f"{calendar.month_name[month]} {year}" if text is None else text
        return cls(date(year, month, 1), date(year, month, last), Precision.MONTH, label)

    @classmethod
    def calendar_year(cls, year: int, text: str | None = None) -> DateInterval:
        return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR, str(year) if text is None else text)

    def overlaps(self, earliest: date | None, latest: date | None) -> bool:
        """Whether this interval shares a day with a search window; ``None`` leaves that end open."""
        if earliest is not None and latest is not None and earliest > latest:
            raise ValueError(f"window starts {earliest} after it ends {latest}")
        return (earliest is None or self.latest >= earliest) and (latest is None or self.earliest <= latest)

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def financial_year(self) -> FinancialYear | None:
        """The financial year this interval lies wholly within, or None if it straddles years."""
        fy = FinancialYear.containing(self.earliest)
        return fy if self.latest <= fy.end else None

    @property
    def quarter(self) -> int | None:
        """The financial quarter (1-4) when the interval is exactly one quarter, else None."""
        fy, n = quarter_of(self.earliest)
        q = fy.quarter(n)
        return n if (q.earliest, q.latest) == (self.earliest, self.latest) else None


_NULLS = frozenset({"", "n/a", "na", "-", "tbc"})
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"

_BETWEEN_RE = re.compile(r"^between (.+?) and (.+)$")
_BY_RE = re.compile(r"^by (.+)$")
_QUARTER_RE = re.compile(r"^(?:q|quarter) ?([1-4]) (?:of )?(\S+(?: ?[/\-\u2013] ?\S+)?)$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_MONTH_RE = re.compile(rf"^{_MONTH}\.? (\d{{4}})$")
_DMY_RE = re.compile(r"^(\d{1,2})([/\-.])(\d{1,2})\2(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LONG_DAY_RE = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH}\.? (\d{{4}})$")


def parse_interval(text: str | None, *, plan_year: FinancialYear | None = None) -> DateInterval | None:
    """Read a date as published in a plan or register into an interval, or None for N/A or blank.

    ``plan_year`` is the financial year of the plan the text comes from; "By 2020" needs it, since
    such a date runs from the start of that plan's year. Forms not listed raise IntervalParseError.
    """
    if text is None:
        return None
    original = text.strip()
    key = " ".join(original.split()).lower()
    if key in _NULLS:
        return None
    try:
        return _parse(original, key, plan_year)
    except IntervalParseError:
        raise
    except ValueError as exc:
        # Out-of-range numbers ("May 0000") fail inside date(); report them as unreadable text.
        raise IntervalParseError(original, str(exc)) from exc


def _parse(original: str, key: str, plan_year: FinancialYear | None) -> DateInterval:
    if m := _BETWEEN_RE.match(key):
        first = _parse(original, m.group(1), plan_year)
        second = _parse(original, m.group(2), plan_year)
        if first.earliest > second.earliest or first.latest > second.latest:
            raise IntervalParseError(original, "the first date of a 'Between' must come before the second")
        return DateInterval(first.earliest, second.latest, Precision.RANGE, original)
    if m := _BY_RE.match(key):
        if plan_year is None:
            raise IntervalParseError(original, "a 'By' date needs the plan year it was published in")
        until = _parse(original, m.group(1), None)
        if until.latest < plan_year.start:
            raise IntervalParseError(original, f"it ends before the plan year {plan_year.label} starts")
        return DateInterval(plan_year.start, until.latest, Precision.RANGE, original)
    if m := _QUARTER_RE.match(key):
        fy = _financial_year(original, m.group(2))
        return _retext(fy.quarter(int(m.group(1))), original)
    if _FY_RE.match(key):
        return _retext(_financial_year(original, key).interval(), original)
    if m := _YEAR_RE.match(key):
        return DateInterval.calendar_year(int(m.group(1)), original)
    if m := _MONTH_RE.match(key):
        return DateInterval.month(int(m.group(2)), _MONTHS[m.group(1)], original)
    if m := _DMY_RE.match(key):
        return _day(original, int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if m := _ISO_RE.match(key):
        return _day(original, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _LONG_DAY_RE.match(key):
        return _day(original, int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    raise IntervalParseError(original)


def _financial_year(original: str, text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except IntervalParseError as exc:
        # Report the whole cell, not just the fragment that failed, so the row can be found.
        raise IntervalParseError(original, exc.reason) from exc


def _retext(interval: DateInterval, text: str) -> DateInterval:
    return DateInterval(interval.earliest, interval.latest, interval.precision, text)


def _day(original: str, year: int, month: int, day: int) -> DateInterval:
    try:
        return DateInterval.day(date(year, month, day), original)
    except ValueError as exc:
        raise IntervalParseError(original, "no such day") from exc


def financial_quarters(earliest: date, latest: date) -> list[tuple[FinancialYear, int]]:
    """Every financial quarter that shares a day with the window, in order, for a pipeline by quarter."""
    if earliest > latest:
        raise ValueError(f"window starts {earliest} after it ends {latest}")
    fy, n = quarter_of(earliest)
    quarters: list[tuple[FinancialYear, int]] = []
    while fy.quarter(n).earliest <= latest:
        quarters.append((fy, n))
        fy, n = (fy, n + 1) if n < 4 else (fy.next(), 1)
    return quarters

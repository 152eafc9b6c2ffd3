"""Synthetic money and dates, written as the papers write them and read through the register's own parsers.

Amounts are drawn from integer buckets and rounded in integer arithmetic, and days are integer offsets, so a
seed gives the same values on every machine.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from db.intervals import DateInterval, FinancialYear, Precision, quarter_of
from db.money import Basis, Money, annualised, parse_money, whole_life

# Decades of pounds a year (10^3 .. 10^7) and how often each is drawn: about 30% of known values are
# £1m a year or more, so the Board's threshold filter has thousands of rows to page through.
_ANNUAL_DECADES = (3, 4, 5, 6, 7)
_ANNUAL_WEIGHTS = (10, 30, 30, 25, 5)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A day between two days inclusive, each equally likely."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _uk_day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _quarter_text(fy: FinancialYear, n: int, rng: random.Random) -> str:
    short = f"{fy.start_year}/{(fy.start_year + 1) % 100:02d}"
    return rng.choice((f"Q{n} {short}", f"Q{n} {fy.label}", f"Quarter {n} {fy.label}"))


def stated_quarter(rng: random.Random, fy: FinancialYear, n: int) -> DateInterval:
    """A financial quarter as a paper writes it: "Q3 2017/18", "Q3 2017-18" or "Quarter 3 2017-18"."""
    quarter = fy.quarter(n)
    return DateInterval(quarter.earliest, quarter.latest, Precision.QUARTER, _quarter_text(fy, n, rng))


def stated_interval(rng: random.Random, day: date, precision: Precision) -> DateInterval:
    """The interval a paper would publish for a day: "31/03/2020", "March 2020", "Q4 2019/20" or "2020"."""
    if precision is Precision.DAY:
        return DateInterval.day(day, _uk_day(day))
    if precision is Precision.MONTH:
        return DateInterval.month(day.year, day.month)
    if precision is Precision.QUARTER:
        return stated_quarter(rng, *quarter_of(day))
    if precision is Precision.YEAR:
        return DateInterval.calendar_year(day.year)
    raise ValueError(f"a single day has no {precision} form")


def quarter_range(rng: random.Random, first: tuple[FinancialYear, int], quarters: int) -> DateInterval:
    """A "Between Q2 2017/18 and Q1 2018/19" window spanning a number of financial quarters."""
    fy, n = first
    start = fy.quarter(n)
    last_fy, last_n = fy, n
    for _ in range(quarters - 1):
        last_fy, last_n = (last_fy, last_n + 1) if last_n < 4 else (last_fy.next(), 1)
    end = last_fy.quarter(last_n)
    text = f"Between {_quarter_text(fy, n, rng)} and {_quarter_text(last_fy, last_n, rng)}"
    return DateInterval(start.earliest, end.latest, Precision.RANGE, text)


@dataclass(frozen=True)
class StatedValue:
    """A value as stated and the figures the register derives from it, all in pence."""

    money: Money | None
    annual_pence: int | None
    total_pence: int | None

    @property
    def pence(self) -> int | None:
        return None if self.money is None else self.money.pence

    @property
    def basis(self) -> str | None:
        return None if self.money is None else self.money.basis.value

    @property
    def text(self) -> str | None:
        return None if self.money is None else self.money.text


def _pence(pounds: Decimal | None) -> int | None:
    return None if pounds is None else int(pounds.scaleb(2))


def _in_words(pounds: int, rng: random.Random) -> str:
    """An amount as a plan prints it: "£36.3m", "£250k" or "£1,250,000.00"."""
    if pounds >= 1_000_000 and rng.random() < 0.8:
        tenths = (pounds + 50_000) // 100_000
        return f"£{tenths // 10}.{tenths % 10}m" if tenths % 10 else f"£{tenths // 10}m"
    if pounds >= 10_000 and rng.random() < 0.6:
        return f"£{(pounds + 500) // 1000}k"
    return f"£{pounds:,}.00"


def stated_value(rng: random.Random, term_months: int | None, bases: tuple[int, int, int]) -> StatedValue:
    """A value on a basis drawn by weight (TOTAL, ANNUAL, QUARTERLY), derived as the register derives it."""
    decade = rng.choices(_ANNUAL_DECADES, _ANNUAL_WEIGHTS)[0]
    annual_pounds = rng.randint(100, 999) * 10 ** (decade - 2)
    basis = rng.choices((Basis.TOTAL, Basis.ANNUAL, Basis.QUARTERLY), bases)[0]
    if basis is Basis.ANNUAL:
        text = f"{_in_words(annual_pounds, rng)} {rng.choice(('(p/a)', 'per annum', 'p.a.'))}"
    elif basis is Basis.QUARTERLY:
        quarterly = max(annual_pounds // 4, 1_000)
        hundredths = (quarterly + 5_000) // 10_000
        words = f"£{hundredths // 100}.{hundredths % 100:02d}m" if quarterly >= 10_000 else f"£{quarterly:,}.00"
        text = f"{words} (current quarterly value)"
    else:
        # A whole-life figure is published for the term actually let, or for a nominal five years.
        text = _in_words(annual_pounds * (term_months or 60) // 12, rng)
    money = parse_money(text)
    if money is None or money.basis is not basis:
        raise ValueError(f"the register reads {text!r} as {money!r}, not a {basis} value")
    return StatedValue(money, _pence(annualised(money, term_months)), _pence(whole_life(money, term_months)))


UNKNOWN_VALUE = StatedValue(None, None, None)

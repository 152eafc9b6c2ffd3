"""How long is left before an imprecise end: days and whole months from a day to the end's first and last day."""

from __future__ import annotations

import calendar
from datetime import date

import strawberry


def months_after(day: date, months: int) -> date:
    """The same day of the month `months` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def whole_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`: 1 April to 30 June is 2, to 1 July 3; negative when `end` is earlier."""
    if end < start:
        return -whole_months(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if months_after(start, months) <= end else months - 1


@strawberry.type(
    description="How long is left from the as-of day until a contract's end, which the papers may give only as a "
    "month, quarter or year: to the first day the end can mean, and to the last. Negative once the day has passed."
)
class TimeLeft:
    days_to_earliest: int = strawberry.field(description="Days from the as-of day to the end's earliest day.")
    days_to_latest: int = strawberry.field(description="Days from the as-of day to the end's latest day.")
    months_to_earliest: int = strawberry.field(
        description="Whole months from the as-of day to the end's earliest day (1 April to 1 July is 3)."
    )
    months_to_latest: int = strawberry.field(description="Whole months from the as-of day to the end's latest day.")

    @classmethod
    def between(cls, as_of: date, earliest: date, latest: date) -> TimeLeft:
        """The time left from `as_of` to an end between `earliest` and `latest`."""
        return cls(
            days_to_earliest=(earliest - as_of).days,
            days_to_latest=(latest - as_of).days,
            months_to_earliest=whole_months(as_of, earliest),
            months_to_latest=whole_months(as_of, latest),
        )

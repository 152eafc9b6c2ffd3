"""The one date language: filters read a date in every form a write accepts, through the same parser.

A write keeps "Q3 2017/18" as the interval it means; a filter bound in the same words stands for the first or
the last day of that interval, whichever end of a window it bounds. An ISO day ("2017-10-01") reads as itself,
so clients that send ISO dates see no change.
"""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.exceptions import StrawberryInputCoercionError

from db.intervals import ACCEPTED_FORMS, DateInterval, IntervalParseError, parse_interval

CouncilDate = NewType("CouncilDate", DateInterval)


def read_council_date(value: object) -> CouncilDate:
    """The interval a client's date means, or a BAD_INPUT error that quotes it and lists the forms accepted."""
    if not isinstance(value, str):
        raise StrawberryInputCoercionError(f"A date is text, such as '2017-10-01' or 'Q3 2017/18', not {value!r}.")
    try:
        interval = parse_interval(value)
    except IntervalParseError as error:
        message = str(error)
        raise StrawberryInputCoercionError(f"{message[0].upper()}{message[1:]}.") from None
    if interval is None:
        raise StrawberryInputCoercionError(f"{value!r} names no date; accepted forms: {ACCEPTED_FORMS}.")
    return CouncilDate(interval)


def write_council_date(value: CouncilDate) -> str:
    return value.text


COUNCIL_DATE = strawberry.scalar(
    name="CouncilDate",
    description="A date as the council writes it, in any form a write accepts: an ISO day ('2017-10-01'), a day "
    "('31/03/2020', '31st March 2020'), a month ('March 2026'), a financial quarter ('Q3 2017/18'), a financial "
    "year ('2017/18', '2017-18'), a calendar year ('2026') or a range ('Between Q2 2017/18 and Q1 2018/19'). "
    "Where it bounds a window, the start of a window takes its first day and the end its last day.",
    serialize=write_council_date,
    parse_value=read_council_date,
)

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

COUNCIL_DATE_SPECIFIED_BY = "/specifications/council-date"
"""Where the register serves the specification below; `@specifiedBy` names it relative to the register, since
the register's host differs from council to council and councils run it on closed networks."""

COUNCIL_DATE_SPECIFICATION = f"""# CouncilDate

A date as the council's papers write it, sent and received as a JSON string. Each value stands for an
interval of days: its earliest and its latest day.

## Forms accepted

Case and runs of spaces do not matter. Accepted: {ACCEPTED_FORMS}.

| form | example | earliest day | latest day |
| --- | --- | --- | --- |
| ISO 8601 calendar date | `2017-10-01` | that day | that day |
| day, day first | `31/03/2020`, `31-03-2020`, `31.03.2020` | that day | that day |
| day in words | `31st March 2020` | that day | that day |
| month | `March 2026`, `Sept 2019` | its first day | its last day |
| financial quarter | `Q3 2017/18`, `Quarter 1 2017-18` | the quarter's first day | its last day |
| financial year | `2017/18`, `2017-18`, `17-18` | 1 April | 31 March of the next year |
| calendar year | `2026` | 1 January | 31 December |
| range | `Between Q2 2017/18 and Q1 2018/19` | the first form's earliest | the second form's latest |

The council's financial year runs from 1 April to 31 March; its quarters are April to June (Q1), July to
September (Q2), October to December (Q3) and January to March (Q4). `2017/18` is the year from 1 April 2017.

"By 2020" appears in the papers and is accepted in writes, where it runs from the first day of the plan's
financial year; a filter has no plan year, so a filter bound written "By ..." is refused. N/A, TBC, - and blank
name no date: a write keeps them as unknown, a filter refuses them.

## In a filter

Where a CouncilDate bounds a window (`from`, `to`, `asOf`), the start of the window takes the value's earliest
day and the end its latest: `{{from: "Q1 2017/18", to: "Q4 2017/18"}}` is 1 April 2017 to 31 March 2018.

## Errors

A value that reads as none of the forms is refused with the code BAD_INPUT and a message that quotes it and lists
the forms accepted. A compact date such as `20200331` is refused rather than guessed.

## Output

A CouncilDate is returned as the words it was given (the text of the interval).
"""


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
    specified_by_url=COUNCIL_DATE_SPECIFIED_BY,
    description="A date as the council writes it, in any form a write accepts: an ISO day ('2017-10-01'), a day "
    "('31/03/2020', '31st March 2020'), a month ('March 2026'), a financial quarter ('Q3 2017/18'), a financial "
    "year ('2017/18', '2017-18'), a calendar year ('2026') or a range ('Between Q2 2017/18 and Q1 2018/19'). "
    "Where it bounds a window, the start of a window takes its first day and the end its last day.",
    serialize=write_council_date,
    parse_value=read_council_date,
)

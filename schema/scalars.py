"""The register's scalars and their wire formats, each with the specification a client can code against.

A generated client (graphql-codegen, Apollo) types these as strings; the descriptions and @specifiedBy
links say exactly what those strings hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Context, Decimal, Inexact, InvalidOperation

import strawberry
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

CENT = Decimal("0.01")
# Anything the register computes in pounds is whole pence: a value that is not is a fault to report, not round.
_EXACT_TO_THE_PENNY = Context(traps=[Inexact, InvalidOperation])


def _date(value: date) -> str:
    return value.isoformat()


def _parse_date(value: object) -> date:
    text = value if isinstance(value, str) else ""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a Date: "{value}". Expected a calendar date such as 2026-03-31.'
        ) from None


def _moment(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"The register keeps every moment in UTC, so {value.isoformat()} has lost its zone")
    return value.astimezone(UTC).isoformat()


def _parse_moment(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a DateTime: "{value}". Expected an RFC 3339 date-time with an offset, '
            "such as 2026-12-01T11:44:17Z."
        )
    return moment.astimezone(UTC)


def _pounds(value: Decimal) -> str:
    return format(value.quantize(CENT, context=_EXACT_TO_THE_PENNY), "f")


def _parse_pounds(value: object) -> Decimal:
    # Not-a-number and infinity parse, so that the argument that holds them can say which one is at fault.
    try:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation:
        raise StrawberryInputCoercionError(f'Value cannot represent a Decimal: "{value}".') from None


Date = strawberry.scalar(
    name="Date",
    description=(
        "A calendar day, as an ISO 8601 calendar date in its extended form: YYYY-MM-DD (`2026-03-31`). "
        "A day, not an instant: it has no time of day and no zone."
    ),
    specified_by_url="https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
    serialize=_date,
    parse_value=_parse_date,
)

DateTime = strawberry.scalar(
    name="DateTime",
    description=(
        "An instant, as an RFC 3339 date-time, always in UTC and always with its offset: "
        "`2026-12-01T11:44:17.243554+00:00`. `new Date(value)` in a browser reads the right instant in any "
        "time zone. Input must carry an offset (`Z` or `+01:00`); a time without one is refused."
    ),
    specified_by_url="https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
    serialize=_moment,
    parse_value=_parse_moment,
)

Pounds = strawberry.scalar(
    name="Decimal",
    description=(
        "An exact amount of money in pounds sterling, sent as a string with exactly two decimal places and no "
        'symbol, separators or exponent: "36300000.00". Read it as a decimal, never as a floating-point number. '
        'Input is a string ("1000000", "1000000.00"); a JSON number is also accepted.'
    ),
    specified_by_url="https://speleotrove.com/decimal/daconvs.html",
    serialize=_pounds,
    parse_value=_parse_pounds,
)

# For StrawberryConfig(scalar_map=...): every `date`, `datetime` and `Decimal` in the schema is one of these.
SCALARS: dict[object, ScalarDefinition] = {date: Date, datetime: DateTime, Decimal: Pounds}

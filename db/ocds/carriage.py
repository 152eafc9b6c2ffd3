"""How the register's imprecise dates and stated values travel in OCDS, which has only exact ones.

OCDS dates are instants and an OCDS value is one amount with no basis. So a release says what OCDS can
(an interval's earliest day as a start, its latest as an end; a whole-life amount where one is known), and
the register's own reading goes beside it, in the release's `registerDetails` object, exactly:

- an interval as ``{"earliest": "2020-05-01", "latest": "2020-05-31", "precision": "MONTH", "text": "May 2020"}``;
- a value as ``{"amount": "3500000.00", "currency": "GBP", "basis": "ANNUAL", "text": "£3.5m (p/a)"}``, the
  amount a decimal string so that no reader turns it into a float.

Reading them back restores the register's values unchanged; anything malformed is a problem at its path.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from db.inferences import InferenceKind, Reading
from db.intervals import DateInterval, Precision
from db.money import Basis, Money
from db.ocds.fields import Node

__all__ = [
    "DETAILS",
    "end_of",
    "interval_json",
    "money_json",
    "ocds_amount",
    "pence_json",
    "read_interval",
    "read_money",
    "read_pence",
    "read_readings",
    "readings_json",
    "start_of",
]

DETAILS = "registerDetails"


def start_of(day: date) -> str:
    """The first instant of a day, as an OCDS start date."""
    return f"{day.isoformat()}T00:00:00Z"


def end_of(day: date) -> str:
    """The last second of a day, as OCDS asks for an end date whose time is not known."""
    return f"{day.isoformat()}T23:59:59Z"


def ocds_amount(pence: int) -> int | Decimal:
    """An amount in pence as an OCDS number of pounds: whole pounds as an integer, else to the penny."""
    pounds, pennies = divmod(pence, 100)
    return pounds if pennies == 0 else Decimal(pence).scaleb(-2)


def pence_json(pence: int) -> str:
    return str(Decimal(pence).scaleb(-2))


def interval_json(interval: DateInterval) -> dict[str, Any]:
    return {
        "earliest": interval.earliest.isoformat(),
        "latest": interval.latest.isoformat(),
        "precision": interval.precision.value,
        "text": interval.text,
    }


def money_json(money: Money) -> dict[str, Any]:
    stated = {"amount": str(money.amount), "currency": money.currency, "basis": money.basis.value, "text": money.text}
    return stated | ({"basisAssumed": True} if money.basis_assumed else {})


def readings_json(readings: tuple[Reading, ...]) -> list[dict[str, str]]:
    """A record's readings of the papers as `registerDetails.inferences`, in the API's shape."""
    return [reading.stored() for reading in readings]


def read_readings(node: Node) -> tuple[Reading, ...]:
    """`registerDetails.inferences`: each reading's field, kind and reason."""
    found = []
    for item in node.items("inferences"):
        field, kind, reason = item.text("field"), item.member("kind", InferenceKind), item.text("reason")
        if field is None or kind is None or reason is None:
            item.fail("a reading needs its field, kind and reason")
            continue
        found.append(Reading(field, kind, reason))
    return tuple(found)


def read_interval(node: Node | None) -> DateInterval | None:
    """An interval from `registerDetails`; every part is required, and the days must be in order."""
    if node is None:
        return None
    earliest, latest = node.iso_day("earliest"), node.iso_day("latest")
    precision = node.member("precision", Precision)
    text = node.child("text").value
    if not isinstance(text, str):
        node.child("text").fail("must be the date as the papers give it, a string")
        return None
    missing = [key for key in ("earliest", "latest", "precision") if node.child(key).value is None]
    if missing:
        node.fail(f"an interval needs its {' and '.join(missing)}")
    if earliest is None or latest is None or precision is None:
        return None
    if earliest > latest:
        node.fail(f"starts {earliest} after it ends {latest}")
        return None
    return DateInterval(earliest, latest, precision, text)


def read_money(node: Node | None) -> Money | None:
    """A stated value from `registerDetails`: an exact amount, in GBP, on a basis, with its text."""
    if node is None:
        return None
    amount = _decimal(node.child("amount"))
    basis = node.member("basis", Basis)
    text = node.child("text").value
    currency = node.text("currency")
    if currency != "GBP":
        node.child("currency").fail(f"the register holds values in GBP only, not {currency!r}")
        return None
    missing = [key for key in ("amount", "basis", "text") if node.child(key).value is None]
    if missing:
        node.fail(f"a value needs its {' and '.join(missing)}")
    if amount is None or basis is None or not isinstance(text, str):
        if text is not None and not isinstance(text, str):
            node.child("text").fail("must be the value as the papers give it, a string")
        return None
    try:
        return Money(amount, basis, text, basis_assumed=node.flag("basisAssumed") is True)
    except ValueError as error:
        node.child("amount").fail(str(error))
        return None


def read_pence(node: Node, key: str) -> int | None:
    amount = _decimal(node.child(key))
    if amount is None:
        return None
    if amount != amount.quantize(Decimal("0.01")):
        node.child(key).fail(f"{amount} is not a whole number of pence")
        return None
    return int(amount.scaleb(2))


def _decimal(node: Node) -> Decimal | None:
    if node.value is None:
        return None
    if isinstance(node.value, str):
        try:
            return Node(Decimal(node.value), node.path, node.problems).number()
        except ArithmeticError:
            node.fail(f"{node.value!r} is not a decimal amount such as 1250000.00")
            return None
    return node.number()

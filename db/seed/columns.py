"""The register's column groups for an imprecise date and an amount of money, filled from parsed values."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from db.intervals import DateInterval
from db.money import Money, annualised, whole_life

__all__ = ["interval_columns", "money_columns"]


def interval_columns(prefix: str, interval: DateInterval | None) -> dict[str, object]:
    """``<prefix>_earliest/_latest/_precision/_text``, all null when the papers give no date."""
    earliest, latest, precision, text = _interval_names(prefix)
    if interval is None:
        return {earliest: None, latest: None, precision: None, text: None}
    return {
        earliest: interval.earliest,
        latest: interval.latest,
        precision: interval.precision.value,
        text: interval.text,
    }


@cache
def _interval_names(prefix: str) -> tuple[str, str, str, str]:
    # An import asks for the same four dates' names on every row.
    return (f"{prefix}_earliest", f"{prefix}_latest", f"{prefix}_precision", f"{prefix}_text")


def money_columns(prefix: str, money: Money | None, term_months: int | None) -> dict[str, object]:
    """``<prefix>_pence/_basis/_text/_basis_assumed``, the term, and the derived yearly and whole-life values.

    A derived value the basis and term do not allow is null, never zero.
    """
    derived = {
        "term_months": term_months,
        "annual_value_pence": None if money is None else _pence(annualised(money, term_months)),
        "total_value_pence": None if money is None else _pence(whole_life(money, term_months)),
    }
    if money is None:
        return {
            f"{prefix}_pence": None,
            f"{prefix}_basis": None,
            f"{prefix}_text": None,
            f"{prefix}_basis_assumed": False,
            **derived,
        }
    return {
        f"{prefix}_pence": money.pence,
        f"{prefix}_basis": money.basis.value,
        f"{prefix}_text": money.text,
        f"{prefix}_basis_assumed": money.basis_assumed,
        **derived,
    }


def _pence(pounds: Decimal | None) -> int | None:
    # The money module rounds derived values to the penny, so this is exact.
    return None if pounds is None else int(pounds.scaleb(2))

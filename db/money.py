"""Contract values as councils publish them, held exactly and with the basis they were stated on.

A business plan may give a whole-life value ("£36.3m" over a 10-year contract), a yearly value
("£1.1m (p/a)") or a quarterly one ("£0.07m (current quarterly value)"). The amount is kept as
stated, in pence-exact Decimal, never float; yearly and whole-life figures are derived only where
the basis and the contract term allow, and are None rather than zero where they do not.
"""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation, localcontext

__all__ = [
    "Basis",
    "Money",
    "MoneyParseError",
    "annualised",
    "parse_money",
    "term_months",
    "whole_life",
]

PENNY = Decimal("0.01")
# Wide enough for any amount a council could publish; _EXACT also refuses to round at all, so
# reading or scaling a stated figure can never silently change it.
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation])
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Inexact])


class Basis(enum.StrEnum):
    """What period a stated amount covers: the whole life of the contract, a year, or a quarter."""

    TOTAL = "TOTAL"
    ANNUAL = "ANNUAL"
    QUARTERLY = "QUARTERLY"


_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Money:
    """An amount of money as stated in the papers, on its own basis, exact to the penny."""

    amount: Decimal
    basis: Basis
    text: str
    currency: str = "GBP"
    # True when neither the words nor the column stated a basis and whole-life TOTAL was read in.
    basis_assumed: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"amount must be a Decimal, not {type(self.amount).__name__}")
        if not self.amount.is_finite():
            raise ValueError(f"amount must be finite, not {self.amount}")
        if self.amount < 0:
            raise ValueError(f"amount must not be negative: {self.amount}")
        if not _CURRENCY.fullmatch(self.currency):
            raise ValueError(f"currency must be an ISO 4217 code such as GBP, not {self.currency!r}")
        try:
            with localcontext(_WIDE):
                pence = self.amount.quantize(PENNY)
        except InvalidOperation as exc:
            raise ValueError(f"amount {self.amount} is too large") from exc
        if pence != self.amount:
            raise ValueError(f"amount {self.amount} is not a whole number of pence")
        object.__setattr__(self, "amount", pence.copy_abs())
        object.__setattr__(self, "basis", Basis(self.basis))

    @property
    def pence(self) -> int:
        with localcontext(_EXACT):
            return int(self.amount.scaleb(2))

    @classmethod
    def from_pence(cls, pence: int, basis: Basis, text: str) -> Money:
        if isinstance(pence, bool) or not isinstance(pence, int):
            raise TypeError(f"pence must be an int, not {type(pence).__name__}")
        try:
            with localcontext(_EXACT):
                amount = Decimal(pence).scaleb(-2)
        except Inexact as exc:
            raise ValueError(f"{pence} pence is too large") from exc
        return cls(amount, basis, text)


ACCEPTED_FORMS = (
    "an amount such as '£36.3m', '£1,250,000.00', '1250000', '£250k' or '£20 million', optionally "
    "followed by a basis such as '(p/a)', 'per annum', 'a year' or '(current quarterly value)', "
    "or N/A, TBC, - or blank"
)


class MoneyParseError(ValueError):
    """Text in a value column that does not read as an amount of money the register accepts."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(f'cannot read "{text}" as an amount of money{detail}; accepted forms: {ACCEPTED_FORMS}')


_NULLS = frozenset({"", "n/a", "na", "-", "tbc"})
_MONEY_RE = re.compile(
    r"^(?:£ ?)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?: ?(?P<unit>million|mn|m|bn|k))?"
    r"(?: ?\((?P<bracketed>[^()]*)\)| (?P<words>[^()]+))?$"
)
_UNITS = {None: 1, "k": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6, "bn": 10**9}
_BASIS_WORDS = {
    "p/a": Basis.ANNUAL,
    "p.a.": Basis.ANNUAL,
    "p.a": Basis.ANNUAL,
    "pa": Basis.ANNUAL,
    "per annum": Basis.ANNUAL,
    "per year": Basis.ANNUAL,
    "a year": Basis.ANNUAL,
    "annual": Basis.ANNUAL,
    "annually": Basis.ANNUAL,
    "quarterly": Basis.QUARTERLY,
    "per quarter": Basis.QUARTERLY,
    "a quarter": Basis.QUARTERLY,
    "total": Basis.TOTAL,
    "whole life": Basis.TOTAL,
    "whole-life": Basis.TOTAL,
}
_STATED_VALUE_RE = re.compile(r"^(?:current )?(annual|quarterly|total|whole[ -]life) value$")


def parse_money(text: str | None, *, basis: Basis | None = None) -> Money | None:
    """Read a value as published in a plan or a council's contracts CSV, or None for N/A or blank.

    The basis comes from the text ("(p/a)", "quarterly", ...) when it says one, otherwise from
    ``basis`` (the column's meaning), otherwise whole-life TOTAL. A text basis that contradicts
    ``basis`` is an error rather than a choice between them.
    """
    if text is None:
        return None
    original = text.strip()
    key = " ".join(original.split()).lower()
    if key in _NULLS:
        return None
    match = _MONEY_RE.match(key)
    if match is None:
        raise MoneyParseError(original)
    qualifier = match.group("bracketed") if match.group("bracketed") is not None else match.group("words")
    stated = _stated_basis(original, qualifier)
    if stated is not None and basis is not None and stated != basis:
        raise MoneyParseError(original, f"the text says {stated.value} but the column is {Basis(basis).value}")
    try:
        with localcontext(_EXACT):
            amount = Decimal(match.group("number").replace(",", "")) * _UNITS[match.group("unit")]
        chosen = stated if stated is not None else basis if basis is not None else Basis.TOTAL
        return Money(amount, chosen, original, basis_assumed=stated is None and basis is None)
    except Inexact as exc:
        raise MoneyParseError(original, "too many digits to hold exactly") from exc
    except (ValueError, InvalidOperation) as exc:
        raise MoneyParseError(original, str(exc)) from exc


def _stated_basis(original: str, qualifier: str | None) -> Basis | None:
    if qualifier is None:
        return None
    words = qualifier.strip()
    if words in _BASIS_WORDS:
        return _BASIS_WORDS[words]
    if m := _STATED_VALUE_RE.match(words):
        return _BASIS_WORDS[m.group(1)]
    raise MoneyParseError(original, f"'{words}' is not a basis such as p/a or quarterly")


def _known_term(term: int | None) -> int | None:
    if isinstance(term, int) and not isinstance(term, bool) and term > 0:
        return term
    return None


def _to_pence(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def annualised(money: Money, term_months: int | None) -> Decimal | None:
    """The value per year, for comparing contracts of different lengths; None when it cannot be known.

    A whole-life TOTAL needs the contract term in months; without a positive term it is None, not zero.
    """
    with localcontext(_WIDE):
        if money.basis is Basis.ANNUAL:
            return _to_pence(money.amount)
        if money.basis is Basis.QUARTERLY:
            return _to_pence(money.amount * 4)
        term = _known_term(term_months)
        return None if term is None else _to_pence(money.amount * 12 / term)


def whole_life(money: Money, term_months: int | None) -> Decimal | None:
    """The value over the whole contract term; None when a yearly or quarterly value has no known term."""
    with localcontext(_WIDE):
        if money.basis is Basis.TOTAL:
            return _to_pence(money.amount)
        term = _known_term(term_months)
        if term is None:
            return None
        per_month = Decimal(12) if money.basis is Basis.ANNUAL else Decimal(3)
        return _to_pence(money.amount * term / per_month)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    # A start on the 31st runs to the last day of a shorter month, as contract terms are read.
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_months(start: date, end: date) -> int:
    """The months of a contract running from ``start`` to ``end``, both days included, to the nearest month.

    Whole months run from ``start`` to the day after ``end``: 1 January 2016 to 31 December 2025 is 120 and
    1 April 2017 to 31 March 2018 is 12. A part month left over counts when it is at least half of the month
    it runs into, so 2 April 2017 to 31 March 2018 is a year too, as its publisher meant, not 11 months: a
    term rounded down inflates the yearly value derived from a whole-life one (by a twelfth here, enough to
    carry £950,000 over the £1m threshold). 15 January to 29 January is 0 months, to 30 January 1. A month
    from a day its successor lacks ends at that month's last day (31 January to 28 February 2017 is 1).
    Raises ValueError if ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"contract ends {end} before it starts {start}")
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if _add_months(start, months) > after:
        months -= 1
    reached = _add_months(start, months)
    part = (after - reached).days
    month = (_add_months(start, months + 1) - reached).days
    return months + 1 if 2 * part >= month else months

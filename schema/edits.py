"""One write's input read at the edge: printed dates and money parsed once, every problem kept as a UserError.

An `Edit` holds the column values a create or an update sets, on top of the record's current columns (none for
a create), and the user errors found on the way. Each reader takes an input field's GraphQL name (for the
error's path) and its value; UNSET means the client left the field out, so an update leaves the column alone,
and null clears it where the column allows.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry

from db.intervals import FinancialYear, IntervalParseError, parse_interval
from db.money import Basis, Money, MoneyParseError, parse_money
from db.seed.columns import interval_columns, money_columns
from schema.errors import ErrorCode, RegisterError, UserError
from schema.relay import parse_global_id

# Amounts and their derived whole-life values (a quarterly amount over a 100-year term is 400 times as much)
# must fit the 64-bit columns that hold pence.
MAX_TERM_MONTHS = 1200
MAX_STATED_PENCE = (2**63 - 1) // 400
_NEGATIVE = re.compile(r"[-\u2212]\s*£?\s*\d")


@dataclass(frozen=True)
class Reference:
    """A related record an input names by global ID, to be found before the write is accepted."""

    field: str
    column: str
    type_name: str
    pk: int


class Edit:
    """The columns a write sets over the record's current ones, and what was wrong with the input."""

    def __init__(self, current: Mapping[str, Any] | None = None) -> None:
        self.current: dict[str, Any] = dict(current or {})
        self.values: dict[str, Any] = {}
        self.errors: list[UserError] = []
        self.references: list[Reference] = []
        self.found: dict[str, Any] = {}

    @property
    def creating(self) -> bool:
        """Whether the write creates a record (there are no current columns)."""
        return not self.current

    def __getitem__(self, column: str) -> Any:
        """A column's value after the write: the new value if the input sets it, else the current one."""
        return self.values[column] if column in self.values else self.current.get(column)

    def changed(self) -> dict[str, Any]:
        """The columns whose value the write actually changes."""
        return {column: value for column, value in self.values.items() if self.current.get(column) != value}

    def fail(self, field: str, message: str, code: ErrorCode = ErrorCode.BAD_INPUT) -> None:
        """Note a problem with one input field; the write will change nothing."""
        self.errors.append(UserError(field=["input", field], message=message, code=code))

    def text(self, field: str, value: str | None, column: str, *, required: bool = False) -> None:
        """Free text, trimmed; blank is null, which a required column refuses."""
        if value is strawberry.UNSET:
            return
        if value is None or not value.strip():
            if required:
                self.fail(field, f"`{field}` must not be blank.")
            else:
                self.values[column] = None
            return
        self.values[column] = value.strip()

    def plain(self, field: str, value: Any, column: str, *, required: bool = False) -> None:
        """A value the schema has already typed (a flag, a day, a choice), stored as it is."""
        if value is strawberry.UNSET:
            return
        if value is None and required:
            self.fail(field, f"`{field}` cannot be cleared: every record has one.")
            return
        self.values[column] = value.value if isinstance(value, enum.Enum) else value

    def money(self, field: str, value: str | None, prefix: str) -> None:
        """An amount as the papers print it ("£1.1m (p/a)", "£36.3m"), on the basis its words state."""
        if value is strawberry.UNSET:
            return
        try:
            money = parse_money(value)
        except MoneyParseError as error:
            negative = value is not None and _NEGATIVE.search(value) is not None
            message = f"`{field}` must not be negative: {value!r}." if negative else f"`{field}`: {error}."
            self.fail(field, message)
            return
        if money is not None and money.pence > MAX_STATED_PENCE:
            self.fail(field, f"`{field}` {value!r} is too large for the register to hold.")
            return
        stated = money_columns(prefix, money, None)
        self.values.update({column: stated[column] for column in _money_parts(prefix)})

    def interval(
        self,
        field: str,
        value: str | None,
        prefix: str,
        *,
        required: bool = False,
        plan_year: FinancialYear | None = None,
    ) -> None:
        """An imprecise date as printed ("Q3 2017/18", "December 2025", "2020-03-31"), kept as an interval."""
        if value is strawberry.UNSET:
            return
        try:
            interval = parse_interval(value, plan_year=plan_year)
        except IntervalParseError as error:
            self.fail(field, f"`{field}`: {error}.")
            return
        if interval is None and required:
            self.fail(field, f"`{field}` needs a date, such as 'Q3 2017/18' or '2018-03-31'.")
            return
        self.values.update(interval_columns(prefix, interval))

    def financial_year(self, field: str, value: str | None) -> FinancialYear | None:
        """A financial year as councils write it ('2017-18', '2017/18', '17-18'), or None when not given."""
        if value is None or value is strawberry.UNSET:
            return None
        try:
            return FinancialYear.parse(value)
        except IntervalParseError as error:
            self.fail(field, f"`{field}`: {error}.")
            return None

    def term(self, field: str, value: int | None, column: str = "term_months") -> None:
        """A contract term in whole months, from 1 to 100 years' worth."""
        if value is strawberry.UNSET:
            return
        if value is not None and not 1 <= value <= MAX_TERM_MONTHS:
            self.fail(field, f"`{field}` must be between 1 and {MAX_TERM_MONTHS} months, not {value}.")
            return
        self.values[column] = value

    def reference(
        self, field: str, value: strawberry.ID | None, column: str, type_name: str, *, required: bool = False
    ) -> None:
        """A related record named by its global ID; it must exist and not be retired when the write is made."""
        if value is strawberry.UNSET:
            return
        if value is None:
            if required:
                self.fail(field, f"`{field}` cannot be cleared: every record has one.")
            else:
                self.values[column] = None
            return
        found = self.global_id(field, value, type_name)
        if found is not None:
            self.refer(field, column, *found)

    def global_id(self, field: str, value: strawberry.ID, *type_names: str) -> tuple[str, int] | None:
        """The type and primary key in a global ID, if it is well formed and names a record of an allowed type."""
        try:
            type_name, pk = parse_global_id(str(value), field)
        except RegisterError as error:
            self.fail(field, error.message, ErrorCode.BAD_ID)
            return None
        if type_name not in type_names:
            wanted = " or ".join(type_names)
            self.fail(field, f"{str(value)!r} is the ID of a {type_name}, not of a {wanted}.", ErrorCode.BAD_ID)
            return None
        return type_name, pk

    def refer(self, field: str, column: str, type_name: str, pk: int) -> None:
        """Set a column to a related record's key, to be checked for existence before the write."""
        self.values[column] = pk
        self.references.append(Reference(field, column, type_name, pk))

    def ends_after(self, first: tuple[str, str], then: tuple[str, str]) -> None:
        """Refuse a later date (`then`) that ends before an earlier one (`first`) begins; each is (field, prefix).

        Imprecise dates that overlap are accepted: "2020" and "March 2020" may be the same day.
        """
        (first_field, first_prefix), (then_field, then_prefix) = first, then
        begins, ends = self[f"{first_prefix}_earliest"], self[f"{then_prefix}_latest"]
        if begins is None or ends is None or ends >= begins:
            return
        blame = then_field if f"{then_prefix}_latest" in self.values else first_field
        self.fail(
            blame,
            f"`{then_field}` ({self[f'{then_prefix}_text']!r}) ends before `{first_field}` "
            f"({self[f'{first_prefix}_text']!r}) begins.",
        )

    def derive_value(self, prefix: str) -> None:
        """Recompute the yearly and whole-life values from the stated amount and the term, as the seed does."""
        pence, basis = self[f"{prefix}_pence"], self[f"{prefix}_basis"]
        money = None if pence is None or basis is None else Money.from_pence(pence, Basis(basis), "")
        derived = money_columns(prefix, money, self["term_months"])
        self.values["annual_value_pence"] = derived["annual_value_pence"]
        self.values["total_value_pence"] = derived["total_value_pence"]


def _money_parts(prefix: str) -> tuple[str, str, str, str]:
    return f"{prefix}_pence", f"{prefix}_basis", f"{prefix}_text", f"{prefix}_basis_assumed"

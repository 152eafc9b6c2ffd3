"""A CSV row read as a contract record: every cell parsed once, here, and every problem with it collected.

A column the file does not carry leaves its field alone on an existing contract; a blank cell in a column
it does carry makes the field blank. Supplier details are the exception: a contracts file is not where a
supplier's address or status is erased, so a blank there says nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.exchange import ImportNotice, NoticeKind
from db.models import ContractStatus
from db.money import Basis, Money, MoneyParseError, parse_money
from db.seed.columns import interval_columns
from db.transparency.columns import COLUMNS, INTERVAL_FIELDS, Field
from db.transparency.dates import interval_parts, read_interval
from db.transparency.reader import Layout, Row
from db.transparency.vocabulary import (
    VocabularyError,
    parse_basis,
    parse_flag,
    parse_kind,
    parse_route,
    parse_sme_vcse,
    parse_status,
    parse_term,
    parse_vat,
    remembered,
)

__all__ = ["ContractRecord", "Department", "Supplier", "read_record"]

MONEY_FORMS = "£1,250,000.00, 1250000, 1.25m, £250k, or blank"
SUPPLIER_FIELDS = (
    Field.SUPPLIER_NAME,
    Field.COMPANY_NUMBER,
    Field.SUPPLIER_DETAILS,
    Field.SME,
    Field.VCSE,
    Field.SME_VCSE,
    Field.CHARITY_NUMBER,
    Field.SUPPLIER_KIND,
)
_EXPORTED = {column.field: column.header for column in COLUMNS if column.header is not None}
_COMPANY_NUMBER = re.compile(r"^\d{6,7}$")
_parse_money = remembered(parse_money)


@dataclass
class Supplier:
    """Who the row says supplies the contract: a name and/or company number, and what it says about them."""

    name: str | None
    company_number: str | None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Department:
    """The department responsible as the row gives it; `creates` when it is a register export's own code."""

    text: str | None
    code: str | None
    division: str | None
    creates: bool


@dataclass
class ContractRecord:
    """What one row says about one contract, parsed; None in a `*_carried` pair means the file is silent."""

    line: int
    reference: str
    values: dict[str, object] = field(default_factory=dict)
    status: ContractStatus | None = None
    money_carried: bool = False
    money: Money | None = None
    term_carried: bool = False
    term: int | None = None
    supplier_carried: bool = False
    supplier: Supplier | None = None
    department: Department | None = None
    extra_base: dict[str, Any] | None = None
    extra_cells: dict[str, str] = field(default_factory=dict)
    notices: list[ImportNotice] = field(default_factory=list)

    def warn(self, kind: NoticeKind, column: str, reason: str) -> None:
        self.notices.append(ImportNotice(kind, reason, line=self.line, reference=self.reference or None, column=column))


def read_record(row: Row, layout: Layout, problems: list[str]) -> ContractRecord:
    """The contract a row describes; what cannot be read is appended to ``problems``, naming the column."""

    def name(f: Field) -> str:
        return layout.headers[layout.fields[f]].strip() if f in layout.fields else _EXPORTED.get(f, f.value)

    reference = row.text(Field.REFERENCE)
    if not reference:
        problems.append(f"{name(Field.REFERENCE)} is blank")
    record = ContractRecord(row.line, reference, extra_cells=dict(row.unmapped))
    _text_values(record, row, layout, name, problems)
    for date_field in INTERVAL_FIELDS:
        if layout.has(date_field, *interval_parts(date_field)):
            interval = read_interval(row, date_field, name, problems)
            record.values.update(interval_columns(date_field.value, interval))
            if interval is not None and not interval.text:
                record.values[f"{date_field.value}_text"] = None
    _money(record, row, layout, name, problems)
    if layout.has(*SUPPLIER_FIELDS):
        record.supplier_carried = True
        record.supplier = _supplier(row, name, problems)
    if layout.has(Field.DEPARTMENT, Field.DIRECTORATE_CODE, Field.DIVISION):
        record.department = Department(
            row.text(Field.DEPARTMENT) or None,
            row.text(Field.DIRECTORATE_CODE) or None,
            row.text(Field.DIVISION) or None,
            creates=layout.has(Field.DIRECTORATE_CODE),
        )
    if layout.has(Field.EXTRA):
        record.extra_base = _extra(row.text(Field.EXTRA), name(Field.EXTRA), problems)
    return record


def _words(parse: Callable[[str], Any], row: Row, f: Field, name: Callable[[Field], str], problems: list[str]) -> Any:
    try:
        return parse(row.text(f))
    except VocabularyError as error:
        problems.append(f"{name(f)} {error}")
        return None


def _text_values(
    record: ContractRecord, row: Row, layout: Layout, name: Callable[[Field], str], problems: list[str]
) -> None:
    if layout.has(Field.TITLE):
        if row.text(Field.TITLE):
            record.values["title"] = row.text(Field.TITLE)
        else:
            problems.append(f"{name(Field.TITLE)} is blank")
    for f, column in (
        (Field.DESCRIPTION, "description"),
        (Field.EXTENSION_OPTIONS, "extension_options"),
        (Field.OCID, "ocid"),
    ):
        if layout.has(f):
            record.values[column] = row.text(f) or None
    if layout.has(Field.ROUTE):
        route = _words(parse_route, row, Field.ROUTE, name, problems)
        record.values["procurement_route"] = None if route is None else route.value
    if layout.has(Field.VAT):
        vat = _amount(parse_vat(row.text(Field.VAT)), None, name(Field.VAT), problems)
        record.values["vat_irrecoverable_pence"] = None if vat is None else vat.pence
    if layout.has(Field.STATUS):
        record.status = _words(parse_status, row, Field.STATUS, name, problems)
    if layout.has(Field.TERM):
        record.term_carried = True
        record.term = _words(parse_term, row, Field.TERM, name, problems)


def _amount(text: str | None, basis: Basis | None, header: str, problems: list[str]) -> Money | None:
    try:
        return _parse_money(text, basis=basis)
    except MoneyParseError as error:
        reason = f" ({error.reason})" if error.reason else ""
        problems.append(f'{header} "{error.text}" is not an amount of money{reason}; accepted forms: {MONEY_FORMS}')
        return None


def _money(record: ContractRecord, row: Row, layout: Layout, name: Callable[[Field], str], problems: list[str]) -> None:
    """The contract's value: the first of the value, total and annual columns given; any other is kept as is.

    A bare 0 is how councils' systems write a value they do not know, so it is read as unknown, with a
    warning, and the next column given is taken; a row states a real zero in its Value as Stated column (the
    register's own export writes one), in figures or words ("£0", "nil: a concession").
    """
    value_fields = (Field.VALUE, Field.VALUE_TOTAL, Field.VALUE_ANNUAL)
    if not layout.has(*value_fields, Field.VALUE_BASIS, Field.VALUE_TEXT):
        return
    record.money_carried = True
    said = _words(parse_basis, row, Field.VALUE_BASIS, name, problems)
    stated = row.text(Field.VALUE_TEXT)
    given = [f for f in value_fields if row.text(f)]
    for zero in [f for f in given if not stated and _zero(row.text(f))]:
        given.remove(zero)
        reason = (
            f'{name(zero)} "{row.text(zero)}" is read as a value not known, as councils\' systems write one; '
            f"a real zero is stated in a {_EXPORTED[Field.VALUE_TEXT]} column"
        )
        record.warn(NoticeKind.ZERO_VALUE_UNKNOWN, name(zero), reason)
    for other in given[1:]:
        record.extra_cells[name(other)] = row.text(other)
    money: Money | None = None
    if given:
        column_basis = {Field.VALUE: said, Field.VALUE_TOTAL: Basis.TOTAL, Field.VALUE_ANNUAL: Basis.ANNUAL}[given[0]]
        if said is not None and said is not column_basis:
            problems.append(f"{name(Field.VALUE_BASIS)} says {said.value} but the value is in {name(given[0])}")
        money = _amount(row.text(given[0]), column_basis, name(given[0]), problems)
    if stated and money is None and not given:
        money = _amount(stated, said, name(Field.VALUE_TEXT), problems)
    elif stated and money is not None:
        money = _restated(money, stated, name, problems)
    record.money = money


def _zero(text: str) -> bool:
    try:
        found = parse_money(text)
    except MoneyParseError:
        return False
    return found is not None and found.amount == 0


def _restated(money: Money, stated: str, name: Callable[[Field], str], problems: list[str]) -> Money:
    """The value with the words it was first stated in, which must say the same amount if they say one."""
    try:
        words = _parse_money(stated, basis=money.basis)
    except MoneyParseError:
        # Free words ("about £3m, paid on actuals") are kept as the statement; the figure is the amount.
        return Money(money.amount, money.basis, stated)
    if words is not None and (words.amount, words.basis) != (money.amount, money.basis):
        problems.append(
            f'{name(Field.VALUE_TEXT)} "{stated}" says {words.amount} ({words.basis.value}) but the value is '
            f"{money.amount} ({money.basis.value})"
        )
    return Money(money.amount, money.basis, stated)


def _supplier(row: Row, name: Callable[[Field], str], problems: list[str]) -> Supplier | None:
    supplier = Supplier(row.text(Field.SUPPLIER_NAME) or None, _company_number(row.text(Field.COMPANY_NUMBER)))
    details = supplier.details
    if address := row.text(Field.SUPPLIER_DETAILS):
        details["address"] = address
    if charity := row.text(Field.CHARITY_NUMBER):
        details["charity_number"] = charity
    if (kind := _words(parse_kind, row, Field.SUPPLIER_KIND, name, problems)) is not None:
        details["kind"] = kind.value
    both = _words(parse_sme_vcse, row, Field.SME_VCSE, name, problems) or (None, None)
    for key, f, combined in (("sme", Field.SME, both[0]), ("vcse", Field.VCSE, both[1])):
        own = _words(parse_flag, row, f, name, problems)
        if own is not None and combined is not None and own != combined:
            problems.append(
                f'{name(f)} "{row.text(f)}" disagrees with {name(Field.SME_VCSE)} "{row.text(Field.SME_VCSE)}"'
            )
        if (flag := own if own is not None else combined) is not None:
            details[key] = flag
    if supplier.name is None and supplier.company_number is None:
        if "address" in details or "charity_number" in details:
            problems.append(f"gives supplier details but no {name(Field.SUPPLIER_NAME)}")
        return None
    return supplier


def _company_number(text: str) -> str | None:
    """A Companies House number as registered: spreadsheets drop the leading zeros of an 8-digit number."""
    number = "".join(text.split()).upper()
    if not number:
        return None
    return number.zfill(8) if _COMPANY_NUMBER.match(number) else number


def _extra(text: str, header: str, problems: list[str]) -> dict[str, Any] | None:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(f"{header} is not JSON ({error.msg})")
        return None
    if not isinstance(value, dict):
        problems.append(f"{header} is not a JSON object")
        return None
    return value

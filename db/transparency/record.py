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
from functools import partial
from typing import Any

from db.exchange import ImportNotice, NoticeKind
from db.models import ContractStatus
from db.money import Basis, Money, MoneyParseError, parse_money
from db.seed.columns import interval_columns
from db.transparency.columns import COLUMNS, INTERVAL_FIELDS, Field
from db.transparency.dates import interval_parts, read_interval
from db.transparency.reader import Layout, Row
from db.transparency.recall import Recall
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

__all__ = ["ContractRecord", "Department", "RecordReader", "Supplier"]

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
_VALUE_FIELDS = (Field.VALUE, Field.VALUE_TOTAL, Field.VALUE_ANNUAL)
_MONEY_FIELDS = (*_VALUE_FIELDS, Field.VALUE_BASIS, Field.VALUE_TEXT)
_WORD_FIELDS = (Field.ROUTE, Field.VAT, Field.STATUS, Field.TERM)
_DEPARTMENT_FIELDS = (Field.DEPARTMENT, Field.DIRECTORATE_CODE, Field.DIVISION)
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


class RecordReader:
    """Reads one file's rows as contract records, in the file's layout.

    What the layout decides (which fields the file carries, the header each problem names) is worked out once;
    each group of cells that read together (a date's five columns, the value's, the supplier's) is read once
    per distinct group (db.transparency.recall), with the problems found in it, and given again to the rows
    that repeat it.
    """

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.names = {f: _header(layout, f) for f in Field}
        self.title = layout.has(Field.TITLE)
        self.texts = tuple(
            (f, column)
            for f, column in (
                (Field.DESCRIPTION, "description"),
                (Field.EXTENSION_OPTIONS, "extension_options"),
                (Field.OCID, "ocid"),
            )
            if layout.has(f)
        )
        self.words = Recall(layout, _WORD_FIELDS, self._words)
        self.intervals = tuple(
            (f, Recall(layout, (f, *interval_parts(f)), partial(self._interval, f)))
            for f in INTERVAL_FIELDS
            if layout.has(f, *interval_parts(f))
        )
        self.money = (
            Recall(layout, _MONEY_FIELDS, partial(_read_money, name=self.name)) if layout.has(*_MONEY_FIELDS) else None
        )
        self.supplier = Recall(layout, SUPPLIER_FIELDS, self._supplier) if layout.has(*SUPPLIER_FIELDS) else None
        self.department = (
            Recall(layout, _DEPARTMENT_FIELDS, self._department) if layout.has(*_DEPARTMENT_FIELDS) else None
        )
        self.extra = layout.has(Field.EXTRA)

    def name(self, f: Field) -> str:
        """The header a problem with a field names: the file's own, else the register's export header."""
        return self.names[f]

    def read(self, row: Row, problems: list[str]) -> ContractRecord:
        """The contract a row describes; what cannot be read is appended to ``problems``, naming the column."""
        reference = row.text(Field.REFERENCE)
        if not reference:
            problems.append(f"{self.name(Field.REFERENCE)} is blank")
        record = ContractRecord(row.line, reference, extra_cells=dict(row.unmapped))
        values = record.values
        if self.title:
            if title := row.text(Field.TITLE):
                values["title"] = title
            else:
                problems.append(f"{self.name(Field.TITLE)} is blank")
        for f, column in self.texts:
            values[column] = row.text(f) or None
        words = self.words(row)
        values.update(words.values)
        record.status, record.term_carried, record.term = words.status, words.term_carried, words.term
        problems += words.problems
        for _, interval in self.intervals:
            columns, found = interval(row)
            values.update(columns)
            problems += found
        if self.money is not None:
            money = self.money(row)
            record.money_carried, record.money = True, money.money
            for kind, column, reason in money.warnings:
                record.warn(kind, column, reason)
            record.extra_cells.update(money.kept)
            problems += money.problems
        if self.supplier is not None:
            record.supplier_carried = True
            record.supplier, found = self.supplier(row)
            problems += found
        if self.department is not None:
            record.department = self.department(row)[0]
        if self.extra:
            record.extra_base = _extra(row.text(Field.EXTRA), self.name(Field.EXTRA), problems)
        return record

    def _words(self, row: Row) -> _Words:
        problems: list[str] = []
        values: dict[str, object] = {}
        layout, name = self.layout, self.name
        if layout.has(Field.ROUTE):
            route = _words(parse_route, row, Field.ROUTE, name, problems)
            values["procurement_route"] = None if route is None else route.value
        if layout.has(Field.VAT):
            vat = _amount(parse_vat(row.text(Field.VAT)), None, name(Field.VAT), problems)
            values["vat_irrecoverable_pence"] = None if vat is None else vat.pence
        status = _words(parse_status, row, Field.STATUS, name, problems) if layout.has(Field.STATUS) else None
        term_carried = layout.has(Field.TERM)
        term = _words(parse_term, row, Field.TERM, name, problems) if term_carried else None
        return _Words(values, status, term_carried, term, tuple(problems))

    def _interval(self, date_field: Field, row: Row) -> tuple[dict[str, object], tuple[str, ...]]:
        problems: list[str] = []
        interval = read_interval(row, date_field, self.name, problems)
        columns = interval_columns(date_field.value, interval)
        if interval is not None and not interval.text:
            columns[f"{date_field.value}_text"] = None
        return columns, tuple(problems)

    def _supplier(self, row: Row) -> tuple[Supplier | None, tuple[str, ...]]:
        problems: list[str] = []
        supplier = _supplier(row, self.name, problems)
        return supplier, tuple(problems)

    def _department(self, row: Row) -> tuple[Department]:
        return (
            Department(
                row.text(Field.DEPARTMENT) or None,
                row.text(Field.DIRECTORATE_CODE) or None,
                row.text(Field.DIVISION) or None,
                creates=self.layout.has(Field.DIRECTORATE_CODE),
            ),
        )


@dataclass(frozen=True)
class _Words:
    """The cells read by their words: the procurement route, the VAT, the status and the term."""

    values: dict[str, object]
    status: ContractStatus | None
    term_carried: bool
    term: int | None
    problems: tuple[str, ...]


@dataclass(frozen=True)
class _MoneyReading:
    """The value a row states, the warnings and problems it gives, and the value cells it keeps as they are."""

    money: Money | None
    problems: tuple[str, ...]
    warnings: tuple[tuple[NoticeKind, str, str], ...]
    kept: tuple[tuple[str, str], ...]


def _header(layout: Layout, f: Field) -> str:
    return layout.headers[layout.fields[f]].strip() if f in layout.fields else _EXPORTED.get(f, f.value)


def _words(parse: Callable[[str], Any], row: Row, f: Field, name: Callable[[Field], str], problems: list[str]) -> Any:
    try:
        return parse(row.text(f))
    except VocabularyError as error:
        problems.append(f"{name(f)} {error}")
        return None


def _amount(text: str | None, basis: Basis | None, header: str, problems: list[str]) -> Money | None:
    try:
        return _parse_money(text, basis=basis)
    except MoneyParseError as error:
        reason = f" ({error.reason})" if error.reason else ""
        problems.append(f'{header} "{error.text}" is not an amount of money{reason}; accepted forms: {MONEY_FORMS}')
        return None


def _read_money(row: Row, name: Callable[[Field], str]) -> _MoneyReading:
    """The contract's value: the first of the value, total and annual columns given; any other is kept as is.

    A bare 0 is how councils' systems write a value they do not know, so it is read as unknown, with a
    warning, and the next column given is taken; a row states a real zero in its Value as Stated column (the
    register's own export writes one), in figures or words ("£0", "nil: a concession").
    """
    problems: list[str] = []
    warnings: list[tuple[NoticeKind, str, str]] = []
    said = _words(parse_basis, row, Field.VALUE_BASIS, name, problems)
    stated = row.text(Field.VALUE_TEXT)
    given = [f for f in _VALUE_FIELDS if row.text(f)]
    for zero in [f for f in given if not stated and _zero(row.text(f))]:
        given.remove(zero)
        reason = (
            f'{name(zero)} "{row.text(zero)}" is read as a value not known, as councils\' systems write one; '
            f"a real zero is stated in a {_EXPORTED[Field.VALUE_TEXT]} column"
        )
        warnings.append((NoticeKind.ZERO_VALUE_UNKNOWN, name(zero), reason))
    kept = tuple((name(other), row.text(other)) for other in given[1:])
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
    return _MoneyReading(money, tuple(problems), tuple(warnings), kept)


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

"""The columns of a Transparency Code contracts CSV, and the header names councils publish them under.

The Local Government Transparency Code 2015 asks for ten items on every contract over £5,000 but not for
header names, so each council writes its own ("Reference Number", "Contract Ref", "Ref"). Each column here
is one item of the Code, or one of the register's own fields written beside them, with the header the
register exports and the other names it reads. Headers match ignoring case, spaces and punctuation, and a
trailing bracket ("Start Date (DD/MM/YYYY)", "SME (Y/N)") is ignored when the whole header is not known.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "COLUMNS",
    "EXPORT_HEADERS",
    "INTERVAL_FIELDS",
    "Column",
    "Field",
    "field_for",
    "normalise",
]


class Field(enum.StrEnum):
    """What a column holds: a Code item, one of the register's own fields, or a derived figure."""

    REFERENCE = "reference"
    TITLE = "title"
    DEPARTMENT = "department"
    DESCRIPTION = "description"
    SUPPLIER_NAME = "supplier_name"
    SUPPLIER_DETAILS = "supplier_details"
    COMPANY_NUMBER = "company_number"
    VALUE = "value"
    VALUE_BASIS = "value_basis"
    VALUE_TOTAL = "value_total"
    VALUE_ANNUAL = "value_annual"
    VAT = "vat"
    START = "start"
    END = "end"
    REVIEW = "review"
    ROUTE = "route"
    SME = "sme"
    VCSE = "vcse"
    SME_VCSE = "sme_vcse"
    CHARITY_NUMBER = "charity_number"
    THRESHOLD = "threshold"
    STATUS = "status"
    DIRECTORATE_CODE = "directorate_code"
    DIVISION = "division"
    SUPPLIER_KIND = "supplier_kind"
    VALUE_TEXT = "value_text"
    TERM = "term"
    ANNUAL_VALUE = "annual_value"
    TOTAL_VALUE = "total_value"
    START_EARLIEST = "start_earliest"
    START_LATEST = "start_latest"
    START_PRECISION = "start_precision"
    START_TEXT = "start_text"
    END_EARLIEST = "end_earliest"
    END_LATEST = "end_latest"
    END_PRECISION = "end_precision"
    END_TEXT = "end_text"
    REVIEW_EARLIEST = "review_earliest"
    REVIEW_LATEST = "review_latest"
    REVIEW_PRECISION = "review_precision"
    REVIEW_TEXT = "review_text"
    MAX_EXTENT = "max_extent"
    MAX_EXTENT_EARLIEST = "max_extent_earliest"
    MAX_EXTENT_LATEST = "max_extent_latest"
    MAX_EXTENT_PRECISION = "max_extent_precision"
    MAX_EXTENT_TEXT = "max_extent_text"
    EXTENSION_OPTIONS = "extension_options"
    OCID = "ocid"
    EXTRA = "extra"


# The register's imprecise dates, each a Code-style date column plus its four interval columns.
INTERVAL_FIELDS = (Field.START, Field.END, Field.REVIEW, Field.MAX_EXTENT)


@dataclass(frozen=True)
class Column:
    """One column: the field it holds, the header the register exports (None: read only), the Code item
    (a to j) it carries, and the other names councils publish it under, separated by semicolons."""

    field: Field
    header: str | None
    item: str | None = None
    also: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every header this column is read under: the exported one first, then the other names councils use."""
        others = tuple(name.strip() for name in self.also.split(";") if name.strip())
        return others if self.header is None else (self.header, *others)


def _interval_columns(field: Field, title: str) -> tuple[Column, ...]:
    return tuple(Column(Field(f"{field.value}_{part}"), f"{title} {part.title()}") for part in _PARTS)


_PARTS = ("earliest", "latest", "precision", "text")

# In export order: the Code's items (a) to (j) first, so the publication is the leading columns, then the
# register's own fields that a re-import needs to lose nothing.
COLUMNS: tuple[Column, ...] = (
    Column(
        Field.REFERENCE,
        "Reference Number",
        "a",
        "Contract Reference; Contract Reference Number; Ref; Reference; Ref No; Reference No; Contract Ref; "
        "Contract ID; Contract Number; Contract No; Unique Reference",
    ),
    Column(
        Field.TITLE,
        "Title of Agreement",
        "b",
        "Contract Title; Title; Agreement Title; Contract Name; Name of Contract; Title of Contract",
    ),
    Column(
        Field.DEPARTMENT,
        "Department Responsible",
        "c",
        "Directorate; Department; Responsible Department; Local Authority Department Responsible; "
        "Directorate Responsible; Responsible Directorate",
    ),
    Column(
        Field.DESCRIPTION,
        "Description of the goods and/or services",
        "d",
        "Description; Contract Description; Description of Goods and Services; Description of the goods and/or "
        "services being provided; Goods and Services; Description of Contract; Description of Service",
    ),
    Column(
        Field.SUPPLIER_NAME,
        "Supplier Name",
        "e",
        "Supplier; Contractor; Contractor Name; Provider; Provider Name; Supplier Name and Details; Name of Supplier",
    ),
    Column(
        Field.SUPPLIER_DETAILS,
        "Supplier Details",
        "e",
        "Supplier Address; Address; Contractor Address; Supplier Contact Details; Supplier Postal Address",
    ),
    Column(
        Field.COMPANY_NUMBER,
        "Company Registration Number",
        "e",
        "Company Number; Company Reg No; Company Registration No; Companies House Number; Registration Number; "
        "Supplier Company Number; Company Reg Number",
    ),
    Column(
        Field.VALUE,
        "Value of Contract",
        "f",
        "Contract Value; Value; Value (GBP); Contract Value or Estimated Annual Spend; Sum to be paid over the "
        "length of the contract or the estimated annual spending or budget for the contract",
    ),
    Column(
        Field.VALUE_BASIS,
        "Value Basis",
        "f",
        "Basis; Total or Annual; Annual or Total; Value Type; Total or Annual Value; Basis of Value",
    ),
    Column(
        Field.VAT,
        "VAT that cannot be recovered",
        "g",
        "Irrecoverable VAT; Non-recoverable VAT; VAT not recoverable; Value Added Tax that cannot be recovered; "
        "Unrecoverable VAT; VAT Irrecoverable",
    ),
    Column(Field.START, "Start Date", "h", "Contract Start Date; Start; Commencement Date; Contract Start"),
    Column(
        Field.END,
        "End Date",
        "h",
        "Contract End Date; End; Expiry Date; Contract End; Expiry; Contract Expiry Date",
    ),
    Column(Field.REVIEW, "Review Date", "h", "Contract Review Date; Review; Date of Review"),
    Column(
        Field.ROUTE,
        "Invitation to Quote or Tender",
        "i",
        "Tender / Quote; Procurement Process; Procurement Route; Procurement Method; Quote or Tender; "
        "Tender or Quote; Procurement Type; Route to Market; Invitation to Quote or Invitation to Tender; "
        "Result of Invitation to Quote or Tender",
    ),
    Column(
        Field.SME,
        "SME",
        "j",
        "SME Status; Is SME; Supplier is SME; Small or Medium Enterprise; Small or Medium Sized Enterprise; "
        "SME Supplier",
    ),
    Column(
        Field.VCSE,
        "VCSE",
        "j",
        "VCSE Status; VCS; Is VCSE; Voluntary or Community Sector; Voluntary Community or Social Enterprise; "
        "Voluntary or Community Sector Organisation",
    ),
    Column(
        Field.CHARITY_NUMBER,
        "Charity Number",
        "j",
        "Charity Registration Number; Registered Charity Number; Charity No; Charity Commission Number; "
        "VCSE Registration Number; Charity Reg No",
    ),
    Column(Field.THRESHOLD, "Over Code Threshold", None, "Over 5000; Over Threshold"),
    Column(Field.STATUS, "Status", None, "Contract Status"),
    Column(Field.DIRECTORATE_CODE, "Directorate Code"),
    Column(Field.DIVISION, "Division", None, "Service Area; Division Name"),
    Column(Field.SUPPLIER_KIND, "Supplier Kind", None, "Provider Kind"),
    Column(Field.VALUE_TEXT, "Value as Stated"),
    Column(
        Field.TERM,
        "Term (Months)",
        None,
        "Term; Contract Term; Duration; Contract Duration; Length of Contract; Contract Length; Term in Months",
    ),
    Column(Field.ANNUAL_VALUE, "Annual Value (Derived)"),
    Column(Field.TOTAL_VALUE, "Whole-life Value (Derived)"),
    *_interval_columns(Field.START, "Start"),
    *_interval_columns(Field.END, "End"),
    *_interval_columns(Field.REVIEW, "Review"),
    Column(
        Field.MAX_EXTENT,
        "Maximum Extent Date",
        None,
        "End Date Including Extensions; Latest End Date; Extended End Date; Maximum End Date; Max End Date; "
        "End Date with Extensions",
    ),
    *_interval_columns(Field.MAX_EXTENT, "Maximum Extent"),
    Column(
        Field.EXTENSION_OPTIONS,
        "Extension Options",
        None,
        "Extensions; Option to Extend; Extension Period; Extension Options Available; Options to Extend",
    ),
    Column(Field.OCID, "OCID", None, "Open Contracting ID"),
    Column(Field.EXTRA, "Other Fields (JSON)"),
    # Read only: councils that publish the total and the annual figure in columns of their own, or SME and
    # VCSE status in one column.
    Column(
        Field.VALUE_TOTAL,
        None,
        "f",
        "Sum to be paid over the length of the contract; Total Value; Total Contract Value; Whole Life Value; "
        "Whole Life Cost; Value over the length of the contract; Contract Value (Total); Sum to be paid",
    ),
    Column(
        Field.VALUE_ANNUAL,
        None,
        "f",
        "Estimated annual spend; Annual Value; Estimated Annual Value; Annual Spend; Estimated annual spending "
        "or budget for the contract; Annual Contract Value; Value per annum; Estimated Annual Spending; "
        "Annual Budget",
    ),
    Column(
        Field.SME_VCSE,
        None,
        "j",
        "SME / VCSE; SME or VCSE; SME/VCSE Status; SME and VCSE; SME VCSE Status; Supplier Type",
    ),
)

EXPORT_HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS if column.header is not None)

_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


# Departments and divisions are matched by their normalised names once per row: a file holds a few dozen.
@lru_cache(maxsize=4096)
def normalise(header: str) -> str:
    """A header as it is matched: lower case, '&' read as 'and', with no spaces or punctuation."""
    folded = header.replace("\ufeff", "").casefold().replace("&", "and")
    return "".join(character for character in folded if character.isalnum())


_BY_NAME: dict[str, Field] = {}
for _column in COLUMNS:
    for _name in _column.names:
        if _BY_NAME.setdefault(normalise(_name), _column.field) is not _column.field:
            raise RuntimeError(f"header {_name!r} names two columns")


def field_for(header: str) -> Field | None:
    """The field a published header holds, or None when the register does not know the header."""
    if (field := _BY_NAME.get(normalise(header))) is not None:
        return field
    stripped = _TRAILING_BRACKET.sub("", header)
    return _BY_NAME.get(normalise(stripped)) if stripped and stripped != header else None

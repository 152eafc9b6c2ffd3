"""What an accepted import tells its caller beyond its counts: each field it read otherwise than as given."""

from __future__ import annotations

import enum

import strawberry

from db.exchange import ImportNotice, NoticeKind
from schema.bounds import IMPORT_PROBLEMS, at_most


@strawberry.enum(description="What an accepted import did with a field beyond taking it as the file gave it.")
class ImportWarningCode(enum.Enum):
    ZERO_VALUE_UNKNOWN = strawberry.enum_value(
        NoticeKind.ZERO_VALUE_UNKNOWN.value,
        description="A value of 0, as publishers write a value they do not know, was read as unknown (null), not "
        "£0; a source states a real zero in the register's own details (OCDS `registerDetails.value`, or the CSV's "
        "`Value as Stated` column).",
    )
    FIELD_DROPPED = strawberry.enum_value(
        NoticeKind.FIELD_DROPPED.value,
        description="A field that OCDS 1.1.5 does not allow (a null in an array, an array left empty) was dropped, "
        "so the register never publishes it again.",
    )
    FIELD_REPAIRED = strawberry.enum_value(
        NoticeKind.FIELD_REPAIRED.value,
        description="A field OCDS 1.1.5 requires was missing (an item's or document's id) and was given one.",
    )
    SUPPLIER_DETAILS_VARY = strawberry.enum_value(
        NoticeKind.SUPPLIER_DETAILS_VARY.value,
        description="Rows say different things about one supplier (its SME status, its charity number): each "
        "contract keeps what its row says, and the supplier keeps what it was first said to be.",
    )


@strawberry.type(description="One field an accepted import read otherwise than as the file gave it, and where.")
class ImportWarning:
    code: ImportWarningCode = strawberry.field(description="What the import did with the field.")
    message: str = strawberry.field(description="Where the field is, its record, and what the import took it as.")
    line: int | None = strawberry.field(description="The CSV line the record starts on (the header is line 1).")
    path: str | None = strawberry.field(description="The field's JSON path in an OCDS document.")
    reference: str | None = strawberry.field(
        description="The record the field belongs to: a CSV row's contract reference; in OCDS the contract's "
        "reference, or the ocid of the contracting process whose release holds the field."
    )
    column: str | None = strawberry.field(description="The CSV column, by the file's own header.")

    @classmethod
    def from_notice(cls, notice: ImportNotice) -> ImportWarning:
        return cls(
            code=ImportWarningCode(notice.kind.value),
            message=str(notice),
            line=notice.line,
            path=notice.path,
            reference=notice.reference,
            column=notice.column,
        )


WARNINGS_ABOUT = (
    f"The fields it read otherwise than as given, in the file's order. {at_most(IMPORT_PROBLEMS)} "
    "`warningCount` says how many there were in all."
)


def warnings_of(notices: list[ImportNotice]) -> list[ImportWarning]:
    """The first of an import's notices, as many as a summary lists."""
    return [ImportWarning.from_notice(notice) for notice in notices[:IMPORT_PROBLEMS]]

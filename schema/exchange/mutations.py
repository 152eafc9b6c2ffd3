"""Bulk imports over the API: the same Transparency Code CSV and OCDS importers the CLI runs, for editors."""

from __future__ import annotations

import enum
import io
import json
from typing import Annotated

import strawberry

from db.exchange import ImportRejected, ImportReport, binary_kind, not_a_document
from db.ocds.importer import import_ocds_package
from db.transparency.importer import import_transparency_csv
from schema.bounds import IMPORT_PROBLEMS, at_most
from schema.context import Info
from schema.errors import ErrorCode, UserError
from schema.exchange.types import WARNINGS_ABOUT, ImportWarning, warnings_of
from schema.permissions import CanEditRegister, editor


@strawberry.enum(description="The open formats the register exchanges contracts in.")
class ExchangeFormat(enum.Enum):
    TRANSPARENCY_CSV = strawberry.enum_value(
        "TRANSPARENCY_CSV", description="Local Government Transparency Code 2015 contracts CSV (any usual layout)."
    )
    OCDS_JSON = strawberry.enum_value(
        "OCDS_JSON",
        description="An Open Contracting Data Standard 1.1 release or record package, or one bare release or record.",
    )


@strawberry.input(description="A whole file to import; all of it is written, or none of it.")
class ContractsImportInput:
    format: ExchangeFormat = strawberry.field(description="What the document is.")
    document: str = strawberry.field(description="The file's whole text: the CSV, or the JSON package.")
    source_name: str | None = strawberry.field(
        default=None, description="The file's name, kept in each record's provenance with its line or path."
    )


@strawberry.type(description="What an import did, counted in rows (CSV) or contracting processes (OCDS).")
class ImportSummary:
    created: int = strawberry.field(description="Records the import added.")
    updated: int = strawberry.field(description="Records it changed.")
    unchanged: int = strawberry.field(description="Records it found already as the file says.")
    unmapped_columns: list[str] = strawberry.field(
        description="Columns it did not understand; their values are kept with each record."
    )
    warnings: list[ImportWarning] = strawberry.field(description=WARNINGS_ABOUT)
    warning_count: int = strawberry.field(description="How many fields the import read otherwise than as given.")


@strawberry.type(description="The outcome of `contractsImport`: a summary, or every bad row and why.")
class ContractsImportPayload:
    summary: ImportSummary | None = strawberry.field(description="What the import did; null when it was refused.")
    user_errors: list[UserError] = strawberry.field(
        description="Every bad row (its line, or JSON path) and why; when any is listed, nothing was written. "
        f"{at_most(IMPORT_PROBLEMS)} Past that, the last says how many more there were."
    )


def _refusal(report: ImportReport) -> list[UserError]:
    messages = [str(problem) for problem in report.problems]
    if len(messages) > IMPORT_PROBLEMS:
        more = len(messages) - (IMPORT_PROBLEMS - 1)
        messages = [*messages[: IMPORT_PROBLEMS - 1], f"...and {more} more bad rows; fix these and import again"]
    return [_bad_document(message) for message in messages]


def _bad_document(message: str) -> UserError:
    return UserError(field=["input", "document"], message=message, code=ErrorCode.BAD_INPUT)


@strawberry.type
class ExchangeMutations:
    @strawberry.mutation(
        description="Import a contracts file (Transparency Code CSV or OCDS JSON) in one all-or-nothing write. "
        "Re-importing the same file changes nothing. Needs an editor or admin token.",
        permission_classes=[CanEditRegister],
    )
    async def contracts_import(
        self, info: Info, input: Annotated[ContractsImportInput, strawberry.argument(description="The file.")]
    ) -> ContractsImportPayload:
        caller = editor(info.context.auth)
        session = await info.context.writing()
        source = input.source_name or f"API import by {caller.name!r}"
        # A binary file pasted or uploaded as text would otherwise fail as a confusing first bad line or JSON error.
        binary = binary_kind(input.document[:512].encode("latin-1", "replace"))
        if binary is not None:
            expected = "CSV" if input.format is ExchangeFormat.TRANSPARENCY_CSV else "JSON"
            message = not_a_document(binary, expected)
            return ContractsImportPayload(summary=None, user_errors=[_bad_document(message)])
        try:
            if input.format is ExchangeFormat.TRANSPARENCY_CSV:
                lines = io.StringIO(input.document)
                report = await import_transparency_csv(session, lines, actor=caller.name, source_name=source)
            else:
                try:
                    package = json.loads(input.document)
                except json.JSONDecodeError as error:
                    message = f"The document is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
                    return ContractsImportPayload(summary=None, user_errors=[_bad_document(message)])
                prefix = info.context.settings.ocid_prefix
                report = await import_ocds_package(
                    session, package, actor=caller.name, source_name=source, prefix=prefix
                )
        except ImportRejected as rejected:
            await session.rollback()
            return ContractsImportPayload(summary=None, user_errors=_refusal(rejected.report))
        await session.commit()
        summary = ImportSummary(
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            unmapped_columns=report.unmapped_columns,
            warnings=warnings_of(report.notices),
            warning_count=len(report.notices),
        )
        return ContractsImportPayload(summary=summary, user_errors=[])

"""Importing a council's contracts register from a Transparency Code CSV: all of it, or none of it.

The file streams through in batches, each batch's contracts fetched in one query, and every write goes into
a savepoint. Every row is read and checked even after a bad one, so the report names every bad row with its
line and reasons; if there is any, the savepoint is rolled back and ImportRejected raised, having written
nothing. The caller commits an accepted import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from db.big_write import big_write
from db.cycle_collector import fewer_collections
from db.exchange import ImportRejected, ImportReport, RowProblem
from db.history import ChangeLog
from db.transparency.columns import Field
from db.transparency.reader import Row, read_rows
from db.transparency.record import ContractRecord, RecordReader
from db.transparency.writer import Outcome, Writer

__all__ = ["BATCH_ROWS", "import_transparency_csv"]

BATCH_ROWS = 500


async def import_transparency_csv(
    session: AsyncSession,
    lines: Iterable[str],
    *,
    actor: str,
    source_name: str,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create, update or leave each contract of the file by its reference, and its supplier and department.

    ``lines`` is the file's text line by line (an open file will do); ``source_name`` names it in each
    record's provenance ("<source_name>, line N"), and ``actor`` in each change recorded: a created record's
    first change is an IMPORT naming the format, the file and the line. ``progress`` is
    told the line of the file reached after each batch of rows. Counts are of rows: a row is updated when its
    contract, supplier or department changed. Raises ImportRejected, having written nothing, when any row is
    bad; the report names every bad row. An accepted report lists the columns not understood, kept per record.
    """
    report = ImportReport()
    layout, rows = read_rows(lines)
    if layout is None:
        _reject(report, {1: ["the file is empty: it needs a header row naming its columns"]})
    if Field.REFERENCE not in layout.fields:
        headers = ", ".join(f'"{h.strip()}"' for h in layout.headers)
        _reject(report, {1: [f"no column holds the reference number (headers: {headers})"]})
    report.unmapped_columns = list(layout.unmapped.values())
    problems: dict[int, list[str]] = {}
    references: dict[int, str] = {}
    savepoint = await session.begin_nested()
    try:
        with fewer_collections():
            async with big_write(session):
                writer = await Writer.load(session, layout)
                reader = RecordReader(layout)
                log = ChangeLog(actor)
                for batch in _batches(rows):
                    read = _read(reader, batch)
                    await _import_batch(writer, read, report, (problems, references), log, source_name)
                    await writer.write(log)
                    if progress is not None:
                        progress(batch[-1].line)
    except BaseException:
        await savepoint.rollback()
        raise
    if problems:
        await savepoint.rollback()
        _reject(report, problems, references)
    await savepoint.commit()
    return report


def _read(reader: RecordReader, batch: list[Row]) -> list[tuple[ContractRecord, list[str]]]:
    """Each row of a batch as a record, with what is wrong with it (nothing, when the list is empty)."""
    read = []
    for row in batch:
        found = list(row.problems)
        read.append((reader.read(row, found), found))
    return read


async def _import_batch(
    writer: Writer,
    read: list[tuple[ContractRecord, list[str]]],
    report: ImportReport,
    rejected: tuple[dict[int, list[str]], dict[int, str]],
    log: ChangeLog,
    source_name: str,
) -> None:
    problems, references = rejected
    records = [record for record, _ in read]
    contracts = await writer.contracts(records)
    owners = await writer.ocid_owners(records)
    for record, found in read:
        contract = contracts.get(record.reference)
        provider = writer.check(record, contract, owners, found)
        if found:
            problems[record.line] = found
            if record.reference:
                references[record.line] = record.reference
            continue
        report.notices += record.notices
        source = f"{source_name}, line {record.line}"
        outcome = await writer.put(record, contract, provider, log=log, source=source)
        if outcome is Outcome.CREATED:
            report.created += 1
        elif outcome is Outcome.UPDATED:
            report.updated += 1
        else:
            report.unchanged += 1


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(islice(rows, BATCH_ROWS)):
        yield batch


def _reject(report: ImportReport, problems: dict[int, list[str]], references: dict[int, str] | None = None) -> NoReturn:
    """Refuse the file, naming each bad row by its line and its record's reference, each reason by its column."""
    report.created = report.updated = report.unchanged = 0
    report.rejected = len(problems)
    report.problems = [
        RowProblem("; ".join(reasons), line=line, reference=(references or {}).get(line))
        for line, reasons in sorted(problems.items())
    ]
    raise ImportRejected(report)

"""Importing an OCDS release or record package (or one release or record): all of it, or none of it.

Every release is read and checked, even after a bad one, so the report names every problem with its JSON
path. A process's releases are compiled (OCDS's merge, latest last) into its current state, which becomes
register contracts (db.ocds.contract_mapping) or, for the register's own planning releases, an activity.
Contracts are written before activities, whatever the file's order, so links find their contracts. All
writes go into a savepoint that is rolled back, with ImportRejected raised, if anything was bad; the
caller commits an accepted import.

Releases are held until the end (a process's releases may be anywhere in the file), but the file itself is
parsed one release at a time, never loaded whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from db.exchange import ImportNotice, ImportRejected, ImportReport, RowProblem
from db.ocds.activity_writing import put_activity
from db.ocds.carriage import DETAILS
from db.ocds.contract_mapping import map_contracts
from db.ocds.contract_writing import ContractClaims, put_contract
from db.ocds.details_reading import read_activity_details
from db.ocds.fields import Node
from db.ocds.identity import DEFAULT_OCID_PREFIX, KENT_COUNTY_COUNCIL, Council
from db.ocds.merging import compile_releases
from db.ocds.reading import Package, read_releases
from db.ocds.repair import repair_release
from db.ocds.views import ActivityView, ContractView
from db.ocds.writing import Outcome, RegisterWriter

__all__ = ["import_ocds_package"]

# A problem's release or record: what the rejected count counts and the report is ordered by.
_RELEASE = re.compile(r"^\$(?:\.(?:releases|records)\[(\d+)\])?")


async def import_ocds_package(
    session: AsyncSession,
    package: Package,
    *,
    actor: str,
    source_name: str,
    progress: Callable[[int], None] | None = None,
    prefix: str = DEFAULT_OCID_PREFIX,
    council: Council = KENT_COUNTY_COUNCIL,
) -> ImportReport:
    """Create, update or leave the contracts and activities a package describes, by their natural keys.

    ``package`` is a parsed document or a binary stream (read release by release). ``source_name`` names it
    in each record's provenance, ``actor`` in each change recorded; ``progress`` is told the bytes read so
    far (for a parsed document, the releases). Counts are of register contracts and activities: one is
    updated when it, its supplier, key decision or links changed. Raises ImportRejected, having written
    nothing, when any release is bad.
    """
    problems: list[RowProblem] = []
    repairs: list[ImportNotice] = []
    processes: dict[str, list[tuple[str, Any]]] = {}
    for path, release in read_releases(package, problems, progress):
        node = Node(release, path, problems)
        if not isinstance(release, dict):
            node.fail("must be a release, a JSON object")
            continue
        ocid = node.text("ocid")
        node.day("date")
        if ocid is None:
            node.child("ocid").fail("a release needs the ocid of its contracting process")
            continue
        repairs += repair_release(release, path, ocid)
        processes.setdefault(ocid, []).append((path, release))
    mapper = _Mapper(prefix, council, source_name, problems)
    for ocid, releases in processes.items():
        mapper.map(ocid, releases)
    report = ImportReport()
    if problems:
        _reject(report, problems)
    savepoint = await session.begin_nested()
    try:
        await _write(session, mapper, actor, report, problems)
    except BaseException:
        await savepoint.rollback()
        raise
    if problems:
        await savepoint.rollback()
        _reject(report, problems)
    await savepoint.commit()
    report.unmapped_columns = _unmapped(mapper.contracts)
    report.notices = sorted([*repairs, *mapper.notices], key=lambda notice: _order(notice.path or "$"))
    return report


class _Mapper:
    """Each process's releases, compiled and read into register records, with the path to blame."""

    def __init__(self, prefix: str, council: Council, source_name: str, problems: list[RowProblem]) -> None:
        self.prefix, self.council, self.source_name, self.problems = prefix, council, source_name, problems
        self.contracts: list[tuple[str, str, ContractView]] = []
        self.activities: list[tuple[str, ActivityView]] = []
        self.notices: list[ImportNotice] = []

    def map(self, ocid: str, releases: list[tuple[str, Any]]) -> None:
        contracts = _by_contract(releases)
        for group in contracts:
            self._map(ocid, group, several=len(contracts) > 1)

    def _map(self, ocid: str, releases: list[tuple[str, Any]], several: bool) -> None:
        if len(releases) > 1:
            found = len(self.problems)
            for path, release in releases:
                self._read(Node(release, path, self.problems), ocid, final=False, several=several)
            if len(self.problems) > found:
                return
        path = releases[-1][0]
        compiled = compile_releases([release for _, release in releases]) if len(releases) > 1 else releases[0][1]
        contracts, activity = self._read(Node(compiled, path, self.problems), ocid, final=True, several=several)
        self.contracts += [(path, ocid, view) for view in contracts]
        if activity is not None:
            self.activities.append((path, activity))

    def _read(
        self, release: Node, ocid: str, final: bool, several: bool
    ) -> tuple[list[ContractView], ActivityView | None]:
        details = release.at(DETAILS)
        if details is not None and details.text("record") == "activity":
            return [], read_activity_details(release, details, final)
        views = map_contracts(
            release,
            ocid,
            prefix=self.prefix,
            council=self.council,
            source_name=self.source_name,
            final=final,
            several=several,
            notices=self.notices,
        )
        return views, None


def _by_contract(releases: list[tuple[str, Any]]) -> list[list[tuple[str, Any]]]:
    """A process's releases, one group per register contract when the register published each on its own.

    The register publishes a process of several contracts (lots) as one release per contract, each naming
    its contract's reference in `registerDetails`; compiled together they would be one release of several
    contracts with one contract's details. Anyone else's releases are one group, compiled whole.
    """
    groups: dict[str | None, list[tuple[str, Any]]] = {}
    for path, release in releases:
        details = release.get(DETAILS) if isinstance(release, dict) else None
        reference = details.get("reference") if isinstance(details, dict) else None
        groups.setdefault(reference if isinstance(reference, str) else None, []).append((path, release))
    return list(groups.values()) if None not in groups else [releases]


async def _write(
    session: AsyncSession, mapper: _Mapper, actor: str, report: ImportReport, problems: list[RowProblem]
) -> None:
    writer = await RegisterWriter.load(session, actor=actor, source_name=mapper.source_name)
    claims = ContractClaims()
    for path, ocid, contract in mapper.contracts:
        found: list[str] = []
        _count(report, await put_contract(writer, contract, ocid, path, claims, found), path, found, problems)
    claimed: dict[tuple[str, str], str] = {}
    for path, activity in mapper.activities:
        found = []
        _count(report, await put_activity(writer, activity, claimed, path, found), path, found, problems)
    await writer.log.write(session)


def _count(
    report: ImportReport, outcome: Outcome | None, path: str, found: list[str], problems: list[RowProblem]
) -> None:
    problems += [RowProblem(reason, path=path) for reason in found]
    if outcome is Outcome.CREATED:
        report.created += 1
    elif outcome is Outcome.UPDATED:
        report.updated += 1
    elif outcome is Outcome.UNCHANGED:
        report.unchanged += 1


def _unmapped(contracts: list[tuple[str, str, ContractView]]) -> list[str]:
    """The fields kept unmapped, as generic paths two levels deep (`tender.items`, `parties[].address`)."""
    found: set[str] = set()
    for _, _, view in contracts:
        for key, value in (view.unmapped or {}).items():
            found.update(_fields(key, value))
    return sorted(found)


def _fields(key: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}.{name}" for name in value]
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [f"{key}[].{name}" for item in value for name in item if name != "id"] or [f"{key}[]"]
    return [key]


def _reject(report: ImportReport, problems: list[RowProblem]) -> NoReturn:
    report.created = report.updated = report.unchanged = 0
    report.rejected = len({match.group(0) for problem in problems if (match := _RELEASE.match(problem.path or "$"))})
    # A field read for two contracts of one release is reported once.
    report.problems = sorted(dict.fromkeys(problems), key=lambda problem: _order(problem.path or "$"))
    raise ImportRejected(report)


def _order(path: str) -> tuple[int, str]:
    index = _RELEASE.match(path)
    return (-1 if index is None or index.group(1) is None else int(index.group(1)), path)

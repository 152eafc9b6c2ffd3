"""Repairing what a publisher sent that OCDS 1.1.5 does not allow, so that the register never publishes it again.

Real releases carry nulls in arrays (`"items": [null]`) and objects without the id OCDS requires of them (an
item, a document, an award). Nothing the register maps depends on them, so they are not a reason to refuse
the file; nor may they be kept and republished as they came, since the register's export must stay valid. As
each release is read, `repair_release` gives every such object an id of its place (the first item without
one is "1", unless that is taken) and a contract without its `awardID` the id of the release's only award,
and reports each; a null in an array is reported as dropped, and `without_nulls` leaves it (and an array it
leaves empty) out of what the register keeps. `registerDetails`, the register's own, is read exactly instead.
"""

from __future__ import annotations

from typing import Any

from db.exchange import ImportNotice, NoticeKind
from db.ocds.carriage import DETAILS
from db.ocds.fields import field_path

__all__ = ["repair_release", "without_nulls"]

# The arrays whose objects OCDS 1.1.5 requires an id of: awards, contracts, items, documents, milestones and
# transactions, wherever they are in a release.
_IDENTIFIED = frozenset({"awards", "contracts", "items", "documents", "milestones", "transactions"})


def repair_release(release: dict[str, Any], path: str, ocid: str | None) -> list[ImportNotice]:
    """Give the release's objects the ids OCDS requires, in place; what was repaired or is dropped, reported."""
    notices: list[ImportNotice] = []
    # The register's own details are its own shape, not OCDS's, and are read exactly (db.ocds.details_reading).
    _repair({key: value for key, value in release.items() if key != DETAILS}, path, ocid, notices)
    _pair_contract(release, path, ocid, notices)
    return notices


def _repair(value: Any, path: str, ocid: str | None, notices: list[ImportNotice]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            where = field_path(path, key)
            if isinstance(item, list):
                _repair_array(key, item, where, ocid, notices)
            else:
                _repair(item, where, ocid, notices)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _repair(item, f"{path}[{index}]", ocid, notices)


def _repair_array(key: str, items: list[Any], path: str, ocid: str | None, notices: list[ImportNotice]) -> None:
    taken = {str(item["id"]) for item in items if isinstance(item, dict) and _has_id(item)}
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if item is None:
            left = " (the array is left empty, so it is dropped too)" if all(other is None for other in items) else ""
            reason = f"a null in an array, which OCDS does not allow, is dropped{left}"
            notices.append(ImportNotice(NoticeKind.FIELD_DROPPED, reason, path=where, reference=ocid))
            continue
        if key in _IDENTIFIED and isinstance(item, dict) and not _has_id(item):
            minted = _free_id(index, taken)
            taken.add(minted)
            item["id"] = minted
            reason = f"an object OCDS requires an id of has none: it is given its place, {minted!r}"
            notices.append(ImportNotice(NoticeKind.FIELD_REPAIRED, reason, path=f"{where}.id", reference=ocid))
        _repair(item, where, ocid, notices)


def _pair_contract(release: dict[str, Any], path: str, ocid: str | None, notices: list[ImportNotice]) -> None:
    """A contract without the `awardID` OCDS requires implements the release's award, when it has just one."""
    awards, contracts = release.get("awards"), release.get("contracts")
    if not isinstance(awards, list) or not isinstance(contracts, list):
        return
    found = [award for award in awards if isinstance(award, dict)]
    for index, contract in enumerate(contracts):
        if not isinstance(contract, dict) or contract.get("awardID") not in (None, "") or len(found) != 1:
            continue
        award = found[0]["id"]
        contract["awardID"] = award
        reason = f"a contract OCDS requires an awardID of has none: it implements the release's only award, {award!r}"
        where = f"{field_path(path, 'contracts')}[{index}].awardID"
        notices.append(ImportNotice(NoticeKind.FIELD_REPAIRED, reason, path=where, reference=ocid))


def _has_id(item: dict[str, Any]) -> bool:
    return item.get("id") not in (None, "")


def _free_id(index: int, taken: set[str]) -> str:
    minted, suffix = str(index + 1), 1
    while minted in taken:
        suffix += 1
        minted = f"{index + 1}-{suffix}"
    return minted


def without_nulls(value: Any) -> Any:
    """The JSON without nulls in its arrays, and without an array that held nothing else."""
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            cleaned = without_nulls(item)
            if isinstance(item, list) and item and not cleaned:
                continue
            kept[key] = cleaned
        return kept
    if isinstance(value, list):
        return [without_nulls(item) for item in value if item is not None]
    return value

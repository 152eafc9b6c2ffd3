"""The bare route's answers in the shape the register's GraphQL returns them, built straight from SQL rows.

Global ids are Relay's usual base64 of "Type:pk"; cursors encode the contract's end keyset. Amounts are
pounds as exact decimal strings, dates ISO 8601, as the register's `Decimal` and `Date` scalars send them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from db.intervals import FinancialYear, financial_quarters

Json = dict[str, Any]


def global_id(type_name: str, pk: int) -> str:
    """A Relay global id, as strawberry makes them."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def end_cursor(earliest: date, latest: date, pk: int) -> str:
    """An opaque cursor for a contract's place in the end order."""
    return base64.urlsafe_b64encode(f"{earliest.isoformat()}|{latest.isoformat()}|{pk}".encode()).decode()


def read_end_cursor(cursor: str) -> tuple[date, date, int]:
    """The keyset an `end_cursor` holds; ValueError when it is not one."""
    try:
        earliest, latest, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return date.fromisoformat(earliest), date.fromisoformat(latest), int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"not a contract cursor: {cursor!r}") from error


def pounds(pence: int | None) -> str | None:
    """Pence as the exact decimal string of pounds the `Decimal` scalar sends."""
    if pence is None:
        return None
    return f"{pence // 100}.{pence % 100:02d}"


def _money(row: Mapping[str, Any]) -> Json | None:
    if row["value_pence"] is None:
        return None
    return {
        "amount": pounds(row["value_pence"]),
        "currency": "GBP",
        "basis": row["value_basis"],
        "annualised": pounds(row["annual_value_pence"]),
        "text": row["value_text"],
    }


def _interval(row: Mapping[str, Any], prefix: str) -> Json | None:
    earliest = row[f"{prefix}_earliest"]
    if earliest is None:
        return None
    return {
        "earliest": earliest.isoformat(),
        "latest": row[f"{prefix}_latest"].isoformat(),
        "precision": row[f"{prefix}_precision"],
        "text": row[f"{prefix}_text"],
    }


def _contract(row: Mapping[str, Any], with_plans: bool) -> Json:
    node: Json = {
        "id": global_id("Contract", row["id"]),
        "reference": row["reference"],
        "title": row["title"],
        "value": _money(row),
        "start": _interval(row, "start"),
        "end": _interval(row, "end"),
        "provider": None
        if row["provider_id"] is None
        else {"id": global_id("Provider", row["provider_id"]), "name": row["provider_name"]},
    }
    if with_plans:
        node["plans"] = [
            {"id": global_id("BusinessPlan", pk), "title": title, "financialYear": FinancialYear(year).label}
            for pk, title, year in row["plans"]
        ]
    return node


def contract_connection(rows: Sequence[Mapping[str, Any]], total: int, first: int, with_plans: bool) -> Json:
    """A `contracts` connection from up to `first + 1` rows; an extra row only says there is a next page."""
    edges = [
        {
            "cursor": end_cursor(row["key_earliest"], row["key_latest"], row["id"]),
            "node": _contract(row, with_plans),
        }
        for row in rows[:first]
    ]
    return {
        "data": {
            "contracts": {
                "totalCount": total,
                "pageInfo": {
                    "hasNextPage": len(rows) > first,
                    "endCursor": edges[-1]["cursor"] if edges else None,
                },
                "edges": edges,
            }
        }
    }


def _quarter_page(rows: Sequence[Mapping[str, Any]], node: Callable[[Mapping[str, Any]], Json]) -> Json:
    return {"totalCount": rows[0]["total"] if rows else 0, "edges": [{"node": node(row)} for row in rows]}


def pipeline(
    window: tuple[date, date], decisions: Sequence[Mapping[str, Any]], ending: Sequence[Mapping[str, Any]]
) -> Json:
    """The pipeline by financial quarter: the first key decisions due and contracts ending in each, counted.

    `decisions` and `ending` hold each quarter's first rows in order, with its first day and the list's count.
    """
    quarters = []
    for fy, n in financial_quarters(*window):
        quarter = fy.quarter(n)
        quarters.append(
            {
                "label": quarter.text,
                "keyDecisions": _quarter_page(
                    [row for row in decisions if row["first_day"] == quarter.earliest],
                    lambda row: {"activity": {"name": row["name"]}},
                ),
                "contractsEnding": _quarter_page(
                    [row for row in ending if row["first_day"] == quarter.earliest],
                    lambda row: {"contract": {"reference": row["reference"]}},
                ),
            }
        )
    return {"data": {"pipeline": {"quarters": quarters}}}

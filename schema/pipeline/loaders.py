"""Batch loads for the risk list: which links cover a contract's end, and its latest linked activity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from db import models
from db.base import among
from schema.batches import many_each
from schema.commissioning.types import ActivityLink
from schema.context import Context

link = models.ActivityContract.__table__
key_decision = models.KeyDecision.__table__
contract = models.Contract.__table__


def decided_before_end() -> ColumnElement[bool]:
    """The Board's rule for a link that covers a contract: its activity's key decision may come before the
    contract ends, i.e. the decision's earliest day is strictly before the latest day the contract can end."""
    return key_decision.c.expected_earliest < contract.c.end_latest


async def covering_links_by_contract_id(context: Context, ids: Sequence[int]) -> dict[Any, list[ActivityLink]]:
    """Each contract's links to activities with a key decision before it ends: stated links first, then by
    decision date."""
    statement = (
        select(link)
        .select_from(
            link.join(key_decision, key_decision.c.activity_id == link.c.activity_id).join(
                contract, contract.c.id == link.c.contract_id
            )
        )
        .where(decided_before_end())
        .order_by(link.c.inferred, key_decision.c.expected_earliest, key_decision.c.expected_latest, link.c.id)
    )
    return await many_each(context, statement, link.c.contract_id, ids, ActivityLink.from_row)


async def latest_links_by_contract_id(context: Context, ids: Sequence[int]) -> dict[Any, ActivityLink]:
    """Each contract's link to the activity whose key decision comes last (by its earliest day, then its latest);
    activities needing no key decision come after any that need one, and later links after earlier ones."""
    ranked = (
        select(
            link,
            func.row_number()
            .over(
                partition_by=link.c.contract_id,
                order_by=[
                    key_decision.c.expected_earliest.is_(None),
                    key_decision.c.expected_earliest.desc(),
                    key_decision.c.expected_latest.desc(),
                    link.c.id.desc(),
                ],
            )
            .label("rank"),
        )
        .select_from(link.outerjoin(key_decision, key_decision.c.activity_id == link.c.activity_id))
        .where(among(link.c.contract_id, ids))
        .subquery()
    )
    rows = await context.rows(select(ranked).where(and_(ranked.c.rank == 1)))
    return {row.contract_id: ActivityLink.from_row(row) for row in rows}

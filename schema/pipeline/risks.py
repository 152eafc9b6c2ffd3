"""The Board's risk list: contracts ending soon with no commissioning activity decided in time to replace them."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

import strawberry
from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, not_, select, true

from db import models
from db.inferences import Reading
from schema.bounds import RECORD_LIST, at_most
from schema.commissioning.types import ActivityLink, link_readings
from schema.context import Info
from schema.contracts.filters import CLAUSES as CONTRACT_CLAUSES
from schema.contracts.filters import VALUE, ContractFilter
from schema.contracts.orders import DEFAULT_ORDER, ContractOrder
from schema.contracts.types import Contract
from schema.errors import RegisterError
from schema.filtering import build_where
from schema.inferences import Inference, inferences
from schema.pipeline.embedded import embedded
from schema.pipeline.loaders import covering_links_by_contract_id, decided_before_end, latest_links_by_contract_id
from schema.pipeline.plan import ending_between
from schema.pipeline.timeleft import TimeLeft, months_after
from schema.relations import Relation
from schema.relay import After, Before, Connection, First, Last, resolve_connection
from schema.retired import current
from schema.values import ValueTotal, pounds, value_totals

contract = models.Contract.__table__
link = models.ActivityContract.__table__
key_decision = models.KeyDecision.__table__
MAX_MONTHS = 120
RULE = (
    "A contract is covered when a commissioning activity linked to it has a key decision whose earliest day is "
    "strictly before the latest day the contract can end; a decision that can only come on or after that day "
    "does not cover it, and neither does an activity needing no key decision."
)


@strawberry.enum(description=f"Whether a contract has a key decision planned before it ends. {RULE}")
class Cover(enum.Enum):
    NONE = strawberry.enum_value("NONE", description="No linked activity has a key decision before the end.")
    STATED = strawberry.enum_value(
        "STATED", description="A link the papers state covers it (inferred links may cover it too)."
    )
    INFERRED = strawberry.enum_value(
        "INFERRED", description="Only links the papers imply but do not state (recorded as inferred) cover it."
    )


@strawberry.type(description=f"A contract ending within the risk list's window, and whether it is covered. {RULE}")
class ContractRisk:
    relations: ClassVar[dict[str, Relation]] = {
        "contract": embedded("contract"),
        "latestActivity": Relation("latest_activity", lambda row: row.contract.pk, latest_links_by_contract_id),
        "coveredBy": Relation("covered_by", lambda row: row.contract.pk, covering_links_by_contract_id, many=True),
    }

    contract: Contract = strawberry.field(description="The contract.")
    at_risk: bool = strawberry.field(
        description="True when nothing covers it, or only inferred links do and `inferredLinksCover` is false "
        "(the default: the list errs toward showing risk)."
    )
    cover: Cover = strawberry.field(description="What covers it: stated links, only inferred links, or nothing.")
    inferences: list[Inference] = strawberry.field(
        description="When only inferred links cover it: the inferred cover (field `cover`), how many links, and why "
        "they are recorded."
    )
    time_left: TimeLeft = strawberry.field(description="How long is left from the as-of day to its end.")
    annual_value: Decimal | None = strawberry.field(
        description="Its value per year in pounds, derived where the basis and term allow; null where unknown."
    )
    latest_activity: ActivityLink | None = strawberry.field(
        default=None,
        description="Its link to the linked activity whose key decision comes last (activities needing none come "
        "after those that need one); null when no activity is linked. Says whether the link is inferred.",
    )
    covered_by: list[ActivityLink] = strawberry.field(
        default_factory=list,
        description="Every link whose activity has a key decision before the contract ends, stated links first; "
        f"each says whether it is inferred and why it is recorded. {at_most(RECORD_LIST)}",
    )


@strawberry.type(description="A page of the risk list, soonest ending first unless told, with its window.")
class ContractRiskConnection(Connection[ContractRisk]):
    as_of: date = strawberry.field(description="The day the window starts and time left is counted from.")
    until: date = strawberry.field(description="The window's last day: the as-of day plus the months asked for.")
    value_totals_of: strawberry.Private[Any] = None

    @strawberry.field(description="Whole-life and annual values summed over every contract the list holds.")
    async def value_totals(self) -> list[ValueTotal]:
        totals: list[ValueTotal] = await self.value_totals_of()
        return totals


def _covering(condition: ColumnElement[bool]) -> Select[Any]:
    # A retired key decision covers nothing.
    return (
        select(link.c.id)
        .select_from(link.join(key_decision, key_decision.c.activity_id == link.c.activity_id))
        .where(
            link.c.contract_id == contract.c.id,
            key_decision.c.activity_id == link.c.activity_id,
            decided_before_end(),
            current(key_decision),
            condition,
        )
    )


def _covered(stated_only: bool) -> ColumnElement[bool]:
    return exists(_covering(link.c.inferred.is_(False) if stated_only else true()))


def _inferred_cover() -> Any:
    """How many inferred links cover the contract, and the reason one of them is recorded."""
    covering = _covering(link.c.inferred.is_(True))
    count = covering.with_only_columns(func.count(link.c.id)).scalar_subquery()
    reason = covering.with_only_columns(func.min(link.c.reason)).scalar_subquery()
    return count.label("inferred_links"), reason.label("inferred_reason")


def _cover_readings(row: Row[Any], cover: Cover, inferred_cover: bool) -> list[Reading]:
    if cover is not Cover.INFERRED:
        return []
    counted = "counted as cover, as asked" if inferred_cover else "so it is listed as at risk"
    reason = (
        f"Only inferred links cover it ({row.inferred_links} linked activities with a key decision before it ends), "
        f"{counted}; `coveredBy` names them. {row.inferred_reason or ''}"
    ).strip()
    return link_readings("cover", True, reason)


def _converter(as_of: date, inferred_cover: bool) -> Callable[[Row[Any]], ContractRisk]:
    def convert(row: Row[Any]) -> ContractRisk:
        stated, any_cover = bool(row.stated_cover), bool(row.any_cover)
        cover = Cover.STATED if stated else Cover.INFERRED if any_cover else Cover.NONE
        return ContractRisk(
            contract=Contract.from_row(row),
            at_risk=cover is Cover.NONE or (cover is Cover.INFERRED and not inferred_cover),
            cover=cover,
            time_left=TimeLeft.between(as_of, row.end_earliest, row.end_latest),
            annual_value=None if row.annual_value_pence is None else pounds(row.annual_value_pence),
            inferences=inferences(_cover_readings(row, cover, inferred_cover)),
        )

    return convert


@strawberry.type
class RiskQueries:
    @strawberry.field(
        description="The Board's risk list: contracts whose end may fall within `withinMonths` of `asOf` and that "
        f"no commissioning activity linked to them covers with a key decision in time. {RULE} Each row says how "
        "long is left, the annual value, the latest linked activity and which links are inferred."
    )
    async def expiry_risks(
        self,
        info: Info,
        as_of: Annotated[
            date | None, strawberry.argument(description="The day to look ahead from; today when omitted.")
        ] = None,
        within_months: Annotated[
            int, strawberry.argument(description=f"How many months ahead to look (0 to {MAX_MONTHS}).")
        ] = 18,
        filter: Annotated[
            ContractFilter | None, strawberry.argument(description="Only contracts this filter matches as well.")
        ] = None,
        inferred_links_cover: Annotated[
            bool,
            strawberry.argument(
                description="Whether inferred links count as cover. False (the default) errs toward showing "
                "risk: a contract only inferred links cover is listed as at risk, its row naming the inferred "
                "cover; true trusts the inference and leaves such contracts off."
            ),
        ] = False,
        include_covered: Annotated[
            bool,
            strawberry.argument(
                description="Also list the covered contracts ending in the window (with `atRisk` false), to see why "
                "each is not at risk."
            ),
        ] = False,
        order_by: Annotated[
            ContractOrder | None, strawberry.argument(description="The order; soonest ending first unless told.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ContractRiskConnection:
        if not 0 <= within_months <= MAX_MONTHS:
            raise RegisterError(
                f"`withinMonths` must be from 0 to {MAX_MONTHS}, not {within_months}", argument="withinMonths"
            )
        start = as_of or date.today()
        until = months_after(start, within_months)
        stated, any_cover = _covered(stated_only=True), _covered(stated_only=False)
        at_risk = not_(any_cover) if inferred_links_cover else not_(stated)
        where = and_(
            ending_between(start, until),
            true() if filter is None else build_where(filter, CONTRACT_CLAUSES),
            true() if include_covered else at_risk,
        )
        statement = select(
            contract, stated.label("stated_cover"), any_cover.label("any_cover"), *_inferred_cover()
        ).where(where)
        result: ContractRiskConnection = await resolve_connection(
            info,
            statement,
            (order_by or DEFAULT_ORDER).ordering(),
            _converter(start, inferred_links_cover),
            first=first,
            after=after,
            last=last,
            before=before,
            connection=ContractRiskConnection,
            as_of=start,
            until=until,
            value_totals_of=value_totals(info, VALUE, where),
        )
        return result

"""What crosses the Board's review threshold in a window: activity worth £1m a year or more with a key decision
due, and contracts worth £1m a year or more that end. The threshold is the Board's; whether a plan lists an
activity as significant is another question (`significant` on the activity filter)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import and_, select

from db import models
from schema.commissioning.filters import EXPECTED, OVER_THRESHOLD, a_year_at_least
from schema.commissioning.filters import VALUE as ACTIVITY_VALUE
from schema.commissioning.orders import ACTIVITY_WITH_DECISION, DEFAULT_ACTIVITY_ORDER
from schema.commissioning.types import CommissioningActivity, CommissioningActivityConnection
from schema.context import Info
from schema.contracts.filters import VALUE as CONTRACT_VALUE
from schema.contracts.orders import DEFAULT_ORDER as CONTRACT_END_ORDER
from schema.contracts.types import Contract, ContractConnection
from schema.filtering import pks
from schema.pipeline.plan import ending_between
from schema.pipeline.windows import From, QuarterWindow, To, parse_window
from schema.relay import After, Before, First, Last, resolve_connection
from schema.values import DateWindow, Money, MoneyBasis, overlaps, pounds, value_totals

activity = models.CommissioningActivity.__table__.c
key_decision = models.KeyDecision.__table__
contract = models.Contract.__table__
THRESHOLD = models.REVIEW_THRESHOLD_PENCE


@strawberry.type(
    description="What crosses the Strategic Commissioning Board's review threshold (£1m a year) in a window: "
    "activity worth £1m a year or more with a key decision due, and contracts worth £1m a year or more that end."
)
class ThresholdReview:
    from_: str = strawberry.field(name="from", description="The window's first quarter, e.g. 'Q1 2019-20'.")
    to: str = strawberry.field(description="The window's last quarter.")
    threshold: Money = strawberry.field(description="The Board's review threshold: £1m a year.")
    window: strawberry.Private[QuarterWindow]
    directorate_pks: strawberry.Private[list[int] | None]

    def _window(self) -> DateWindow:
        return DateWindow.of_days(self.window.earliest, self.window.latest)

    @strawberry.field(
        description="Activities worth £1m a year or more whose key decision overlaps the window, by decision date. "
        "Activities needing no key decision, or whose annual value is unknown, are not listed."
    )
    async def activities(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> CommissioningActivityConnection:
        decided = select(key_decision.c.activity_id).where(overlaps(EXPECTED, self._window(), "from"))
        where = and_(OVER_THRESHOLD, activity.id.in_(decided))
        if self.directorate_pks is not None:
            where = and_(where, activity.directorate_id.in_(self.directorate_pks))
        statement = select(models.CommissioningActivity.__table__).select_from(ACTIVITY_WITH_DECISION).where(where)
        result: CommissioningActivityConnection = await resolve_connection(
            info,
            statement,
            DEFAULT_ACTIVITY_ORDER.ordering(),
            CommissioningActivity.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
            connection=CommissioningActivityConnection,
            value_totals_of=value_totals(info, ACTIVITY_VALUE, where),
        )
        return result

    @strawberry.field(
        description="Contracts worth £1m a year or more whose end overlaps the window, soonest first; those whose "
        "annual value is unknown are not listed."
    )
    async def contracts(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> ContractConnection:
        where = and_(
            a_year_at_least(contract.c.annual_value_pence, THRESHOLD),
            ending_between(self.window.earliest, self.window.latest),
        )
        if self.directorate_pks is not None:
            where = and_(where, contract.c.directorate_id.in_(self.directorate_pks))
        result: ContractConnection = await resolve_connection(
            info,
            select(contract).where(where),
            CONTRACT_END_ORDER.ordering(),
            Contract.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
            connection=ContractConnection,
            value_totals_of=value_totals(info, CONTRACT_VALUE, where),
        )
        return result


@strawberry.type
class ThresholdQueries:
    @strawberry.field(
        description="What crosses the Board's £1m-a-year review threshold in a window of financial quarters: "
        "activity worth that much with a key decision due, and contracts worth that much ending."
    )
    def over_threshold(
        self,
        from_: From,
        to: To = None,
        directorate_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only these directorates' records.")
        ] = None,
    ) -> ThresholdReview:
        window = parse_window(from_, to)
        return ThresholdReview(
            from_=window.quarters[0].label,
            to=window.quarters[-1].label,
            threshold=Money(
                amount=pounds(THRESHOLD),
                currency="GBP",
                basis=MoneyBasis.ANNUAL,
                annualised=pounds(THRESHOLD),
                whole_life=None,
                text="£1m a year",
            ),
            window=window,
            directorate_pks=None if directorate_ids is None else pks(directorate_ids, "Directorate", "directorateIds"),
        )

"""What crosses the Board's review threshold in a window: significant activity due a key decision, and
contracts worth at least £1m a year that end."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import ColumnElement, and_, false, or_, select

from db import models
from schema.commissioning.filters import EXPECTED
from schema.commissioning.filters import VALUE as ACTIVITY_VALUE
from schema.commissioning.orders import ACTIVITY_WITH_DECISION, DEFAULT_ACTIVITY_ORDER
from schema.commissioning.types import CommissioningActivity, CommissioningActivityConnection, SignificanceReason
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
THRESHOLD = models.SIGNIFICANCE_THRESHOLD_PENCE


def over_threshold(annual: ColumnElement[int | None]) -> ColumnElement[bool]:
    """Worth at least the Board's threshold a year; an unknown yearly value never is."""
    return and_(annual.is_not(None), annual >= THRESHOLD)


def significant_for(reasons: list[SignificanceReason] | None) -> ColumnElement[bool]:
    """Activities significant for any of the reasons (any reason at all when none are named)."""
    chosen = list(SignificanceReason) if reasons is None else reasons
    recorded = [reason.value for reason in chosen if reason is not SignificanceReason.VALUE]
    clauses: list[ColumnElement[bool]] = [activity.significance_reason.in_(recorded)] if recorded else []
    if SignificanceReason.VALUE in chosen:
        clauses.append(over_threshold(activity.annual_value_pence))
    return or_(false(), *clauses)


@strawberry.type(
    description="What crosses the Strategic Commissioning Board's review threshold in a window: activity that is "
    "significant (at least £1m a year, or a recorded reason of strategic importance, complexity, risk or profile) "
    "with a key decision due, and contracts worth at least £1m a year that end."
)
class ThresholdReview:
    from_: str = strawberry.field(name="from", description="The window's first quarter, e.g. 'Q1 2019-20'.")
    to: str = strawberry.field(description="The window's last quarter.")
    threshold: Money = strawberry.field(description="The Board's review threshold: £1m a year.")
    window: strawberry.Private[QuarterWindow]
    directorate_pks: strawberry.Private[list[int] | None]
    reasons: strawberry.Private[list[SignificanceReason] | None]

    def _window(self) -> DateWindow:
        return DateWindow.of_days(self.window.earliest, self.window.latest)

    @strawberry.field(
        description="Significant activities whose key decision overlaps the window, by decision date; each says "
        "why it is significant (`significance.reasons`). Activities needing no key decision are not listed."
    )
    async def activities(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> CommissioningActivityConnection:
        decided = select(key_decision.c.activity_id).where(overlaps(EXPECTED, self._window(), "from"))
        where = and_(significant_for(self.reasons), activity.id.in_(decided))
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
        description="Contracts worth at least £1m a year whose end overlaps the window, soonest first. Contracts "
        "record no non-financial reason, so only value brings one here (none when `reasons` leaves out VALUE)."
    )
    async def contracts(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> ContractConnection:
        counts = self.reasons is None or SignificanceReason.VALUE in self.reasons
        where = and_(
            over_threshold(contract.c.annual_value_pence) if counts else false(),
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
        description="What crosses the Board's review threshold in a window of financial quarters: significant "
        "activity with a key decision due, and contracts of at least £1m a year ending."
    )
    def over_threshold(
        self,
        from_: From,
        to: To = None,
        directorate_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only these directorates' records.")
        ] = None,
        reasons: Annotated[
            list[SignificanceReason] | None,
            strawberry.argument(
                description="Only records significant for any of these reasons; any reason when omitted."
            ),
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
            reasons=reasons,
        )

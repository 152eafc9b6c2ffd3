"""Significant commissioning and service activity, its key decisions, and the contracts it concerns."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import (
    Base,
    JsonDocument,
    Pence,
    Recorded,
    day_range,
    interval_valid,
    money_valid,
    one_of,
    pence_sort_key,
)

if TYPE_CHECKING:
    from db.models.contracts import Contract

# The Strategic Commissioning Board reviews what is worth £1m a year or more: its own threshold, which says
# nothing about whether a plan lists an activity as significant.
REVIEW_THRESHOLD_PENCE = 100_000_000
# Paper 001 (section F) recommends £1m a year as the financial value that makes activity significant; reaching it
# is one reason a plan may give, beside those below.
SIGNIFICANT_VALUE_PENCE = 100_000_000


class SignificanceReason(enum.StrEnum):
    """A reason a paper states for listing an activity as significant, beside its value (paper 001's words)."""

    STRATEGIC_IMPORTANCE = "STRATEGIC_IMPORTANCE"
    COMPLEXITY = "COMPLEXITY"
    RISK = "RISK"
    PROFILE = "PROFILE"


class CommissioningActivity(Recorded, Base):
    """A row of a plan's significant commissioning and service activity (section J of the 2017-18 plans)."""

    __tablename__ = "commissioning_activity"
    __table_args__ = (
        UniqueConstraint("directorate_id", "name"),
        money_valid("expected_value"),
        one_of("significance_reason", SignificanceReason),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)
    name: Mapped[str]
    description: Mapped[str | None]
    lead_service: Mapped[str | None] = mapped_column(index=True)
    expected_value_pence: Mapped[Pence | None]
    expected_value_basis: Mapped[str | None]
    expected_value_text: Mapped[str | None]
    expected_value_basis_assumed: Mapped[bool] = mapped_column(
        default=False, server_default=false(), comment="No basis was stated, so the value was read as whole-life."
    )
    annual_value_pence: Mapped[Pence | None]
    total_value_pence: Mapped[Pence | None]
    term_months: Mapped[int | None]
    consultation_required: Mapped[bool | None] = mapped_column(index=True)
    significance_reason: Mapped[str | None]
    significance_note: Mapped[str | None]
    inferences: Mapped[list[dict[str, str]] | None] = mapped_column(
        JsonDocument, comment="Readings of the papers a field rests on, not their words: [{field, kind, reason}]."
    )

    key_decision: Mapped[KeyDecision | None] = relationship(back_populates="activity", lazy="raise")
    contract_links: Mapped[list[ActivityContract]] = relationship(back_populates="activity", lazy="raise")


Index(
    "ix_commissioning_activity_annual_value_order",
    pence_sort_key(CommissioningActivity.annual_value_pence),
    CommissioningActivity.id,
)
Index(
    "ix_commissioning_activity_total_value_order",
    pence_sort_key(CommissioningActivity.total_value_pence),
    CommissioningActivity.id,
)
Index("ix_commissioning_activity_name_order", CommissioningActivity.name, CommissioningActivity.id)


class KeyDecision(Recorded, Base):
    """A formal decision the council must take for an activity, published on its forward plan."""

    __tablename__ = "key_decision"
    __table_args__ = (
        interval_valid("expected"),
        Index("ix_key_decision_expected", "expected_earliest", "expected_latest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("commissioning_activity.id"), unique=True)
    reference: Mapped[str | None] = mapped_column(unique=True)
    decision_maker: Mapped[str | None]
    expected_earliest: Mapped[date]
    expected_latest: Mapped[date]
    expected_precision: Mapped[str]
    expected_text: Mapped[str]

    activity: Mapped[CommissioningActivity] = relationship(back_populates="key_decision", lazy="raise")


# The pipeline's key decisions due in each quarter, served as `ix_contract_end_days` serves its contracts ending.
Index(
    "ix_key_decision_expected_days",
    day_range(KeyDecision.expected_earliest, KeyDecision.expected_latest),
    postgresql_using="gist",
    postgresql_include=["id", "activity_id", "expected_earliest", "expected_latest", "retired_at"],
).ddl_if(dialect="postgresql")


class ActivityContract(Base):
    """A link between an activity and a contract it re-commissions, extends or manages.

    Some links are stated in the papers; others are implied by them (the three TFM contracts and the TFM
    procurements), and those are kept apart as inferred, with the reasoning, so the Board can tell them apart.
    """

    __tablename__ = "activity_contract"
    __table_args__ = (UniqueConstraint("activity_id", "contract_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("commissioning_activity.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    inferred: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None]

    activity: Mapped[CommissioningActivity] = relationship(back_populates="contract_links", lazy="raise")
    contract: Mapped[Contract] = relationship(back_populates="activity_links", lazy="raise")

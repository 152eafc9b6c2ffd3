"""Business plans, their priorities, and what they reference."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, JsonDocument, Recorded, interval_valid, one_of

if TYPE_CHECKING:
    from db.models.organisation import Directorate


class PlanStatus(enum.StrEnum):
    """How far a business plan has gone through approval."""

    DRAFT = "DRAFT"
    FINAL_DRAFT = "FINAL_DRAFT"
    APPROVED = "APPROVED"
    PUBLISHED = "PUBLISHED"


class BusinessPlan(Recorded, Base):
    """A directorate or divisional business plan for one financial year, within a rolling window."""

    __tablename__ = "business_plan"
    __table_args__ = (
        UniqueConstraint("directorate_id", "title", "financial_year"),
        one_of("status", PlanStatus),
        interval_valid("publication"),
        CheckConstraint(
            "window_start_year IS NULL OR (window_start_year <= financial_year AND financial_year <= window_end_year)",
            name="window_contains_year",
        ),
        Index("ix_business_plan_year", "financial_year", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)
    title: Mapped[str]
    financial_year: Mapped[int] = mapped_column(comment="The start year of the plan's financial year: 2017 is 2017-18.")
    window_start_year: Mapped[int | None]
    window_end_year: Mapped[int | None]
    status: Mapped[str] = mapped_column(index=True)
    committee: Mapped[str | None]
    committee_date: Mapped[date | None]
    document_date: Mapped[date | None]
    publication_earliest: Mapped[date | None]
    publication_latest: Mapped[date | None]
    publication_precision: Mapped[str | None]
    publication_text: Mapped[str | None]
    cabinet_members: Mapped[list[dict[str, str]] | None] = mapped_column(
        JsonDocument, comment="The Cabinet Members the committee paper is from: [{name, portfolio}], as printed."
    )

    directorate: Mapped[Directorate] = relationship(back_populates="plans", lazy="raise")
    priorities: Mapped[list[PlanPriority]] = relationship(
        back_populates="plan", order_by="PlanPriority.position", lazy="raise"
    )
    references: Mapped[list[PlanReference]] = relationship(back_populates="plan", lazy="raise")


class PlanPriority(Base):
    """One of a plan's numbered priorities, in the plan's own words."""

    __tablename__ = "plan_priority"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id"))
    position: Mapped[int]
    text: Mapped[str]

    plan: Mapped[BusinessPlan] = relationship(back_populates="priorities", lazy="raise")


class PlanSubject(enum.StrEnum):
    """The kinds of record a plan can reference."""

    CONTRACT = "CONTRACT"
    COMMISSIONING_ACTIVITY = "COMMISSIONING_ACTIVITY"
    PROVIDER = "PROVIDER"
    TRADED_COMPANY = "TRADED_COMPANY"
    SERVICE = "SERVICE"


SUBJECT_KEYS = ("contract_id", "activity_id", "provider_id", "traded_company_id", "service_id")


class PlanReference(Recorded, Base):
    """A plan's mention of a record: which section, and the row of the paper as printed.

    One foreign key per kind of subject (exactly one set) keeps every reference honest in the database.
    """

    __tablename__ = "plan_reference"
    __table_args__ = (
        one_of("subject_kind", PlanSubject),
        CheckConstraint(
            " + ".join(f"(CASE WHEN {key} IS NULL THEN 0 ELSE 1 END)" for key in SUBJECT_KEYS) + " = 1",
            name="one_subject",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id"), index=True)
    section: Mapped[str]
    source_text: Mapped[str]
    subject_kind: Mapped[str]
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("commissioning_activity.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), index=True)
    traded_company_id: Mapped[int | None] = mapped_column(ForeignKey("traded_company.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)

    plan: Mapped[BusinessPlan] = relationship(back_populates="references", lazy="raise")

"""The council's structure: directorates, their divisions, and the services those divisions provide."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Recorded, interval_valid, one_of

if TYPE_CHECKING:
    from db.models.contracts import Contract
    from db.models.plans import BusinessPlan
    from db.models.providers import TradedCompany


class Directorate(Recorded, Base):
    """A directorate of the council (SCS, GET; in 2012/13 ELS, FSC, BSS, C&C, E&E)."""

    __tablename__ = "directorate"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    corporate_director: Mapped[str | None]

    divisions: Mapped[list[Division]] = relationship(back_populates="directorate", lazy="raise")
    plans: Mapped[list[BusinessPlan]] = relationship(back_populates="directorate", lazy="raise")


class Division(Recorded, Base):
    """A division of a directorate, led by a director (null while the post is to be appointed)."""

    __tablename__ = "division"
    __table_args__ = (UniqueConstraint("directorate_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorate.id"), index=True)
    name: Mapped[str]
    director: Mapped[str | None]
    director_title: Mapped[str | None]
    responsibilities: Mapped[str | None]

    directorate: Mapped[Directorate] = relationship(back_populates="divisions", lazy="raise")


class ServiceDelivery(enum.StrEnum):
    """How a service is delivered, as the plans' section I records it."""

    INTERNAL = "INTERNAL"
    EXTERNAL = "EXTERNAL"
    PART_COMMISSIONED = "PART_COMMISSIONED"
    VARIOUS = "VARIOUS"


class Service(Recorded, Base):
    """A service a division provides, internally or through an external contract or a traded company."""

    __tablename__ = "service"
    __table_args__ = (
        UniqueConstraint("division_id", "traded_company_id", "name"),
        one_of("delivery", ServiceDelivery),
        interval_valid("contract_end"),
        Index("ix_service_contract_end", "contract_end_earliest", "contract_end_latest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)
    traded_company_id: Mapped[int | None] = mapped_column(ForeignKey("traded_company.id"), index=True)
    delivery: Mapped[str]
    delivery_text: Mapped[str | None]
    contract_end_earliest: Mapped[date | None]
    contract_end_latest: Mapped[date | None]
    contract_end_precision: Mapped[str | None]
    contract_end_text: Mapped[str | None]

    traded_company: Mapped[TradedCompany | None] = relationship(back_populates="services", lazy="raise")
    contracts: Mapped[list[Contract]] = relationship(
        secondary="service_contract", back_populates="services", lazy="raise"
    )

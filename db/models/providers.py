"""Who delivers for the council: suppliers, and the council's own traded companies."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Recorded, interval_valid, one_of

if TYPE_CHECKING:
    from db.models.contracts import Contract
    from db.models.organisation import Service


class ProviderKind(enum.StrEnum):
    """Whether a provider is an outside supplier or one of the council's own traded companies."""

    SUPPLIER = "SUPPLIER"
    TRADED_COMPANY = "TRADED_COMPANY"


class Provider(Recorded, Base):
    """A supplier or traded company that delivers contracts or services to the council."""

    __tablename__ = "provider"
    __table_args__ = (one_of("kind", ProviderKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(index=True)
    company_number: Mapped[str | None] = mapped_column(unique=True)
    description: Mapped[str | None]
    address: Mapped[str | None]
    sme: Mapped[bool | None] = mapped_column(comment="A small or medium-sized enterprise, where known.")
    vcse: Mapped[bool | None] = mapped_column(comment="A voluntary, community or social enterprise, where known.")
    charity_number: Mapped[str | None]

    contracts: Mapped[list[Contract]] = relationship(back_populates="provider", lazy="raise")
    traded_company: Mapped[TradedCompany | None] = relationship(back_populates="provider", lazy="raise")


class TradedCompany(Recorded, Base):
    """A company or trading unit the council owns and commissions: an alternative service delivery model."""

    __tablename__ = "traded_company"
    __table_args__ = (interval_valid("established"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), unique=True)
    name: Mapped[str] = mapped_column(unique=True)
    legal_form: Mapped[str | None]
    ownership: Mapped[str | None]
    governance: Mapped[str | None]
    description: Mapped[str | None]
    established_earliest: Mapped[date | None]
    established_latest: Mapped[date | None]
    established_precision: Mapped[str | None]
    established_text: Mapped[str | None]

    provider: Mapped[Provider] = relationship(back_populates="traded_company", lazy="raise")
    commissioners: Mapped[list[TradedCompanyCommissioner]] = relationship(back_populates="traded_company", lazy="raise")
    services: Mapped[list[Service]] = relationship(back_populates="traded_company", lazy="raise")


class TradedCompanyCommissioner(Base):
    """A division that commissions a traded company, and the arrangement it commissions through."""

    __tablename__ = "traded_company_commissioner"
    __table_args__ = (UniqueConstraint("traded_company_id", "division_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traded_company_id: Mapped[int] = mapped_column(ForeignKey("traded_company.id"), index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    arrangement: Mapped[str | None]

    traded_company: Mapped[TradedCompany] = relationship(back_populates="commissioners", lazy="raise")

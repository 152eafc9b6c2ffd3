"""The contracts register: the detailed record the business plans defer to."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import (
    Base,
    JsonDocument,
    Pence,
    Recorded,
    date_sort_key,
    day_range,
    interval_valid,
    money_valid,
    one_of,
    pence_sort_key,
)

if TYPE_CHECKING:
    from db.models.commissioning import ActivityContract
    from db.models.organisation import Service
    from db.models.providers import Provider


class ContractStatus(enum.StrEnum):
    """Where a contract stands in its life, as last recorded."""

    PLANNED = "PLANNED"
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    TERMINATED = "TERMINATED"


class ProcurementRoute(enum.StrEnum):
    """How the contract was let, in the Transparency Code's terms."""

    QUOTE = "QUOTE"
    TENDER = "TENDER"
    FRAMEWORK = "FRAMEWORK"
    DIRECT_AWARD = "DIRECT_AWARD"
    OTHER = "OTHER"


class ContractBuyer(enum.StrEnum):
    """Who bought a contract: the council, another buyer an imported release named, or no buyer named at all."""

    COUNCIL = "COUNCIL"
    OTHER = "OTHER"
    NOT_STATED = "NOT_STATED"


class Contract(Recorded, Base):
    """A contract on the council's register, with its provider, value on a stated basis, and term."""

    __tablename__ = "contract"
    __table_args__ = (
        one_of("status", ContractStatus),
        money_valid("value"),
        interval_valid("start"),
        interval_valid("end"),
        interval_valid("max_extent"),
        interval_valid("review"),
        one_of("procurement_route", ProcurementRoute),
        one_of("buyer", ContractBuyer),
    )
    # Every column the database could fill has a default here too, so an INSERT has nothing to read back: with an
    # id given (db/ids.py) a batch of new contracts is one executemany, not one statement each.
    __mapper_args__ = {"eager_defaults": False}  # noqa: RUF012

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str]
    description: Mapped[str | None]
    status: Mapped[str] = mapped_column(index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), index=True)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorate.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"), index=True)

    value_pence: Mapped[Pence | None]
    value_basis: Mapped[str | None]
    value_text: Mapped[str | None]
    value_basis_assumed: Mapped[bool] = mapped_column(
        default=False, server_default=false(), comment="No basis was stated, so the value was read as whole-life."
    )
    # Derived from the value, its basis and the term when the write is accepted, so filters run in SQL.
    annual_value_pence: Mapped[Pence | None]
    total_value_pence: Mapped[Pence | None]
    term_months: Mapped[int | None]

    start_earliest: Mapped[date | None]
    start_latest: Mapped[date | None]
    start_precision: Mapped[str | None]
    start_text: Mapped[str | None]
    end_earliest: Mapped[date | None]
    end_latest: Mapped[date | None]
    end_precision: Mapped[str | None]
    end_text: Mapped[str | None]
    max_extent_earliest: Mapped[date | None]
    max_extent_latest: Mapped[date | None]
    max_extent_precision: Mapped[str | None]
    max_extent_text: Mapped[str | None]
    extension_options: Mapped[str | None]
    review_earliest: Mapped[date | None]
    review_latest: Mapped[date | None]
    review_precision: Mapped[str | None]
    review_text: Mapped[str | None]
    vat_irrecoverable_pence: Mapped[Pence | None] = mapped_column(
        comment="VAT that cannot be recovered, as the Transparency Code asks."
    )
    procurement_route: Mapped[str | None] = mapped_column(
        comment="Whether it followed an invitation to quote or to tender, or another route."
    )
    ocid: Mapped[str | None] = mapped_column(
        unique=True, comment="The Open Contracting ID it was published or imported under."
    )
    inferences: Mapped[list[dict[str, str]] | None] = mapped_column(
        JsonDocument, comment="Readings of the papers a field rests on, not their words: [{field, kind, reason}]."
    )
    extra: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="Fields of an imported record the register does not map, kept as they came."
    )
    # Another buyer's contracts are on the register for reference (a neighbour's framework, a joint process)
    # and are not this council's spend; only an imported release can name one.
    buyer: Mapped[str] = mapped_column(
        default=ContractBuyer.COUNCIL.value,
        server_default=ContractBuyer.COUNCIL.value,
        index=True,
        comment="Whether the council bought it, another buyer did, or its source named no buyer.",
    )
    buyer_name: Mapped[str | None] = mapped_column(comment="Another buyer's name, as its source gave it.")
    buyer_identifier: Mapped[str | None] = mapped_column(
        comment="Another buyer's identifier in its source (an org-id such as GB-LAC-E09000003, where given)."
    )

    # What the contract's own source said of its supplier when it was let: an SME then, or under a charity number
    # since replaced, whatever its other contracts' rows say. The provider keeps what it was first said to be.
    supplier_sme: Mapped[bool | None] = mapped_column(comment="Whether its source said the supplier is an SME.")
    supplier_vcse: Mapped[bool | None] = mapped_column(comment="Whether its source said the supplier is a VCSE.")
    supplier_charity_number: Mapped[str | None] = mapped_column(
        comment="The supplier's charity number as its source gave it."
    )

    provider: Mapped[Provider | None] = relationship(back_populates="contracts", lazy="raise")
    services: Mapped[list[Service]] = relationship(
        secondary="service_contract", back_populates="contracts", lazy="raise"
    )
    activity_links: Mapped[list[ActivityContract]] = relationship(back_populates="contract", lazy="raise")


# Each order the API offers has an index on exactly its keyset, so every page is one index range.
Index(
    "ix_contract_end_order",
    date_sort_key(Contract.end_earliest),
    date_sort_key(Contract.end_latest),
    Contract.id,
)
Index(
    "ix_contract_start_order",
    date_sort_key(Contract.start_earliest),
    date_sort_key(Contract.start_latest),
    Contract.id,
)
Index("ix_contract_annual_value_order", pence_sort_key(Contract.annual_value_pence), Contract.id)
Index("ix_contract_total_value_order", pence_sort_key(Contract.total_value_pence), Contract.id)
Index("ix_contract_title_order", Contract.title, Contract.id)
Index("ix_contract_end_latest", Contract.end_latest)
# The Board's commonest count ("over £1m a year, ending in this window", not retired) reads only these.
Index(
    "ix_contract_annual_value_window",
    Contract.annual_value_pence,
    Contract.end_earliest,
    Contract.end_latest,
    Contract.retired_at,
)
Index(
    "ix_contract_total_value_window",
    Contract.total_value_pence,
    Contract.end_earliest,
    Contract.end_latest,
    Contract.retired_at,
)

# The Board's pipeline joins each quarter of its window to the contracts whose end overlaps it (`days_overlap`):
# on PostgreSQL a GiST over the end's days answers each quarter from the index alone (the columns the pipeline reads
# are carried in it), where a b-tree can bound only one end of an overlap. An unknown end is not indexed.
Index(
    "ix_contract_end_days",
    day_range(Contract.end_earliest, Contract.end_latest),
    postgresql_using="gist",
    postgresql_include=[
        "id",
        "end_earliest",
        "end_latest",
        "annual_value_pence",
        "total_value_pence",
        "directorate_id",
        "retired_at",
    ],
    postgresql_where=Contract.end_earliest.is_not(None),
).ddl_if(dialect="postgresql")

service_contract = Table(
    "service_contract",
    Base.metadata,
    Column("service_id", ForeignKey("service.id"), primary_key=True),
    Column("contract_id", ForeignKey("contract.id"), primary_key=True, index=True),
)

"""The union of every kind of record a business plan can reference."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.commissioning.types import CommissioningActivity
from schema.contracts.types import Contract
from schema.organisation.types import Service
from schema.providers.types import Provider, TradedCompany

PlanSubject = Annotated[
    Contract | CommissioningActivity | Provider | TradedCompany | Service,
    strawberry.union("PlanSubject", description="Any kind of record a business plan can reference."),
]

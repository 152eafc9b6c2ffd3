"""Every table of the register; importing this package registers them all on `Base.metadata`."""

from db.models.commissioning import (
    SIGNIFICANCE_THRESHOLD_PENCE,
    ActivityContract,
    CommissioningActivity,
    KeyDecision,
    SignificanceReason,
)
from db.models.contracts import Contract, ContractStatus, service_contract
from db.models.organisation import Directorate, Division, Service, ServiceDelivery
from db.models.plans import BusinessPlan, PlanPriority, PlanReference, PlanStatus, PlanSubject
from db.models.providers import Provider, ProviderKind, TradedCompany, TradedCompanyCommissioner

__all__ = [
    "SIGNIFICANCE_THRESHOLD_PENCE",
    "ActivityContract",
    "BusinessPlan",
    "CommissioningActivity",
    "Contract",
    "ContractStatus",
    "Directorate",
    "Division",
    "KeyDecision",
    "PlanPriority",
    "PlanReference",
    "PlanStatus",
    "PlanSubject",
    "Provider",
    "ProviderKind",
    "Service",
    "ServiceDelivery",
    "SignificanceReason",
    "TradedCompany",
    "TradedCompanyCommissioner",
    "service_contract",
]

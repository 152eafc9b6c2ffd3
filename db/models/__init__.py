"""Every table of the register; importing this package registers them all on `Base.metadata`."""

from db.models.access import ApiToken, Role
from db.models.commissioning import (
    REVIEW_THRESHOLD_PENCE,
    SIGNIFICANT_VALUE_PENCE,
    ActivityContract,
    CommissioningActivity,
    KeyDecision,
    SignificanceReason,
)
from db.models.contracts import Contract, ContractBuyer, ContractStatus, ProcurementRoute, service_contract
from db.models.history import FIRST_KINDS, Change, ChangeKind
from db.models.organisation import Directorate, Division, Service, ServiceDelivery
from db.models.persisted import PersistedOperation, Registration
from db.models.plans import BusinessPlan, PlanPriority, PlanReference, PlanStatus, PlanSubject
from db.models.providers import Provider, ProviderKind, TradedCompany, TradedCompanyCommissioner
from db.models.throttle import ThrottleBucket
from db.models.version import RegisterVersion
from db.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    "REVIEW_THRESHOLD_PENCE",
    "SIGNIFICANT_VALUE_PENCE",
    "ActivityContract",
    "ApiToken",
    "BusinessPlan",
    "Change",
    "ChangeKind",
    "FIRST_KINDS",
    "CommissioningActivity",
    "Contract",
    "ContractBuyer",
    "ContractStatus",
    "Directorate",
    "Division",
    "KeyDecision",
    "PersistedOperation",
    "PlanPriority",
    "PlanReference",
    "PlanStatus",
    "PlanSubject",
    "ProcurementRoute",
    "Provider",
    "Role",
    "ProviderKind",
    "RegisterVersion",
    "Registration",
    "Service",
    "ServiceDelivery",
    "SignificanceReason",
    "ThrottleBucket",
    "TradedCompany",
    "TradedCompanyCommissioner",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "service_contract",
]

# Every session that writes records advances the register's version, wherever it was made: the listeners are
# registered once, with the tables.
# ... and on PostgreSQL tells every process's live subscriptions when its changes commit.
from db import change_signal as _change_signal  # noqa: E402, F401

# Every session that records a change queues it for the webhooks subscribed to it, in the same transaction.
from db import outbox as _outbox  # noqa: E402, F401
from db import version as _version  # noqa: E402, F401

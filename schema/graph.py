"""How the register's records connect: for every relation field of every type, its key and its batch load.

Kept in one place so the whole graph reads at a glance; `schema.relations.hydrate` follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from db import models
from schema.batches import KindLoad, each_of_kind
from schema.commissioning.loaders import (
    activities_by_id,
    key_decisions_by_activity_id,
    key_decisions_by_id,
    links_by_activity_id,
    links_by_contract_id,
    listed_by_activity_id,
)
from schema.commissioning.types import ActivityLink, CommissioningActivity, KeyDecision
from schema.context import Context
from schema.contracts.loaders import contracts_by_id, contracts_by_service_id
from schema.contracts.types import Contract
from schema.organisation.loaders import (
    directorates_by_id,
    divisions_by_directorate_id,
    divisions_by_id,
    services_by_division_id,
    services_by_id,
    services_by_traded_company_id,
)
from schema.organisation.types import Directorate, Division, Service
from schema.plans.loaders import (
    plans_by_id,
    plans_by_subject,
    priorities_by_plan_id,
    references_by_id,
    references_by_subject,
    subjects_by_key,
)
from schema.plans.types import BusinessPlan, PlanReference
from schema.providers.loaders import (
    commissioners_by_traded_company_id,
    providers_by_activity_id,
    providers_by_id,
    traded_companies_by_id,
    traded_companies_by_provider_id,
)
from schema.providers.types import Commissioner, Provider, TradedCompany
from schema.relations import Relation

reference = models.PlanReference.__table__.c


def _pk(record: object) -> int:
    return record.pk  # type: ignore[attr-defined, no-any-return]


Contract.relations = {
    "provider": Relation("provider", lambda c: c.provider_pk, providers_by_id),
    "directorate": Relation("directorate", lambda c: c.directorate_pk, directorates_by_id),
    "division": Relation("division", lambda c: c.division_pk, divisions_by_id),
    "plans": Relation("plans", _pk, plans_by_subject(reference.contract_id), many=True),
    "references": Relation("references", _pk, references_by_subject(reference.contract_id), many=True),
    "activities": Relation("activities", _pk, links_by_contract_id, many=True),
}
CommissioningActivity.relations = {
    "keyDecision": Relation("key_decision", _pk, key_decisions_by_activity_id),
    "significant": Relation("listed", _pk, listed_by_activity_id),
    "significanceReasons": Relation("listed", _pk, listed_by_activity_id),
    "directorate": Relation("directorate", lambda a: a.directorate_pk, directorates_by_id),
    "division": Relation("division", lambda a: a.division_pk, divisions_by_id),
    "contracts": Relation("contracts", _pk, links_by_activity_id, many=True),
    "providers": Relation("providers", _pk, providers_by_activity_id, many=True),
    "plans": Relation("plans", _pk, plans_by_subject(reference.activity_id), many=True),
    "references": Relation("references", _pk, references_by_subject(reference.activity_id), many=True),
}
KeyDecision.relations = {
    "activity": Relation("activity", lambda d: d.activity_pk, activities_by_id),
}
ActivityLink.relations = {
    "activity": Relation("activity", lambda link: link.activity_pk, activities_by_id),
    "contract": Relation("contract", lambda link: link.contract_pk, contracts_by_id),
}
Provider.relations = {
    "tradedCompany": Relation("traded_company", _pk, traded_companies_by_provider_id),
    "plans": Relation("plans", _pk, plans_by_subject(reference.provider_id), many=True),
    "references": Relation("references", _pk, references_by_subject(reference.provider_id), many=True),
}
TradedCompany.relations = {
    "provider": Relation("provider", lambda t: t.provider_pk, providers_by_id),
    "commissionedBy": Relation("commissioned_by", _pk, commissioners_by_traded_company_id, many=True),
    "services": Relation("services", _pk, services_by_traded_company_id, many=True),
    "plans": Relation("plans", _pk, plans_by_subject(reference.traded_company_id), many=True),
}
Commissioner.relations = {
    "division": Relation("division", lambda c: c.division_pk, divisions_by_id),
}
Directorate.relations = {
    "divisions": Relation("divisions", _pk, divisions_by_directorate_id, many=True),
}
Division.relations = {
    "directorate": Relation("directorate", lambda d: d.directorate_pk, directorates_by_id),
    "services": Relation("services", _pk, services_by_division_id, many=True),
}
Service.relations = {
    "division": Relation("division", lambda s: s.division_pk, divisions_by_id),
    "tradedCompany": Relation("traded_company", lambda s: s.traded_company_pk, traded_companies_by_id),
    "contracts": Relation("contracts", _pk, contracts_by_service_id, many=True),
    "plans": Relation("plans", _pk, plans_by_subject(reference.service_id), many=True),
    "references": Relation("references", _pk, references_by_subject(reference.service_id), many=True),
}
BusinessPlan.relations = {
    "directorate": Relation("directorate", lambda p: p.directorate_pk, directorates_by_id),
    "division": Relation("division", lambda p: p.division_pk, divisions_by_id),
    "priorities": Relation("priorities", _pk, priorities_by_plan_id, many=True),
}
PlanReference.relations = {
    "plan": Relation("plan", lambda r: r.plan_pk, plans_by_id),
    "subject": Relation("subject", lambda r: r.subject_key, subjects_by_key),
}

NodeLoad = KindLoad

NODE_LOADERS: dict[str, NodeLoad] = {
    "Contract": contracts_by_id,
    "CommissioningActivity": activities_by_id,
    "KeyDecision": key_decisions_by_id,
    "Provider": providers_by_id,
    "TradedCompany": traded_companies_by_id,
    "Directorate": directorates_by_id,
    "Division": divisions_by_id,
    "Service": services_by_id,
    "BusinessPlan": plans_by_id,
    "PlanReference": references_by_id,
}


async def records_by_key(context: Context, keys: Sequence[tuple[str, int]]) -> dict[Any, Any]:
    """Records of any type by (type name, primary key), one batch per type; a key with no record is left out."""
    return await each_of_kind(context, keys, NODE_LOADERS)

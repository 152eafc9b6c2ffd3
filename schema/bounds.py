"""How long each list that is not a connection can be: the bound the query cost multiplies by.

A connection is sized by its `first`/`last` (or the default page); every other list of records states its
bound here and in its description, and the register keeps to it, so no list multiplies a query's cost freely.
`tests/schema/test_cost.py` walks the schema to check that every list of objects is sized one way or the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.webhooks import MAX_SUBSCRIPTIONS
from schema.pipeline.windows import MAX_QUARTERS

MAX_GROUPS = 5_000
"""The most groups `contractTotals` and `activityTotals` return; a grouping that makes more is refused."""

RECORD_LIST = 50
"""The most records any list under a record holds (a contract's plans, a service's contracts...)."""

HISTORY = 50
"""The most changes a record's `history` holds: its latest ones."""

IMPORT_PROBLEMS = 100
"""The most bad rows a refused import lists; the last one says how many more there were."""

WEBHOOKS = MAX_SUBSCRIPTIONS
"""The most webhook subscriptions the register keeps, so `webhooks` lists them all."""

WEBHOOK_ATTEMPTS = 100
"""The most entries of a subscription's delivery log one request may ask for (`attempts(last:)`)."""

BASES = 2
"""Value totals come one per basis the register sums: whole-life and per year."""


@dataclass(frozen=True)
class Bound:
    """A list's most entries, and which end of the list is kept when there are more."""

    size: int
    keep_latest: bool = False


_RECORD = Bound(RECORD_LIST)

LIST_BOUNDS: dict[tuple[str, str], Bound] = {
    ("Node", "history"): Bound(HISTORY, keep_latest=True),
    ("Contract", "plans"): _RECORD,
    ("Contract", "references"): _RECORD,
    ("Contract", "activities"): _RECORD,
    ("CommissioningActivity", "contracts"): _RECORD,
    ("CommissioningActivity", "providers"): _RECORD,
    ("CommissioningActivity", "plans"): _RECORD,
    ("CommissioningActivity", "references"): _RECORD,
    ("ContractRisk", "coveredBy"): _RECORD,
    ("Directorate", "divisions"): _RECORD,
    ("Division", "services"): _RECORD,
    ("Service", "contracts"): _RECORD,
    ("Service", "plans"): _RECORD,
    ("Service", "references"): _RECORD,
    ("Provider", "plans"): _RECORD,
    ("Provider", "references"): _RECORD,
    ("TradedCompany", "commissionedBy"): _RECORD,
    ("TradedCompany", "services"): _RECORD,
    ("TradedCompany", "plans"): _RECORD,
    ("Pipeline", "quarters"): Bound(MAX_QUARTERS),
    ("Query", "contractTotals"): Bound(MAX_GROUPS),
    ("Query", "activityTotals"): Bound(MAX_GROUPS),
    ("ContractsImportPayload", "userErrors"): Bound(IMPORT_PROBLEMS),
    ("Query", "webhooks"): Bound(WEBHOOKS),
    ("WebhookSubscription", "attempts"): Bound(WEBHOOK_ATTEMPTS, keep_latest=True),
    ("ImportSummary", "warnings"): Bound(IMPORT_PROBLEMS),
}
"""Lists of records by (type, field); `history` is declared once, on the Node interface, for every record."""

WRITE_ERRORS = 20
"""What a refused write's errors are costed as: they come field by field, and the largest input (a contract
update) has 16 fields. Each is an object of scalars only, so this sizes a few points of cost, nothing more."""

READINGS = 12
"""The most readings of the papers one record carries: a few per field that can rest on one."""

CABINET_MEMBERS = 12
"""The most Cabinet Members one committee paper is from (the papers name one to four)."""

STRUCTURAL_BOUNDS: dict[str, int] = {
    "ValueTotal": BASES,
    "UserError": WRITE_ERRORS,
    "Inference": READINGS,
    "CabinetMember": CABINET_MEMBERS,
}
"""Lists whose length their items' kind fixes, wherever they appear: value totals come one per basis, and a
refused write's errors field by field."""


def at_most(size: int) -> str:
    """The words every bounded list's description carries, so clients know the bound."""
    return f"At most {size} are listed."


def bound_of(type_name: str, interfaces: tuple[str, ...], field: str) -> Bound | None:
    """The bound of a field's list, declared on its type or on an interface the type implements."""
    for owner in (type_name, *interfaces):
        found = LIST_BOUNDS.get((owner, field))
        if found is not None:
            return found
    return None

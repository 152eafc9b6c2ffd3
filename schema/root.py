"""The register's GraphQL schema: every domain's queries merged, with the limits that keep it safe."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from db.outages import outage_of
from db.settings import Settings
from db.throttle import Throttle
from schema import graph  # noqa: F401  (wires every type's relations)
from schema.commissioning.mutations import CommissioningMutations
from schema.commissioning.queries import CommissioningQueries
from schema.commissioning.types import ActivityLink, CommissioningActivity, KeyDecision
from schema.contracts.mutations import ContractMutations
from schema.contracts.queries import ContractQueries
from schema.contracts.types import Contract
from schema.council_dates import COUNCIL_DATE, CouncilDate
from schema.errors import RegisterError
from schema.exchange.mutations import ExchangeMutations
from schema.execution import RegisterExecution
from schema.feed.queries import FeedQueries
from schema.feed.subscriptions import FeedSubscriptions
from schema.filter_bounds import FilterBounds, FilterLimits
from schema.gate import ReadsNeedToken
from schema.history.queries import HistoryQueries
from schema.limits import QueryCost, shape_rule
from schema.lookups import LookupQueries
from schema.nodes import NodeQueries
from schema.organisation.mutations import OrganisationMutations
from schema.organisation.queries import OrganisationQueries
from schema.organisation.types import Directorate, Division, Service
from schema.outages import DatabaseOutages
from schema.pipeline.queries import BoardQueries
from schema.plans.mutations import PlanMutations
from schema.plans.queries import PlanQueries
from schema.plans.types import BusinessPlan, PlanReference
from schema.providers.mutations import ProviderMutations
from schema.providers.queries import ProviderQueries
from schema.providers.types import Provider, TradedCompany
from schema.scalars import SCALARS
from schema.webhooks.mutations import WebhookMutations
from schema.webhooks.queries import WebhookQueries


@strawberry.type(
    description="The council's contracts and commissioning register: every list is a cursor connection with "
    "filters and an order; `node` and `nodes` fetch any record by its ID, and `contract(reference:)` and its "
    "kin by its natural key."
)
class Query(
    NodeQueries,
    LookupQueries,
    OrganisationQueries,
    PlanQueries,
    CommissioningQueries,
    ContractQueries,
    ProviderQueries,
    BoardQueries,
    HistoryQueries,
    FeedQueries,
    WebhookQueries,
):
    pass


@strawberry.type(
    description="Writes to the register, each needing an editor or admin token: every editable record has "
    "`<record>Create`, `<record>Update` (naming the version read) and `<record>Retire`; each returns the record "
    "and `userErrors`, and a refused write changes nothing. Every accepted write is recorded in the history."
)
class Mutation(
    ContractMutations,
    ExchangeMutations,
    CommissioningMutations,
    ProviderMutations,
    OrganisationMutations,
    PlanMutations,
    WebhookMutations,
):
    pass


@strawberry.type(
    description="Live updates over a websocket (graphql-transport-ws at /graphql), authenticated as queries are."
)
class Subscription(FeedSubscriptions):
    pass


# Every record type implements Node, so `node` can return any of them even before a list exposes it.
RECORD_TYPES = [
    ActivityLink,
    BusinessPlan,
    CommissioningActivity,
    Contract,
    Directorate,
    Division,
    KeyDecision,
    PlanReference,
    Provider,
    Service,
    TradedCompany,
]


def _is_internal(error: GraphQLError) -> bool:
    # The client's own mistakes are told in full; anything else is masked so no internals leak.
    # The database's outages are no fault of the register's: DatabaseOutages tells the client what happened.
    original = error.original_error
    return (
        original is not None and not isinstance(original, RegisterError | GraphQLError) and outage_of(original) is None
    )


# Factories, not instances: strawberry builds each extension afresh for every request.
Extension = Callable[[], SchemaExtension] | type[SchemaExtension]


class RegisterSchema(strawberry.Schema):
    """The schema, logging only the register's own failures: a client's mistake is told to the client, and
    a traceback in the server log for each bad query would bury the failures that need someone."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        super().process_errors([error for error in errors if _is_internal(error)], execution_context)


def make_schema(settings: Settings, extra: tuple[Extension, ...] = ()) -> strawberry.Schema:
    """The schema with its limits taken from the settings, and any extensions the app adds."""
    # One memoised walk checks depth, aliases and fragment expansion: strawberry's QueryDepthLimiter and
    # MaxAliasesLimiter walk every path, and a document's paths can double with each fragment it spreads.
    limit_rules: list[type[ASTValidationRule]] = [shape_rule(settings)]
    throttle = Throttle(settings.rate_limit_points, settings.rate_limit_restore)
    return RegisterSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=RECORD_TYPES,
        execution_context_class=RegisterExecution,
        config=StrawberryConfig(
            relay_max_results=settings.max_page_size, scalar_map={**SCALARS, CouncilDate: COUNCIL_DATE}
        ),
        extensions=[
            # The limits' rules are built once, here: a rule class built per request (as QueryDepthLimiter
            # and MaxAliasesLimiter do) is a new validation-cache key every time, so nothing would be cached.
            lambda: AddValidationRules(limit_rules),
            lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=_is_internal),
            ReadsNeedToken,
            DatabaseOutages,
            lambda: QueryCost(throttle=throttle),
            lambda: FilterBounds(limits=FilterLimits.from_settings(settings)),
            *extra,
        ],
    )


schema = make_schema(Settings())

"""The GraphQL the benchmark sends to the register, and the same questions' parameters for the baselines.

Fix a query here when the register's schema moves; keep the parameters below equal to its literals, since
the bare route and pgbench answer the same question from them.
"""

from __future__ import annotations

from datetime import date

PAGE_WITH_PROVIDER = """query Page($after: String) {
  contracts(
    first: 50
    after: $after
    filter: {expiry: {from: "2019-04-01", to: "2021-03-31"}, value: {min: "1000000", basis: ANNUAL}}
    orderBy: {field: END, direction: ASC}
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id reference title
        value { amount currency basis annualised text }
        start { earliest latest precision text }
        end { earliest latest precision text }
        provider { id name }
      }
    }
  }
}"""

PAGE_WITH_PLANS = PAGE_WITH_PROVIDER.replace(
    "provider { id name }", "provider { id name }\n        plans { id title financialYear }"
)


def _varied(query: str, replacements: dict[str, str]) -> str:
    """The query with some of its literals turned into variables; each literal must be there, so a query changed
    above cannot silently leave its varied form asking the old question."""
    for literal, variable in replacements.items():
        if literal not in query:
            raise ValueError(f"{literal!r} is no longer in the query; fix its varied form in bench/queries.py")
        query = query.replace(literal, variable)
    return query


_SIZED = {"($after: String)": "($after: String, $first: Int!)", "first: 50": "first: $first"}

# The same pages with their size a variable, for counting statements at each of several sizes.
PAGE_OF_SIZE = _varied(PAGE_WITH_PROVIDER, _SIZED)
PAGE_WITH_PLANS_OF_SIZE = _varied(PAGE_WITH_PLANS, _SIZED)

# The register pages each quarter's lists (as a Board view would show them), so the benchmark asks for the
# first 50 of each with their counts, over the three years (twelve quarters, the pipeline's cap).
PIPELINE = """query {
  pipeline(from: "Q1 2019/20", to: "Q4 2021/22") {
    quarters {
      label
      keyDecisions(first: 50) { totalCount edges { node { activity { name } } } }
      contractsEnding(first: 50) { totalCount edges { node { contract { reference } } } }
    }
  }
}"""

# The page and the pipeline with every literal a variable: the memory test asks them with ever-changing windows,
# values, orders, sizes and cursors, so its answers fill the response cache and the cold path runs.
PAGE_VARIED = _varied(
    PAGE_WITH_PROVIDER,
    {
        "($after: String)": "($after: String, $first: Int!, $filter: ContractFilter, $order: ContractOrder)",
        "first: 50": "first: $first",
        'filter: {expiry: {from: "2019-04-01", to: "2021-03-31"}, value: {min: "1000000", basis: ANNUAL}}': (
            "filter: $filter"
        ),
        "orderBy: {field: END, direction: ASC}": "orderBy: $order",
    },
)
PIPELINE_VARIED = _varied(
    PIPELINE,
    {
        "query {": "query Pipeline($from: String!, $to: String) {",
        'from: "Q1 2019/20", to: "Q4 2021/22"': "from: $from, to: $to",
    },
)

# A trivial query that any GraphQL server answers: used to tell that the register is up.
TYPENAME = "query { __typename }"

# The literals of the queries above, for the baselines.
PAGE_ROWS = 50
EXPIRY_FROM = date(2019, 4, 1)
EXPIRY_TO = date(2021, 3, 31)
MIN_ANNUAL_PENCE = 1_000_000 * 100
PIPELINE_FROM = date(2019, 4, 1)
PIPELINE_TO = date(2022, 3, 31)
PIPELINE_PER_QUARTER = 50
# How far into the list the late page starts, reached by following cursors rather than by OFFSET.
LATE_PAGE_ROWS = 2_000

"""The queries GraphiQL opens with: the README's, one tab each, so a new user can run the Board's first."""
# ruff: noqa: E501  (the README's queries, line for line)

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """A README query, given an operation name so that its tab has a title."""

    name: str
    summary: str
    query: str

    def tab(self) -> str:
        """The tab's text: what it answers, then the README's query under its name."""
        return f"# {self.summary}\nquery {self.name} {self.query}"


PIPELINE = """{
  pipeline(from: "Q3 2017/18", to: "Q2 2018/19") {
    from to
    decisionTotals { basis amount counted unknown }
    spanningDecisionTotals { basis amount counted unknown }
    quarters {
      label
      keyDecisions(first: 20) {
        totalCount
        edges { node {
          activity { name leadService expectedValue { amount basis text } significanceReasons overThreshold }
          keyDecision { expected { text } }
          span { quarters first last position several } } }
      }
      contractsEnding(first: 20) {
        totalCount
        edges { node { contract { reference title end { text } provider { name } annualValue } } }
      }
      dueDecisionTotals { basis amount counted unknown }
      spanningDecisionTotals { basis amount counted unknown }
      endingContractTotals { basis amount counted unknown }
    }
  }
}"""

EXPIRY_RISKS = """{
  expiryRisks(asOf: "2018-04-01", withinMonths: 18, includeCovered: true) {
    asOf until totalCount
    edges { node {
      contract { reference title end { text } }
      atRisk cover annualValue
      timeLeft { daysToEarliest daysToLatest monthsToEarliest monthsToLatest }
      latestActivity { inferred activity { name keyDecision { expected { text } } } }
      coveredBy { inferred reason activity { name keyDecision { expected { text } } } } } }
  }
}"""

OVER_THRESHOLD = """{
  overThreshold(from: "2017/18", to: "2019/20") {
    threshold { amount basis }
    activities { totalCount edges { node { name annualValue significant significanceReasons
      keyDecision { expected { text } } } } }
    contracts { totalCount edges { node { reference title annualValue end { text } } } }
  }
}"""

CONTRACTS_EXPIRING = """{
  contracts(filter: {expiry: {from: "2018-04-01", to: "2020-03-31"}}, orderBy: {field: END, direction: ASC}, first: 50) {
    totalCount
    valueTotals { basis amount counted unknown }
    pageInfo { hasNextPage endCursor }
    edges { node { reference title end { text earliest latest } value { amount basis annualised }
      provider { name kind } plans { title financialYear } } }
  }
}"""

TRADED_COMPANIES = """{
  tradedCompanies {
    edges { node { name legalForm ownership established { text }
      commissionedBy { arrangement division { name director } }
      services { name delivery contractEnd { text } } } }
  }
}"""

EXAMPLES = (
    Example("Pipeline", "The Board's pipeline: key decisions and contracts ending, quarter by quarter.", PIPELINE),
    Example("ExpiryRisks", "Contracts ending in the next 18 months with no key decision planned.", EXPIRY_RISKS),
    Example("OverThreshold", "What crosses the Board's £1m-a-year review threshold.", OVER_THRESHOLD),
    Example("ContractsExpiring", "Contracts expiring April 2018 to March 2020, soonest first.", CONTRACTS_EXPIRING),
    Example("TradedCompanies", "The council's traded companies and who commissions them.", TRADED_COMPANIES),
)

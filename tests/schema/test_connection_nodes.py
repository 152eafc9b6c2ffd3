"""`nodes` beside `edges` on every connection: the same records, in the same order, for no extra statement."""

from __future__ import annotations

from tests.conftest import GraphQL

ROOT_EDGES = """
{ contracts(first: 5, orderBy: {field: END, direction: ASC}) {
    edges { node { reference provider { name } } } } }
"""
ROOT_NODES = """
{ contracts(first: 5, orderBy: {field: END, direction: ASC}) {
    nodes { reference provider { name } } } }
"""
NESTED_EDGES = """
{ providers(first: 20) {
    edges { node { name contracts(first: 3) { edges { node { reference plans { title } } } } } } } }
"""
NESTED_NODES = """
{ providers(first: 20) {
    edges { node { name contracts(first: 3) { nodes { reference plans { title } } } } } } }
"""


def edge_nodes(connection: dict[str, list[dict[str, object]]]) -> list[object]:
    return [edge["node"] for edge in connection["edges"]]


async def test_the_contracts_page_lists_the_same_records_under_nodes_as_under_edges(graphql: GraphQL) -> None:
    # given the soonest-ending contracts, asked for once through edges and once through nodes
    edges = await graphql(ROOT_EDGES)
    nodes = await graphql(ROOT_NODES)

    # then both name the same contracts and providers in the same order, for the same statements
    assert edges.errors == [] and nodes.errors == []
    assert len(nodes.data["contracts"]["nodes"]) == 5
    assert nodes.data["contracts"]["nodes"] == edge_nodes(edges.data["contracts"])
    assert any(node["provider"] is not None for node in nodes.data["contracts"]["nodes"])
    assert nodes.statements == edges.statements


async def test_a_providers_contracts_list_the_same_records_under_nodes_as_under_edges(graphql: GraphQL) -> None:
    # given each provider's first contracts with their plans, through edges and through nodes
    edges = await graphql(NESTED_EDGES)
    nodes = await graphql(NESTED_NODES)

    # then every provider's nested page holds the same contracts either way, for the same statements
    assert edges.errors == [] and nodes.errors == []
    by_edges = [edge_nodes(edge["node"]["contracts"]) for edge in edges.data["providers"]["edges"]]
    by_nodes = [edge["node"]["contracts"]["nodes"] for edge in nodes.data["providers"]["edges"]]
    assert by_nodes == by_edges
    assert any(page and page[0]["plans"] for page in by_nodes)
    assert nodes.statements == edges.statements


async def test_nodes_and_edges_together_cost_no_more_than_edges_alone(graphql: GraphQL) -> None:
    # given a page asked for through both at once
    both = await graphql(
        "{ contracts(first: 5) { nodes { reference provider { name } } edges { node { provider { name } } } } }"
    )
    alone = await graphql("{ contracts(first: 5) { edges { node { reference provider { name } } } } }")

    # then the page and its providers still load once
    assert both.errors == []
    assert both.statements == alone.statements

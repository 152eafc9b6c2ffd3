"""Every inference visible where it shows: a fact that rests on a reading of the papers says so, with the reason.

All from the SCS Directorate Business Plan 2017-18 (004_1e9d5c562e6bd042.txt) as the seed transcribes it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQL, Tokens

INFERENCES = "inferences { field kind reason }"


async def data(graphql: GraphQL, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await graphql(query, variables)
    assert response.errors == [], response.errors
    return response.data


def kinds(node: dict[str, Any]) -> dict[str, str]:
    return {inference["field"]: inference["kind"] for inference in node["inferences"]}


async def activity(graphql: GraphQL, name: str, selection: str) -> dict[str, Any]:
    found = await data(
        graphql,
        f'query($name: String!) {{ commissioningActivity(directorate: "SCS", name: $name) {{ {selection} }} }}',
        {"name": name},
    )
    result: dict[str, Any] = found["commissioningActivity"]
    return result


async def contract(graphql: GraphQL, reference: str, selection: str) -> dict[str, Any]:
    found = await data(graphql, f"query($r: String!) {{ contract(reference: $r) {{ {selection} }} }}", {"r": reference})
    result: dict[str, Any] = found["contract"]
    return result


async def test_a_tfm_procurements_providers_say_they_are_reached_only_through_inferred_links(
    graphql: GraphQL,
) -> None:
    # when the Board asks who provides what Total Facilities Management 1 re-commissions
    found = await activity(graphql, "Total Facilities Management 1", f"providers {{ name {INFERENCES} }}")

    # then Amey, Kier and Skanska are listed, each saying the link is inferred and why
    assert [p["name"] for p in found["providers"]] == ["Amey", "Kier", "Skanska"]
    for provider in found["providers"]:
        (inference,) = provider["inferences"]
        assert inference["field"] == "providers"
        assert inference["kind"] == "INFERRED_LINK"
        assert "SCS-2017-TFM-" in inference["reason"]
        assert "does not say which replaces which" in inference["reason"]


async def test_a_provider_reached_through_a_stated_link_carries_no_inference(graphql: GraphQL) -> None:
    found = await activity(graphql, "Daisy Updata Communications Ltd (KPSN)", f"providers {{ name {INFERENCES} }}")
    assert found["providers"] == [{"name": "Daisy Updata Communications Ltd", "inferences": []}]


async def test_an_inferred_link_and_a_stated_one_say_which_they_are(graphql: GraphQL) -> None:
    tfm = await activity(graphql, "Total Facilities Management 2", f"contracts {{ inferred {INFERENCES} }}")
    assert {kinds(link)["contract"] for link in tfm["contracts"]} == {"INFERRED_LINK"}
    kpsn = await activity(graphql, "Daisy Updata Communications Ltd (KPSN)", f"contracts {{ {INFERENCES} }}")
    assert [link["inferences"] for link in kpsn["contracts"]] == [[]]


@pytest.mark.parametrize(
    ("reference", "kinds_by_field"),
    [
        pytest.param("SCS-2017-KPSN", {"value": "VALUE_FROM_ACTIVITY"}, id="KPSN £3.5m p/a"),
        pytest.param("SCS-2017-SCC-HARDWARE", {"value": "VALUE_FROM_ACTIVITY"}, id="SCC hardware £1.6m p/a"),
        # Worded as KPSN is ("Current contract expires ..."), so treated the same; no basis printed.
        pytest.param("SCS-2017-MDS", {"value": "VALUE_FROM_ACTIVITY"}, id="Managed Document Service £0.75m"),
        pytest.param("SCS-2017-LIBERI", {"value": "VALUE_FROM_ACTIVITY"}, id="Liberi £0.05m"),
        # Telephony's row states "(current quarterly value)": the contract's own figure, no inference.
        pytest.param("SCS-2017-TELEPHONY", {}, id="Telephony, stated"),
    ],
)
async def test_a_contract_value_copied_from_its_activity_is_marked_as_taken_from_it(
    graphql: GraphQL, reference: str, kinds_by_field: dict[str, str]
) -> None:
    found = await contract(graphql, reference, f"value {{ text }} {INFERENCES}")
    taken = [i for i in found["inferences"] if i["kind"] == "VALUE_FROM_ACTIVITY"]
    assert {i["field"]: i["kind"] for i in taken} == kinds_by_field
    for inference in taken:
        assert f"prints {found['value']['text']}" in inference["reason"]
        assert "taken from the activity" in inference["reason"]


async def test_managed_document_service_holds_its_rows_figure_read_as_whole_life(graphql: GraphQL) -> None:
    found = await contract(graphql, "SCS-2017-MDS", f"value {{ amount basis text }} {INFERENCES}")
    assert found["value"] == {"amount": "750000.00", "basis": "TOTAL", "text": "£0.75m"}
    assert sorted(i["kind"] for i in found["inferences"]) == ["BASIS_ASSUMED", "VALUE_FROM_ACTIVITY"]


async def test_an_amount_with_no_stated_basis_says_its_basis_is_assumed(graphql: GraphQL) -> None:
    # £53m is printed with no basis: read as whole-life, and said to be
    tfm = await activity(graphql, "Total Facilities Management 1", f"expectedValue {{ basis }} {INFERENCES}")
    assert tfm["expectedValue"]["basis"] == "TOTAL"
    (basis,) = [i for i in tfm["inferences"] if i["kind"] == "BASIS_ASSUMED"]
    assert basis["field"] == "expectedValue"
    assert "'£53m' states no basis" in basis["reason"]
    # "£1.1m (p/a)" states its basis
    true_up = await activity(graphql, "Microsoft Software True-Up Licensing", INFERENCES)
    assert "BASIS_ASSUMED" not in [i["kind"] for i in true_up["inferences"]]


@pytest.mark.parametrize(
    ("name", "first_day"), [("Social Care", "2017-04-01"), ("Microsoft Cloud Navigator", "2017-04-01")]
)
async def test_an_open_start_window_says_its_start_is_assumed(graphql: GraphQL, name: str, first_day: str) -> None:
    found = await activity(graphql, name, f"keyDecision {{ expected {{ earliest text }} {INFERENCES} }}")
    decision = found["keyDecision"]
    assert decision["expected"]["earliest"] == first_day
    (inference,) = decision["inferences"]
    assert inference["field"] == "expected"
    assert inference["kind"] == "START_ASSUMED"
    assert f"'{decision['expected']['text']}' states no start" in inference["reason"]


async def test_a_window_with_both_ends_printed_carries_no_inference(graphql: GraphQL) -> None:
    found = await activity(graphql, "Daisy Updata Communications Ltd (KPSN)", f"keyDecision {{ {INFERENCES} }}")
    assert found["keyDecision"]["inferences"] == []


async def test_every_activitys_division_says_it_is_worked_out_from_the_lead_service(graphql: GraphQL) -> None:
    found = await data(
        graphql,
        f"{{ commissioningActivities(first: 50) {{ edges {{ node {{ name leadService "
        f"division {{ name }} {INFERENCES} }} }} }} }}",
    )
    nodes = [edge["node"] for edge in found["commissioningActivities"]["edges"]]
    scs = [node for node in nodes if node["leadService"] is not None]
    assert len(scs) == 24
    for node in scs:
        (division,) = [i for i in node["inferences"] if i["field"] == "division"]
        assert division["kind"] == "DIVISION_FROM_LEAD_SERVICE"
        assert f"lead service '{node['leadService']}'" in division["reason"]
    bsc = next(node for node in scs if node["name"] == "Schools Broadband")
    assert bsc["division"] == {"name": "Infrastructure"}
    assert "The BSC sits within the Infrastructure division" in kinds_reason(bsc, "division")


def kinds_reason(node: dict[str, Any], field: str) -> str:
    return next(i["reason"] for i in node["inferences"] if i["field"] == field)


async def test_an_editor_who_states_the_value_removes_the_reading(graphql: GraphQL, tokens: Tokens) -> None:
    # given the KPSN contract, whose value is taken from its activity
    found = await contract(graphql, "SCS-2017-KPSN", "id record { version }")

    # when an editor writes the value as the contract's own
    response = await graphql(
        """mutation($id: ID!, $v: Int!) { contractUpdate(input: {id: $id, version: $v, value: "£3.4m (p/a)"}) {
             contract { inferences { kind } } userErrors { message } } }""",
        {"id": found["id"], "v": found["record"]["version"]},
        token=tokens.editor,
    )

    # then the contract no longer says its value is taken from the activity
    assert response.errors == [], response.errors
    assert response.data["contractUpdate"] == {"contract": {"inferences": []}, "userErrors": []}

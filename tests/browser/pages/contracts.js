// A front end on its own origin, as a Vite app would be: it lists contracts and, given a token, renames one.
const params = new URLSearchParams(window.location.search);
const register = params.get("register");
const LIST = `{ contracts(first: 10, orderBy: {field: END, direction: ASC}) {
  edges { node { id reference title record { version updatedAt } } } } }`;
const RENAME = `mutation Rename($id: ID!, $version: Int!, $title: String!) {
  contractUpdate(input: {id: $id, version: $version, title: $title}) {
    contract { title record { version } }
    userErrors { field message code }
  } }`;

async function graphql(query, variables, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${register}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function main() {
  const status = document.getElementById("status");
  const listed = await graphql(LIST, {});
  const nodes = listed.data.contracts.edges.map((edge) => edge.node);
  for (const node of nodes) {
    const item = document.createElement("li");
    item.textContent = `${node.reference}: ${node.title}`;
    document.getElementById("contracts").append(item);
  }
  status.textContent = `${nodes.length} contracts`;
  const token = params.get("token");
  if (token) {
    const first = nodes[0];
    const renamed = await graphql(RENAME, { id: first.id, version: first.record.version, title: params.get("title") }, token);
    const errors = renamed.data.contractUpdate.userErrors;
    status.textContent = errors.length ? `refused: ${errors[0].code}` : `renamed ${first.id} to ${renamed.data.contractUpdate.contract.title}`;
  }
}

main()
  .catch((error) => {
    document.getElementById("status").textContent = `failed: ${error}`;
  })
  .finally(() => {
    document.body.dataset.done = "true";
  });

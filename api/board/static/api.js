// The register's public GraphQL API as the page calls it: each operation is one of the shipped .graphql
// documents, sent first by its SHA-256 (Apollo's automatic persisted queries) and with its text when the
// register does not know the hash or does not take persisted queries at all.

const settings = JSON.parse(document.getElementById("board-settings").textContent);
const TOKEN_KEY = "register-token";
const documents = new Map();
// Until a register shows it takes no persisted queries, each operation is tried by its hash alone.
let sendHashFirst = true;

/** Reads are closed to callers without a token, and the page has none (or a refused one). */
export class TokenNeeded extends Error {}

/** The register refused or failed the operation; the message is the register's own. */
export class RegisterError extends Error {}

export function saveToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function operationText(name) {
  if (!documents.has(name)) {
    const loaded = fetch(settings.operations[name].path).then((response) => {
      if (!response.ok) throw new RegisterError(`The page's operation ${name} could not be loaded (${response.status}).`);
      return response.text();
    });
    documents.set(name, loaded);
  }
  return documents.get(name);
}

// Fetched at once, side by side, rather than one by one as each is first run.
for (const name of Object.keys(settings.operations)) operationText(name).catch(() => {});

async function post(body) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(body) });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new TokenNeeded(token ? "The register refused that token." : "The register needs a token to read.");
  }
  try {
    return await response.json();
  } catch {
    throw new RegisterError(`The register answered ${response.status} ${response.statusText}.`);
  }
}

function codes(result) {
  return (result.errors || []).map((error) => (error.extensions && error.extensions.code) || error.message);
}

function answer(result) {
  if (result.errors && result.errors.length) throw new RegisterError(result.errors.map((error) => error.message).join(" "));
  return result.data;
}

/** Run one of the page's operations with its variables and return its data, or throw the register's error. */
export async function run(name, variables) {
  const extensions = { persistedQuery: { version: 1, sha256Hash: settings.operations[name].sha256 } };
  if (sendHashFirst) {
    const result = await post({ operationName: name, variables, extensions });
    const found = codes(result);
    const unknownHash = found.some((code) => /PERSISTED_QUERY_NOT_FOUND|PersistedQueryNotFound/.test(code));
    if (!unknownHash && "data" in result) return answer(result);
    if (!unknownHash) sendHashFirst = false;
  }
  return answer(await post({ operationName: name, query: await operationText(name), variables, extensions }));
}

const settings = JSON.parse(document.getElementById("register-graphiql").textContent);
const url = window.location.href.split("?")[0].split("#")[0];
const base = GraphiQL.createFetcher({ url });

// The example header shows how to send a token; until a real one replaces it, it is not sent.
function fetcher(params, options) {
  const headers = Object.assign({}, options && options.headers);
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === "authorization" && headers[name] === settings.placeholder) {
      delete headers[name];
    }
  }
  return base(params, Object.assign({}, options, { headers }));
}

function RegisterGraphiQL() {
  return React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: settings.tabs.map((query) => ({ query, headers: settings.headers })),
    defaultHeaders: settings.headers,
    defaultEditorToolsVisibility: "headers",
    isHeadersEditorEnabled: true,
    // A token typed into a shared council computer must not outlive the tab.
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
  });
}

ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(RegisterGraphiQL));

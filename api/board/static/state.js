// The page's state lives in its URL, so a link in an email reproduces the view: the window, the filters,
// the risk list's months and the record open, if any.
import { financialYearOf } from "./view.js";

export const DEFAULT_MONTHS = 18;
const FLAGS = ["significant", "over", "consultation"];

/** The state a URL's query string describes; the current financial year and 18 months unless it says. */
export function readState(search, today = new Date()) {
  const params = new URLSearchParams(search);
  const months = Number.parseInt(params.get("months") || "", 10);
  const state = {
    from: params.get("from") || financialYearOf(today),
    to: params.get("to") || "",
    directorate: params.get("directorate") || "",
    text: params.get("text") || "",
    months: Number.isInteger(months) ? months : DEFAULT_MONTHS,
    record: params.get("record") || "",
  };
  for (const flag of FLAGS) state[flag] = params.get(flag) === "1";
  return state;
}

/** The query string for a state, leaving out what is at its default. */
export function writeState(state) {
  const params = new URLSearchParams();
  params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.directorate) params.set("directorate", state.directorate);
  for (const flag of FLAGS) if (state[flag]) params.set(flag, "1");
  if (state.text) params.set("text", state.text);
  if (state.months !== DEFAULT_MONTHS) params.set("months", String(state.months));
  if (state.record) params.set("record", state.record);
  return `?${params.toString()}`;
}

/** The state the controls hold. */
export function stateFromForm(form, record = "") {
  const value = (name) => form.elements[name].value.trim();
  const state = {
    from: value("from"),
    to: value("to"),
    directorate: value("directorate"),
    text: value("text"),
    months: Number.parseInt(value("months"), 10),
    record,
  };
  for (const flag of FLAGS) state[flag] = form.elements[flag].checked;
  return state;
}

/** Put a state into the controls. */
export function fillForm(form, state) {
  for (const name of ["from", "to", "directorate", "text"]) form.elements[name].value = state[name];
  form.elements.months.value = String(state.months);
  for (const flag of FLAGS) form.elements[flag].checked = state[flag];
}

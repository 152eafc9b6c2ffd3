// The Board's pipeline page: reads its state from the URL, asks the register, and draws what view.js maps.
import { RegisterError, TokenNeeded, run, saveToken } from "./api.js";
import { drawChart } from "./chart.js";
import { closeRecord, showRecord, wireRecordDialog } from "./record.js";
import { fillForm, readState, stateFromForm, writeState } from "./state.js";
import { drawTable } from "./tables.js";
import {
  controlsVariables,
  controlsView,
  pipelineVariables,
  pipelineView,
  recordView,
  risksVariables,
  risksView,
  StateError,
} from "./view.js";

const byId = (id) => document.getElementById(id);
let controls = null;
let state = readState(window.location.search);
let opener = null;

function say(message) {
  byId("status").textContent = message;
}

function problem(message) {
  byId("problem").textContent = message;
}

function heading(level, text) {
  const made = document.createElement(`h${level}`);
  made.textContent = text;
  return made;
}

async function loadControls() {
  controls = controlsView(await run("BoardControls", controlsVariables()));
  const select = byId("directorate");
  select.replaceChildren(new Option("All directorates", ""));
  for (const directorate of controls.directorates) select.append(new Option(`${directorate.name} (${directorate.code})`, directorate.code));
  byId("over-label").textContent = `Over the review threshold (${controls.thresholdWords})`;
  fillForm(byId("controls"), state);
}

function drawPipeline(view) {
  byId("pipeline-title").textContent = `Pipeline, ${view.windowWords}`;
  byId("window-note").textContent =
    "Key decisions due and contracts ending in each quarter. A decision whose window spans several quarters is listed in each and marked as spanning.";
  byId("charts").replaceChildren(
    ...view.charts.map((chart, index) => {
      const figure = document.createElement("figure");
      const caption = document.createElement("figcaption");
      caption.textContent = chart.title;
      figure.append(caption, drawChart(chart, `chart-${index}`), drawTable(chart.table));
      return figure;
    }),
  );
  byId("quarters").replaceChildren(
    ...view.quarters.map((quarter) => {
      const section = document.createElement("section");
      section.className = "quarter";
      section.dataset.quarter = quarter.label;
      section.append(heading(3, quarter.label), drawTable(quarter.decisions), drawTable(quarter.contracts));
      return section;
    }),
  );
  byId("pipeline").hidden = false;
}

function drawRisks(view) {
  byId("risks-note").textContent = view.note;
  byId("risk-table").replaceChildren(drawTable(view.table));
  byId("risks").hidden = false;
}

async function openRecord(id) {
  const view = recordView(await run("BoardRecord", { id }));
  if (!view) throw new RegisterError("No record has that ID.");
  showRecord(view, () => {
    state = { ...state, record: "" };
    window.history.pushState(null, "", writeState(state));
    if (opener && document.contains(opener)) opener.focus();
  });
}

function failed(error) {
  if (error instanceof TokenNeeded) {
    byId("token").hidden = false;
    problem(error.message);
    byId("token-value").focus();
    say("");
    return;
  }
  const known = error instanceof RegisterError || error instanceof StateError;
  problem(known ? error.message : `The page could not reach the register: ${error.message}`);
  say("");
}

async function show() {
  problem("");
  say("Loading the pipeline...");
  document.body.dataset.ready = "false";
  try {
    const controlled = controls ? Promise.resolve() : loadControls();
    // Only the directorate and threshold filters need the controls' answer; otherwise both are asked at once.
    if (state.directorate || state.over) await controlled;
    fillForm(byId("controls"), state);
    const [answer] = await Promise.all([run("BoardPipeline", pipelineVariables(state, controls)), controlled]);
    const pipeline = pipelineView(answer);
    drawPipeline(pipeline);
    const variables = risksVariables(state, controls, pipeline);
    drawRisks(risksView(await run("BoardRisks", variables), variables));
    byId("printed").textContent = `Printed ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}. Window: ${pipeline.windowWords}.`;
    say(`Showing ${pipeline.windowWords}.`);
    if (state.record) await openRecord(state.record);
    else closeRecord();
  } catch (error) {
    failed(error);
  } finally {
    document.body.dataset.ready = "true";
  }
}

function wire() {
  byId("source-note").textContent =
    `Source: the council's contracts and commissioning register (${window.location.origin}), ` +
    "transcribed line by line from its published business plans; values and dates are as the papers print them.";
  byId("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    state = stateFromForm(event.target);
    window.history.pushState(null, "", writeState(state));
    show();
  });
  byId("token").addEventListener("submit", (event) => {
    event.preventDefault();
    saveToken(byId("token-value").value.trim());
    byId("token-value").value = "";
    byId("token").hidden = true;
    show();
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.open-record");
    if (!button) return;
    opener = button;
    state = { ...state, record: button.dataset.record };
    window.history.pushState(null, "", writeState(state));
    openRecord(state.record).catch(failed);
  });
  window.addEventListener("popstate", () => {
    state = readState(window.location.search);
    show();
  });
  wireRecordDialog();
}

wire();
show();

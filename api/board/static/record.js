// The record a row opens: a modal dialog holding its facts, the plans' rows about it, its links and history.
import { drawTable } from "./tables.js";

const dialog = () => document.getElementById("record");

/** Show a record (as view.js describes it) in the dialog; closing it calls `onClose`. */
export function showRecord(record, onClose) {
  const box = dialog();
  document.getElementById("record-title").textContent = record.title;
  const body = document.getElementById("record-body");
  const facts = document.createElement("dl");
  for (const [name, value] of record.facts) {
    if (!value) continue;
    const term = document.createElement("dt");
    term.textContent = name;
    const detail = document.createElement("dd");
    detail.textContent = value;
    facts.append(term, detail);
  }
  body.replaceChildren(facts, ...record.tables.map(drawTable));
  box.onclose = onClose;
  if (!box.open) box.showModal();
  document.getElementById("record-close").focus();
}

export function closeRecord() {
  const box = dialog();
  if (box.open) {
    box.onclose = null;
    box.close();
  }
}

export function wireRecordDialog() {
  document.getElementById("record-close").addEventListener("click", () => dialog().close());
}

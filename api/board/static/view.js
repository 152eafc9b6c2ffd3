// Every mapping from the register's answers to what the page shows lives here, and only here: the
// variables each operation is sent with, the columns of each table, the bars of each chart and the
// fields of a record. A change to the API's fields (a new kind of total, a new mark on a row) is a
// change to this module alone; the other modules draw whatever rows, bars and fields it returns.

/** @typedef {{text: string, record?: string, mark?: string}} Cell */
/** @typedef {{caption: string, name: string, columns: string[], rows: {cells: (string|Cell)[], spanning?: boolean}[], note?: string}} Table */

// The rows a quarter lists; twelve quarters of both lists stay within the register's query cost limit.
export const ROWS_PER_QUARTER = 50;
export const RISK_ROWS = 100;

const BASIS_WORDS = { TOTAL: "Whole-life value", ANNUAL: "Value a year", QUARTERLY: "Value a quarter" };

/** Pounds from the register's exact decimal text, grouped in thousands, pence only where there are any. */
export function pounds(amount) {
  if (amount === null || amount === undefined) return "not known";
  const [whole, pence] = String(amount).split(".");
  const negative = whole.startsWith("-");
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = pence && Number(pence) !== 0 ? `${grouped}.${pence}` : grouped;
  return `${negative ? "-" : ""}£${shown}`;
}

function yesNo(value) {
  if (value === true) return "Yes";
  if (value === false) return "No";
  return "N/A";
}

/** The financial year holding a day, as the council writes it: 1 December 2026 is in "2026/27". */
export function financialYearOf(day) {
  const start = day.getMonth() >= 3 ? day.getFullYear() : day.getFullYear() - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The variables of the controls' operation. The threshold is the same in every window, so it is asked of
 * the current financial year: a window the register cannot read then fails the pipeline alone. */
export function controlsVariables(today = new Date()) {
  return { from: financialYearOf(today) };
}

/** The directorates to choose from and the Board's review threshold, from the controls' answer. */
export function controlsView(data) {
  const threshold = data.overThreshold.threshold;
  return {
    directorates: data.directorates.nodes.map((node) => ({ id: node.id, code: node.code, name: node.name })),
    threshold: { amount: threshold.amount, basis: threshold.basis },
    thresholdWords: `${pounds(threshold.amount)} ${threshold.basis === "ANNUAL" ? "a year" : `(${BASIS_WORDS[threshold.basis]})`}`,
  };
}

/** The page's state asks for something the register does not hold (a link with a mistyped code). */
export class StateError extends Error {}

function directorateIds(state, controls) {
  if (!state.directorate) return null;
  const found = controls.directorates.find((directorate) => directorate.code === state.directorate);
  if (!found) throw new StateError(`No directorate has the code "${state.directorate}".`);
  return [found.id];
}

function thresholdRange(controls) {
  return { min: controls.threshold.amount, basis: controls.threshold.basis };
}

/** The pipeline operation's variables for the page's state: the filters as the API's filter inputs. */
export function pipelineVariables(state, controls) {
  const activityFilter = {};
  const contractFilter = {};
  if (state.significant) activityFilter.significant = true;
  if (state.consultation) activityFilter.consultationRequired = true;
  if (state.over) {
    activityFilter.value = thresholdRange(controls);
    contractFilter.value = thresholdRange(controls);
  }
  if (state.text) {
    activityFilter.text = state.text;
    contractFilter.text = state.text;
  }
  return {
    from: state.from,
    to: state.to || null,
    directorateIds: directorateIds(state, controls),
    activityFilter: Object.keys(activityFilter).length ? activityFilter : null,
    contractFilter: Object.keys(contractFilter).length ? contractFilter : null,
    first: ROWS_PER_QUARTER,
  };
}

/** The risk list's variables: from the window's first day, looking the chosen months ahead. */
export function risksVariables(state, controls, pipeline) {
  const filter = {};
  const ids = directorateIds(state, controls);
  if (ids) filter.directorateIds = ids;
  if (state.over) filter.value = thresholdRange(controls);
  if (state.text) filter.text = state.text;
  return {
    asOf: pipeline.asOf,
    withinMonths: state.months,
    filter: Object.keys(filter).length ? filter : null,
    first: RISK_ROWS,
  };
}

function spanWords(span) {
  return span.several ? `Spans ${span.first} to ${span.last}: may fall in this quarter` : "";
}

function decisionRow(quarter, node) {
  const activity = node.activity;
  return {
    spanning: node.span.several,
    cells: [
      quarter.label,
      { text: activity.name, record: activity.id },
      activity.leadService || "",
      activity.directorate ? activity.directorate.code : "",
      activity.expectedValue ? activity.expectedValue.text || "" : "N/A",
      node.keyDecision.expected.text || "",
      yesNo(activity.consultationRequired),
      activity.significant ? "Yes" : "No",
      { text: spanWords(node.span), mark: node.span.several ? "spanning" : undefined },
    ],
  };
}

function contractRow(quarter, node) {
  const contract = node.contract;
  return {
    spanning: node.span.several,
    cells: [
      quarter.label,
      { text: contract.reference, record: contract.id },
      contract.title,
      contract.provider ? contract.provider.name : "",
      contract.end ? contract.end.text || "" : "",
      contract.value ? contract.value.text || "" : "",
      pounds(contract.annualValue),
      { text: spanWords(node.span), mark: node.span.several ? "spanning" : undefined },
    ],
  };
}

function shownOf(connection, noun) {
  const shown = connection.nodes.length;
  return shown < connection.totalCount ? `Showing ${shown} of ${connection.totalCount} ${noun}; narrow the filters to see the rest.` : "";
}

function totalOn(totals, basis) {
  return totals.find((total) => total.basis === basis);
}

function totalWords(total) {
  const unknown = total.unknown ? `, ${total.unknown} not known` : "";
  return `${pounds(total.amount)} (${total.counted} counted${unknown})`;
}

const DECISION_COLUMNS = ["Quarter", "Activity", "Lead service", "Directorate", "Expected value (as printed)", "Key decision", "Public consultation", "Significant", "Spanning"];
const CONTRACT_COLUMNS = ["Quarter", "Reference", "Title", "Provider", "Ends", "Value (as printed)", "Value a year", "Spanning"];

/** The pipeline as the page shows it: per quarter its two tables, a chart per basis, and the window's totals. */
export function pipelineView(data) {
  const pipeline = data.pipeline;
  const bases = pipeline.decisionTotals.map((total) => total.basis);
  const quarters = pipeline.quarters.map((quarter) => ({
    label: quarter.label,
    decisions: {
      caption: `Key decisions due in ${quarter.label}`,
      name: `key-decisions-${quarter.label}`,
      columns: DECISION_COLUMNS,
      rows: quarter.keyDecisions.nodes.map((node) => decisionRow(quarter, node)),
      note: shownOf(quarter.keyDecisions, "key decisions"),
      empty: "No key decision is due.",
    },
    contracts: {
      caption: `Contracts ending in ${quarter.label}`,
      name: `contracts-ending-${quarter.label}`,
      columns: CONTRACT_COLUMNS,
      rows: quarter.contractsEnding.nodes.map((node) => contractRow(quarter, node)),
      note: shownOf(quarter.contractsEnding, "contracts"),
      empty: "No contract ends.",
    },
  }));
  const charts = bases.map((basis) => ({
    basis,
    title: `${BASIS_WORDS[basis]} of key decisions due and of contracts ending, by quarter`,
    series: ["Key decisions due", "Contracts ending"],
    bars: pipeline.quarters.map((quarter) => ({
      label: quarter.label,
      values: [totalOn(quarter.dueDecisionTotals, basis).amount, totalOn(quarter.endingContractTotals, basis).amount],
    })),
    table: {
      caption: `${BASIS_WORDS[basis]} by quarter (the chart as a table)`,
      name: `totals-${basis.toLowerCase()}`,
      columns: [
        "Quarter",
        "Key decisions due",
        "Key decisions that may fall in it (spanning)",
        "Contracts ending",
        "Contracts that may end in it (spanning)",
      ],
      rows: [
        ...pipeline.quarters.map((quarter) => ({
          cells: [
            quarter.label,
            totalWords(totalOn(quarter.dueDecisionTotals, basis)),
            totalWords(totalOn(quarter.spanningDecisionTotals, basis)),
            totalWords(totalOn(quarter.endingContractTotals, basis)),
            totalWords(totalOn(quarter.spanningContractTotals, basis)),
          ],
        })),
        {
          cells: [
            "Spanning several quarters of the window",
            totalWords(totalOn(pipeline.spanningDecisionTotals, basis)),
            "",
            totalWords(totalOn(pipeline.spanningContractTotals, basis)),
            "",
          ],
        },
        {
          cells: [
            "The window, each counted once",
            totalWords(totalOn(pipeline.decisionTotals, basis)),
            "",
            totalWords(totalOn(pipeline.contractTotals, basis)),
            "",
          ],
        },
      ],
      note:
        "A quarter's due totals count what falls wholly in it; what may fall in several quarters is totalled apart " +
        "and counted once in the window, so the quarters' due totals and the spanning row add up to the window's.",
    },
  }));
  return {
    from: pipeline.from,
    to: pipeline.to,
    asOf: pipeline.quarters[0].days.earliest,
    windowWords: pipeline.from === pipeline.to ? pipeline.from : `${pipeline.from} to ${pipeline.to}`,
    quarters,
    charts,
  };
}

function coverWords(node) {
  if (node.cover === "NONE") return "None";
  const inferred = node.coveredBy.filter((link) => link.inferred).map((link) => `${link.activity.name} (inferred: ${link.reason})`);
  return node.cover === "INFERRED" ? `Inferred only: ${inferred.join("; ")}` : "Stated";
}

function latestWords(link) {
  if (!link || !link.activity) return "No linked activity";
  const decision = link.activity.keyDecision ? `key decision ${link.activity.keyDecision.expected.text}` : "no key decision";
  return `${link.activity.name} (${decision}${link.inferred ? "; inferred link" : ""})`;
}

/** The risk list as a table. */
export function risksView(data, variables) {
  const risks = data.expiryRisks;
  return {
    note: `Contracts that may end within ${variables.withinMonths} months of ${variables.asOf} with no key decision planned before they end.`,
    table: {
      caption: `Risk list from ${variables.asOf}, ${variables.withinMonths} months ahead`,
      name: `risk-list-${variables.asOf}`,
      columns: ["Reference", "Title", "Provider", "Ends", "Months left", "Value a year", "Cover", "Latest linked activity"],
      rows: risks.nodes.map((node) => ({
        cells: [
          { text: node.contract.reference, record: node.contract.id },
          node.contract.title,
          node.contract.provider ? node.contract.provider.name : "",
          node.contract.end ? node.contract.end.text || "" : "",
          node.timeLeft.monthsToEarliest === node.timeLeft.monthsToLatest
            ? String(node.timeLeft.monthsToEarliest)
            : `${node.timeLeft.monthsToEarliest} to ${node.timeLeft.monthsToLatest}`,
          pounds(node.annualValue),
          { text: coverWords(node), mark: node.cover === "INFERRED" ? "inferred" : undefined },
          latestWords(node.latestActivity),
        ],
      })),
      note: risks.nodes.length < risks.totalCount ? `Showing ${risks.nodes.length} of ${risks.totalCount}.` : "",
      empty: "No contract is at risk.",
    },
  };
}

function linkRow(link, target) {
  return {
    cells: [
      target.record ? { text: target.text, record: target.record } : target.text,
      link.inferred ? `Inferred: ${link.reason || ""}` : `Stated${link.reason ? `: ${link.reason}` : ""}`,
    ],
  };
}

function referencesTable(node) {
  return {
    caption: "In the plans, as the papers print it",
    name: "plan-references",
    columns: ["Plan", "Year", "Section", "The row as printed"],
    rows: node.references.map((reference) => ({
      cells: [reference.plan ? reference.plan.title : "", reference.plan ? reference.plan.financialYear : "", reference.section, reference.sourceText],
    })),
    empty: "No plan refers to it.",
  };
}

function historyTable(node) {
  return {
    caption: "History of changes",
    name: "history",
    columns: ["When (UTC)", "Who", "Change", "Fields"],
    rows: node.history.map((change) => ({ cells: [change.at, change.actor, change.kind, change.changed.join(", ")] })),
    empty: "Unchanged since it was loaded from the papers.",
  };
}

/** A record opened from a row: its facts, the plans' rows about it, its linked records and its history. */
export function recordView(data) {
  const node = data.node;
  if (!node) return null;
  if (node.__typename === "CommissioningActivity") {
    return {
      title: node.name,
      facts: [
        ["Kind", "Commissioning activity"],
        ["Description", node.description || ""],
        ["Lead service", node.leadService || ""],
        ["Directorate", node.directorate ? node.directorate.name : ""],
        ["Expected value (as printed)", node.expectedValue ? node.expectedValue.text || "" : "N/A"],
        ["Value a year", pounds(node.annualValue)],
        ["Key decision", node.keyDecision ? node.keyDecision.expected.text || "" : "None needed"],
        ["Decision maker", node.keyDecision ? node.keyDecision.decisionMaker || "not stated" : ""],
        ["Public consultation", yesNo(node.consultationRequired)],
        ["Significant", node.significant ? `Yes (${node.significanceReasons.join(", ")})` : "No"],
        ["Source", node.record.source || ""],
      ],
      tables: [
        referencesTable(node),
        {
          caption: "Contracts it concerns",
          name: "linked-contracts",
          columns: ["Contract", "Link"],
          rows: node.contracts.map((link) => linkRow(link, { text: `${link.contract.reference}: ${link.contract.title}`, record: link.contract.id })),
          empty: "No linked contract.",
        },
        historyTable(node),
      ],
    };
  }
  return {
    title: `${node.reference}: ${node.title}`,
    facts: [
      ["Kind", "Contract"],
      ["Description", node.description || ""],
      ["Provider", node.provider ? node.provider.name : ""],
      ["Directorate", node.directorate ? node.directorate.name : ""],
      ["Status", node.status],
      ["Value (as printed)", node.value ? node.value.text || "" : ""],
      ["Value a year", pounds(node.annualValue)],
      ["Starts", node.start ? node.start.text || "" : ""],
      ["Ends", node.end ? node.end.text || "" : ""],
      ["Extension options", node.extensionOptions || ""],
      ["Source", node.record.source || ""],
    ],
    tables: [
      referencesTable(node),
      {
        caption: "Commissioning activities linked to it",
        name: "linked-activities",
        columns: ["Activity", "Link"],
        rows: node.activities.map((link) =>
          linkRow(link, {
            text: `${link.activity.name}${link.activity.keyDecision ? ` (key decision ${link.activity.keyDecision.expected.text})` : ""}`,
            record: link.activity.id,
          }),
        ),
        empty: "No linked activity.",
      },
      historyTable(node),
    ],
  };
}

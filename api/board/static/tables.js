// Tables as the page draws them, and each table's CSV, made in the browser from the same rows.

const cellText = (cell) => (typeof cell === "string" ? cell : cell.text);

function csvField(text) {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV (RFC 4180): its header row, then each row's cells as the page shows them. */
export function toCsv(table) {
  const lines = [table.columns, ...table.rows.map((row) => row.cells.map(cellText))];
  return `${lines.map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function element(name, properties = {}, children = []) {
  const made = document.createElement(name);
  Object.assign(made, properties);
  made.append(...children);
  return made;
}

function cellElement(cell, index) {
  const made = element(index === 0 ? "th" : "td");
  if (index === 0) made.scope = "row";
  if (typeof cell === "string") {
    made.textContent = cell;
    return made;
  }
  if (cell.mark) made.dataset.mark = cell.mark;
  if (cell.record && cell.text) {
    const open = element("button", { type: "button", className: "open-record", textContent: cell.text });
    open.dataset.record = cell.record;
    made.append(open);
  } else {
    made.textContent = cell.text;
  }
  return made;
}

function downloadLink(table) {
  // A real link holding the CSV itself, made when the table is drawn: the download is the member's own
  // click, and nothing is left to free when the table is drawn again.
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(table))}`;
  const link = element("a", { href, className: "download", textContent: "Download CSV" });
  link.download = `${table.name.replace(/[^A-Za-z0-9-]+/g, "-")}.csv`;
  link.setAttribute("aria-label", `Download CSV: ${table.caption}`);
  return link;
}

/** A table with its caption, column headers, an optional note and its CSV download. */
export function drawTable(table) {
  const wrapper = element("div", { className: "table" });
  wrapper.dataset.table = table.name;
  const drawn = element("table", {}, [element("caption", { textContent: table.caption })]);
  drawn.append(element("thead", {}, [element("tr", {}, table.columns.map((column) => element("th", { scope: "col", textContent: column })))]));
  const body = element("tbody");
  for (const row of table.rows) {
    const line = element("tr", {}, row.cells.map(cellElement));
    if (row.spanning) line.className = "spanning";
    body.append(line);
  }
  drawn.append(body);
  if (!table.rows.length && table.empty) {
    const line = element("tr", {}, [element("td", { colSpan: table.columns.length, textContent: table.empty })]);
    line.className = "empty";
    body.append(line);
  }
  wrapper.append(drawn);
  if (table.note) wrapper.append(element("p", { className: "note", textContent: table.note }));
  wrapper.append(downloadLink(table));
  return wrapper;
}

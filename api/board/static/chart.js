// Bar charts as SVG, drawn by the register's own small module: per quarter one bar per series, told apart
// by fill and pattern as well as shade (readable in greyscale and on paper), each with its value printed.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 600;
const HEIGHT = 250;
const MARGIN = { top: 24, right: 12, bottom: 48, left: 12 };
// Solid dark, and white with dark diagonal hatching: distinct without colour.
const FILLS = ["#1f1f1f", "url(#hatch)"];

function svg(name, attributes = {}, text = "") {
  const made = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, String(value));
  if (text) made.textContent = text;
  return made;
}

/** A short figure for a bar's label: £53.0m, £280k, £0. */
export function shortPounds(amount) {
  const value = Number(amount);
  if (value >= 1e6) return `£${(value / 1e6).toFixed(1)}m`;
  if (value >= 1e3) return `£${Math.round(value / 1e3)}k`;
  return `£${Math.round(value)}`;
}

function hatch(id) {
  const pattern = svg("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pattern.append(svg("rect", { width: 6, height: 6, fill: "#ffffff" }), svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#1f1f1f", "stroke-width": 3 }));
  return pattern;
}

function legend(chart, hatchId) {
  const group = svg("g", { transform: `translate(${MARGIN.left}, ${HEIGHT - 16})` });
  chart.series.forEach((name, index) => {
    const x = index * 220;
    const fill = FILLS[index] === "url(#hatch)" ? `url(#${hatchId})` : FILLS[index];
    group.append(svg("rect", { x, y: -10, width: 14, height: 14, fill, stroke: "#1f1f1f" }));
    group.append(svg("text", { x: x + 20, y: 2, "font-size": 13, fill: "#1f1f1f" }, name));
  });
  return group;
}

/** The chart as an SVG element, with a title and description for assistive technology. */
export function drawChart(chart, id) {
  const hatchId = `hatch-${id}`;
  const drawn = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc`, class: "chart" });
  drawn.append(svg("title", { id: `${id}-title` }, chart.title));
  drawn.append(svg("desc", { id: `${id}-desc` }, "The same figures are in the table below the chart."));
  const defs = svg("defs");
  defs.append(hatch(hatchId));
  drawn.append(defs);
  const largest = Math.max(1, ...chart.bars.flatMap((bar) => bar.values.map(Number)));
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, chart.bars.length);
  const barWidth = Math.min(48, (slot - 16) / chart.series.length);
  const baseline = MARGIN.top + plotHeight;
  drawn.append(svg("line", { x1: MARGIN.left, y1: baseline, x2: WIDTH - MARGIN.right, y2: baseline, stroke: "#1f1f1f" }));
  chart.bars.forEach((bar, slotIndex) => {
    const left = MARGIN.left + slotIndex * slot + (slot - barWidth * chart.series.length) / 2;
    bar.values.forEach((value, index) => {
      const height = (Number(value) / largest) * plotHeight;
      const x = left + index * barWidth;
      const fill = FILLS[index] === "url(#hatch)" ? `url(#${hatchId})` : FILLS[index];
      drawn.append(svg("rect", { x, y: baseline - height, width: barWidth - 4, height: Math.max(height, 0.5), fill, stroke: "#1f1f1f" }));
      drawn.append(svg("text", { x: x + (barWidth - 4) / 2, y: baseline - height - 4, "text-anchor": "middle", "font-size": 11, fill: "#1f1f1f" }, shortPounds(value)));
    });
    drawn.append(svg("text", { x: MARGIN.left + slotIndex * slot + slot / 2, y: baseline + 16, "text-anchor": "middle", "font-size": 12, fill: "#1f1f1f" }, bar.label));
  });
  drawn.append(legend(chart, hatchId));
  return drawn;
}

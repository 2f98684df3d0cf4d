// What the admin view, the managers' dashboard and the backtest page share: the API key, JSON reads, CSV downloads, and a report section
// (a heading, an optional chart drawn by Chart.js, the same numbers as a table behind it, and its CSV export).
// CRM text goes into the page with textContent only; nothing here writes HTML.
"use strict";

const keyStore = "crmsuite-api-key";

function withKey(options) {
  const key = sessionStorage.getItem(keyStore);
  return key ? { ...options, headers: { ...(options && options.headers), "X-CrmSuite-Key": key } } : options;
}

// A connector bound beyond loopback requires its API key on every /api request: asked once, kept for this tab only.
async function fetchWithKey(url, options) {
  const sent = sessionStorage.getItem(keyStore);
  let response = await fetch(url, withKey(options));
  if (response.status === 401) {
    const current = sessionStorage.getItem(keyStore);
    if (current && current !== sent) {
      // Another request of this page asked for the key meanwhile (the dashboard reads two things at once).
      return fetch(url, withKey(options));
    }
    sessionStorage.removeItem(keyStore);
    const key = window.prompt("This connector asks for its API key (the Connector:ApiKey its admin set):");
    if (key) {
      sessionStorage.setItem(keyStore, key);
      response = await fetch(url, withKey(options));
    }
  }
  return response;
}

export async function getJson(url) {
  return answerOf(await fetchWithKey(url));
}

// The text the URL answers (a chart's SVG), or throws with the problem's detail.
export async function getText(url) {
  const response = await fetchWithKey(url);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  return response.text();
}

// POSTs `value` as JSON (same origin, with the key) and returns the JSON answer, or throws with the problem's detail.
export async function postJson(url, value) {
  return answerOf(await fetchWithKey(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) }));
}

async function answerOf(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  return body;
}

// Saves what the URL answers (a CSV export, the report's JSON) as a file.
export async function downloadCsv(url, fileName) {
  const response = await fetchWithKey(url);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// How a cell reads on the page; the exact value stays in the cell's data-value for anyone who needs it.
export function formatCell(value, kind) {
  if (value === null || value === undefined) {
    return "—";
  }
  switch (kind) {
    case "count": return grouped.format(value);
    case "money": return money.format(value);
    case "percent": return `${percent.format(value * 100)} %`;
    case "number": return String(value);
    case "timestamp": return String(value).replace("T", " ").replace(/\.\d+/, "").replace(/(\+00:00|Z)$/, "Z");
    default: return String(value);
  }
}

export function renderTable(table) {
  const element = document.createElement("table");
  element.className = "report-table";
  element.dataset.table = table.id;
  const caption = document.createElement("caption");
  const partial = table.total !== null && table.total !== undefined && table.total > table.rows.length;
  caption.textContent = partial ? `The newest ${table.rows.length} of ${table.total}; the CSV has up to 10,000.` : table.title;
  caption.classList.toggle("visually-hidden", !partial);
  element.append(caption);
  const head = element.createTHead().insertRow();
  for (const column of table.columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column.label;
    th.dataset.key = column.key;
    th.className = column.kind;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      const column = table.columns[i];
      const cell = i === 0 ? document.createElement("th") : document.createElement("td");
      if (i === 0) {
        cell.scope = "row";
      }
      cell.className = column.kind;
      cell.dataset.key = column.key;
      cell.dataset.value = value === null ? "" : String(value);
      cell.textContent = formatCell(value, column.kind);
      tr.append(cell);
    });
  }
  if (table.rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = table.columns.length;
    td.className = "empty";
    td.textContent = "None.";
  }
  return element;
}

// One report: its section (found by data-report or made), chart when `chart` draws one, table, CSV button.
// `chart(canvas, table)` returns the Chart it drew; the previous one is destroyed first. With `collapsed` the table sits
// behind a *Table* disclosure even without a chart.
const charts = new Map();

// A report's empty section and its header (its heading and its CSV button, which the caller makes work).
export function reportSection(table) {
  const section = document.createElement("section");
  section.className = table.columns.length > 7 ? "report wide" : "report";
  section.dataset.report = table.id;
  section.setAttribute("aria-labelledby", `report-${table.id}`);
  const header = document.createElement("header");
  const heading = document.createElement("h2");
  heading.id = `report-${table.id}`;
  heading.textContent = table.title;
  const csv = document.createElement("button");
  csv.type = "button";
  csv.className = "csv";
  csv.textContent = "Download CSV";
  csv.setAttribute("aria-label", `Download ${table.title} as CSV`);
  header.append(heading, csv);
  section.append(header);
  return section;
}

export function renderReport(host, table, csvUrl, chart, collapsed) {
  const section = reportSection(table);
  const old = host.querySelector(`section[data-report="${table.id}"]`);
  if (old) {
    old.replaceWith(section);
  } else {
    host.append(section);
  }
  section.querySelector("button.csv").addEventListener("click", () => downloadCsv(csvUrl, `${table.id}.csv`).catch(error => say(error.message, true)));

  charts.get(table.id)?.destroy();
  charts.delete(table.id);
  if (chart && table.rows.length > 0) {
    const figure = document.createElement("figure");
    // A bar per row (a horizontal bar chart) needs room for each row's label.
    if (chart.rowsTall) {
      figure.style.height = `${Math.max(12, table.rows.length * 1.4 + 4)}rem`;
    }
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `${table.title}, as a chart; the table below has the same numbers.`);
    figure.append(canvas);
    section.append(figure);
    charts.set(table.id, chart(canvas, table));
    section.append(tableView(table));
  } else if (collapsed) {
    section.append(tableView(table));
  } else {
    section.append(renderTable(table));
  }
  return section;
}

// A *Table* disclosure with the report's table.
function tableView(table) {
  const details = document.createElement("details");
  details.className = "table-view";
  const summary = document.createElement("summary");
  summary.textContent = "Table";
  details.append(summary, renderTable(table));
  return details;
}

export function say(text, isError) {
  const line = document.getElementById("status");
  line.textContent = text;
  line.classList.toggle("error", Boolean(isError));
}

// The column's values of every row, for a chart's data.
export function column(table, key) {
  const index = table.columns.findIndex(c => c.key === key);
  return table.rows.map(row => row[index]);
}

export const palette = ["#1f5fbf", "#2e8540", "#b3261e", "#8a5a00", "#6b4fa0", "#00787a", "#a0306e", "#4b5563"];

// The options every chart shares: no animation (the page is read, not watched), a legend, labels in the page's font.
export function baseOptions(extra) {
  return { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } }, ...extra };
}

// The managers' dashboard (loaded by dashboard-boot.js after the first paint): one metrics report (the same as `crmsuite metrics --format json`) for a period and filter,
// its charts (drawn by the host as SVG), each with its table and CSV. Filters live in the address (?from=…&to=…), so a
// view can be shared. What loads when (docs/dashboard.md): the first page comes with its tiles, its sections and their
// charts in the HTML (the host's kept snapshot), so this script only adds the filters' choices, the CSV downloads and the
// tables, each built when its *Table* is opened. Another view is built here: its sections at once, a chart fetched when
// its section comes into view.
import { downloadCsv, formatCell, getJson, getText, renderTable, reportSection, say } from "/reports.js";

const form = document.getElementById("filters");
const host = document.getElementById("reports");
const kpis = document.getElementById("kpis");
const fields = ["from", "to", "by", "segment", "csm", "playbook"];

function query() {
  const params = new URLSearchParams();
  for (const name of fields) {
    const value = form.elements[name].value;
    if (value) {
      params.set(name, value);
    }
  }
  return params.toString();
}

// Without a query the address is the one the page preloads (the first page's snapshot, kept by the host).
function metricsUrl(q) {
  return q ? `/api/dashboard/metrics?${q}` : "/api/dashboard/metrics";
}

function option(select, value, label) {
  select.add(new Option(label, value));
}

// The tiles are in the page's HTML (the host writes the first page's snapshot into them); a report read here refills them.
function renderKpis(totals, currency) {
  const values = new Map(totals.rows.map(row => [row[1], row[2]]));
  for (const item of kpis.querySelectorAll("li")) {
    const value = values.get(item.dataset.field);
    item.dataset.value = value === null || value === undefined ? "" : String(value);
    item.querySelector(".label").textContent = item.dataset.kind === "money" ? `${item.dataset.label} (${currency})` : item.dataset.label;
    item.querySelector(".value").textContent = formatCell(value, item.dataset.kind);
  }
}

// A report's section as the host writes it (DashboardPage.cs): heading, CSV button, the chart's figure, the Table view.
// `charted`: whether the host draws a chart of the table (the view lists those in `charts`).
function section(table, charted) {
  const element = reportSection(table);
  if (charted) {
    const figure = document.createElement("figure");
    figure.className = "svg";
    element.append(figure);
  }
  const details = document.createElement("details");
  details.className = "table-view";
  const summary = document.createElement("summary");
  summary.textContent = "Table";
  details.append(summary);
  element.append(details);
  return element;
}

// What a section does: its CSV button downloads the table, its Table view builds the table when first opened.
function wire(element, table, q) {
  const csv = element.querySelector("button.csv");
  csv.disabled = false;
  csv.addEventListener("click", () =>
    downloadCsv(`/api/dashboard/metrics/${encodeURIComponent(table.id)}.csv?${q}`, `${table.id}.csv`).catch(error => say(error.message, true)));
  const details = element.querySelector("details.table-view");
  details.addEventListener("toggle", () => {
    if (details.open && !details.querySelector("table")) {
      details.append(renderTable(table));
    }
  });
}

// Charts are fetched when their section is in view (the first screen's at once, the others as they scroll in).
let observer;
let generation = 0;

function inView(element) {
  const box = element.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}

async function drawChart(element, q, mine) {
  const text = await getText(`/api/dashboard/charts/${encodeURIComponent(element.dataset.report)}.svg?${q}`);
  if (mine !== generation) {
    return;
  }
  const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  element.querySelector("figure").replaceChildren(document.importNode(svg, true));
  element.dataset.drawn = "true";
}

function everyChartDrawn(charted) {
  if (charted.every(s => s.dataset.drawn)) {
    host.dataset.everyChart = "drawn";
    performance.mark("dashboard-every-chart");
  }
}

// `written`: the page's HTML came with the first screen's charts (and says so), the others are drawn here.
async function drawLazily(sections, q, written) {
  const mine = ++generation;
  observer?.disconnect();
  const charted = sections.filter(s => s.querySelector("figure"));
  await Promise.all(charted.filter(s => !s.dataset.drawn && inView(s)).map(s => drawChart(s, q, mine)));
  if (mine !== generation) {
    return;
  }
  if (!written) {
    host.dataset.firstScreen = "drawn";
    performance.mark("dashboard-first-screen");
  }
  everyChartDrawn(charted);
  observer = new IntersectionObserver(entries => {
    const shown = entries.filter(e => e.isIntersecting).map(e => e.target);
    shown.forEach(s => observer.unobserve(s));
    Promise.all(shown.map(s => drawChart(s, q, mine)))
      .then(() => mine === generation && everyChartDrawn(charted))
      .catch(error => say(`Could not draw the charts: ${error.message}`, true));
  }, { rootMargin: "200px 0px" });
  charted.filter(s => !s.dataset.drawn).forEach(s => observer.observe(s));
}

// The report for the filters in the form, or (`pending`, already asked for) the first page's, the default period.
let loads = 0;

async function load(pending) {
  // A later load (Apply pressed again, or while the first page's report was still coming) wins: an earlier one stops.
  const mine = ++loads;
  const q = pending ? "" : query();
  history.replaceState(null, "", q ? `?${q}` : location.pathname);
  if (!host.dataset.computedAt) {
    say("Computing…");
  }
  try {
    const view = await (pending || getJson(metricsUrl(q)));
    if (mine !== loads) {
      return;
    }
    // The page's HTML holds this very report (the host's snapshot, charts drawn): its sections are kept as they are, and
    // its period too (already in the form, where the reader may have started to change it).
    const written = !q && host.dataset.computedAt === view.computedAt;
    if (!written) {
      form.elements.from.value = view.from;
      form.elements.to.value = view.to;
    }
    const tables = written ? new URLSearchParams({ from: view.from, to: view.to, by: view.by }).toString() : query();
    delete host.dataset.computedAt;
    if (!written) {
      delete host.dataset.firstScreen;
      delete host.dataset.everyChart;
      host.replaceChildren(...view.tables.map(table => section(table, view.charts.includes(table.id))));
    }
    for (const table of view.tables) {
      if (table.id === "totals") {
        renderKpis(table, view.currency);
      }
      wire(host.querySelector(`section[data-report="${CSS.escape(table.id)}"]`), table, tables);
    }
    say(`${view.from} to ${view.to}, in ${view.currency}; computed at ${formatCell(view.computedAt, "timestamp")}.`);
    await drawLazily([...host.querySelectorAll("section")], tables, written);
  } catch (error) {
    if (mine === loads) {
      say(`Could not compute the report: ${error.message}`, true);
    }
  }
}

async function start() {
  const initial = new URLSearchParams(location.search);
  // The first page (no filter in the address) asks for its report and its filters' options at once, both preloaded.
  const first = fields.some(name => initial.get(name)) ? null : getJson(metricsUrl(""));
  first?.catch(() => {});
  try {
    const options = await getJson("/api/dashboard/options");
    for (const segment of options.segments) {
      option(form.elements.segment, segment, segment.replace(/_/g, " "));
    }
    for (const csm of options.csms) {
      option(form.elements.csm, csm.id, csm.title);
    }
    for (const playbook of options.playbooks) {
      option(form.elements.playbook, playbook.id, playbook.title);
    }
  } catch (error) {
    say(`Could not read the filters: ${error.message}`, true);
  }
  for (const name of fields) {
    if (initial.get(name)) {
      form.elements[name].value = initial.get(name);
    }
  }
  await load(first);
}

form.addEventListener("submit", event => {
  event.preventDefault();
  load();
});
const json = document.getElementById("json");
json.addEventListener("click", () =>
  downloadCsv(`/api/dashboard/metrics.json?${query()}`, "metrics.json").catch(error => say(error.message, true)));
// The buttons wait, disabled, until this script makes them work (the page may be drawn before it runs).
form.querySelector("button[type=submit]").disabled = false;
json.disabled = false;
start();

// The managers' dashboard: one metrics report (the same as `crmsuite metrics --format json`) for a period and filter,
// drawn as charts, each with its table and CSV. Filters live in the address (?from=…&to=…), so a view can be shared.
// What loads when (docs/dashboard.md): the tiles come in the page's HTML; Chart.js is loaded by this script (preloaded
// by the page's head) and draws the charts of the first screen at once, the others when they scroll into view; a chart's
// table is built when its *Table* is opened. The matrix chart's script is loaded with the cohort heat map.
import { baseOptions, column, downloadCsv, drawChart, formatCell, getJson, palette, renderReport, say } from "/reports.js";

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

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

let chartJs;
let matrixJs;
const chartLibrary = () => chartJs ??= loadScript(document.getElementById("chart-js").href);
const matrixLibrary = () => matrixJs ??= chartLibrary().then(() => loadScript(document.querySelector("meta[name='matrix-js']").content));
// Load the library at once: the first screen's charts need it as soon as the report is in.
chartLibrary().catch(() => {});

function option(select, value, label) {
  select.add(new Option(label, value));
}

const percentAxis = { beginAtZero: true, ticks: { callback: value => `${Math.round(value * 100)} %` } };

const lineOf = (keys) => (canvas, table) => new window.Chart(canvas, {
  type: "line",
  data: {
    labels: column(table, "group"),
    datasets: keys.map((key, i) => ({
      label: table.columns.find(c => c.key === key).label,
      data: column(table, key),
      borderColor: palette[i],
      backgroundColor: palette[i],
      spanGaps: true,
    })),
  },
  options: baseOptions({ scales: { y: percentAxis } }),
});

// A waterfall: each step a floating bar from the running total before it to the one after it; start and end from zero.
function waterfall(canvas, table) {
  const steps = column(table, "step");
  const amounts = column(table, "amount");
  const running = column(table, "runningTotal");
  const last = steps.length - 1;
  const bars = steps.map((_, i) => i === 0 || i === last ? [0, running[i]] : [running[i] - amounts[i], running[i]]);
  const colors = steps.map((_, i) => i === 0 || i === last ? palette[0] : amounts[i] >= 0 ? palette[1] : palette[2]);
  return new window.Chart(canvas, {
    type: "bar",
    data: { labels: steps, datasets: [{ label: table.title, data: bars, backgroundColor: colors }] },
    options: baseOptions({ plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }),
  });
}

// The cohort heat map: one cell per cohort and month after, coloured by NRR (Chart.js's matrix chart).
function heatmap(canvas, table) {
  const months = table.columns.filter(c => /^m\d+$/.test(c.key));
  const cohorts = column(table, "month");
  const cells = [];
  table.rows.forEach(row => {
    months.forEach(m => {
      const value = row[table.columns.indexOf(m)];
      if (value !== null) {
        cells.push({ x: m.label, y: row[0], v: value });
      }
    });
  });
  return new window.Chart(canvas, {
    type: "matrix",
    data: {
      datasets: [{
        label: "NRR",
        data: cells,
        backgroundColor: ctx => heat(ctx.raw && ctx.raw.v),
        borderColor: "#fff",
        borderWidth: 1,
        width: ({ chart }) => (chart.chartArea || {}).width / Math.max(1, months.length) - 1,
        height: ({ chart }) => (chart.chartArea || {}).height / Math.max(1, cohorts.length) - 1,
      }],
    },
    options: baseOptions({
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: ctx => `${ctx.raw.y}, ${ctx.raw.x}: ${formatCell(ctx.raw.v, "percent")}` } } },
      scales: {
        x: { type: "category", labels: months.map(m => m.label), offset: true, grid: { display: false } },
        y: { type: "category", labels: cohorts, offset: true, grid: { display: false } },
      },
    }),
  });
}

// Below 100 % red, above it green, darker the further from 100 %.
function heat(value) {
  if (value === undefined || value === null) {
    return "#eee";
  }
  const strength = Math.min(1, Math.abs(value - 1) * 2);
  return value >= 1 ? `rgba(46, 133, 64, ${0.25 + 0.75 * strength})` : `rgba(179, 38, 30, ${0.25 + 0.75 * strength})`;
}

function funnel(canvas, table) {
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "step"),
      datasets: [{ label: "Accounts (states) or proposals (outcomes)", data: column(table, "accounts"),
        backgroundColor: column(table, "kind").map(k => k === "outcome" ? palette[3] : palette[0]) }],
    },
    options: baseOptions({ indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }),
  });
}

// Completed, superseded and open tasks per CSM; the outcomes of the completed ones are in the table.
const csmNames = new Map();

function csmOutcomes(canvas, table) {
  const stacks = ["completed", "superseded", "open"].map(key => table.columns.find(c => c.key === key));
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "csm").map(id => csmNames.get(id) || id),
      datasets: stacks.map((c, i) => ({ label: c.label, data: column(table, c.key), backgroundColor: palette[i % palette.length] })),
    },
    options: baseOptions({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }),
  });
}

function adoption(canvas, table) {
  return new window.Chart(canvas, {
    type: "line",
    data: {
      labels: column(table, "daysAfterUpgrade").map(d => `${d} days`),
      datasets: [{ label: "Seat utilization", data: column(table, "seatUtilization"), borderColor: palette[0], backgroundColor: palette[0] }],
    },
    options: baseOptions({ scales: { y: percentAxis } }),
  });
}

function chartFor(id) {
  switch (id) {
    case "retention": return lineOf(["nrr", "grr"]);
    case "upgrades": return lineOf(["upgradeRate", "proposalAcceptanceRate"]);
    case "waterfall": return waterfall;
    case "cohorts": return heatmap;
    case "csm-outcomes": return csmOutcomes;
    case "adoption": return adoption;
    default: return id.startsWith("funnel-") ? funnel : null;
  }
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

// Charts are drawn when their section is in view (the first screen's at once, the others as they scroll in).
let observer;
let generation = 0;

function inView(section) {
  const box = section.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}

async function draw(sections, mine) {
  if (sections.some(s => s.dataset.report === "cohorts")) {
    await matrixLibrary();
  }
  await chartLibrary();
  if (mine === generation) {
    sections.forEach(drawChart);
  }
}

function everyChartDrawn(sections) {
  if (sections.every(s => s.dataset.drawn)) {
    host.dataset.everyChart = "drawn";
    performance.mark("dashboard-every-chart");
  }
}

async function drawLazily(sections) {
  const mine = ++generation;
  observer?.disconnect();
  delete host.dataset.firstScreen;
  delete host.dataset.everyChart;
  const charted = sections.filter(s => s.querySelector("canvas"));
  const first = charted.filter(inView);
  await draw(first, mine);
  if (mine !== generation) {
    return;
  }
  host.dataset.firstScreen = "drawn";
  performance.mark("dashboard-first-screen");
  everyChartDrawn(charted);
  observer = new IntersectionObserver(entries => {
    const shown = entries.filter(e => e.isIntersecting).map(e => e.target);
    shown.forEach(s => observer.unobserve(s));
    if (shown.length > 0) {
      draw(shown, mine).then(() => everyChartDrawn(charted)).catch(error => say(`Could not draw the charts: ${error.message}`, true));
    }
  }, { rootMargin: "200px 0px" });
  charted.filter(s => !s.dataset.drawn).forEach(s => observer.observe(s));
}

// The report for the filters in the form; `pending`, when given, is that report already asked for.
async function load(pending) {
  const q = query();
  history.replaceState(null, "", q ? `?${q}` : location.pathname);
  say("Computing…");
  try {
    const view = await (pending || getJson(metricsUrl(q)));
    form.elements.from.value = view.from;
    form.elements.to.value = view.to;
    host.replaceChildren();
    const sections = [];
    for (const table of view.tables) {
      if (table.id === "totals") {
        renderKpis(table, view.currency);
      }
      sections.push(renderReport(host, table, `/api/dashboard/metrics/${encodeURIComponent(table.id)}.csv?${query()}`, chartFor(table.id), table.id === "totals", true));
    }
    say(`${view.from} to ${view.to}, in ${view.currency}; computed at ${formatCell(view.computedAt, "timestamp")}.`);
    await drawLazily(sections);
  } catch (error) {
    say(`Could not compute the report: ${error.message}`, true);
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
      csmNames.set(csm.id, csm.title);
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
document.getElementById("json").addEventListener("click", () =>
  downloadCsv(`/api/dashboard/metrics.json?${query()}`, "metrics.json").catch(error => say(error.message, true)));
start();

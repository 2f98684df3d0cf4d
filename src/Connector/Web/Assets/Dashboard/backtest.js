// The backtest page: start `crmsuite backtest` for a window (and a folder to compare) on the host, follow it while it
// replays, then draw its report: each chart with its table and CSV, the runs side by side, and the CLI's CSV and JSON.
import { baseOptions, column, downloadCsv, formatCell, getJson, palette, postJson, renderReport, say } from "/reports.js";

const form = document.getElementById("run");
const host = document.getElementById("reports");
const runsList = document.getElementById("runs");
const startButton = document.getElementById("start");
const jsonButton = document.getElementById("json");
const csvButton = document.getElementById("csv");
const pollEveryMs = 1000;
let shown = null;

const dashes = [[], [6, 4]];

// Per week: the busiest CSM's tasks for each run (bars) against the weekly capacity (a line).
function workload(canvas, table, runs) {
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "week"),
      datasets: [
        ...runs.map((run, i) => ({ label: `Busiest CSM (${run})`, data: column(table, `busiest${run}`), backgroundColor: palette[i] })),
        { type: "line", label: "CSM capacity", data: column(table, "capacity"), borderColor: palette[2], backgroundColor: palette[2], pointRadius: 0 },
      ],
    },
    options: baseOptions({ scales: { y: { beginAtZero: true } } }),
  });
}

// One line per CSM and run (run B dashed), and the capacity.
function csmLoad(canvas, table, runs) {
  const csms = table.columns.filter(c => c.key.startsWith("csm:"));
  const weeks = [...new Set(column(table, "week"))];
  const runOf = column(table, "run");
  const datasets = runs.flatMap((run, r) => csms.map((c, i) => ({
    label: runs.length > 1 ? `${c.label} (${run})` : c.label,
    data: column(table, c.key).filter((_, row) => runOf[row] === run),
    borderColor: palette[i % palette.length],
    backgroundColor: palette[i % palette.length],
    borderDash: dashes[r] || [],
    pointRadius: 2,
  })));
  datasets.push({ label: "CSM capacity", data: weeks.map(() => table.rows[0][table.columns.findIndex(c => c.key === "capacity")]),
    borderColor: palette[2], borderWidth: 3, pointRadius: 0 });
  return new window.Chart(canvas, {
    type: "line",
    data: { labels: weeks, datasets },
    options: baseOptions({ scales: { y: { beginAtZero: true } } }),
  });
}

function proposals(canvas, table, runs) {
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "week"),
      datasets: runs.flatMap((run, r) => [
        { label: `Issued (${run})`, data: column(table, `issued${run}`), backgroundColor: palette[r * 2], stack: run },
        { label: `Accepted (${run})`, data: column(table, `accepted${run}`), backgroundColor: palette[r * 2 + 1], stack: `${run} accepted` },
      ]),
    },
    options: baseOptions({ scales: { y: { beginAtZero: true } } }),
  });
}

function overlap(canvas, table, runs) {
  return new window.Chart(canvas, {
    type: "line",
    data: {
      labels: column(table, "week"),
      datasets: runs.map((run, r) => ({ label: `Accounts in two plays (${run})`, data: column(table, `twoPlays${run}`),
        borderColor: palette[r], backgroundColor: palette[r], borderDash: dashes[r] || [] })),
    },
    options: baseOptions({ scales: { y: { beginAtZero: true } } }),
  });
}

// Stacked by rule, one stack per run.
function suppressed(canvas, table, runs, reasons) {
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "week"),
      datasets: runs.flatMap(run => reasons.map((reason, i) => ({
        label: `${reason} (${run})`, data: column(table, `${reason}${run}`), backgroundColor: palette[(i + (run === "A" ? 0 : 4)) % palette.length], stack: run,
      }))),
    },
    options: baseOptions({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }),
  });
}

// Per week, stacked per run: the tasks capacity routing assigned, gave to the pool, and held at the end of the week.
function routing(canvas, table, runs) {
  const weeks = [...new Set(column(table, "week"))];
  const weekOf = column(table, "week");
  const runOf = column(table, "run");
  const sum = (key, run) => weeks.map(week => column(table, key).reduce((total, value, row) =>
    weekOf[row] === week && runOf[row] === run ? total + value : total, 0));
  const parts = [["assigned", "Assigned"], ["pooled", "Pooled"], ["deferred", "Deferred"]];
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: weeks,
      datasets: runs.flatMap((run, r) => parts.map(([key, label], i) => ({
        label: `${label} (${run})`, data: sum(key, run), backgroundColor: palette[(i + r * 3) % palette.length], stack: run,
      }))),
    },
    options: baseOptions({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }),
  });
}

const chartsById = { workload, routing, "csm-load": csmLoad, proposals, overlap, suppressed };

function chartFor(id, view) {
  const draw = chartsById[id];
  if (!draw) {
    return null;
  }
  const runs = view.runs.map(r => r.run);
  return (canvas, table) => draw(canvas, table, runs, view.reasons);
}

function renderRuns(view) {
  runsList.replaceChildren(...view.runs.map(run => {
    const item = document.createElement("li");
    const label = document.createElement("strong");
    label.textContent = `${run.run}: `;
    item.dataset.run = run.run;
    item.append(label, run.playbooks);
    return item;
  }));
}

function render(run) {
  shown = run;
  const report = run.report;
  const finished = report !== null;
  jsonButton.disabled = !finished;
  csvButton.disabled = !finished;
  startButton.disabled = run.state === "running";
  if (run.state === "running") {
    host.replaceChildren();
    say(`Backtest ${run.id} running (${run.from} to ${run.to}): ${formatCell(run.accountsRead, "count")} accounts read so far…`);
    return;
  }
  if (run.state === "failed") {
    say(`Backtest ${run.id} failed: ${run.error}`, true);
    return;
  }
  renderRuns(report);
  host.replaceChildren();
  for (const table of report.tables) {
    renderReport(host, table, `/api/backtest/runs/${run.id}/tables/${encodeURIComponent(table.id)}.csv`, chartFor(table.id, report));
  }
  say(`Backtest ${run.id}, ${run.from} to ${run.to}: ${formatCell(report.accounts, "count")} accounts, `
    + `${formatCell(report.accountDaysEvaluated, "count")} account-days evaluated; CSM capacity ${report.csmWeeklyCapacity} tasks a week; `
    + `${report.warmUp}; finished at ${formatCell(run.finishedAt, "timestamp")}.`);
}

async function follow(id) {
  try {
    const run = await getJson(`/api/backtest/runs/${id}`);
    render(run);
    if (run.state === "running") {
      setTimeout(() => follow(id), pollEveryMs);
    }
  } catch (error) {
    startButton.disabled = false;
    say(`Could not read the backtest: ${error.message}`, true);
  }
}

async function start() {
  try {
    const options = await getJson("/api/backtest");
    form.elements.from.value = options.defaultFrom;
    form.elements.to.value = options.defaultTo;
    for (const folder of options.folders) {
      form.elements.compare.add(new Option(folder === options.folder ? `${folder} (the published playbooks)` : folder, folder));
    }
    const label = document.createElement("li");
    label.textContent = `Run A replays the published playbooks (${options.folder}); run B the folder to compare with, if you choose one.`;
    runsList.replaceChildren(label);
    if (options.run) {
      form.elements.from.value = options.run.from;
      form.elements.to.value = options.run.to;
      form.elements.compare.value = options.run.compare || "";
      form.elements.warmUp.value = options.run.warmUp;
      render(options.run);
      if (options.run.state === "running") {
        setTimeout(() => follow(options.run.id), pollEveryMs);
      }
    } else {
      say("Choose a window and run the backtest.");
    }
  } catch (error) {
    say(`Could not read the backtest's options: ${error.message}`, true);
  }
}

form.addEventListener("submit", async event => {
  event.preventDefault();
  startButton.disabled = true;
  say("Starting…");
  try {
    const run = await postJson("/api/backtest/runs", {
      from: form.elements.from.value, to: form.elements.to.value, compare: form.elements.compare.value || null,
      warmUp: Number(form.elements.warmUp.value),
    });
    render(run);
    setTimeout(() => follow(run.id), pollEveryMs);
  } catch (error) {
    startButton.disabled = false;
    say(`Could not start the backtest: ${error.message}`, true);
  }
});
jsonButton.addEventListener("click", () => shown && downloadCsv(`/api/backtest/runs/${shown.id}/report.json`, `backtest-${shown.from}-${shown.to}.json`)
  .catch(error => say(error.message, true)));
csvButton.addEventListener("click", () => shown && downloadCsv(`/api/backtest/runs/${shown.id}/report.csv`, `backtest-${shown.from}-${shown.to}.csv`)
  .catch(error => say(error.message, true)));
start();

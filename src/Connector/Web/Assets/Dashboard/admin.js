// The admin's view of upgrade status across all accounts: proposals by status and instances by state (each a chart with
// its table), license transitions, the outbox backlog, the last syncs, the quarantine and the unplaced instances.
import { baseOptions, column, getJson, palette, renderReport, say } from "/reports.js";

const host = document.getElementById("reports");
const statuses = ["issued", "accepted", "declined", "expired", "withdrawn"];

const chartsById = {
  proposals: (canvas, table) => new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: column(table, "playbook"),
      datasets: statuses.map((status, i) => ({
        label: table.columns.find(c => c.key === status).label,
        data: column(table, status),
        backgroundColor: palette[i],
      })),
    },
    options: baseOptions({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }),
  }),
  instances: (canvas, table) => new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: table.rows.map(row => `${row[0]}: ${row[1]}`),
      datasets: [{ label: "Instances", data: column(table, "instances"), backgroundColor: palette[0] }],
    },
    options: baseOptions({ indexAxis: "y", scales: { x: { beginAtZero: true } } }),
  }),
};
chartsById.instances.rowsTall = true;

async function load() {
  say("Loading…");
  try {
    const view = await getJson("/api/admin/upgrade-status");
    for (const table of view.tables) {
      renderReport(host, table, `/api/admin/upgrade-status/${encodeURIComponent(table.id)}.csv`, chartsById[table.id]);
    }
    say(`Read at ${view.readAt.replace("T", " ").replace(/\.\d+/, "").replace(/\+00:00$/, "Z")}.`);
  } catch (error) {
    say(`Could not read the upgrade status: ${error.message}`, true);
  }
}

document.getElementById("refresh").addEventListener("click", load);
load();

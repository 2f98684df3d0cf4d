// The dashboard's first script: it only schedules the page's own (dashboard.js) for after the first paint. The first
// page's HTML already holds its first screen (docs/dashboard.md, "What loads when"), so nothing the script does (number
// formats, the report's JSON, the filters' choices) may hold that paint back.
const reports = document.getElementById("reports");
requestAnimationFrame(() => {
  if (reports.dataset.firstScreen === "drawn") {
    // The frame being drawn is the first screen the HTML brought: the mark says when.
    performance.mark("dashboard-first-screen", { detail: "html" });
  }
  setTimeout(() => import("/dashboard.js"));
});

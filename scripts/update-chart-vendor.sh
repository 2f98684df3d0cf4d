#!/usr/bin/env bash
# Refreshes the charting library the admin view and the backtest page draw with in the browser (docs/dashboard.md, "The
# charting libraries"): Chart.js, installed with npm into a temporary folder and copied, with its licence, into
# Web/Assets/Dashboard/vendor. The managers' dashboard does not use it (its charts are drawn by the host with OxyPlot).
# The build never runs this: the vendored file is committed, so a clean clone builds with `dotnet build` alone.
# Usage: scripts/update-chart-vendor.sh [chart.js version]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/Connector/Web/Assets/Dashboard/vendor"
chart="${1:-4.5.1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "chart.js@$chart" >/dev/null
cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$vendor/LICENSE-chart.js.md"
echo "vendored chart.js $chart:"
sha256sum "$vendor"/*.js

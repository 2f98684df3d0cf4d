#!/usr/bin/env bash
# Refreshes the charting library the dashboard ships (docs/dashboard.md, "The charting library"): Chart.js and its matrix
# chart, installed with npm into a temporary folder and copied, with their licences, into Web/Assets/Dashboard/vendor.
# The build never runs this: the vendored files are committed, so a clean clone builds with `dotnet build` alone.
# Usage: scripts/update-chart-vendor.sh [chart.js version] [chartjs-chart-matrix version]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/Connector/Web/Assets/Dashboard/vendor"
chart="${1:-4.5.1}"
matrix="${2:-3.0.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "chart.js@$chart" "chartjs-chart-matrix@$matrix" >/dev/null
cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$vendor/LICENSE-chart.js.md"
cp node_modules/chartjs-chart-matrix/dist/chartjs-chart-matrix.min.js "$vendor/chartjs-chart-matrix.min.js"
cp node_modules/chartjs-chart-matrix/LICENSE "$vendor/LICENSE-chartjs-chart-matrix.md"
echo "vendored chart.js $chart and chartjs-chart-matrix $matrix:"
sha256sum "$vendor"/*.js

#!/usr/bin/env bash
# The dashboard's first page on 1M movements for 100k accounts (docs/benchmarks.md, "Dashboard").
# Usage: bench/DashboardBench/run.sh [work-dir]   (run from anywhere; needs /usr/bin/chromium)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/dashboardbench}"
dotnet build -c Release "$root/bench/DashboardBench" -v quiet -nologo
bench="$root/bench/DashboardBench/bin/Release/net10.0/DashboardBench"
cd "$root"
"$bench" seed --dir "$work" --accounts 100000 --movements 1000000
"$bench" measure --dir "$work" --runs 20

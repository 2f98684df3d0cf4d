#!/usr/bin/env bash
# Runs the SyncBench scenarios of docs/benchmarks.md: full 100k, full 1M, incremental 1% of 100k.
# Each scenario is its own process, so peak RSS is that sync's own. Usage: bench/SyncBench/run.sh [work-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/syncbench}"
dotnet build -c Release "$root/bench/SyncBench" -v quiet -nologo
bench="$root/bench/SyncBench/bin/Release/net10.0/SyncBench"
cd "$root"
run() { "$bench" "$@" 2>&1 | grep -E '^(seed|full|incremental):'; }
run seed --accounts 100000 --dir "$work/100k"
run full --dir "$work/100k"
run incremental --dir "$work/100k" --changed 0.01
run seed --accounts 1000000 --dir "$work/1m"
run full --dir "$work/1m"

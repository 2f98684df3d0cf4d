#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with the .NET 10 SDK, then prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# The work-queue browser tests drive Debian's chromium headless; install it when missing (we run as root).
if [ -d tests/Connector.Tests/Web ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

# The state store's contract tests run on PostgreSQL too: a throwaway cluster (installed with apt-get when missing) on a
# free loopback port, its connection string in CRMSUITE_TEST_POSTGRES, stopped and removed when this script exits,
# whatever the tests did. When it cannot start, the PostgreSQL tests fail saying so (they never skip).
source scripts/pg-test-cluster.sh
trap pg_test_cluster_stop EXIT
pg_test_cluster_start || echo "scripts/test.sh: could not start a PostgreSQL test cluster; the PostgreSQL tests will fail" >&2

results=artifacts/test-results
rm -rf "$results"
dotnet test CrmSuite.sln -c Release --logger "trx" --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')
  f=$(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

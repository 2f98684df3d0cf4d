#!/usr/bin/env bash
# ClusterBench: sync throughput of 1 and 2 `crmsuite run` nodes on one PostgreSQL state store, and the time a survivor
# takes to start a killed node's partition. Figures and how to read them: docs/benchmarks.md, "Cluster".
#
#   bash bench/ClusterBench/cluster-bench.sh --pg 'Host=127.0.0.1;Port=25432;Username=crmsuite;Database=postgres' \
#       [--accounts 50000] [--partitions 8] [--checkin 00:00:15] [--dir /tmp/clusterbench] [--crmsuite path/to/crmsuite.dll] [--takeover-only]
#
# Needs psql and a built connector (dotnet build -c Release src/Connector). Each scenario creates its own database
# (crmsuite_bench_<scenario>, dropped first) on the server --pg names, and its own copy of the seeded embedded CRM.
set -euo pipefail

accounts=50000 partitions=8 checkin=00:00:15 dir=/tmp/clusterbench pg="" crmsuite="" throughput=1
root=$(cd "$(dirname "$0")/../.." && pwd)
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) accounts=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --checkin) checkin=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --pg) pg=$2; shift 2 ;;
    --crmsuite) crmsuite=$2; shift 2 ;;
    --takeover-only) throughput=0; shift ;;
    *) echo "cluster-bench: unknown argument $1 (expected --pg, --accounts, --partitions, --checkin, --dir, --crmsuite, --takeover-only)" >&2; exit 2 ;;
  esac
done
[ -n "$pg" ] || { echo "cluster-bench: --pg CONNECTION_STRING is required (a server the bench may create databases on)" >&2; exit 2; }
crmsuite=${crmsuite:-$root/src/Connector/bin/Release/net10.0/crmsuite.dll}
[ -f "$crmsuite" ] || { echo "cluster-bench: $crmsuite not found; build with: dotnet build -c Release src/Connector" >&2; exit 2; }

# psql reads key=value pairs: translate the Npgsql connection string's Host/Port/Username/Database/Password.
pg_uri() { # $1 = database
  local host=127.0.0.1 port=5432 user=postgres pass=""
  IFS=';' read -ra parts <<<"$pg"
  for kv in "${parts[@]}"; do
    case "${kv%%=*}" in
      Host|Server) host=${kv#*=} ;; Port) port=${kv#*=} ;; Username|User\ ID|User) user=${kv#*=} ;; Password) pass=${kv#*=} ;;
    esac
  done
  echo "host=$host port=$port user=$user dbname=$1${pass:+ password=$pass}"
}
sql() { psql "$(pg_uri "$1")" -XAtq -v ON_ERROR_STOP=1 -c "$2"; }
npgsql_for() { printf '%s;Database=%s' "$(printf '%s' "$pg" | sed -E 's/(^|;)Database=[^;]*//')" "$1"; }

mkdir -p "$dir"
seed="$dir/seed-$accounts"
if [ ! -f "$seed/crm.db" ]; then
  mkdir -p "$seed"
  (cd "$root" && dotnet "$crmsuite" demo seed --accounts "$accounts" --today 2026-11-24 --history-days 0 \
      --crm-db "$seed/crm.db" --state-db "$seed/state.db" >/dev/null)
fi
stream_end=$(python3 - "$seed/crm.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT MAX(v) FROM (SELECT COALESCE(MAX(modified_seq),0) v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq),0) FROM deleted_accounts)").fetchone()[0])
PY
)

pids=()
start_node() { # $1 scenario, $2 node name, $3 database
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$root" && exec env CRMSUITE_Store__Provider=PostgreSql CRMSUITE_Store__ConnectionString="$(npgsql_for "$3")" \
    CRMSUITE_Crm__Embedded__Path="$dir/$1/crm.db" CRMSUITE_Connector__WebPort="$port" CRMSUITE_Connector__DemoAccounts=0 \
    CRMSUITE_Connector__SyncCron='0 0/5 * * * ?' CRMSUITE_Connector__SweepCron='0 0 0 1 1 ? 2099' \
    CRMSUITE_Cluster__Partitions="$partitions" CRMSUITE_Cluster__CheckinInterval="$checkin" \
    CRMSUITE_Logging__LogLevel__Default=Warning dotnet "$crmsuite" run >"$dir/$1/$2.log" 2>&1) &
  pids+=($!)
}
stop_nodes() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_nodes EXIT
now() { date +%s.%N; }
done_sql="SELECT (SELECT COUNT(*) FROM watermarks WHERE source LIKE 'crm.accounts/p%of$partitions' AND value = '$stream_end') = $partitions
  AND NOT EXISTS (SELECT 1 FROM outbox WHERE delivered_at IS NULL) AND NOT EXISTS (SELECT 1 FROM outbox_in_flight)"
wait_for() { # $1 database, $2 condition, $3 what
  local deadline=$(( $(date +%s) + 1800 ))
  until [ "$(sql "$1" "SELECT CASE WHEN ($2) THEN 1 ELSE 0 END" 2>/dev/null || echo 0)" = 1 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "cluster-bench: timed out waiting for $3" >&2; exit 1; }
    sleep 0.1
  done
}
fresh() { # $1 scenario: a new database and a copy of the seeded CRM
  sql postgres "DROP DATABASE IF EXISTS crmsuite_bench_$1" >/dev/null; sql postgres "CREATE DATABASE crmsuite_bench_$1" >/dev/null
  rm -rf "${dir:?}/$1"; mkdir -p "$dir/$1"; cp "$seed/crm.db" "$dir/$1/crm.db"
}
report() { # $1 scenario, $2 database, $3 wall seconds from the first node's start
  sql "$2" "SELECT '$1: ' || COUNT(*) FILTER (WHERE accounts > 0) || ' runs, ' || SUM(accounts) || ' accounts, ' || SUM(tasks) || ' tasks; first run start to last run end '
      || round(extract(epoch FROM MAX(finished_at) - MIN(started_at))::numeric, 1) || ' s; per node: '
      || (SELECT string_agg(n || '=' || a, ', ') FROM (SELECT split_part(node, '/', 2) AS n, SUM(accounts) AS a FROM syncs GROUP BY 1 ORDER BY 1) x)
      FROM syncs WHERE accounts > 0"
  sql "$2" "SELECT 'outbox rows ' || COUNT(*) || ', duplicate keys ' || (COUNT(*) - COUNT(DISTINCT (account_id, key))) FROM outbox"
  [ -z "${3:-}" ] || printf '%s: wall from the first node'"'"'s start to every partition at the stream end and the outbox delivered: %.1f s\n' "$1" "$3"
}

echo "cluster-bench: $accounts accounts, $partitions partitions, checkin $checkin; $(uptime)"
for nodes in $( [ "$throughput" = 1 ] && echo 1 2 ); do
  scenario="n$nodes"; fresh "$scenario"; db="crmsuite_bench_$scenario"
  t0=$(now)
  for i in $(seq 1 "$nodes"); do start_node "$scenario" "node$i" "$db"; done
  wait_for "$db" "$done_sql" "$scenario to finish"
  t1=$(now); stop_nodes
  report "$scenario" "$db" "$(echo "$t1 - $t0" | bc)"
  echo "  $(uptime)"
done

# Takeover: two nodes; once both sync, the second is killed (SIGKILL) while its partition job executes. Measured from the
# kill: until the survivor removed the dead node from qrtz_scheduler_state (detection and recovery), and until the
# survivor executes the job the dead node held (takeover). A node's Quartz instance id is host-pid-start time.
scenario=takeover; fresh "$scenario"; db="crmsuite_bench_$scenario"
start_node "$scenario" node1 "$db"; start_node "$scenario" node2 "$db"
first=${pids[0]} victim=${pids[1]}
wait_for "$db" "EXISTS (SELECT 1 FROM qrtz_fired_triggers WHERE instance_name LIKE '%-$victim-%' AND state = 'EXECUTING')
  AND EXISTS (SELECT 1 FROM syncs WHERE node LIKE '%/$victim/%' AND status = 'running' AND accounts > 0)
  AND EXISTS (SELECT 1 FROM syncs WHERE node LIKE '%/$first/%' AND accounts > 0)" "both nodes to sync"
kill -KILL "$victim"; tk=$(now)
held=$(sql "$db" "SELECT string_agg(job_name, ',') FROM qrtz_fired_triggers WHERE instance_name LIKE '%-$victim-%' AND state = 'EXECUTING'")
wait_for "$db" "NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state WHERE instance_name LIKE '%-$victim-%')" "the dead node's recovery"
td=$(now)
wait_for "$db" "EXISTS (SELECT 1 FROM qrtz_fired_triggers WHERE instance_name LIKE '%-$first-%' AND state = 'EXECUTING'
  AND job_name = ANY (string_to_array('$held', ',')))" "the survivor to execute $held"
tt=$(now)
wait_for "$db" "$done_sql" "the survivor to finish"
tf=$(now); stop_nodes
report "$scenario" "$db" ""
printf 'takeover: killed pid %s holding %s; dead node recovered after %.1f s; survivor executing %s after %.1f s; every partition done %.1f s after the kill\n' \
  "$victim" "$held" "$(echo "$td - $tk" | bc)" "$held" "$(echo "$tt - $tk" | bc)" "$(echo "$tf - $tk" | bc)"
echo "  $(uptime)"

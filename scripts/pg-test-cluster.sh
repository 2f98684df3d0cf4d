#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: installs Debian's postgresql when no server binaries are found (we run as
# root there; `apt-get update` first), creates a cluster with initdb in a temporary folder as a non-root OS user (postgres
# refuses to run as root; the user crmsuite-pg is created when missing), starts it on a free loopback port, and prints
# the connection string the tests read from CRMSUITE_TEST_POSTGRES.
#
#   source scripts/pg-test-cluster.sh; pg_test_cluster_start; ...; pg_test_cluster_stop
#   bash scripts/pg-test-cluster.sh start   # prints `export CRMSUITE_TEST_POSTGRES=...; export CRMSUITE_TEST_POSTGRES_DIR=...`
#   bash scripts/pg-test-cluster.sh stop    # stops and removes the cluster named by CRMSUITE_TEST_POSTGRES_DIR

pg_test_cluster_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "pg-test-cluster: no PostgreSQL server found under /usr/lib/postgresql and cannot install it (needs root and apt-get)" >&2
      return 1
    fi
    echo "pg-test-cluster: installing Debian's postgresql" >&2
    # Debian's package would create and start a 'main' cluster of its own; the tests want none.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql >/dev/null || return 1
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  echo "$bin"
}

# Runs a command as the cluster's OS user: crmsuite-pg when we are root, ourselves otherwise.
pg_test_cluster_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u crmsuite-pg -- "$@"
  else
    "$@"
  fi
}

pg_test_cluster_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_test_cluster_start() {
  local bin dir port attempt
  bin=$(pg_test_cluster_bin) || return 1
  if [ "$(id -u)" -eq 0 ] && ! id crmsuite-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin crmsuite-pg || return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/crmsuite-pg.XXXXXX") || return 1
  [ "$(id -u)" -eq 0 ] && chown crmsuite-pg "$dir"
  pg_test_cluster_as "$bin/initdb" -D "$dir/data" -U crmsuite --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    pg_test_cluster_port_free "$port" || continue
    # fsync off and no synchronous commit: a throwaway cluster trades durability for speed.
    if pg_test_cluster_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>&1; then
      export CRMSUITE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=crmsuite;Database=postgres"
      export CRMSUITE_TEST_POSTGRES_DIR="$dir"
      export CRMSUITE_TEST_POSTGRES_BIN="$bin"
      echo "pg-test-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
      return 0
    fi
  done
  cat "$dir/server.log" >&2 2>/dev/null
  rm -rf "$dir"
  return 1
}

pg_test_cluster_stop() {
  local dir=${CRMSUITE_TEST_POSTGRES_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local bin=${CRMSUITE_TEST_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  pg_test_cluster_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start)
      pg_test_cluster_start || exit 1
      echo "export CRMSUITE_TEST_POSTGRES='$CRMSUITE_TEST_POSTGRES'; export CRMSUITE_TEST_POSTGRES_DIR='$CRMSUITE_TEST_POSTGRES_DIR'; export CRMSUITE_TEST_POSTGRES_BIN='$CRMSUITE_TEST_POSTGRES_BIN'"
      ;;
    stop) pg_test_cluster_stop ;;
    *) echo "usage: bash scripts/pg-test-cluster.sh start | stop" >&2; exit 2 ;;
  esac
fi

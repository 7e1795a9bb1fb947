#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print its URL.
# Installs Debian's postgresql when it is missing (CI machines start without it).
# Usage: eval "$(bash .ci/postgres.sh)"   -> exports TELLERS_TEST_POSTGRES
# TELLERS_PG_INSTALL=0: never install; print nothing where PostgreSQL is absent.
set -euo pipefail
port=${TELLERS_PG_PORT:-54329}
dir=${TELLERS_PG_DIR:-/tmp/tellers-pg}
find_bin() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}
if [[ -n "${TELLERS_TEST_POSTGRES:-}" ]]; then
  echo "export TELLERS_TEST_POSTGRES=$TELLERS_TEST_POSTGRES"  # a server of your own
  exit 0
fi
if [[ -z "$(find_bin initdb)" ]]; then
  if [[ "${TELLERS_PG_INSTALL:-1}" == 0 ]]; then
    exit 0  # no server here: the PostgreSQL tests say so and skip (CI installs one)
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
initdb=$(find_bin initdb)
pg_ctl=$(find_bin pg_ctl)
as_postgres=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_postgres=(runuser -u postgres --)
fi
if ! "${as_postgres[@]}" "$pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [[ $(id -u) == 0 ]] && chown postgres "$dir"
  "${as_postgres[@]}" "$initdb" -D "$dir" -U tellers --auth=trust >/dev/null
  "${as_postgres[@]}" "$pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
for _ in $(seq 30); do
  psql -h 127.0.0.1 -p "$port" -U tellers -d postgres -qtc "select 1" >/dev/null 2>&1 && break
  sleep 0.5
done
psql -h 127.0.0.1 -p "$port" -U tellers -d postgres -qtc \
  "select 1 from pg_database where datname = 'tellers_test'" | grep -q 1 ||
  psql -h 127.0.0.1 -p "$port" -U tellers -d postgres -qc "create database tellers_test" >/dev/null
echo "export TELLERS_TEST_POSTGRES=postgresql+psycopg://tellers@127.0.0.1:$port/tellers_test"

#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the tests (Debian's postgresql package; installs it
# when missing). Prints the connection URL on the last line. Usage: scripts/start_postgres.sh [PORT]
set -euo pipefail
PORT="${1:-5433}"
DATA="${PGTEST_DIR:-/tmp/techconnect-pg-$PORT}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo ">> installing PostgreSQL (Debian package)" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install postgresql" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" -A trust -U postgres --no-sync >/dev/null
fi
if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
for db in techconnect_test techconnect_bench techconnect; do
  as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
    | grep -q 1 || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$db"
done
echo "postgresql+psycopg2://postgres@127.0.0.1:$PORT/techconnect_test"

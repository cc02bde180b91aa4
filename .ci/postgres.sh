#!/usr/bin/env bash
# Run CMD... against a throwaway PostgreSQL server on 127.0.0.1, then stop it.
#
#   bash .ci/postgres.sh make test
#
# Installs PostgreSQL from Debian's packages when missing (needs root), starts a server
# it owns in a temporary data directory on a free port, creates a database, runs CMD
# with TEST_DATABASE_URL=postgresql+psycopg://... exported, and on exit stops the
# server and removes the directory. Exits with CMD's exit code.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi

# The server's bin folder: the one holding initdb (the client package alone creates a
# bin folder too, with psql but no server).
pg_bin() {
    ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
}

if [ -z "$(pg_bin)" ]; then
    echo "== installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(pg_bin)"

# As root, the server runs as the packaged `postgres` user; otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
    as_server() { runuser -u postgres -- "$@"; }
else
    as_server() { "$@"; }
fi

DATA="$(mktemp -d /tmp/factdesk-pg.XXXXXX)"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
[ "$(id -u)" -eq 0 ] && chown postgres: "$DATA"

cleanup() {
    as_server "$BIN/pg_ctl" -D "$DATA/db" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

as_server "$BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Throwaway data: durability off makes the suite several times faster.
as_server "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=200" >/dev/null || {
    cat "$DATA/server.log" >&2
    exit 1
}
"$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres factdesk_test

export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/factdesk_test"
echo "== PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
status=0
"$@" || status=$?
exit "$status"

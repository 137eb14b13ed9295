#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite's PostgreSQL leg.
#
#   scripts/pg-test-server.sh start    initdb on first use, start (no-op if running), create database toasoan
#   scripts/pg-test-server.sh stop     stop it (no-op if not running)
#   scripts/pg-test-server.sh status   exit 0 if running
#   scripts/pg-test-server.sh url      print the DATABASE_URL for it
#   scripts/pg-test-server.sh destroy  stop it and delete its files
#   scripts/pg-test-server.sh probe [URL]  exit 0 if a PostgreSQL server answers at URL (default: the
#                                      url above), with .venv's psycopg (PYTHON=... to override)
#
# The cluster lives in var/pg (data/, server.log, unix socket), listens on 127.0.0.1 only, on port 54329
# so it never clashes with a system server on 5432, trusts every local connection (user postgres, no
# password) and runs with fsync off: test data only. PostgreSQL refuses to run as root, so as root the
# server runs as the system user "postgres" (created if missing).
#
# Environment: PG_TEST_PORT (54329), PG_TEST_DIR (var/pg), PG_BIN (folder holding initdb and pg_ctl).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PG_TEST_PORT:-54329}"
DB=toasoan
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

say() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
cmd="$1"

case "$cmd" in
url)
    echo "$URL"
    exit 0
    ;;
probe)
    # Reachable = a connection succeeds to the database named in the URL, or (it may not exist yet:
    # Django creates test_<name> through the "postgres" database) to the "postgres" database.
    "${PYTHON:-$root/.venv/bin/python}" - "${2:-$URL}" <<'PY'
import sys

import psycopg

error = None
for override in ({}, {"dbname": "postgres"}):
    try:
        psycopg.connect(sys.argv[1], connect_timeout=3, **override).close()
        sys.exit(0)
    except psycopg.Error as exc:
        error = error or exc
print((str(error).strip().splitlines() or [type(error).__name__])[0], file=sys.stderr)
sys.exit(1)
PY
    exit $?
    ;;
esac

find_bin() {
    local d
    if [[ -n "${PG_BIN:-}" ]]; then
        [[ -x "$PG_BIN/pg_ctl" ]] || die "PG_BIN=$PG_BIN has no pg_ctl"
        echo "$PG_BIN"; return
    fi
    if command -v pg_ctl >/dev/null 2>&1; then
        d="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
        [[ -x "$d/initdb" ]] && { echo "$d"; return; }
    fi
    # Debian/Ubuntu keep the server binaries off PATH; take the newest major version installed.
    d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
        echo "$d"; return
    fi
    die "no PostgreSQL server binaries (initdb, pg_ctl) found.
  Debian/Ubuntu: sudo apt install postgresql   (or set PG_BIN=/path/to/postgresql/bin)"
}

# Where the cluster lives. As root the server user must be able to reach it; a checkout under a
# private folder (e.g. /root, mode 700) is not reachable, so fall back to a folder under /tmp.
pg_dir() {
    if [[ -n "${PG_TEST_DIR:-}" ]]; then
        echo "$PG_TEST_DIR"; return
    fi
    local d="$root/var/pg"
    if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1; then
        mkdir -p "$d"
        chown postgres: "$d"
        if ! runuser -u postgres -- test -w "$d" 2>/dev/null; then
            d="/tmp/toasoan-pg-$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
        fi
    fi
    echo "$d"
}

RUN_AS=()
if [[ $EUID -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1 && [[ "$cmd" == start ]]; then
        say "creating system user postgres (PostgreSQL will not run as root)"
        useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
            --shell /usr/sbin/nologin postgres
    fi
    RUN_AS=(runuser -u postgres --)
fi

DIR="$(pg_dir)"
DATA="$DIR/data"
LOG="$DIR/server.log"
SOCK="$DIR"
# A unix socket path is limited to ~107 bytes; in a deep checkout use TCP only.
if (( ${#SOCK} + 20 > 100 )); then
    SOCK=""
fi

is_running() {
    [[ -f "$DATA/PG_VERSION" ]] || return 1
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

psql_() {
    local psql="$BIN/psql"
    [[ -x "$psql" ]] || psql="$(command -v psql)" || die "psql not found (Debian: apt install postgresql-client)"
    PGCONNECT_TIMEOUT=5 "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"
}

case "$cmd" in
start)
    BIN="$(find_bin)"
    mkdir -p "$DIR"
    [[ ${#RUN_AS[@]} -gt 0 ]] && chown postgres: "$DIR"
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        rm -rf "$DATA"
        locale_args=(--no-locale)
        if grep -qix 'c.utf-\{0,1\}8' <<<"$(locale -a 2>/dev/null)"; then
            locale_args=(--locale=C.UTF-8)
        fi
        say "initdb $DATA ($("$BIN/postgres" --version), ${locale_args[*]})"
        "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -A trust -U postgres --encoding=UTF8 "${locale_args[@]}" \
            >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
        echo "include_if_exists = 'toasoan-test.conf'" >>"$DATA/postgresql.conf"
    fi
    if is_running; then
        say "already running ($DATA)"
    else
        # Rewritten on every start so a changed port or folder takes effect.
        cat >"$DATA/toasoan-test.conf" <<EOF
# Written by scripts/pg-test-server.sh: a throwaway cluster for tests, never for real data.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
        [[ ${#RUN_AS[@]} -gt 0 ]] && chown postgres: "$DATA/toasoan-test.conf"
        say "starting on 127.0.0.1:$PORT (log: $LOG)"
        if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null; then
            tail -n 20 "$LOG" >&2 || true
            die "pg_ctl start failed (is port $PORT taken? PG_TEST_PORT picks another)"
        fi
    fi
    if [[ "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
        psql_ -d postgres -c "CREATE DATABASE $DB"
        say "created database $DB"
    fi
    say "ready: $URL"
    ;;
stop)
    BIN="$(find_bin)"
    if is_running; then
        "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        say "stopped"
    else
        say "not running"
    fi
    ;;
status)
    BIN="$(find_bin)"
    if is_running; then
        say "running on 127.0.0.1:$PORT ($DATA)"
    else
        say "not running"
        exit 3
    fi
    ;;
destroy)
    BIN="$(find_bin)"
    if is_running; then
        "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null
    fi
    rm -rf "$DIR"
    say "removed $DIR"
    ;;
*)
    usage
    ;;
esac

#!/usr/bin/env bash
# The real services the tests use: a PostgreSQL server and headless Chromium, both
# from Debian's packages. `make test` runs this first.
#
# As root with apt-get (CI, a fresh machine), it installs what is missing and starts
# a throw-away PostgreSQL cluster on a private port; it writes the server's URL to
# .services/postgres.url, which tests/conftest.py reads. Anywhere else it installs
# nothing, says so, and the tests that need what is missing say that they skip.
set -uo pipefail
cd "$(dirname "$0")/.."

STATE=.services
PGDATA="$STATE/pgdata"
PGPORT="${RASHOMON_TEST_PGPORT:-54329}"
mkdir -p "$STATE"
rm -f "$STATE/postgres.url"

say() { echo "services: $*"; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] && echo "$dir"
}

missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]} from Debian's packages"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || say "could not install ${missing[*]}; the tests that need them will skip"
    else
        say "${missing[*]} not installed and not root: the tests that need them will skip"
    fi
fi

BIN=$(pg_bin)
if [ -z "$BIN" ]; then
    say "no PostgreSQL server: the PostgreSQL tests will skip"
    exit 0
fi

# initdb and the server refuse to run as root: run them as the 'postgres' user
# Debian's package creates, in a folder of ours it may write.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

ABS_DATA="$(pwd)/$PGDATA"
if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    say "PostgreSQL already running on port $PGPORT"
else
    rm -rf "$PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA" "$STATE"
    # a work tree under /root is not readable by 'postgres': the cluster then lives in /tmp
    if ! as_pg "test -w '$ABS_DATA'" 2>/dev/null; then
        ABS_DATA=$(mktemp -d /tmp/rashomon-pg.XXXXXX)
        [ "$(id -u)" = 0 ] && chown postgres "$ABS_DATA"
    fi
    as_pg "'$BIN/initdb' -D '$ABS_DATA' -U postgres -A trust --no-sync" >"$STATE/initdb.log" 2>&1 \
        || { say "initdb failed (see $STATE/initdb.log): the PostgreSQL tests will skip"; exit 0; }
    as_pg "'$BIN/pg_ctl' -D '$ABS_DATA' -l '$ABS_DATA/server.log' -w \
        -o \"-p $PGPORT -k '$ABS_DATA' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" \
        >"$STATE/pg_ctl.log" 2>&1 \
        || { say "PostgreSQL did not start (see $ABS_DATA/server.log): the PostgreSQL tests will skip"; exit 0; }
    say "PostgreSQL started on 127.0.0.1:$PGPORT ($ABS_DATA)"
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres" > "$STATE/postgres.url"

# Throwaway PostgreSQL for the test suite; source it (`. .ci/postgres.sh`), do not run it.
#
# Installs Debian's postgresql with apt-get if initdb/pg_ctl are missing, creates a cluster in a
# temporary folder owned by the `postgres` user (the server refuses to run as root), starts it on
# 127.0.0.1 at a free port, creates the database `assess_test` and exports
#   ASSESS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/assess_test
# `assess_postgres_stop` stops the server and deletes the folder; an EXIT trap calls it unless the
# sourcing script already has an EXIT trap (then call it from that trap yourself).
# Returns non-zero (never exits the caller's shell) when something fails, with the reason on stderr.

_assess_pg_fail() {
    echo "postgres.sh: $*" >&2
    if [ -n "${ASSESS_PG_DIR:-}" ] && [ -f "$ASSESS_PG_DIR/server.log" ]; then
        tail -n 20 "$ASSESS_PG_DIR/server.log" >&2
    fi
    return 1
}

_assess_pg_bindir() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    # Debian keeps the server binaries out of PATH, one folder per major version; take the newest.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# Run a server binary as the postgres user when we are root, as ourselves otherwise.
_assess_pg_as_owner() {
    if [ "$(id -u)" = "0" ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

_assess_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

assess_postgres_stop() {
    if [ -n "${ASSESS_PG_DIR:-}" ] && [ -d "$ASSESS_PG_DIR" ]; then
        if [ -n "${ASSESS_PG_BIN:-}" ] && [ -f "$ASSESS_PG_DIR/data/postmaster.pid" ]; then
            _assess_pg_as_owner "$ASSESS_PG_BIN/pg_ctl" -D "$ASSESS_PG_DIR/data" -m immediate \
                -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$ASSESS_PG_DIR"
    fi
    unset ASSESS_PG_DIR ASSESS_TEST_POSTGRES_URL
}

assess_postgres_start() {
    local port tries
    if ! ASSESS_PG_BIN="$(_assess_pg_bindir)"; then
        echo "postgres.sh: installing postgresql with apt-get" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends postgresql >/dev/null; } \
            || { _assess_pg_fail "apt-get install postgresql failed"; return 1; }
        ASSESS_PG_BIN="$(_assess_pg_bindir)" \
            || { _assess_pg_fail "postgresql installed but initdb/pg_ctl not found"; return 1; }
    fi
    export ASSESS_PG_BIN
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
            || { _assess_pg_fail "cannot create the postgres user"; return 1; }
    fi

    ASSESS_PG_DIR="$(mktemp -d /tmp/assess-pg.XXXXXX)" \
        || { _assess_pg_fail "mktemp failed"; return 1; }
    export ASSESS_PG_DIR
    chmod 755 "$ASSESS_PG_DIR"
    if [ "$(id -u)" = "0" ]; then
        chown postgres: "$ASSESS_PG_DIR" || { _assess_pg_fail "chown failed"; return 1; }
    fi

    _assess_pg_as_owner "$ASSESS_PG_BIN/initdb" -D "$ASSESS_PG_DIR/data" -U postgres \
        --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$ASSESS_PG_DIR/initdb.log" 2>&1 \
        || { cat "$ASSESS_PG_DIR/initdb.log" >&2; _assess_pg_fail "initdb failed"; return 1; }

    # Another process can take the port between our probe and the server's bind: try again.
    for tries in 1 2 3; do
        port="$(_assess_pg_free_port)" || { _assess_pg_fail "no free port"; return 1; }
        # Test data only: durability settings off for speed; socket in our folder, not /run.
        if _assess_pg_as_owner "$ASSESS_PG_BIN/pg_ctl" -D "$ASSESS_PG_DIR/data" \
            -l "$ASSESS_PG_DIR/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k $ASSESS_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
            start >/dev/null 2>&1; then
            break
        fi
        if [ "$tries" = "3" ]; then
            _assess_pg_fail "pg_ctl start failed"
            return 1
        fi
    done

    "$ASSESS_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres assess_test \
        || { _assess_pg_fail "createdb assess_test failed"; return 1; }
    export ASSESS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/assess_test"
    if [ -z "$(trap -p EXIT)" ]; then
        trap assess_postgres_stop EXIT
    fi
    echo "postgres.sh: PostgreSQL $("$ASSESS_PG_BIN/pg_ctl" --version | awk '{print $3}') at $ASSESS_TEST_POSTGRES_URL" >&2
}

assess_postgres_start

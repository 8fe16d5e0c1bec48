#!/usr/bin/env bash
# Install (if needed) and start a PostgreSQL server for the test suite, listening on 127.0.0.1 only,
# with a role `quotes` (password `quotes`, CREATEDB) owning a database `quotes_test`.
# Idempotent; run as root on Debian 12 (no systemd needed). Progress goes to stderr; the only line
# on stdout is the SQLAlchemy URL of quotes_test, e.g.
#   postgresql+psycopg://quotes:quotes@127.0.0.1:5432/quotes_test
# Usage: export QUOTES_TEST_PG_URL="$(sudo bash .ci/postgres.sh)"
set -euo pipefail

exec 3>&1 1>&2 </dev/null   # fd 3 = real stdout (for the URL); everything else to stderr
cd /                        # the postgres user may not be able to read the caller's directory

CLUSTER=main
ROLE=quotes
PASSWORD=quotes
DATABASE=quotes_test

log() { echo "postgres.sh: $*"; }
die() { echo "postgres.sh: error: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (try: sudo bash $0)"

# 1. Server binaries (Debian 12: postgresql -> postgresql-15 + postgresql-common).
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q -o Acquire::Retries=3
    apt-get install -y -q -o Acquire::Retries=3 --no-install-recommends postgresql
fi
VERSION=$(printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1 | cut -d/ -f5)
[[ -x /usr/lib/postgresql/$VERSION/bin/postgres ]] || die "no PostgreSQL server binaries found"

# 2. A cluster (the package normally creates $VERSION/main; create it if it is missing).
cluster_field() {  # cluster_field N -> column N of `pg_lsclusters` for $VERSION/$CLUSTER
    pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}
if [[ -z $(cluster_field 1) ]]; then
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER"
fi
PORT=$(cluster_field 3)
[[ $PORT =~ ^[0-9]+$ ]] || die "cannot read the port of cluster $VERSION/$CLUSTER from pg_lsclusters"

# 3. Loopback only: a drop-in read via Debian's `include_dir = 'conf.d'` (last, so it wins);
#    takes effect on (re)start and is checked with SHOW below.
CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER/conf.d
DROP_IN=$CONF_DIR/90-quotes-ci.conf
WANT="listen_addresses = '127.0.0.1'   # written by quotes .ci/postgres.sh: loopback only"
if [[ ! -f $DROP_IN || $(cat "$DROP_IN") != "$WANT" ]]; then
    log "writing $DROP_IN"
    install -d -o postgres -g postgres "$CONF_DIR"
    echo "$WANT" >"$DROP_IN"
    chown postgres:postgres "$DROP_IN"
fi

# 4. Running, with the loopback-only setting live.
as_postgres() { runuser -u postgres -- "$@"; }
# The server outlives this script: it must not inherit fd 3 (the caller's $(...) would wait for it
# forever) nor our stderr (a CI log reader would wait for EOF), so its start output goes to a file.
cluster_ctl() {
    local out
    out=$(mktemp)
    if ! pg_ctlcluster "$VERSION" "$CLUSTER" "$1" 3>&- >"$out" 2>&1; then
        cat "$out"; rm -f "$out"; die "pg_ctlcluster $1 failed"
    fi
    cat "$out"; rm -f "$out"
}
admin_sql() { as_postgres psql -X -q -At -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"; }
if [[ $(cluster_field 4) != online ]]; then
    log "starting cluster $VERSION/$CLUSTER on port $PORT"
    cluster_ctl start
elif [[ $(admin_sql -c 'SHOW listen_addresses') != 127.0.0.1 ]]; then
    log "restarting cluster $VERSION/$CLUSTER to apply listen_addresses"
    cluster_ctl restart
fi
for _ in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" \
    || die "server not accepting connections on 127.0.0.1:$PORT; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"
listen=$(admin_sql -c 'SHOW listen_addresses')
[[ $listen == 127.0.0.1 ]] || die "server listens on '$listen', expected '127.0.0.1' only"

# 5. Role and database (created if missing; the role's password and rights are always reset).
admin_sql <<SQL
SELECT 'CREATE ROLE $ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE')\\gexec
ALTER ROLE $ROLE WITH LOGIN CREATEDB PASSWORD '$PASSWORD';
SELECT 'CREATE DATABASE $DATABASE OWNER $ROLE'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE')\\gexec
ALTER DATABASE $DATABASE OWNER TO $ROLE;
SQL

# 6. Check what the tests will do: password login over TCP on loopback.
PGPASSWORD=$PASSWORD psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" \
    -c 'SELECT 1' >/dev/null || die "cannot log in as $ROLE on 127.0.0.1:$PORT"
log "PostgreSQL $VERSION/$CLUSTER ready on 127.0.0.1:$PORT"

echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE" >&3

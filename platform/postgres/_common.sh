# Shared by platform/postgres/start and stop (sourced). Expects $here = platform/postgres.
port="${STROM_POSTGRES_PORT:-5433}"
data="${STROM_POSTGRES_DATA:-$here/data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
# As root the server runs as the postgres user, who cannot reach a checkout under a closed folder
# (root's home, say): then the data lives in that user's own home.
if [[ $(id -u) == 0 && -z "${STROM_POSTGRES_DATA:-}" ]] && id postgres >/dev/null 2>&1 \
        && ! runuser -u postgres -- test -x "$(dirname "$data")"; then
    data="$(getent passwd postgres | cut -d: -f6)/strom-$port"
    mkdir -p "$data"
fi

# Debian keeps the server's programs out of PATH, under /usr/lib/postgresql/<version>/bin.
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [[ -z "$bindir" ]] && command -v pg_ctl >/dev/null 2>&1; then
    bindir="$(dirname "$(command -v pg_ctl)")"
fi

# PostgreSQL refuses to run as root: as root, the server and its tools run as the `postgres` user.
as_server_user() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_ready() {
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null
}

# Print the pid of the server running on our data directory, if it is alive.
running_pid() {
    [[ -f "$data/postmaster.pid" ]] || return 1
    local pid
    pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

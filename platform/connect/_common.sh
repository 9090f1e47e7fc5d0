# Shared by platform/connect/start, stop and wait (sourced, not executed).
# Expects $here = platform/connect (absolute). The worker's REST API listens on 127.0.0.1:$port;
# its pid, log and effective properties live in <data>.
port="${STROM_CONNECT_PORT:-8083}"
url="http://127.0.0.1:$port"
data="${STROM_CONNECT_DATA:-$here/data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
pidfile="$data/connect.pid"
logfile="$data/connect.log"

# Print the worker's pid if its pid file names a live Connect worker.
running_pid() {
    local pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'ConnectDistributed' || return 1
    echo "$pid"
}

# True once the worker has joined its group and lists its plugins (its root answers earlier than that).
worker_answers() {
    python3 -c 'import sys, urllib.request
try:
    body = urllib.request.urlopen(sys.argv[1] + "/connector-plugins", timeout=2).read()
except Exception:
    sys.exit(1)
sys.exit(b"FileStreamSource" not in body)' "$url"
}

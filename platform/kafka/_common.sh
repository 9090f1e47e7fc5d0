# Shared by platform/kafka/start and stop (sourced, not executed).
# Expects $here = platform/kafka (absolute).
data="${STROM_KAFKA_DATA:-$here/data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
pidfile="$data/kafka.pid"
logfile="$data/kafka.log"
props="$data/server.properties"
kraft_dir="$data/kraft"
bootstrap="127.0.0.1:9092"

# Print the pid from the pid file if that process is alive and is our broker.
running_pid() {
    [[ -f "$pidfile" ]] || return 1
    local pid
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
    echo "$pid"
}

# ready.py uses kafka-python from the project's virtualenv (`make venv`).
venv_python="$here/../../.venv/bin/python"

broker_answers() {
    KAFKA_BOOTSTRAP_SERVERS="$bootstrap" "$venv_python" "$here/ready.py" --quiet 0
}

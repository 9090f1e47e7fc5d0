# Shared by platform/kafka/start, stop and wait (sourced, not executed).
# Expects $here = platform/kafka (absolute).
# Nodes 1..$STROM_KAFKA_NODES (3 by default, or 1): node N takes clients on 127.0.0.1:(9090+2N)
# and its controller on the next port (9092/9093, 9094/9095, 9096/9097); its files live in
# <data>/node-N (server.properties, kraft/, kafka.log, kafka.pid).
data="${STROM_KAFKA_DATA:-$here/data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
nodes="${STROM_KAFKA_NODES:-3}"
if [[ "$nodes" != 1 && "$nodes" != 3 ]]; then
    echo "kafka: STROM_KAFKA_NODES must be 1 or 3, not '$nodes'" >&2
    exit 2
fi
node_ids=($(seq 1 "$nodes"))
if ((nodes == 3)); then replication_factor=3; min_isr=2; else replication_factor=1; min_isr=1; fi

client_port() { echo $((9090 + 2 * $1)); }
controller_port() { echo $((9091 + 2 * $1)); }
node_dir() { echo "$data/node-$1"; }
pidfile() { echo "$data/node-$1/kafka.pid"; }
logfile() { echo "$data/node-$1/kafka.log"; }

bootstrap="$(for n in "${node_ids[@]}"; do printf '127.0.0.1:%s,' "$(client_port "$n")"; done)"
bootstrap="${bootstrap%,}"
voters="$(for n in "${node_ids[@]}"; do printf '%s@127.0.0.1:%s,' "$n" "$(controller_port "$n")"; done)"
voters="${voters%,}"

# Print the pid from node N's pid file if that process is alive and is a Kafka node.
running_pid() {
    local file pid
    file="$(pidfile "$1")"
    [[ -f "$file" ]] || return 1
    pid="$(cat "$file" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
    echo "$pid"
}

# ready.py uses kafka-python from the project's virtualenv (`make venv`).
venv_python="$here/../../.venv/bin/python"

# True when each node named (default: every node meant to run) answers on its own port and
# the cluster lists it as up (a node just stopped may still be listed for a few seconds).
brokers_answer() {
    local n
    for n in "${@:-${node_ids[@]}}"; do
        KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$(client_port "$n")" "$venv_python" "$here/ready.py" --quiet --brokers "$n" 0 \
            || return 1
    done
}

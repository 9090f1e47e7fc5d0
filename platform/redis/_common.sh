# Shared by platform/redis/start, stop and wait (sourced). Expects $here = platform/redis.
port=6379
data="${STROM_REDIS_DATA:-$here/data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
pidfile="$data/redis.pid"

redis_pong() {
    if command -v redis-cli >/dev/null 2>&1; then
        [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]
    else  # no redis-cli: speak RESP over bash's /dev/tcp
        local reply
        reply="$( exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 \
                  && timeout 2 head -c 7 <&3 ) 2>/dev/null" || return 1
        [[ "$reply" == "+PONG"* ]]
    fi
}

# Print the pid from our pid file if it is a live redis-server.
running_pid() {
    [[ -f "$pidfile" ]] || return 1
    local pid
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'redis-server' || return 1
    echo "$pid"
}
